import { Position } from 'vscode-languageserver-types';
import { SESSION_EVENTS, wellKnownLogonId } from '../core/knowledge/logonIds';
import { recordSidNames, SidNames } from '../core/features/learnedNames';
import { detachedCopy } from '../core/parse/detachedCopy';
import { computerName, dataField, dataValue, EventRecord, LocatedEvent } from '../core/parse/model';
import { Site } from '../core/policy/rule';
import { SessionRow, WalkedEvent } from '../core/sessions/correlate';
import { EventFacts, readFacts } from '../core/sessions/eventFacts';
import { LogonFacts, readLogon } from '../core/sessions/logonFacts';
import { SessionFacts } from '../core/sessions/model';
import { groupSids } from '../core/sessions/sessionGroups';
import { SessionLookup } from '../core/sessions/sessionLookup';
import { Arrivals, Departure, departureOf } from '../core/sessions/hops';
import { EvtxPlaces, RecordPlace } from './evtxPlaces';
import { FirstByRecord } from './firstByRecord';
import { InputFile } from './inputs';
import { Interner } from './intern';
import { readFailure } from './stream/readExport';
import { readEvents } from './stream/readEvents';
import { SettledRecords } from './stream/settledRecords';
import { terminalText } from './formats/safeText';
import { WalkRows } from './walkRows';

/** An event a session points to, as the command line keeps it: no record, just what it shows. */
export interface EventMark {
  eventId: number;
  recordId: number;
  time: number;
}

/** A site of evidence, with the positions output needs (it will not be read again). */
export interface PlacedSite extends Site {
  from: Position;
  to: Position;
  /** In an .evtx: its record. */
  record?: RecordPlace;
}

/** A logon session, as the command line keeps it: its facts and counts, not its events. */
export interface ExportSession extends SessionFacts<EventMark> {
  /** Where its 4624 is: its `<Event` tag, as a 4672's evidence is marked (see `placeName`). */
  logon: PlacedSite;
  /** Where the 4672 that gave it special privileges is. */
  privileges?: PlacedSite;
  /** The group lists of its 4627s (usually one). */
  groupLists: readonly GroupList[];
  eventCount: number;
  /** The 4648 on another host that led to it (a hop), if that host's events are in view. */
  causedBy: ExportDeparture | undefined;
}

/** A 4648 that may be one end of a hop: where it went, and where it is. */
export interface ExportDeparture {
  departure: Departure;
  site: PlacedSite;
}

/** The group SIDs one 4627 lists (upper-cased), and where its GroupMembership is. */
export interface GroupList {
  sids: readonly string[];
  site: PlacedSite;
}

/** Shared by every session with no 4627 in view. */
const NO_GROUPS: readonly GroupList[] = Object.freeze([]);

/** What the first pass over the exports finds: sessions, and how to find each event's again. */
export interface Correlation {
  /** The inputs that hold event XML, in order. */
  inputs: InputFile[];
  sessions: ExportSession[];
  /** Events read, each numbered in reading order (the second pass numbers them the same). */
  events: number;
  /** The session a logon or logoff names, by its event's place in the walk. */
  lookup: SessionLookup;
  /** The account names every SID appears with, as the editor learns them (bounded: see MAX_NAMED_SIDS). */
  names: SidNames;
  /** Per 4648 that led to a logon on another host (by its number in reading order): that session. */
  hops: Map<number, ExportSession>;
  /** Per input, what the first pass settled (see `FirstPass`), for the second to skip. */
  settled: Map<InputFile, SettledRecords>;
}

/**
 * What a command does with each event in the first pass, beside correlating (`check`: FirstLook).
 * `settles` returns true when nothing read later can change what a second pass would find for the
 * event, so that pass may skip it. `settled.reading` names the event's record.
 */
export interface FirstPass {
  settles(input: InputFile, event: LocatedEvent, facts: EventFacts, settled: SettledRecords): boolean;
}

/** SIDs whose names the first pass keeps: plenty for real logs, a bound for forged ones (random SIDs). */
export const MAX_NAMED_SIDS = 200_000;
/** 4648s to other hosts the first pass keeps, to link hops: a bound on memory, far above a real log's. */
export const MAX_DEPARTURES = 200_000;

/** What a 4624 says of the session it begins, kept until correlation has run. */
interface KeptLogon extends LogonFacts {
  computer: string;
  site: PlacedSite;
}

/**
 * The first pass: reads every export event by event, writing down what correlation needs of each
 * (WalkRows: sorted runs in temporary files) and keeping the few values sessions show (4624
 * accounts, 4627 groups, where 4672s are), then correlates. Memory grows with the sessions, not
 * with the events or the text: a record read twice (overlapping exports, a log copied into
 * another) keeps its 4624's and 4672's values once.
 */
