import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Command, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-types';
import { computeProblems } from '../../server/src/core/features/diagnostics';
import { policyCodeActions } from '../../server/src/core/features/policyCodeActions';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { inCidr } from '../../server/src/core/policy/cidr';
import { evaluatePolicy, levelProblems } from '../../server/src/core/policy/evaluatePolicy';
import { mergePolicies } from '../../server/src/core/policy/mergePolicies';
import { Policy } from '../../server/src/core/policy/policy';
import { checkPolicyValue, formatPath, readPolicy } from '../../server/src/core/policy/readPolicy';
import { RULE_CATALOG } from '../../server/src/core/ruleCatalog';
import { buildSessionIndex } from '../../server/src/core/sessions/buildSessionIndex';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, securityEvent } from '../helpers/corpus';

// Hand-made events: every fixture in this file is written for the tests, not by Windows.
let record = 1;
const time = (t: string): string => `2024-03-04T${t}.0000000Z`; // a Monday
interface LogonOptions { id?: string; type?: number; user?: string; domain?: string; sid?: string; time?: string; ip?: string; workstation?: string; lm?: string; key?: string; restricted?: string }
function logon(o: LogonOptions = {}): string {
  return securityEvent(4624, [
    `<Data Name="TargetUserSid">${o.sid ?? 'S-1-5-21-1-2-3-1105'}</Data>`,
    `<Data Name="TargetUserName">${o.user ?? 'alice'}</Data>`,
    `<Data Name="TargetDomainName">${o.domain ?? 'CORP'}</Data>`,
    `<Data Name="TargetLogonId">${o.id ?? '0x1000'}</Data>`,
    `<Data Name="LogonType">${o.type ?? 3}</Data>`,
    `<Data Name="WorkstationName">${o.workstation ?? 'WKS01'}</Data>`,
    `<Data Name="LmPackageName">${o.lm ?? '-'}</Data>`,
    `<Data Name="KeyLength">${o.key ?? '0'}</Data>`,
    `<Data Name="IpAddress">${o.ip ?? '10.0.0.5'}</Data>`,
    `<Data Name="RestrictedAdminMode">${o.restricted ?? '-'}</Data>`,
  ].join('\n'), { time: time(o.time ?? '10:00:00'), record: record++ });
}
const privileges = (id: string, user = 'alice', sid = 'S-1-5-21-1-2-3-1105', t = '09:59:59'): string =>
  securityEvent(4672, `<Data Name="SubjectUserSid">${sid}</Data><Data Name="SubjectUserName">${user}</Data><Data Name="SubjectDomainName">CORP</Data><Data Name="SubjectLogonId">${id}</Data>`, { time: time(t), record: record++ });
const groups = (id: string, sids: string[], t = '09:59:59'): string =>
  securityEvent(4627, `<Data Name="TargetLogonId">${id}</Data><Data Name="GroupMembership">${sids.map(s => `\n\t\t%{${s}}`).join('')}</Data>`, { time: time(t), record: record++ });

function findings(text: string, policy: Policy = {}) {
  const doc = parseEventDocument(text);
  const documents: [string, typeof doc][] = [['file:///p.xml', doc]];
  const problems = evaluatePolicy(documents, buildSessionIndex(documents), policy).get('file:///p.xml')!;
  return problems.map(p => ({ code: p.code, severity: p.severity, covers: text.slice(p.start, p.end), message: p.message, related: p.related, account: p.account }));
}
const codes = (text: string, policy: Policy = {}): string[] => findings(text, policy).map(f => f.code);

