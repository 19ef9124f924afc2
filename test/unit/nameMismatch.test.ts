import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { learnSidNames } from '../../server/src/core/features/learnedNames';
import { parseEventDocument, reparseRegion } from '../../server/src/core/parse/eventDocument';
import { changedRegion } from '../../server/src/core/parse/textEdit';
import { evaluateNameMismatches, patchNameMismatches } from '../../server/src/core/policy/names/evaluateNameMismatches';
import { securityEvent } from '../helpers/corpus';
import { lensOver } from '../helpers/lens';

// Hand-made events: logons (4624) and special privileges (4672) naming SIDs.
const DOMAIN = 'S-1-5-21-1111-2222-3333';
let record = 1;
const logon = (sid: string, user: string, domain = 'CORP', computer = 'DC01.corp.example.com'): string => securityEvent(4624, [
  `<Data Name="TargetUserSid">${sid}</Data>`, `<Data Name="TargetUserName">${user}</Data>`, `<Data Name="TargetDomainName">${domain}</Data>`,
  `<Data Name="TargetLogonId">0x${(0x9000 + record).toString(16)}</Data>`, '<Data Name="LogonType">3</Data>',
].join(''), { record: record++, computer, time: `2024-03-04T10:${String(record % 60).padStart(2, '0')}:00.0000000Z` });
const privileges = (sid: string, user: string, domain = 'CORP'): string => securityEvent(4672, [
  `<Data Name="SubjectUserSid">${sid}</Data>`, `<Data Name="SubjectUserName">${user}</Data>`, `<Data Name="SubjectDomainName">${domain}</Data>`,
  `<Data Name="SubjectLogonId">0x${(0x9000 + record).toString(16)}</Data>`,
].join(''), { record: record++, time: `2024-03-04T10:${String(record % 60).padStart(2, '0')}:00.5000000Z` });

/** The account-name-mismatch messages of these files, opened together (names are learned across them). */
function mismatches(...texts: string[]): string[] {
  const uris = texts.map((_, k) => `file:///names/${k}.xml`);
  const { lens } = lensOver(texts.map((text, k) => [uris[k]!, text]), { groupRepeated: () => false });
  return uris.flatMap(uri => lens.problems(uri, true)!.filter(p => p.code === 'account-name-mismatch').map(p => p.message));
}

describe('account-name-mismatch', () => {
  it('flags a logon naming a SID differently from the rest of the data: a forged ticket\'s made-up name', () => {
    const admin = `${DOMAIN}-500`;
    const normal = [logon(admin, 'Administrator'), privileges(admin, 'Administrator'), logon(admin, 'Administrator')].join('');
    const found = mismatches(normal, logon(admin, 'fakeadmin', 'CORP', 'SRV07.corp.example.com'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0]!, /^CORP\\fakeadmin logged on with SID S-1-5-21-1111-2222-3333-500, which 3 events of the data name CORP\\Administrator \(this name: 1 event\)\./);
  });

  it('flags a logon with krbtgt\'s SID (RID 502) under any other name, even with nothing else to compare', () => {
    const found = mismatches(logon(`${DOMAIN}-502`, 'backdoor'));
    assert.equal(found.length, 1);
    assert.match(found[0]!, /RID 502 is krbtgt's/);
  });

  it('stays quiet on the same account written differently, Windows\' own SIDs, and a name used as often as none other', () => {
    const alice = `${DOMAIN}-1105`;
    // Case, a DNS domain beside the NetBIOS one, and a Kerberos user@REALM form: one account.
    const sameAccount = [logon(alice, 'alice'), logon(alice, 'ALICE', 'corp.example.com'), logon(alice, 'alice@CORP.EXAMPLE.COM', 'CORP.EXAMPLE.COM'), privileges(alice, 'Alice')].join('');
    // SYSTEM is 'SYSTEM' as a target and the machine account as a subject: not a domain SID, not compared.
    const system = [logon('S-1-5-18', 'SYSTEM', 'NT AUTHORITY'), privileges('S-1-5-18', 'DC01$', 'CORP')].join('');
    // A machine account and a service account, each always under their own names.
    const machines = [logon(`${DOMAIN}-1000`, 'WS01$'), logon(`${DOMAIN}-1000`, 'WS01$'), logon(`${DOMAIN}-1300`, 'svc_sql')].join('');
    assert.deepEqual(mismatches(sameAccount, system, machines), []);
  });

  it('flags both names when neither is the usual one, and follows the policy\'s level and exceptions', () => {
    const bob = `${DOMAIN}-1200`;
    const text = logon(bob, 'bob') + logon(bob, 'robert');
    assert.equal(mismatches(text).length, 2, 'a tie: either could be the forged one');
    const { lens } = lensOver([['file:///off.xml', text]], { policy: { rules: { 'account-name-mismatch': 'off' } } });
    assert.deepEqual(lens.problems('file:///off.xml', true)!.filter(p => p.code === 'account-name-mismatch'), []);
    const excepted = lensOver([['file:///x.xml', text]], { policy: { rules: { 'account-name-mismatch': { exceptions: ['CORP\\robert'] } } } }).lens;
    assert.deepEqual(excepted.problems('file:///x.xml', true)!.filter(p => p.code === 'account-name-mismatch').map(p => p.account), ['CORP\\bob']);
  });

  it('learns names from every document: an edit elsewhere that renames the SID is seen', () => {
    const carol = `${DOMAIN}-1400`;
    assert.deepEqual(mismatches(logon(carol, 'carol'), privileges(carol, 'carol')), []);
    assert.equal(mismatches(logon(carol, 'carol'), privileges(carol, 'mallory') + privileges(carol, 'mallory')).length, 1);
  });

  it('keeps its findings across an edit that changes no logon\'s account and no name, and agrees with finding them again', () => {
    const admin = `${DOMAIN}-500`;
    // Spacers between: an edit re-reads its event's neighbours too.
    const spacer = (): string => privileges(`${DOMAIN}-1301`, 'svc_web');
    const text = [logon(admin, 'Administrator'), privileges(admin, 'Administrator'), spacer(), spacer(), logon(admin, 'fakeadmin'), spacer(), spacer(), logon(`${DOMAIN}-1300`, 'svc_sql')].join('');
    const uri = 'file:///patch.xml';
    for (const [from, to, nth, patched] of [['"LogonType">3<', '"LogonType">10<', 0, true], ['"LogonType">3<', '"LogonType">5<', 2, true], ['>svc_sql<', '>svc_sq1<', 0, false], ['>fakeadmin<', '>Administrator<', 0, false]] as const) {
      const doc = parseEventDocument(text);
      const byUri = evaluateNameMismatches([[uri, doc]], learnSidNames(doc), {});
      assert.equal(byUri.get(uri)!.length, 1);
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(from, at + 1);
      const result = reparseRegion(doc, text.slice(0, at) + to + text.slice(at + from.length), changedRegion([{ start: at, end: at + from.length, text: to }])!)!;
      assert.equal(patchNameMismatches(byUri, uri, result.edit), patched, `${from} -> ${to}`);
      if (patched) assert.deepEqual(byUri, evaluateNameMismatches([[uri, result.doc]], learnSidNames(result.doc), {}), `${from} -> ${to}`);
    }
  });
});
