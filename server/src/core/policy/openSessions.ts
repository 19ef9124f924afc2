import { accountOf, logonTypeName } from '../features/sessionSummary';
import { SessionFacts } from '../sessions/model';
import { visibleLabel } from '../text/display';
import { MAX_RELATED } from './windows/windowRules';

/** A session as both faces can list it: its facts, and where its 4624 is (whatever a face keeps of it). */
export interface ListedSession<Site> {
  facts: SessionFacts<unknown>;
  site: Site;
}

/**
 * The sessions on `computer` that began before `time` and were still open then, in time order:
 * when a log is cleared, the events that began them are gone from the host, and these are the
 * sessions an analyst must now piece together from other copies of its events.
 */
export function openSessionsAt<Site>(sessions: Iterable<ListedSession<Site>>, computer: string, time: number): ListedSession<Site>[] {
  const host = computer.trim().toLowerCase();
  const open: ListedSession<Site>[] = [];
  for (const session of sessions) {
    const { facts } = session;
    if (facts.start < time && (facts.end === undefined || facts.end.time > time) && facts.computer.trim().toLowerCase() === host) open.push(session);
  }
  return open.sort((a, b) => a.facts.start - b.facts.start || a.facts.logonId - b.facts.logonId);
}

/**
 * What a log-cleared finding adds of the sessions open when the log was cleared: a sentence for its
 * message, and each session (capped at MAX_RELATED) to list as related information at its 4624.
 */
export function describeOpenSessions<Site>(open: readonly ListedSession<Site>[]): { note: string; related: { site: Site; message: string }[] } {
  if (open.length === 0) return { note: '', related: [] };
  const shown = open.slice(0, MAX_RELATED);
  const related = shown.map(({ facts, site }) => {
    const type = logonTypeName(facts);
    return { site, message: `Open when cleared: ${visibleLabel(accountOf(facts), 60)}${type === undefined ? '' : ` · ${type}`} · since ${new Date(Math.floor(facts.start)).toISOString()} · 0x${facts.logonId.toString(16)}` };
  });
  const one = open.length === 1;
  const listed = open.length > shown.length ? ` (the first ${shown.length} are listed)` : '';
  return { note: ` ${open.length} session${one ? '' : 's'} on this computer began before it and ${one ? 'was' : 'were'} still open${listed}.`, related };
}

/** The related line an explicit-credentials finding gets for the logon its 4648 led to on the other host (both faces). */
export function ledToMessage(session: SessionFacts<unknown>): string {
  const type = logonTypeName(session);
  return `Led to: ${visibleLabel(accountOf(session), 60)} logging on to ${visibleLabel(session.computer, 60)}${type === undefined ? '' : ` (${type})`} at ${new Date(Math.floor(session.start)).toISOString()}, Logon ID 0x${session.logonId.toString(16)}`;
}
