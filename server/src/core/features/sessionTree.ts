import { SessionEventRow, SessionFilter, SessionTreeNode } from '../contract';
import { formatDuration, formatUtc } from '../parse/systemTime';
import { Session, SessionIndex } from '../sessions/model';
import { visibleLabel } from '../text/display';
import { eventLabel } from './eventLabel';
import { accountOf, endingOf, logonTypeName } from './sessionSummary';
import { locationOf, logonLocation, PositionsOf } from './sessionNavigation';
import { SessionProblemCounts } from './sessionProblems';

/** Sessions listed under one boot at most: the view is for browsing; search and filters narrow it. */
export const MAX_SESSIONS_PER_BOOT = 5000;

const utc = (ms: number): string => formatUtc(ms) ?? '?';

/**
 * The Logon Sessions view, one level at a time: computers, their boots, each boot's sessions (in
 * time order), each session's events. `parent` is the id of a node given before; undefined for the
 * computers. Labels are built from the data as labels (controls written out), or from numbers.
 */
export function sessionTreeChildren(index: SessionIndex, parent: string | undefined, positionsOf: PositionsOf, filter: SessionFilter = {}, problems: SessionProblemCounts = new Map()): SessionTreeNode[] {
  const shown = filteredSessions(index, filter, problems);
  if (parent === undefined) {
    const computers = new Map<string, { name: string; sessions: number }>();
    for (const session of shown) {
      const key = session.computer.toLowerCase();
      const known = computers.get(key);
      if (known === undefined) computers.set(key, { name: session.computer, sessions: 1 });
      else known.sessions++;
    }
    return [...computers].sort((a, b) => a[0].localeCompare(b[0])).map(([key, { name, sessions }]) => ({
      id: `c:${key}`, kind: 'computer', label: visibleLabel(name || '(no computer)', 80), description: `${sessions} session${sessions === 1 ? '' : 's'}`, hasChildren: true,
    }));
  }
  if (parent.startsWith('c:')) {
    const computer = parent.slice(2);
    const boots = new Map<number, Session[]>();
    for (const session of shown) {
      if (session.computer.toLowerCase() !== computer) continue;
      const list = boots.get(session.boot);
      if (list === undefined) boots.set(session.boot, [session]);
      else list.push(session);
    }
    return [...boots].sort((a, b) => a[0] - b[0]).map(([boot, sessions]) => {
      // A loop, not Math.min(...): a busy boot's hundreds of thousands of sessions would overflow the call's arguments.
      let first = Infinity;
      for (const s of sessions) first = Math.min(first, s.start);
      return { id: `b:${boot}:${computer}`, kind: 'boot', label: `Boot ${boot + 1}`, description: `from ${utc(first)} · ${sessions.length} session${sessions.length === 1 ? '' : 's'}`, hasChildren: true };
    });
  }
  if (parent.startsWith('b:')) {
    const at = parent.indexOf(':', 2);
    const boot = Number(parent.slice(2, at));
    const computer = parent.slice(at + 1);
    const sessions = shown.filter(s => s.boot === boot && s.computer.toLowerCase() === computer).sort((a, b) => a.start - b.start || a.logonId - b.logonId);
    const nodes: SessionTreeNode[] = sessions.slice(0, MAX_SESSIONS_PER_BOOT).map(session => sessionNode(session, positionsOf, problems.get(session) ?? 0));
    if (sessions.length > MAX_SESSIONS_PER_BOOT) nodes.push({ id: `${parent}:more`, kind: 'more', label: `…and ${sessions.length - MAX_SESSIONS_PER_BOOT} more sessions`, hasChildren: false });
    return nodes;
  }
  if (parent.startsWith('s:')) {
    const session = index.sessions.find(s => s.key === parent.slice(2));
    return session === undefined ? [] : sessionEventRows(session, positionsOf).map((row, k) => ({ id: `${parent}:${k}`, kind: 'event', label: row.label, hasChildren: false, location: { uri: row.uri, range: row.range } }));
  }
  return [];
}

/**
 * The nodes from the top of the view down to a session (its computer, its boot, itself), as the view
 * shows them under `filter`: what "Reveal in Sessions View" opens. Undefined when the filter hides it.
 */
