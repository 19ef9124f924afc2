import { SessionEvents } from '../contract';
import { SessionIndex } from '../sessions/model';
import { occurrenceAt } from '../sessions/occurrenceAt';
import { sessionLine } from './sessionSummary';
import { PositionsOf } from './sessionNavigation';
import { sessionEventRows } from './sessionTree';

/**
 * The events of the session a Logon ID at `offset` names, in time order, each once, labelled by
 * what it is and when: the rows a code lens or a command lists, instead of raw lines of XML.
 */
export function sessionEvents(index: SessionIndex, uri: string, offset: number, positionsOf: PositionsOf): SessionEvents | null {
  const session = occurrenceAt(index, uri, offset)?.session;
  return session === undefined ? null : { title: sessionLine(session), events: sessionEventRows(session, positionsOf) };
}