export async function correlateExports(files: readonly InputFile[], warn: (message: string) => void, onBytes: (file: InputFile, bytesRead: number) => void, firstPass?: FirstPass): Promise<Correlation> {
  const rows = new WalkRows();
  const interner = new Interner();
  /** Events read so far: each event's number in reading order. */
  let read = 0;
  const logons = new FirstByRecord<KeptLogon>();
  /** By the 4627's number in reading order. */
  const groupLists = new Map<number, GroupList>();
  const grants = new FirstByRecord<PlacedSite>();
  const inputs: InputFile[] = [];
  const names: SidNames = new Map();
  const departures: (ExportDeparture & { ordinal: number })[] = [];
  const settled = new Map<InputFile, SettledRecords>();

  for (const input of files) {
    const records = new EvtxPlaces();
    const inFile = new SettledRecords();
    let xmlEvents = 0;
    const isEventXml = await readEvents(input.file, bytesRead => onBytes(input, bytesRead), {
      event(event, positionAt) {
        const record = records.take(event.offset);
        // An .evtx's records are counted and noted by readEvents; event XML's events here, in order.
        if (!records.isEvtx) inFile.reading = xmlEvents++;
        const facts = readFacts(event.record);
        const added = read++;
        learnNames(names, event.record);
        const settles = firstPass?.settles(input, event, facts, inFile) ?? false;
        if (!records.isEvtx) inFile.note(inFile.reading, settles);
        if (facts.time === undefined) return settles;
        rows.add(facts, facts.time, added);
        const site = (start: number, end: number): PlacedSite => ({ uri: input.name, start, end, from: positionAt(start), to: positionAt(end), record });
        // A 4648 to another host may be the first end of a hop (whoever's session it was in).
        if (facts.security && facts.eventId === 4648 && departures.length < MAX_DEPARTURES) {
          const departure = departureOf(event.record, facts.time);
          if (departure !== undefined) {
            departures.push({ ordinal: added, site: site(event.offset, event.offset + 6), departure: {
              computer: interner.intern(departure.computer), time: departure.time, server: interner.intern(departure.server), user: interner.intern(departure.user),
            } });
          }
        }
        // Only what can describe a session is kept: not SYSTEM's 4672s, say, which no session owns.
        if (!facts.security || !facts.logonIds.some(l => wellKnownLogonId(l.logonId) === undefined)) return settles;
        if (facts.eventId === SESSION_EVENTS.logon && facts.logonIds.some(l => l.role === 'logon' && wellKnownLogonId(l.logonId) === undefined)) {
          logons.keep(facts.computer, facts.recordId, facts.time, () => keptLogon(event.record, interner, site(event.offset, event.offset + 6)));
        } else if (facts.eventId === 4627) {
          const field = dataField(event.record, 'GroupMembership');
          if (field !== undefined) groupLists.set(added, { sids: groupSids(field.value).map(s => interner.intern(s)), site: site(event.offset + field.start, event.offset + field.end) });
        } else if (facts.eventId === 4672) {
          // A 4672 is evidence as a whole: its `<Event` tag marks it.
          grants.keep(facts.computer, facts.recordId, facts.time, () => site(event.offset, event.offset + 6));
        }
        return settles;
      },
    }, records.listener(), { learn: inFile }).catch(error => readFailure(input.name, error));
    settled.set(input, inFile);
    if (isEventXml) inputs.push(input);
    else warn(`${terminalText(input.name)}: no Windows event XML found (the event namespace is missing); skipped.`);
  }

  const sessions: ExportSession[] = [];
  const lookup = new SessionLookup(rows.computerNumbers);
  const lastEvent: number[] = [];
  const walked = rows.walk({
    attach(row, e) {
      const session = (sessions[row.id] ??= newSession(row, logons.get(rows.computers[row.computer]!, row.logon.recordId, row.logon.time)!));
      // Occurrences arrive event by event: count each event once.
      if (lastEvent[row.id] === e) return;
      lastEvent[row.id] = e;
      session.eventCount++;
      const groups = groupLists.get(e);
      if (groups !== undefined) session.groupLists = [...session.groupLists, groups];
    },
    link() {}, // a partner's TargetLinkedLogonId adds no event to the session
    bootBegins(computer, _boot, at) {
      lookup.bootBegins(computer, at);
    },
  });
  logons.clear();
  lookup.setSessions(walked);
  for (const row of walked) finishSession(sessions[row.id]!, row, grants, rows.computers[row.computer]!);

  // Hops: each 4648 to another host, and the logon it led to there (the editor's rule: core/sessions/hops.ts).
  const hops = new Map<number, ExportSession>();
  const arrivals = new Arrivals(sessions.filter(s => s !== undefined));
  if (!arrivals.empty) {
    for (const { ordinal, departure, site } of departures) {
      const session = arrivals.match(departure);
      if (session === undefined) continue;
      hops.set(ordinal, session);
      session.causedBy ??= { departure, site };
    }
  }
  return { inputs, sessions, events: read, lookup, names, hops, settled };
}