describe('privileged-batch-service-logon, with no configuration', () => {
  it('flags a Service logon whose 4627 lists Domain Admins, pointing at the 4627', () => {
    const text = groups('0x2000', ['S-1-5-21-1-2-3-513', 'S-1-5-21-1-2-3-512']) + logon({ id: '0x2000', type: 5, user: 'svc_admin' });
    const [finding, ...rest] = findings(text);
    assert.equal(rest.length, 0);
    assert.equal(finding!.code, 'privileged-batch-service-logon');
    assert.equal(finding!.covers, '5');
    assert.match(finding!.message, /CORP\\svc_admin logged on as Service \(5\).*4627 lists S-1-5-21-1-2-3-512 \(Domain Admins\)/);
    const evidence = finding!.related![0]!;
    assert.match(text.slice(evidence.start, evidence.end), /%\{S-1-5-21-1-2-3-512\}/);
    assert.match(evidence.message, /^4627 lists/);
  });

  it('flags a Batch logon whose 4672 was logged just before its 4624', () => {
    const text = privileges('0x2100') + logon({ id: '0x2100', type: 4 });
    // The 4672 itself is also an unexpected-privileges finding: alice is no configured admin.
    assert.deepEqual(codes(text), ['unexpected-privileges', 'privileged-batch-service-logon']);
    const finding = findings(text).find(f => f.code === 'privileged-batch-service-logon');
    assert.match(finding!.message, /Batch \(4\).*4672/);
  });

  it('flags the built-in Administrator (RID 500), even on a failed logon', () => {
    const failed = securityEvent(4625, '<Data Name="TargetUserSid">S-1-5-21-1-2-3-500</Data><Data Name="TargetUserName">Administrator</Data><Data Name="LogonType">5</Data>', { record: record++ });
    assert.deepEqual(codes(failed), ['privileged-batch-service-logon']);
    assert.match(findings(failed)[0]!.message, /tried to log on as Service.*RID 500/);
  });

  it('flags the 4634 of such a session too', () => {
    const text = groups('0x2200', ['S-1-5-32-544']) + logon({ id: '0x2200', type: 5 })
      + securityEvent(4634, '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1105</Data><Data Name="TargetUserName">alice</Data><Data Name="TargetLogonId">0x2200</Data><Data Name="LogonType">5</Data>', { time: time('11:00:00'), record: record++ });
    assert.deepEqual(codes(text), ['privileged-batch-service-logon', 'privileged-batch-service-logon']);
  });

  it('leaves a plain user’s Service logon alone, and a privileged user’s interactive one', () => {
    assert.deepEqual(codes(groups('0x2300', ['S-1-5-21-1-2-3-513']) + logon({ id: '0x2300', type: 5 })), []);
    assert.deepEqual(codes(groups('0x2400', ['S-1-5-21-1-2-3-512']) + logon({ id: '0x2400', type: 2 })), []);
  });

  it('does not count Windows’ own identities as domain admins', () => {
    const text = privileges('0x2500', 'IUSR', 'S-1-5-17') + logon({ id: '0x2500', type: 5, user: 'IUSR', domain: 'NT AUTHORITY', sid: 'S-1-5-17' });
    assert.deepEqual(codes(text).filter(c => c === 'privileged-batch-service-logon'), []);
  });

  it('can ignore 4672s, and takes configured accounts and group SIDs', () => {
    const text = privileges('0x2600') + logon({ id: '0x2600', type: 5 });
    const quiet = { privileged: { trustSpecialPrivileges: false }, admins: ['CORP\\alice'] };
    assert.deepEqual(codes(text, quiet), []);
    assert.deepEqual(codes(logon({ type: 5, id: '0x2700' }), { privileged: { accounts: ['corp\\ALICE'] } }), ['privileged-batch-service-logon']);
    assert.deepEqual(codes(groups('0x2800', ['S-1-5-21-1-2-3-1108']) + logon({ id: '0x2800', type: 4 }), { privileged: { groupSids: ['S-1-5-21-1-2-3-1108'] } }), ['privileged-batch-service-logon']);
  });
});

