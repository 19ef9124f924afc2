import { Overview, OverviewMark, OverviewSession } from '../contract';
import { eventAt, EventDocument } from '../parse/eventDocument';
import { computerName, Problem } from '../parse/model';
import { eventFacts } from '../sessions/eventFacts';
import { Hops } from '../sessions/hops';
import { Session, SessionIndex } from '../sessions/model';
import { EVENT_KIND, eventKind } from '../sessions/timeline';
import { visibleLabel } from '../text/display';
import { eventName } from './documentSymbols';
import { logonLocation, PositionsOf } from './sessionNavigation';
import { SessionProblemCounts } from './sessionProblems';
import { accountOf, sessionLine } from './sessionSummary';

/** The most sessions and marks one overview carries: beyond, the webview says how many were left out. */
export const MAX_OVERVIEW_SESSIONS = 50_000;
export const MAX_OVERVIEW_MARKS = 20_000;

/** Rules whose findings are marked as bursts (many attempts in a window), not as single findings. */
const BURST_RULES = new Set(['failed-logon-burst', 'password-spray', 'kerberoasting-burst']);

export interface OverviewInputs {
  index: SessionIndex;
  documents: ReadonlyMap<string, EventDocument>;
  /** Each document's findings, ungrouped. */
  problemsOf: (uri: string) => readonly Problem[];
  problemCounts: SessionProblemCounts;
  hops: Hops;
  positionsOf: PositionsOf;
}

/**
 * What the timeline and the graph draw: every session on its computer's lane, boots and shutdowns,
 * findings (bursts apart), and the hops between hosts. Names are event data, written out as labels
 * (controls shown) and drawn as text by the webview, never as markup.
 */
export function buildOverview({ index, documents, problemsOf, problemCounts, hops, positionsOf }: OverviewInputs): Overview {
  const computers = new Interner();
  const accounts = new Interner();
  const sessions: OverviewSession[] = [];
  const ordered = [...index.sessions].sort((a, b) => a.start - b.start);
  for (const session of ordered.slice(0, MAX_OVERVIEW_SESSIONS)) sessions.push(overviewSession(session, computers, accounts, problemCounts, positionsOf));

  const marks: OverviewMark[] = [];
  let markCount = 0;
  const mark = (value: OverviewMark): void => {
    if (++markCount <= MAX_OVERVIEW_MARKS) marks.push(value);
  };
  for (const [uri, doc] of documents) {
    const positions = positionsOf(uri);
    const at = (start: number, end: number): OverviewMark['location'] => positions && { uri, range: { start: positions.positionAt(start), end: positions.positionAt(end) } };
    for (const event of doc.events) {
      const facts = eventFacts(event.record);
      // Boots (4608) and shutdowns (4609, 1100) are drawn as lines across the computer's lane.
      const bits = eventKind(facts);
      const kind = bits & EVENT_KIND.bootStart ? 'boot' : bits & EVENT_KIND.bootEnd ? 'shutdown' : undefined;
      if (kind === undefined || facts.time === undefined) continue;
      mark({ computer: computers.id(computerName(event.record)), time: facts.time, kind, label: eventName(event.record), location: at(event.offset, event.offset + 6) });
    }
    for (const problem of problemsOf(uri)) {
      const event = eventAt(doc, problem.start);
      const facts = event === undefined ? undefined : eventFacts(event.record);
      if (event === undefined || facts?.time === undefined) continue;
      mark({
        computer: computers.id(computerName(event.record)),
        time: facts.time,
        kind: BURST_RULES.has(problem.code) ? 'burst' : 'finding',
        label: `${problem.code}: ${visibleLabel(problem.message, 300)}`,
        location: at(problem.start, problem.end),
      });
    }
  }

  const hopList: Overview['hops'] = [];
  for (const hop of hops.byExplicit.values()) {
    hopList.push({
      from: computers.id(computerName(hop.explicit.event.record)),
      to: computers.id(hop.session.computer),
      account: accounts.id(accountOf(hop.session)),
      time: hop.explicit.time,
    });
  }
  return {
    computers: computers.names,
    accounts: accounts.names,
    sessions,
    marks,
    hops: hopList,
    omitted: { sessions: Math.max(0, index.sessions.length - MAX_OVERVIEW_SESSIONS), marks: Math.max(0, markCount - MAX_OVERVIEW_MARKS) },
  };
}

function overviewSession(session: Session, computers: Interner, accounts: Interner, problemCounts: SessionProblemCounts, positionsOf: PositionsOf): OverviewSession {
  const source = session.source.ip ?? session.source.workstation;
  return {
    computer: computers.id(session.computer),
    account: accounts.id(accountOf(session)),
    logonType: session.logonType,
    start: session.start,
    end: session.end?.time,
    ended: session.end?.kind ?? 'open',
    privileged: session.privileges !== undefined,
    problems: problemCounts.get(session) ?? 0,
    source: source === undefined ? undefined : visibleLabel(source, 80),
    title: sessionLine(session),
    location: logonLocation(session, positionsOf),
  };
}

/** Names once each, compared without case (the first spelling seen is shown), written out as labels. */
class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    const key = name.toLowerCase();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(key, id);
      this.names.push(visibleLabel(name || '(none)', 80));
    }
    return id;
  }
}