/** What one event teaches of SIDs' names, as the editor counts it, but no new SID past the bound. */
function learnNames(names: SidNames, record: EventRecord): void {
  for (const [key, account] of recordSidNames(record)) {
    let counts = names.get(key);
    if (counts === undefined) {
      if (names.size >= MAX_NAMED_SIDS) continue;
      names.set(detachedCopy(key), (counts = new Map()));
    }
    const count = counts.get(account);
    if (count !== undefined) counts.set(account, count + 1);
    // A new name is kept apart from the export's text (a slice would keep its whole chunk alive).
    else if (counts.size < 16) counts.set(detachedCopy(account), 1);
  }
}

function keptLogon(record: EventRecord, interner: Interner, site: PlacedSite): KeptLogon {
  const { account: { user, domain, sid }, logonType, source: { ip, workstation } } = readLogon(record, (r, name) => interner.intern(dataValue(r, name)));
  // Accounts and sources repeat across sessions: each distinct one is a single shared object.
  return {
    computer: interner.intern(computerName(record)),
    site,
    account: interner.shared(`${user}\0${domain}\0${sid}`, () => ({ user, domain, sid })),
    logonType,
    source: interner.shared(`${ip}\0${workstation}`, () => ({ ip, workstation })),
  };
}

function newSession(row: SessionRow, logon: KeptLogon): ExportSession {
  // Every property from the start, in one order: all sessions share one V8 shape (tens of
  // thousands of sessions with shapes of their own cost several times the sessions themselves).
  return {
    computer: logon.computer,
    logon: logon.site,
    logonId: row.logonId,
    start: row.logon.time,
    end: undefined,
    userLogoff: undefined,
    account: logon.account,
    logonType: logon.logonType,
    source: logon.source,
    privileges: undefined,
    groupLists: NO_GROUPS,
    linkedLogonId: undefined,
    eventCount: 0,
    causedBy: undefined,
  };
}

function finishSession(session: ExportSession, row: SessionRow, grants: FirstByRecord<PlacedSite>, computer: string): void {
  const mark = ({ eventId, recordId, time }: WalkedEvent): EventMark => ({ eventId, recordId, time });
  if (row.end !== undefined) session.end = { kind: row.end.kind, ref: mark(row.end.at), time: row.end.at.time };
  if (row.userLogoff !== undefined) session.userLogoff = mark(row.userLogoff);
  if (row.privileges !== undefined) session.privileges = grants.get(computer, row.privileges.recordId, row.privileges.time);
  if (row.linkedLogonId !== undefined) session.linkedLogonId = row.linkedLogonId;
}

/** A place as findings name it: `file:line:column`, or `file#record=N` in an .evtx. */
export function placeName(site: PlacedSite): string {
  return site.record !== undefined ? `${site.uri}#record=${site.record.record}` : `${site.uri}:${site.from.line + 1}:${site.from.character + 1}`;
}

/** The .evtx records of the sessions' evidence sites, for output: by file, then offset. */
export function siteRecords(sessions: readonly ExportSession[]): Map<string, Map<number, RecordPlace>> {
  const records = new Map<string, Map<number, RecordPlace>>();
  const note = ({ uri, start, record }: PlacedSite): void => {
    if (record === undefined) return;
    let inFile = records.get(uri);
    if (inFile === undefined) records.set(uri, (inFile = new Map()));
    inFile.set(start, record);
  };
  for (const session of sessions) {
    if (session.privileges !== undefined) note(session.privileges);
    for (const { site } of session.groupLists) note(site);
  }
  return records;
}

/** Read positions of the sessions' evidence sites, for output: by file, then offset. */
export function sitePositions(sessions: readonly ExportSession[]): Map<string, Map<number, Position>> {
  const positions = new Map<string, Map<number, Position>>();
  const note = ({ uri, start, end, from, to }: PlacedSite): void => {
    let inFile = positions.get(uri);
    if (inFile === undefined) positions.set(uri, (inFile = new Map()));
    inFile.set(start, from);
    inFile.set(end, to);
  };
  for (const session of sessions) {
    if (session.privileges !== undefined) note(session.privileges);
    for (const { site } of session.groupLists) note(site);
  }
  return positions;
}