describe('each rule: a positive case, a negative control, and its configuration', () => {
  it('cleartext-logon', () => {
    assert.deepEqual(findings(logon({ type: 8 })).map(f => [f.code, f.covers]), [['cleartext-logon', '8']]);
    assert.deepEqual(codes(logon({ type: 3 })), []);
    assert.deepEqual(codes(logon({ type: 8 }), { rules: { 'cleartext-logon': { exceptions: ['CORP\\alice'] } } }), []);
    assert.deepEqual(codes(logon({ type: 8 }), { rules: { 'cleartext-logon': { exceptions: ['*\\alice'] } } }), [], '*\\ names every domain');
    assert.deepEqual(codes(logon({ type: 8 }), { rules: { 'cleartext-logon': { exceptions: ['alice'] } } }), ['cleartext-logon'], 'a bare name exempts nobody');
    assert.deepEqual(codes(logon({ type: 8 }), { rules: { 'cleartext-logon': { exceptions: ['OTHER\\alice'] } } }), ['cleartext-logon']);
  });

  it('ntlm-v1 and ntlm-weak-key', () => {
    assert.deepEqual(findings(logon({ lm: 'NTLM V1', key: '128' })).map(f => [f.code, f.covers]), [['ntlm-v1', 'NTLM V1']]);
    assert.deepEqual(findings(logon({ lm: 'NTLM V2', key: '56' })).map(f => [f.code, f.covers]), [['ntlm-weak-key', '56']]);
    assert.deepEqual(codes(logon({ lm: 'NTLM V2', key: '128' })), []);
    assert.deepEqual(codes(logon({ lm: '-', key: '0' })), [], 'Kerberos logons have no NTLM key');
    assert.deepEqual(codes(logon({ lm: 'NTLM V1', key: '0', sid: 'S-1-5-7', user: 'ANONYMOUS LOGON', domain: 'NT AUTHORITY' })), [], 'null sessions');
    assert.deepEqual(codes(logon({ lm: 'NTLM V1', key: '128' }), { rules: { 'ntlm-v1': 'off' } }), []);
  });

  it('high-value-account-logon', () => {
    const [f] = findings(logon(), { highValueAccounts: ['CORP\\alice'] });
    assert.deepEqual([f!.code, f!.severity, f!.covers], ['high-value-account-logon', 'information', 'alice']);
    assert.deepEqual(codes(logon({ user: 'bob' }), { highValueAccounts: ['CORP\\alice'] }), []);
    assert.deepEqual(codes(logon()), []);
  });

  it('forbidden-account-logon', () => {
    const [f] = findings(logon({ user: 'Guest' }), { forbiddenAccounts: ['Guest'] });
    assert.deepEqual([f!.code, f!.severity], ['forbidden-account-logon', 'error']);
    assert.deepEqual(codes(logon(), { forbiddenAccounts: ['Guest'] }), []);
    assert.deepEqual(codes(logon({ sid: 'S-1-5-21-1-2-3-501' }), { forbiddenAccounts: ['S-1-5-21-1-2-3-501'] }), ['forbidden-account-logon']);
  });

  it('disallowed-logon-type, by account and by a group of the session', () => {
    const policy = { allowedLogonTypes: { 'CORP\\svc_sql': [5], 'S-1-5-21-1-2-3-512': [2, 10] } };
    const [f] = findings(logon({ user: 'svc_sql', type: 3 }), policy);
    assert.match(f!.message, /Network \(3\); the policy for CORP\\svc_sql allows only Service \(5\)/);
    assert.deepEqual(codes(logon({ user: 'svc_sql', type: 5, id: '0x3001' }), policy), []);
    assert.deepEqual(codes(groups('0x3002', ['S-1-5-21-1-2-3-512']) + logon({ id: '0x3002', type: 3 }), policy), ['disallowed-logon-type']);
    assert.deepEqual(codes(groups('0x3003', ['S-1-5-21-1-2-3-512']) + logon({ id: '0x3003', type: 10 }), policy), []);
  });

  it('logon-outside-hours, in the configured time zone', () => {
    const policy = { workingHours: { timeZone: 'America/New_York', start: '08:00', end: '18:00' } };
    // 10:00 UTC on Monday is 05:00 in New York: outside.
    const [f] = findings(logon({ time: '10:00:00' }), policy);
    assert.deepEqual([f!.code, f!.covers], ['logon-outside-hours', '2024-03-04T10:00:00.0000000Z']);
    assert.match(f!.message, /at Mon 05:00 \(America\/New_York\)/);
    assert.deepEqual(codes(logon({ time: '15:00:00', id: '0x4001' }), policy), [], '10:00 in New York');
    assert.deepEqual(codes(logon({ time: '03:00:00', id: '0x4002', user: 'WS01$' }), policy), [], 'machine accounts log on at any hour');
    assert.deepEqual(codes(logon({ time: '23:30:00', id: '0x4003' }), { workingHours: { start: '22:00', end: '06:00', days: ['mon', 'tue'] } }), [], 'a night shift spans midnight');
    assert.deepEqual(codes(logon()), []);
  });

  it('unexpected-source, with IPv4, IPv6 and workstation names', () => {
    const policy = { allowedSources: { 'CORP\\alice': ['10.0.0.0/8', '2001:db8::/32', 'JUMP01'] } };
    const [f] = findings(logon({ ip: '192.168.1.7' }), policy);
    assert.deepEqual([f!.code, f!.covers], ['unexpected-source', '192.168.1.7']);
    assert.deepEqual(codes(logon({ ip: '10.200.3.4' }), policy), []);
    assert.deepEqual(codes(logon({ ip: '2001:db8:0:1::5', id: '0x5001' }), policy), []);
    assert.deepEqual(codes(logon({ ip: '-', workstation: 'JUMP01', id: '0x5002' }), policy), []);
    assert.deepEqual(codes(logon({ ip: '192.168.1.7', user: 'bob', id: '0x5003' }), policy), [], 'accounts without an entry');
    assert.ok(inCidr('::ffff:10.1.2.3', '10.0.0.0/8'));
    assert.ok(!inCidr('10.1.2.3', '2001:db8::/32'));
  });

  it('external-domain', () => {
    const policy = { knownDomains: ['CORP'] };
    const [f] = findings(logon({ domain: 'EVIL' }), policy);
    assert.deepEqual([f!.code, f!.covers], ['external-domain', 'EVIL']);
    assert.deepEqual(codes(logon({ domain: 'corp' }), policy), []);
    assert.deepEqual(codes(logon({ domain: 'NT AUTHORITY', id: '0x6001' }), policy), []);
    assert.deepEqual(codes(logon({ domain: 'WS01', id: '0x6002' }), policy), [], 'local accounts: the computer’s own name');
    assert.deepEqual(codes(logon({ domain: 'EVIL' })), []);
  });

  it('remote-logon-without-restricted-admin', () => {
    const policy = { requireRestrictedAdmin: ['CORP\\alice'] };
    const [f] = findings(logon({ type: 10, restricted: '%%1843' }), policy);
    assert.deepEqual([f!.code, f!.covers], ['remote-logon-without-restricted-admin', '%%1843']);
    assert.deepEqual(codes(logon({ type: 10, restricted: '%%1842' }), policy), []);
    assert.deepEqual(codes(logon({ type: 10, restricted: '%%1843' })), []);
  });

  it('unexpected-privileges', () => {
    const [f] = findings(privileges('0x7000', 'bob', 'S-1-5-21-1-2-3-1200'));
    assert.deepEqual([f!.code, f!.covers, f!.account], ['unexpected-privileges', 'bob', 'CORP\\bob']);
    assert.deepEqual(codes(privileges('0x3e7', 'SYSTEM', 'S-1-5-18')), []);
    assert.deepEqual(codes(privileges('0x7001', 'DWM-1', 'S-1-5-90-0-1')), []);
    assert.deepEqual(codes(privileges('0x7002', 'bob', 'S-1-5-21-1-2-3-1200'), { admins: ['CORP\\bob'] }), []);
  });

  it('agrees with privileged-batch-service-logon on Windows\' own identities: OpenSSH\'s VIRTUAL USERS\\sshd_… is one', () => {
    const sshd = 'S-1-5-111-3847866527-469524349-687026318-516638107-1125189541-1234';
    const text = privileges('0x7100', 'sshd_1234', sshd) + groups('0x7100', ['S-1-5-32-544']) + logon({ id: '0x7100', type: 5, user: 'sshd_1234', domain: 'VIRTUAL USERS', sid: sshd });
    assert.deepEqual(codes(text), []);
    for (const sid of ['S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464', 'S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415', 'S-1-5-96-0-1']) {
      assert.deepEqual(codes(privileges('0x7200', 'x', sid)), [], sid);
    }
  });

  it('orphan-logoff', () => {
    const logoff = securityEvent(4634, '<Data Name="TargetLogonId">0x8000</Data>', { record: record++, time: time('12:00:00') });
    const [f] = findings(logoff);
    assert.deepEqual([f!.code, f!.severity, f!.covers], ['orphan-logoff', 'information', '0x8000']);
    assert.deepEqual(codes(logon({ id: '0x8000' }) + logoff), []);
    assert.deepEqual(codes(securityEvent(4634, '<Data Name="TargetLogonId">0x3e7</Data>', { record: record++ })), [], 'well-known IDs are never orphans');
  });

  it('every rule has a page in docs/rules', () => {
    for (const rule of RULE_CATALOG) assert.ok(fs.existsSync(path.join(ROOT, 'docs', 'rules', `${rule.id}.md`)), rule.id);
  });

  it('never lets a forged event widen an exception: labels name a domain, or a SID only from a SID field', () => {
    // A forged 4624: the user name looks like the real Administrator's SID, and there is no domain.
    const sidAsName = logon({ type: 8, user: 'S-1-5-21-1-2-3-500', domain: '-', sid: '-' });
    const [forged] = findings(sidAsName);
    assert.equal(forged?.code, 'cleartext-logon');
    assert.equal(forged.account, undefined, 'no exception can be offered: the event names no domain and no SID');
    const bare = findings(logon({ type: 8, user: 'Administrator', domain: '-', sid: '-' }))[0]!;
    assert.equal(bare.account, undefined, 'a bare Administrator would exempt Administrator in every domain');
    const real = findings(logon({ type: 8, user: 'Administrator', domain: 'CORP', sid: 'S-1-5-21-1-2-3-500' }))[0]!;
    assert.equal(real.account, 'CORP\\Administrator');
    const onlySid = findings(logon({ type: 8, user: '-', domain: '-', sid: 'S-1-5-21-1-2-3-500' }))[0]!;
    assert.equal(onlySid.account, 'S-1-5-21-1-2-3-500', 'from the SID field');
    // An exception by SID matches the SID field, never a user name that looks like it.
    assert.deepEqual(codes(sidAsName, { rules: { 'cleartext-logon': { exceptions: ['S-1-5-21-1-2-3-500'] } } }), ['cleartext-logon']);
  });

  it('lets rules see every value of a field named twice, and reports the second copy', () => {
    const forged = logon({ user: 'alice' }).replace('<Data Name="TargetUserName">alice</Data>', '<Data Name="TargetUserName">alice</Data><Data Name="TargetUserName">mallory</Data>');
    assert.ok(forged.includes('mallory'));
    const found = findings(forged, { forbiddenAccounts: ['CORP\\mallory'] });
    assert.ok(found.some(f => f.code === 'forbidden-account-logon' && f.covers === 'mallory'), JSON.stringify(found));
    const doc = parseEventDocument(forged);
    assert.deepEqual(computeProblems(doc).filter(p => p.code === 'duplicate-field').map(p => forged.slice(p.start, p.end)), ['mallory']);
    const twoComputers = forged.replace('</Computer>', '</Computer><Computer>EVIL</Computer>');
    assert.deepEqual(computeProblems(parseEventDocument(twoComputers)).filter(p => p.code === 'duplicate-field').map(p => twoComputers.slice(p.start, p.end)), ['EVIL', 'mallory']);
    // An event of many fields (more than are compared one by one) reports its copies the same way.
    const padding = Array.from({ length: 80 }, (_, k) => `<Data Name="Pad${k}">${k}</Data>`).join('');
    const many = forged.replace('<Data Name="TargetUserName">alice</Data>', `${padding}<Data Name="TargetUserName">alice</Data><Data Name="Pad7">again</Data>`);
    assert.deepEqual(computeProblems(parseEventDocument(many)).filter(p => p.code === 'duplicate-field').map(p => many.slice(p.start, p.end)), ['again', 'mallory']);
  });
});

