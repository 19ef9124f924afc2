import { EventDocument } from '../parse/eventDocument';
import { dataField } from '../parse/model';

/** SID -> "DOMAIN\name" -> how many events pair them. */
export type SidNames = Map<string, Map<string, number>>;

/**
 * The account names each SID appears with in a document, as Event Viewer would resolve them:
 * events pair `XUserSid` with `XUserName` and `XDomainName` (Subject, Target, and so on), and
 * group events pair `MemberSid` with `MemberName`.
 */
export function learnSidNames(doc: EventDocument): SidNames {
  const names: SidNames = new Map();
  for (const { record } of doc.events) {
    for (const field of record.data) {
      if (!field.name.endsWith('UserSid') && field.name !== 'MemberSid' && field.name !== 'TargetSid') continue;
      const sid = field.value.trim().toUpperCase();
      if (!sid.startsWith('S-1-')) continue;
      const prefix = field.name.slice(0, field.name.length - (field.name.endsWith('UserSid') ? 7 : 3));
      const user = dataField(record, field.name === 'MemberSid' ? 'MemberName' : `${prefix}UserName`)?.value.trim()
        ?? (field.name === 'TargetSid' ? dataField(record, 'TargetUserName')?.value.trim() : undefined);
      if (user === undefined || user === '' || user === '-') continue;
      const domain = dataField(record, `${prefix}DomainName`)?.value.trim();
      const account = domain !== undefined && domain !== '' && domain !== '-' ? `${domain}\\${user}` : user;
      let counts = names.get(sid);
      if (counts === undefined) names.set(sid, (counts = new Map()));
      counts.set(account, (counts.get(account) ?? 0) + 1);
    }
  }
  return names;
}

/** Merges per-document name tables (e.g. of every open document). */
export function mergeSidNames(tables: Iterable<SidNames>): SidNames {
  const merged: SidNames = new Map();
  for (const table of tables) {
    for (const [sid, counts] of table) {
      let into = merged.get(sid);
      if (into === undefined) merged.set(sid, (into = new Map()));
      for (const [account, n] of counts) into.set(account, (into.get(account) ?? 0) + n);
    }
  }
  return merged;
}