export function sessionTreePath(index: SessionIndex, session: Session, positionsOf: PositionsOf, filter: SessionFilter = {}, problems: SessionProblemCounts = new Map()): SessionTreeNode[] | undefined {
  const path: SessionTreeNode[] = [];
  const ids = [`c:${session.computer.toLowerCase()}`, `b:${session.boot}:${session.computer.toLowerCase()}`, `s:${session.key}`];
  let parent: string | undefined;
  for (const id of ids) {
    const node = sessionTreeChildren(index, parent, positionsOf, filter, problems).find(n => n.id === id);
    if (node === undefined) return undefined;
    path.push(node);
    parent = id;
  }
  return path;
}

/** The sessions the view shows under a filter, in index order (the CSV export writes the same). */
export function filteredSessions(index: SessionIndex, filter: SessionFilter, problems: SessionProblemCounts): Session[] {
  return index.sessions.filter(session => matches(session, filter, problems));
}

/** Whether a session passes the view's filter. */
function matches(session: Session, filter: SessionFilter, problems: SessionProblemCounts): boolean {
  if (filter.logonType !== undefined && session.logonType !== filter.logonType) return false;
  if (filter.privileged === true && session.privileges === undefined) return false;
  if (filter.withProblems === true && !problems.has(session)) return false;
  if (filter.account !== undefined && filter.account !== '' && !accountOf(session).toLowerCase().includes(filter.account.toLowerCase())) return false;
  if (filter.computer !== undefined && filter.computer !== '' && session.computer.toLowerCase() !== filter.computer.toLowerCase()) return false;
  return true;
}

/** How a session ended, in a word or two for its row. */
const ENDED: Record<string, string> = { logoff: 'logged off', shutdown: 'ended at shutdown', restart: 'ended at restart' };

function sessionNode(session: Session, positionsOf: PositionsOf, problems: number): SessionTreeNode {
  const type = logonTypeName(session);
  const duration = session.end === undefined ? 'still open' : `${formatDuration(session.end.time - session.start)}, ${ENDED[session.end.kind]}`;
  const source = session.source.ip ?? session.source.workstation;
  return {
    id: `s:${session.key}`,
    kind: 'session',
    label: `${visibleLabel(accountOf(session), 60)}${type === undefined ? '' : ` · ${type}`}`,
    description: `${utc(session.start)} · ${duration}${session.privileges !== undefined ? ' · privileged' : ''}${problems > 0 ? ` · ${problems} problem${problems === 1 ? '' : 's'}` : ''}`,
    problems,
    tooltip: [
      `${visibleLabel(accountOf(session), 80)} on ${visibleLabel(session.computer, 80)}, Logon ID 0x${session.logonId.toString(16)}`,
      `${type === undefined ? 'Logon type unknown' : `${type} (${session.logonType})`}${source === undefined ? '' : ` from ${visibleLabel(source, 60)}`}`,
      `Began ${utc(session.start)} UTC; ${session.end === undefined ? 'still open as far as the data shows' : `${endingOf(session)} after ${duration}`}`,
      session.privileges !== undefined ? 'Privileged: special privileges assigned (4672)' : 'No 4672 in view',
      problems > 0 ? `${problems} problem${problems === 1 ? '' : 's'} on its events (see the Problems panel)` : 'No problems on its events',
    ].join('\n'),
    privileged: session.privileges !== undefined,
    hasChildren: true,
    location: logonLocation(session, positionsOf),
  };
}

/** A session's events, each once, in time order, as readable rows at their Logon ID values. */
export function sessionEventRows(session: Session, positionsOf: PositionsOf): SessionEventRow[] {
  const rows: SessionEventRow[] = [];
  const seen = new Set<unknown>();
  const ordered = [...session.occurrences].sort((a, b) => a.ref.time - b.ref.time || a.ref.recordId - b.ref.recordId);
  for (const occurrence of ordered) {
    if (seen.has(occurrence.ref)) continue;
    seen.add(occurrence.ref);
    const location = locationOf(occurrence, positionsOf);
    if (location !== undefined) rows.push({ label: eventLabel(occurrence.ref.event.record), ...location });
  }
  return rows;
}