describe('the policy file', () => {
  it('reads comments and trailing commas', () => {
    const { policy, problems } = readPolicy('{\n  // admins\n  "admins": ["CORP\\\\alice",],\n  "rules": { "ntlm-v1": "error" },\n}');
    assert.deepEqual(problems, []);
    assert.deepEqual(policy, { admins: ['CORP\\alice'], rules: { 'ntlm-v1': 'error' } });
  });

  it('reports broken JSON and bad values where they are, and gives no policy', () => {
    const text = '{ "workingHours": { "timeZone": "Mars/Olympus", "start": "8am", "end": "18:00" }, "rules": { "ntlm-v1": "loud" } }';
    const { policy, problems } = readPolicy(text);
    assert.equal(policy, undefined);
    assert.deepEqual(problems.map(p => text.slice(p.start, p.end)), ['"Mars/Olympus"', '"8am"', '"loud"']);
    assert.ok(problems.some(p => /Unknown time zone "Mars\/Olympus"/.test(p.message)));
    assert.ok(problems.some(p => /"HH:MM"/.test(p.message)));
    assert.ok(problems.some(p => /severity is one of off, information, warning, error/.test(p.message)));
    const broken = readPolicy('{ "admins": [ "x" ');
    assert.equal(broken.policy, undefined);
    assert.match(broken.problems[0]!.message, /Invalid JSON/);
  });

  it('warns on unknown settings and rules, and still applies the rest', () => {
    const { policy, problems } = readPolicy('{ "admin": [], "rules": { "no-such-rule": "off" }, "admins": ["x"] }');
    assert.deepEqual(problems.map(p => p.severity), ['warning', 'warning']);
    assert.deepEqual(policy?.admins, ['x']);
  });

  it('sets the severity of every check, including the built-in ones', () => {
    const text = logon({ type: 8, id: '0x9000' }).replace('<Data Name="LogonType">8', '<Data Name="LogonType">8</Data><Data Name="TargetOutboundUserName">x');
    const policy: Policy = { rules: { 'cleartext-logon': 'error', 'unknown-logon-type': 'off' } };
    assert.deepEqual(findings(text, policy).map(f => f.severity), ['error']);
    const levelled = levelProblems([{ start: 0, end: 1, code: 'unknown-logon-type', severity: 'warning', message: '' }, { start: 0, end: 1, code: 'invalid-sid', severity: 'warning', message: '' }], { rules: { 'unknown-logon-type': 'off', 'invalid-sid': 'error' } });
    assert.deepEqual(levelled.map(p => [p.code, p.severity]), [['invalid-sid', 'error']]);
  });

  it('checks the type of every field, at its place, and gives no policy on any error', () => {
    const cases: [string, string, RegExp][] = [
      ['{"workingHours":{"start":"09:00","end":"17:00"},"workingHours":5}', '"workingHours"', /given twice/],
      ['{"workingHours":{"start":"09:00","end":"17:00","days":"mon"}}', '"mon"', /list of days/],
      ['{"forbiddenAccounts":"alice"}', '"alice"', /list of accounts.*even for one/],
      ['{"rules":{"cleartext-logon":null}}', 'null', /set to a severity/],
      ['{"rules":{"cleartext-logon":{"exceptions":{"a":1}}}}', '{"a":1}', /list of accounts/],
      ['{"rules":[]}', '[]', /maps rule ids/],
      ['[]', '[]', /must be a JSON object/],
      ['{"privileged":{"trustSpecialPrivileges":"yes"}}', '"yes"', /true or false/],
      ['{"allowedLogonTypes":{"CORP\\\\a":["2"]}}', '"2"', /logon type number/],
      ['{"allowedSources":{"CORP\\\\a":["10.1.2.3/"]}}', '"10.1.2.3/"', /valid CIDR/],
      ['{"allowedSources":{"CORP\\\\a":["10.0.0.0/1e1"]}}', '"10.0.0.0/1e1"', /valid CIDR/],
      ['{"allowedSources":{"CORP\\\\a":["10.0.0.0/0x18"]}}', '"10.0.0.0/0x18"', /valid CIDR/],
      ['{"allowedSources":{"CORP\\\\a":["10.0.0.0/33"]}}', '"10.0.0.0/33"', /valid CIDR/],
      ['{"$schema":5}', '5', /URL string/],
    ];
    for (const [text, at, message] of cases) {
      const { policy, problems } = readPolicy(text);
      assert.equal(policy, undefined, text);
      const errors = problems.filter(p => p.severity === 'error');
      assert.ok(errors.some(p => text.slice(p.start, p.end) === at && message.test(p.message)), `${text}: ${JSON.stringify(errors)}`);
    }
    assert.deepEqual(readPolicy('{"allowedSources":{"CORP\\\\a":["10.0.0.0/8","fe80::/10","JUMP01"]}}').policy, { allowedSources: { 'CORP\\a': ['10.0.0.0/8', 'fe80::/10', 'JUMP01'] } });
  });

  it('checks the policy setting with the same validator, naming the place by path', () => {
    const { policy, problems } = checkPolicyValue({ forbiddenAccounts: 'alice', rules: { 'ntlm-v1': { exceptions: ['CORP\\x', 3] } } });
    assert.equal(policy, undefined);
    assert.deepEqual(problems.filter(p => p.severity === 'error').map(p => formatPath(p.path)), ['forbiddenAccounts', 'rules["ntlm-v1"].exceptions[1]']);
    assert.deepEqual(checkPolicyValue({ admins: ['CORP\\a'] }).policy, { admins: ['CORP\\a'] });
  });

  it('refuses a policy nested past any real one, without walking it all', () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
    const { policy, problems } = readPolicy(`{"rules":${deep}}`);
    assert.equal(policy, undefined);
    assert.match(problems[0]!.message, /nests deeper/);
  });

  it('does not apply an exception that names no domain, and says how to write it', () => {
    const { problems } = readPolicy('{"rules":{"cleartext-logon":{"exceptions":["Administrator","*\\\\svc","CORP\\\\web","S-1-5-21-1-2-3-500"]}}}');
    assert.deepEqual(problems.map(p => p.message), ["'Administrator' names no domain, so it is not applied. Write DOMAIN\\Administrator, or *\\Administrator to except it in every domain."]);
  });

  it('merges the workspace file over user settings, rule by rule', () => {
    const merged = mergePolicies({ admins: ['a'], rules: { 'ntlm-v1': 'off', 'cleartext-logon': 'error' } }, { admins: ['b'], rules: { 'ntlm-v1': 'warning' } });
    assert.deepEqual(merged, { admins: ['b'], rules: { 'ntlm-v1': 'warning', 'cleartext-logon': 'error' } });
  });
});

