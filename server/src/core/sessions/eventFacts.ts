import { SECURITY_PROVIDER } from '../knowledge/eventCatalog';
import { LOGON_ID_FIELDS, parseLogonId, SESSION_EVENTS } from '../knowledge/logonIds';
import { eventIdOf } from '../parse/fieldAt';
import { detachedCopy } from '../parse/detachedCopy';
import { dataValue, EventRecord, Field } from '../parse/model';
import { parseSystemTime } from '../parse/systemTime';
import { OccurrenceRole } from './model';

/** What correlation needs to know of one event, read once per record. */
export interface EventFacts {
  /** TimeCreated in epoch ms, or undefined when unreadable (such an event cannot be placed). */
  time: number | undefined;
  recordId: number;
  eventId: number;
  /** True for Microsoft-Windows-Security-Auditing: only its event numbers mean logon or logoff. */
  security: boolean;
  provider: string;
  /** Logon IDs are unique per computer: names compare without case. */
  computer: string;
  /** The LogonType of a logon event, when it is a number. */
  logonType: number | undefined;
  logonIds: readonly { field: Field; logonId: number; role: OccurrenceRole }[];
}

// The editor's records are immutable and survive edits, so their facts are read once.
const cache = new WeakMap<EventRecord, EventFacts>();

/** The facts of a record the editor keeps: read once, then remembered. */
export function eventFacts(record: EventRecord): EventFacts {
  let facts = cache.get(record);
  if (facts === undefined) cache.set(record, (facts = kept(readFacts(record))));
  return facts;
}

const NO_LOGON_IDS: EventFacts['logonIds'] = Object.freeze([]);
/** Lower-cased Computer names, one string each: a host's name is on every one of its events. */
const computers = new Map<string, string>();

/**
 * Facts as the editor keeps them, one per event of every open document: the list of Logon IDs
 * sized to fit (a list grown one at a time keeps room for 17), and the computer's name shared.
 */
function kept(facts: EventFacts): EventFacts {
  const { logonIds } = facts;
  facts.logonIds = logonIds.length === 0 ? NO_LOGON_IDS : logonIds.slice();
  let computer = computers.get(facts.computer);
  if (computer === undefined) {
    if (computers.size >= 4096) computers.clear(); // a bound against forged names
    computers.set(facts.computer, (computer = facts.computer));
  }
  facts.computer = computer;
  return facts;
}

/**
 * The facts of a record read once and dropped (a streamed event): not remembered, because a weakly
 * held entry keeps short-lived records alive through V8's young-generation collections.
 */
export function readFacts(record: EventRecord): EventFacts {
  const provider = record.system.Provider?.value.trim() ?? '';
  const security = provider === SECURITY_PROVIDER;
  const eventId = eventIdOf(record) ?? -1;
  const recordId = Number(record.system.EventRecordID?.value.trim() ?? NaN);
  const logonIds: { field: Field; logonId: number; role: OccurrenceRole }[] = [];
  for (const field of record.data) {
    if (!LOGON_ID_FIELDS.has(field.name)) continue;
    const logonId = parseLogonId(field.value);
    if (logonId === undefined) continue;
    logonIds.push({ field, logonId, role: roleOf(security, eventId, field.name) });
  }
  return {
    time: parseSystemTime(record.system.TimeCreated?.value ?? '')?.ms,
    recordId: Number.isFinite(recordId) ? recordId : 0,
    eventId,
    security,
    provider,
    computer: lowerComputer(record.system.Computer?.value),
    logonType: logonTypeOf(record),
    logonIds,
  };
}

/** The last Computer read, and its name as facts keep it: a log's events come from one or a few. */
let lastComputer: string | undefined;
let lastLower = '';

function lowerComputer(value: string | undefined): string {
  if (value === undefined) return '';
  if (value !== lastComputer) {
    // A copy: the value may be a slice of a whole document's text, which it would keep alive.
    lastComputer = detachedCopy(value);
    lastLower = lastComputer.trim().toLowerCase();
  }
  return lastLower;
}

/** The LogonType of a logon event, when it is a number. */
export function logonTypeOf(record: EventRecord): number | undefined {
  const text = dataValue(record, 'LogonType');
  return text !== undefined && /^\d{1,3}$/.test(text) ? Number(text) : undefined;
}

function roleOf(security: boolean, eventId: number, fieldName: string): OccurrenceRole {
  if (security && fieldName === 'TargetLogonId') {
    if (eventId === SESSION_EVENTS.logon) return 'logon';
    if (eventId === SESSION_EVENTS.logoff || eventId === SESSION_EVENTS.userLogoff) return 'logoff';
  }
  if (security && fieldName === 'TargetLinkedLogonId' && eventId === SESSION_EVENTS.logon) return 'linked';
  return 'member';
}
