import { SessionEvents } from '../contract';
import { eventAt, EventDocument } from '../parse/eventDocument';
import { Session, SessionIndex } from '../sessions/model';
import { occurrenceAt, occurrencesOfEvent } from '../sessions/occurrenceAt';
import { sessionLine } from './sessionSummary';
import { logonLocation, PositionsOf } from './sessionNavigation';
import { sessionEventRows } from './sessionTree';

/**
 * The session of the event at `offset`: the one its Logon ID under the cursor names, else the
 * first session any of its Logon IDs names (a 4672's subject, a 4634's target).
 */
export function sessionOfEventAt(index: SessionIndex, doc: EventDocument, uri: string, offset: number): Session | undefined {
  const direct = occurrenceAt(index, uri, offset)?.session;
  if (direct !== undefined) return direct;
  const event = eventAt(doc, offset);
  if (event === undefined) return undefined;
  return occurrencesOfEvent(index.occurrencesByUri.get(uri) ?? [], event).find(o => o.session !== undefined)?.session;
}

/**
 * The events of the session of the event at `offset`, in time order, each once, labelled by what
 * it is and when (the rows a code lens or a command lists, instead of raw lines of XML), and where
 * its 4624 is.
 */
export function sessionEvents(index: SessionIndex, doc: EventDocument, uri: string, offset: number, positionsOf: PositionsOf): SessionEvents | null {
  const session = sessionOfEventAt(index, doc, uri, offset);
  if (session === undefined) return null;
  return { title: sessionLine(session), events: sessionEventRows(session, positionsOf), logon: logonLocation(session, positionsOf) };
}