const WRITE = { allowed: true } as const;

describe('quick fixes', () => {
  const diagnostic: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: '', source: 'logon-lens', code: 'cleartext-logon', data: { account: 'CORP\\alice' } };
  const docs = (id: string): Command => ({ title: `Open the documentation of ${id}`, command: 'vscode.open', arguments: [`file:///docs/${id}.md`] });
  const apply = (text: string, edit: TextDocumentEdit): string => {
    const positions = TextDocument.create('file:///p.json', 'json', 1, text);
    return applyEdits(text, edit.edits.map(e => ({ offset: positions.offsetAt(e.range.start), length: positions.offsetAt(e.range.end) - positions.offsetAt(e.range.start), content: (e as { newText: string }).newText })));
  };

  it('offers exceptions, the high-value list, disabling, and the docs', () => {
    const actions = policyCodeActions(diagnostic, { uri: 'file:///ws/logon-policy.json', text: '{ "rules": { "cleartext-logon": "error" } }', version: 3 }, WRITE, docs);
    assert.deepEqual(actions.map(a => a.title), [
      'Add CORP\\alice to the exceptions of cleartext-logon',
      'Add CORP\\alice to the high-value accounts',
      'Disable cleartext-logon in logon-policy.json',
      'Open the documentation of cleartext-logon',
    ]);
    const exception = apply('{ "rules": { "cleartext-logon": "error" } }', actions[0]!.edit!.documentChanges![0] as TextDocumentEdit);
    assert.deepEqual(readPolicy(exception).policy, { rules: { 'cleartext-logon': { severity: 'error', exceptions: ['CORP\\alice'] } } });
    const disabled = apply('{ "rules": { "cleartext-logon": "error" } }', actions[2]!.edit!.documentChanges![0] as TextDocumentEdit);
    assert.deepEqual(readPolicy(disabled).policy, { rules: { 'cleartext-logon': 'off' } });
    assert.deepEqual(actions[3]!.command, { title: 'Open the documentation of cleartext-logon', command: 'vscode.open', arguments: ['file:///docs/cleartext-logon.md'] });
  });

  it('offers what each message asks for: unexpected-privileges adds the account to the admins, not to the high-value list', () => {
    const text = '{ "admins": ["CORP\\\\bob"] }';
    const actions = policyCodeActions({ ...diagnostic, code: 'unexpected-privileges' }, { uri: 'file:///p.json', text, version: 1 }, WRITE, docs);
    assert.deepEqual(actions.map(a => [a.title, a.isPreferred]), [
      ["Add CORP\\alice to the policy's admins", true],
      ['Add CORP\\alice to the exceptions of unexpected-privileges', false],
      ['Disable unexpected-privileges in logon-policy.json', undefined],
      ['Open the documentation of unexpected-privileges', undefined],
    ]);
    assert.deepEqual(readPolicy(apply(text, actions[0]!.edit!.documentChanges![0] as TextDocumentEdit)).policy, { admins: ['CORP\\bob', 'CORP\\alice'] });
  });

  it('offers exceptions for window rules and account-name-mismatch too', () => {
    for (const code of ['failed-logon-burst', 'password-spray', 'logon-after-failures', 'account-name-mismatch']) {
      const actions = policyCodeActions({ ...diagnostic, code }, { uri: 'file:///p.json', text: '{}', version: 1 }, WRITE, docs);
      assert.equal(actions[0]!.title, `Add CORP\\alice to the exceptions of ${code}`);
    }
  });

  it('creates the policy file when there is none', () => {
    const [first] = policyCodeActions(diagnostic, { uri: 'file:///ws/logon-policy.json', text: undefined, version: null }, WRITE, docs);
    const [create, insert] = first!.edit!.documentChanges!;
    assert.deepEqual(create, { kind: 'create', uri: 'file:///ws/logon-policy.json', options: { overwrite: false, ignoreIfExists: false } }, 'a second fix before saving is refused, not appended');
    assert.deepEqual(readPolicy(apply('', insert as TextDocumentEdit)).policy, { rules: { 'cleartext-logon': { exceptions: ['CORP\\alice'] } } });
  });

  it('adds to existing exceptions, and leaves other diagnostics alone', () => {
    const text = '{ "rules": { "cleartext-logon": { "exceptions": ["CORP\\\\bob"] } } }';
    const [first] = policyCodeActions(diagnostic, { uri: 'file:///p.json', text, version: 1 }, WRITE, docs);
    assert.deepEqual(readPolicy(apply(text, first!.edit!.documentChanges![0] as TextDocumentEdit)).policy, { rules: { 'cleartext-logon': { exceptions: ['CORP\\bob', 'CORP\\alice'] } } });
    assert.deepEqual(policyCodeActions({ ...diagnostic, code: 'xml-malformed' }, { uri: 'file:///p.json', text, version: 1 }, WRITE, docs), []);
  });
});

