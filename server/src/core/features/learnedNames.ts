import { EventDocument } from '../parse/eventDocument';
import { dataField, EventRecord } from '../parse/model';
import { finish, ITEMS_PER_STEP, Steps } from '../steps';
import { detachedCopy } from '../parse/detachedCopy';

/** Where a SID was seen with a name ({@link sidNameKey}) -> "DOMAIN\name" -> how many events pair them. */
export type SidNames = Map<string, Map<string, number>>;

/** SIDs that stand for no one in particular: the names events pair them with are not theirs. */
const NEVER_NAMED = new Set(['S-1-0-0', 'S-1-5-7']);

/**
 * The key a SID's learned names are kept under. A domain or machine SID (S-1-5-21-…) is unique,
 * so its names hold wherever it is seen. Every other SID (SYSTEM, LOCAL SERVICE, DWM-1, …) is the
 * same on every computer but names a different account on each, so its names are the computer's.
 */
export function sidNameKey(sid: string, computer: string | undefined): string {
  const upper = sid.trim().toUpperCase();
  return upper.startsWith('S-1-5-21-') ? upper : `${(computer ?? '').trim().toLowerCase()}|${upper}`;
}

/** The names learned for a SID as seen on `computer`, most frequent first. */
export function learnedNamesOf(names: SidNames, sid: string, computer: string | undefined): [string, number][] {
  const counts = names.get(sidNameKey(sid, computer));
  return counts === undefined ? [] : [...counts].sort((a, b) => b[1] - a[1]);
}

/**
 * The account names each SID appears with in a document, as Event Viewer would resolve them:
 * events pair `XUserSid` with `XUserName` and `XDomainName` (Subject, Target, and so on), and
 * group events pair `MemberSid` with `MemberName`. The NULL SID and ANONYMOUS LOGON are never
 * named: failed logons pair S-1-0-0 with whatever name was tried.
 */
export function learnSidNames(doc: EventDocument): SidNames {
  return finish(learnSidNamesInSteps(doc));
}

/** The same, pausing every ITEMS_PER_STEP events. */
export function* learnSidNamesInSteps(doc: EventDocument): Steps<SidNames> {
  const names: SidNames = new Map();
  let read = 0;
  for (const { record } of doc.events) {
    if (++read % ITEMS_PER_STEP === 0) yield;
    countNames(names, record, 1);
  }
  return names;
}

/** The (key, account) pairs one event teaches. */
export function recordSidNames(record: EventRecord): [key: string, account: string][] {
  const pairs: [string, string][] = [];
  for (const field of record.data) {
    if (!field.name.endsWith('UserSid') && field.name !== 'MemberSid' && field.name !== 'TargetSid') continue;
    const sid = field.value.trim().toUpperCase();
    if (!sid.startsWith('S-1-') || NEVER_NAMED.has(sid)) continue;
    const account = pairedAccount(record, field.name);
    if (account !== undefined) pairs.push([lastKeyOf(sid, record.system.Computer?.value), account]);
  }
  return pairs;
}

/** The last SID and computer keyed, and their key: events come in runs from one account and host. */
let lastSid = '';
let lastComputer: string | undefined = '';
let lastKey = sidNameKey('', '');

function lastKeyOf(sid: string, computer: string | undefined): string {
  if (sid !== lastSid || computer !== lastComputer) {
    // Copies: a value may be a slice of a whole document's text, which it would keep alive.
    lastSid = detachedCopy(sid);
    lastComputer = computer === undefined ? undefined : detachedCopy(computer);
    lastKey = sidNameKey(lastSid, lastComputer);
  }
  return lastKey;
}

/**
 * Adds (by +1) or takes back (by -1) what one event teaches: an edit takes back its old record's
 * names and adds its new record's, instead of learning every event again.
 */
export function countNames(names: SidNames, record: EventRecord, by: 1 | -1): void {
  for (const [key, account] of recordSidNames(record)) {
    let counts = names.get(key);
    if (counts === undefined) names.set(key, (counts = new Map()));
    const n = (counts.get(account) ?? 0) + by;
    if (n > 0) counts.set(account, n);
    else counts.delete(account);
    if (counts.size === 0) names.delete(key);
  }
}

/** The account name an event pairs with its SID field, as `DOMAIN\user` or `user`. */
export function pairedAccount(record: EventRecord, sidField: string): string | undefined {
  const { user: userField, domain: domainField } = nameFieldsOf(sidField);
  const user = dataField(record, userField)?.value.trim()
    ?? (sidField === 'TargetSid' ? dataField(record, 'TargetUserName')?.value.trim() : undefined);
  if (user === undefined || user === '' || user === '-') return undefined;
  const domain = dataField(record, domainField)?.value.trim();
  return domain !== undefined && domain !== '' && domain !== '-' ? `${domain}\\${user}` : user;
}

/** The fields naming the account of a SID field (SubjectUserSid: SubjectUserName, SubjectDomainName), worked out once per field name. */
const nameFields = new Map<string, { user: string; domain: string }>();

function nameFieldsOf(sidField: string): { user: string; domain: string } {
  let fields = nameFields.get(sidField);
  if (fields === undefined) {
    // A copy: the name may be a slice of a whole document's text, which it would keep alive.
    const name = detachedCopy(sidField);
    const prefix = name.slice(0, name.length - (name.endsWith('UserSid') ? 7 : 3));
    fields = { user: name === 'MemberSid' ? 'MemberName' : `${prefix}UserName`, domain: `${prefix}DomainName` };
    if (nameFields.size >= 256) nameFields.clear(); // a bound: field names are the event's to choose
    nameFields.set(name, fields);
  }
  return fields;
}

/**
 * Whether the accounts of a domain SID prefix are a standalone computer's own: events on that
 * computer name their domain after the computer itself (WS01\alice on WS01).
 */
export function isMachineLocalDomain(names: SidNames, domainSid: string, computer: string | undefined): boolean {
  const host = (computer ?? '').trim().split('.')[0]!.toLowerCase();
  if (host === '') return false;
  const prefix = `${domainSid.toUpperCase()}-`;
  for (const [key, counts] of names) {
    if (!key.startsWith(prefix)) continue;
    for (const account of counts.keys()) if (account.toLowerCase().startsWith(`${host}\\`)) return true;
  }
  return false;
}

/** Merges per-document name tables (e.g. of every open document). */
export function mergeSidNames(tables: Iterable<SidNames>): SidNames {
  const merged: SidNames = new Map();
  for (const table of tables) {
    for (const [key, counts] of table) {
      let into = merged.get(key);
      if (into === undefined) merged.set(key, (into = new Map()));
      for (const [account, n] of counts) into.set(account, (into.get(account) ?? 0) + n);
    }
  }
  return merged;
}