describe('a policy file of junk', () => {
  it('is refused at a size no policy reaches, without parsing it', () => {
    const { policy, problems } = readPolicy(`{"admins": ["${'\u202E&'.repeat(200_000)}"]}`);
    assert.equal(policy, undefined);
    assert.match(problems[0]!.message, /a policy is a few KB/);
  });
});

describe('attack detections, one event each', () => {
  const event = (id: number, fields: Record<string, string>, provider?: string): string =>
    securityEvent(id, Object.entries(fields).map(([name, value]) => `<Data Name="${name}">${value}</Data>`).join('\n'), { record: record++, provider });
  const newCredentials = (o: { outUser?: string; outDomain?: string; user?: string; process?: string } = {}): string => event(4624, {
    SubjectUserSid: 'S-1-5-21-1-2-3-1105', SubjectUserName: 'alice', SubjectDomainName: 'CORP', SubjectLogonId: '0x3e7aa',
    TargetUserSid: 'S-1-5-21-1-2-3-1105', TargetUserName: o.user ?? 'alice', TargetDomainName: 'CORP', TargetLogonId: '0x4f100',
    LogonType: '9', LogonProcessName: 'seclogo', AuthenticationPackageName: 'Negotiate', ProcessName: o.process ?? 'C:\\Windows\\System32\\svchost.exe',
    TargetOutboundUserName: o.outUser ?? 'administrator', TargetOutboundDomainName: o.outDomain ?? 'CORP',
  });

  it('cleartext-logon: a failed type-8 logon too, said as failed', () => {
    const failed = event(4625, { TargetUserName: 'alice', TargetDomainName: 'CORP', LogonType: '8', Status: '0xc000006d', SubStatus: '0xc000006a' });
    const [finding] = findings(failed);
    assert.equal(finding?.code, 'cleartext-logon');
    assert.equal(finding?.covers, '8');
    assert.match(finding!.message, /failed to log on with NetworkCleartext \(8\): the password was wrong, but it was still sent/);
    assert.deepEqual(codes(event(4625, { TargetUserName: 'alice', LogonType: '3' })), []);
  });

  it('new-credentials-logon: names the outbound identity and the pattern', () => {
    const [finding] = findings(newCredentials());
    assert.equal(finding?.code, 'new-credentials-logon');
    assert.equal(finding?.covers, '9');
    assert.match(finding!.message, /CORP\\alice started a NewCredentials \(9\) logon \(process C:\\Windows\\System32\\svchost\.exe\): its connections to other hosts go out as CORP\\administrator\. Through seclogo, as runas \/netonly and pass-the-hash tools/);
    assert.match(finding!.message, /4672 logged with it describes the caller's cloned token/);
    assert.match(findings(newCredentials({ outUser: 'alice' }))[0]!.message, /The outbound account is the local one/);
    // A helpdesk's runas /netonly, excepted by its local account.
    assert.deepEqual(codes(newCredentials(), { rules: { 'new-credentials-logon': { exceptions: ['CORP\\alice'] } } }), []);
    assert.deepEqual(codes(logon({ type: 2 })), [], 'other logon types are left alone');
  });

  it('loopback-logon: RDP from loopback and a relayed SYSTEM NTLM logon, not a user opening \\\\localhost', () => {
    const rdp = logon({ type: 10, ip: '127.0.0.1' });
    assert.deepEqual(findings(rdp).map(f => [f.code, f.covers]), [['loopback-logon', '127.0.0.1']]);
    assert.match(findings(rdp)[0]!.message, /RDP \(10\) from 127\.0\.0\.1: .*tunnelled/);
    const relay = event(4624, { TargetUserSid: 'S-1-5-18', TargetUserName: 'SYSTEM', TargetDomainName: 'NT AUTHORITY', TargetLogonId: '0x5000', LogonType: '3', AuthenticationPackageName: 'NTLM', IpAddress: '::1' });
    assert.deepEqual(findings(relay).map(f => [f.code, f.covers]), [['loopback-logon', '::1']]);
    assert.match(findings(relay)[0]!.message, /local NTLM relay/);
    // Negative controls: a user's own loopback SMB logon; SYSTEM over Kerberos; RDP from elsewhere.
    assert.deepEqual(codes(event(4624, { TargetUserSid: 'S-1-5-21-1-2-3-1105', TargetUserName: 'alice', TargetDomainName: 'CORP', LogonType: '3', AuthenticationPackageName: 'NTLM', IpAddress: '::1' })), []);
    assert.deepEqual(codes(event(4624, { TargetUserSid: 'S-1-5-18', TargetUserName: 'SYSTEM', LogonType: '3', AuthenticationPackageName: 'Kerberos', IpAddress: '127.0.0.1' })), []);
    assert.deepEqual(codes(logon({ type: 10, ip: '10.0.0.9' })), []);
  });

  it('anonymous-account-change: a computer account changed by ANONYMOUS LOGON is Zerologon, an error', () => {
    const zerologon = event(4742, { SubjectUserSid: 'S-1-5-7', SubjectUserName: 'ANONYMOUS LOGON', SubjectDomainName: 'NT AUTHORITY', TargetUserName: 'DC01$', TargetDomainName: 'CORP', TargetSid: 'S-1-5-21-1-2-3-1000', PasswordLastSet: '9/14/2020 2:37:05 PM' });
    const [finding] = findings(zerologon);
    assert.deepEqual([finding?.code, finding?.severity, finding?.covers], ['anonymous-account-change', 'error', 'S-1-5-7']);
    assert.match(finding!.message, /ANONYMOUS LOGON changed the computer account CORP\\DC01\$ \(4742\)\. This is the signature of Zerologon/);
    // The same change by an administrator is routine.
    assert.deepEqual(codes(event(4742, { SubjectUserSid: 'S-1-5-21-1-2-3-500', SubjectUserName: 'Administrator', TargetUserName: 'DC01$' })), []);
  });

  it('kerberoasting: an RC4 ticket for a user service account, not for krbtgt, a computer or AES', () => {
    const ticket = (service: string, encryption: string, status = '0x0'): string => event(4769, { TargetUserName: 'alice@CORP.EXAMPLE.COM', TargetDomainName: 'CORP.EXAMPLE.COM', ServiceName: service, TicketOptions: '0x40810000', TicketEncryptionType: encryption, IpAddress: '::ffff:10.0.0.7', Status: status });
    const [finding] = findings(ticket('svc_sql', '0x17'));
    assert.deepEqual([finding?.code, finding?.covers], ['kerberoasting', '0x17']);
    assert.match(finding!.message, /alice was given a service ticket for svc_sql encrypted with RC4 \(0x17\) from 10\.0\.0\.7/);
    // Negative controls: service accounts with AES tickets, computer accounts, krbtgt, failures.
    assert.deepEqual(codes(ticket('svc_sql', '0x12')), []);
    assert.deepEqual(codes(ticket('FILE01$', '0x17')), []);
    assert.deepEqual(codes(ticket('krbtgt', '0x17')), []);
    assert.deepEqual(codes(ticket('svc_sql', '0x17', '0x1b')), []);
  });

  it('asrep-roasting: a TGT issued with PreAuthType 0, not a pre-authenticated one or a failure', () => {
    const tgt = (preAuth: string, status = '0x0'): string => event(4768, { TargetUserName: 'bob', TargetDomainName: 'CORP', TargetSid: 'S-1-5-21-1-2-3-1200', Status: status, PreAuthType: preAuth, IpAddress: '::ffff:10.0.0.66' });
    const [finding] = findings(tgt('0'));
    assert.deepEqual([finding?.code, finding?.covers], ['asrep-roasting', '0']);
    assert.match(finding!.message, /TGT was issued for CORP\\bob without pre-authentication \(PreAuthType 0\) to 10\.0\.0\.66/);
    assert.deepEqual(codes(tgt('2')), []);
    assert.deepEqual(codes(tgt('0', '0x6')), []);
  });

  it('explicit-credentials: another account\'s credentials to reach another host, not runas on this one', () => {
    const given = (o: { subject?: string; target?: string; server?: string } = {}): string => event(4648, {
      SubjectUserSid: 'S-1-5-21-1-2-3-1105', SubjectUserName: o.subject ?? 'alice', SubjectDomainName: 'CORP', SubjectLogonId: '0x3e7aa',
      TargetUserName: o.target ?? 'admin', TargetDomainName: 'CORP', TargetServerName: o.server ?? 'FILE02.corp.example.com', ProcessName: 'C:\\Windows\\System32\\net.exe',
    });
    const [finding] = findings(given());
    assert.deepEqual([finding?.code, finding?.severity, finding?.covers], ['explicit-credentials', 'information', 'admin']);
    assert.match(finding!.message, /^CORP\\alice used the credentials of CORP\\admin to reach FILE02\.corp\.example\.com \(process C:\\Windows\\System32\\net\.exe\)\. On FILE02, the 4624 of CORP\\admin/);
    // Negative controls: the same account, this host (by name or localhost), a computer account.
    assert.deepEqual(codes(given({ target: 'alice' })), []);
    assert.deepEqual(codes(given({ server: 'localhost' })), []);
    assert.deepEqual(codes(given({ server: 'WS01' })), [], 'the computer the event was logged on');
    assert.deepEqual(codes(given({ subject: 'WS01$' })), []);
    assert.deepEqual(codes(given(), { rules: { 'explicit-credentials': { exceptions: ['CORP\\alice'] } } }), []);
  });

  it('log-cleared: who cleared which log, from the Eventlog provider only', () => {
    const cleared = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Eventlog" Guid="{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}"/><EventID>1102</EventID><TimeCreated SystemTime="2024-03-04T10:15:00.0000000Z"/><EventRecordID>${record++}</EventRecordID><Channel>Security</Channel><Computer>DC01.corp.example.com</Computer></System><UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog"><SubjectUserSid>S-1-5-21-1-2-3-1105</SubjectUserSid><SubjectUserName>mallory</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x8a1f3</SubjectLogonId></LogFileCleared></UserData></Event>\n`;
    const [finding] = findings(cleared);
    assert.deepEqual([finding?.code, finding?.covers], ['log-cleared', 'mallory']);
    assert.match(finding!.message, /CORP\\mallory cleared the Security log at 2024-03-04T10:15:00\.0000000Z \(Logon ID 0x8a1f3\)/);
    // The same ID from another provider is not a cleared log.
    assert.deepEqual(codes(event(1102, { SubjectUserName: 'mallory' }, 'Some-Other-Provider')), []);
  });
});
