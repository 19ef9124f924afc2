import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Problem } from '../../server/src/core/parse/model';
import { Policy } from '../../server/src/core/policy/policy';
import { readPolicy } from '../../server/src/core/policy/readPolicy';
import { evaluateWindows } from '../../server/src/core/policy/windows/evaluateWindows';
import { patchWindows } from '../../server/src/core/policy/windows/patchWindows';
import { EventDocument, parseEventDocument, reparseRegion } from '../../server/src/core/parse/eventDocument';
import { changedRegion } from '../../server/src/core/parse/textEdit';
import { securityEvent } from '../helpers/corpus';
import { MAX_RELATED } from '../../server/src/core/policy/windows/windowRules';
import { explicit, failed, succeeded, text, ticket, traffic, Traffic } from '../helpers/traffic';

function windowFindings(t: Traffic, policy: Policy = {}): (Problem & { covers: string; event: number })[] {
  const source = text(t);
  const doc = parseEventDocument(source);
  const problems = evaluateWindows([['file:///w.xml', doc]], policy).get('file:///w.xml')!;
  return problems.map(p => ({ ...p, covers: source.slice(p.start, p.end), event: doc.events.findIndex(e => e.offset <= p.start && p.start < e.offset + e.record.length) }));
}

describe('window rules', () => {
  it('failed-logon-burst: thirty guesses at one password in 90 s, placed on the tenth, then the logon that worked', () => {
    const t = traffic();
    for (let k = 0; k < 30; k++) failed(t, k * 3, { user: 'alice', ip: '10.0.0.66' });
    succeeded(t, 120, { user: 'alice', ip: '10.0.0.66' });
    const found = windowFindings(t);
    assert.deepEqual(found.map(f => [f.code, f.event, f.covers]), [['failed-logon-burst', 9, 'alice'], ['logon-after-failures', 30, 'alice']]);
    const [burst, after] = found;
    assert.equal(burst!.message, '30 failed logons for CORP\\alice within 1 min 27 s, from 10.0.0.66 (30); all bad password (0xc000006a). Many failures for one account in minutes are password guessing; look for a success after them (logon-after-failures).');
    assert.equal(burst!.related!.length, MAX_RELATED, 'the other events, capped');
    assert.match(burst!.related![0]!.message, /^2024-03-04T09:00:00\.000Z failed logon \(bad password \(0xc000006a\)\): CORP\\alice from 10\.0\.0\.66$/);
    assert.match(after!.message, /^CORP\\alice logged on 33\.0 s after 30 failed logons for CORP\\alice within 1 min 27 s: the guessing may have worked/);
    assert.equal(burst!.account, 'CORP\\alice');
  });

  it('password-spray: one source, twenty-five accounts, one try each; no burst for any account', () => {
    const t = traffic();
    for (let k = 0; k < 25; k++) failed(t, k * 12, { user: `user${k}`, ip: '10.0.0.66', subStatus: k % 5 === 0 ? '0xc0000064' : '0xc000006a' });
    const found = windowFindings(t);
    assert.deepEqual(found.map(f => [f.code, f.event]), [['password-spray', 9]]);
    assert.equal(found[0]!.message, '10.0.0.66 failed to log on as 25 accounts (CORP\\user0, CORP\\user1, CORP\\user2, …) within 4 min 48 s, 25 attempts; mostly bad password (0xc000006a), 20 of 25: a password spray tries one password against many accounts.');
  });

  it('password-spray through 4648: one account giving twelve accounts\' credentials in three minutes', () => {
    const t = traffic();
    for (let k = 0; k < 12; k++) explicit(t, k * 15, { subject: 'mallory', target: `user${k}` });
    const found = windowFindings(t);
    assert.deepEqual(found.map(f => [f.code, f.event]), [['password-spray', 9]]);
    assert.match(found[0]!.message, /^CORP\\mallory gave the credentials of 12 accounts \(CORP\\user0, CORP\\user1, CORP\\user2, …\) within 2 min 45 s \(4648, 12 times\)/);
  });

  it('kerberoasting-burst: one account asking for RC4 tickets to eight services in twenty seconds', () => {
    const t = traffic();
    for (let k = 0; k < 8; k++) ticket(t, k * 2.5, { requester: 'eve', service: `svc_app${k}` });
    const found = windowFindings(t);
    assert.deepEqual(found.map(f => [f.code, f.event, f.covers]), [['kerberoasting-burst', 4, 'eve@CORP.EXAMPLE.COM']]);
    assert.equal(found[0]!.message, 'CORP.EXAMPLE.COM\\eve asked for RC4 service tickets to 8 user services (svc_app0, svc_app1, svc_app2, …) within 17.5 s, 8 tickets: Kerberoasting tools ask for every service account\'s ticket at once, to crack them offline. Find what ran as this account on its source, and give the service accounts long random passwords and AES only.');
    assert.equal(found[0]!.account, 'CORP.EXAMPLE.COM\\eve');
    assert.equal(found[0]!.related!.length, 7);
    assert.match(found[0]!.related![0]!.message, /^2024-03-04T09:00:00\.000Z RC4 service ticket \(4769\) for svc_app0, asked by CORP\.EXAMPLE\.COM\\eve$/);
  });

  it('kerberoasting-burst stays quiet on AES tickets, computer accounts, krbtgt, one service asked again and again, failures, and tickets spread over hours', () => {
    const t = traffic();
    for (let k = 0; k < 8; k++) ticket(t, k, { requester: 'alice', service: `svc_app${k}`, encryption: '0x12' });
    for (let k = 0; k < 8; k++) ticket(t, 10 + k, { requester: 'bob', service: `SRV${k}$` });
    for (let k = 0; k < 8; k++) ticket(t, 20 + k, { requester: 'carol', service: 'krbtgt' });
    for (let k = 0; k < 20; k++) ticket(t, 30 + k, { requester: 'dave', service: 'svc_sql' });
    for (let k = 0; k < 8; k++) ticket(t, 60 + k, { requester: 'frank', service: `svc_app${k}`, status: '0x1b' });
    for (let k = 0; k < 8; k++) ticket(t, 100 + k * 1800, { requester: 'gina', service: `svc_app${k}` });
    assert.deepEqual(windowFindings(t), []);
  });

  it('kerberoasting-burst follows its threshold and window from the policy, and its exceptions', () => {
    const t = traffic();
    for (let k = 0; k < 3; k++) ticket(t, k * 60, { requester: 'eve', service: `svc_app${k}` });
    assert.deepEqual(windowFindings(t), [], 'three services are under the default five');
    const { policy } = readPolicy(JSON.stringify({ rules: { 'kerberoasting-burst': { threshold: 3, windowMinutes: 5 } } }));
    assert.deepEqual(windowFindings(t, policy!).map(f => f.code), ['kerberoasting-burst']);
    const { policy: excepted } = readPolicy(JSON.stringify({ rules: { 'kerberoasting-burst': { threshold: 3, exceptions: ['CORP.EXAMPLE.COM\\eve'] } } }));
    assert.deepEqual(windowFindings(t, excepted!), []);
  });

  it('stays quiet on a busy file server: scattered mistakes, a stale mapped drive, a user who mistyped three times', () => {
    const t = traffic();
    let seed = 3;
    const random = (n: number): number => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    const events: [number, () => void][] = [];
    for (let k = 0; k < 300; k++) {
      const s = random(8 * 3600);
      const user = `user${random(200)}`;
      const ip = `10.0.${random(4)}.${1 + random(250)}`;
      events.push([s, () => failed(t, s, { user, ip })], [s + 5, () => succeeded(t, s + 5, { user, ip })]);
    }
    // bob's mapped drive with an old password: one failure every ten minutes, all day.
    for (let s = 0; s < 8 * 3600; s += 600) events.push([s, () => failed(t, s, { user: 'bob', ip: '10.0.0.9' })]);
    for (let k = 0; k < 3; k++) events.push([4000 + k * 4, () => failed(t, 4000 + k * 4, { user: 'carol', ip: '10.0.1.20' })]);
    events.push([4020, () => succeeded(t, 4020, { user: 'carol', ip: '10.0.1.20' })]);
    events.sort((a, b) => a[0] - b[0]).forEach(([, add]) => add());
    assert.deepEqual(windowFindings(t).map(f => f.code), []);
  });

  it('takes its threshold, window and exceptions (accounts, addresses, ranges) from the policy', () => {
    const t = traffic();
    for (let k = 0; k < 6; k++) failed(t, k * 10, { user: 'dave', ip: '10.0.2.5' });
    assert.deepEqual(windowFindings(t).map(f => f.code), []);
    const strict = readPolicy('{ "rules": { "failed-logon-burst": { "threshold": 5, "windowMinutes": 1 } } }').policy!;
    assert.deepEqual(windowFindings(t, strict).map(f => [f.code, f.event]), [['failed-logon-burst', 4]]);
    const excepted = (exceptions: string[]): Policy => ({ rules: { 'failed-logon-burst': { threshold: 5, windowMinutes: 1, exceptions } } });
    assert.deepEqual(windowFindings(t, excepted(['CORP\\dave'])).map(f => f.code), []);
    assert.equal(windowFindings({ ...t }, excepted(['CORP\\erin'])).length, 1);
    // A source excepted by range, for its own bursts across accounts.
    const s = traffic();
    for (let k = 0; k < 12; k++) failed(s, k * 5, { user: `svc${k % 3}`, ip: '10.9.0.7' });
    assert.deepEqual(windowFindings(s).map(f => f.code), ['failed-logon-burst']);
    assert.match(windowFindings(s)[0]!.message, /^12 failed logons from 10\.9\.0\.7 within 55\.0 s, as 3 accounts/);
    assert.deepEqual(windowFindings(s, { rules: { 'failed-logon-burst': { exceptions: ['10.9.0.0/16'] } } }).map(f => f.code), []);
    assert.deepEqual(windowFindings(s, { rules: { 'failed-logon-burst': 'off' } }).map(f => f.code), []);
  });

  it('counts an event once when two documents hold it (an .evtx and its XML export)', () => {
    const t = traffic();
    for (let k = 0; k < 12; k++) failed(t, k * 3, { user: 'alice', ip: '10.0.0.66' });
    const copy = parseEventDocument(text(t));
    const found = evaluateWindows([['file:///a.xml', parseEventDocument(text(t))], ['file:///b.xml', copy]], {});
    assert.deepEqual([...found.values()].flat().map(p => p.message.replace(/ within .*/, '')), ['12 failed logons for CORP\\alice'], 'twelve, not twenty-four');
  });

  it('moves its findings after an edit that changes no attempt, and agrees with finding them again', () => {
    const t = traffic();
    const other = (): void => void t.events.push(securityEvent(4672, '<Data Name="SubjectUserName">svc</Data><Data Name="SubjectLogonId">0x3e7</Data>', { record: t.record++ }));
    other();
    other();
    for (let k = 0; k < 12; k++) failed(t, k * 3, { user: 'alice', ip: '10.0.0.66' });
    other();
    other();
    const uri = 'file:///w.xml';
    const edit = (doc: EventDocument, from: string, to: string, nth = 0) => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = doc.text.indexOf(from, at + 1);
      return reparseRegion(doc, doc.text.slice(0, at) + to + doc.text.slice(at + from.length), changedRegion([{ start: at, end: at + from.length, text: to }])!)!;
    };
    // A 4672 well before the burst, one well after it, a failure in it renamed, a failure's field
    // that windows do not read (its LogonType, on the event completing the burst too), and one they do.
    const cases = [
      ['>svc<', '>svc_longer_name<', 0, true], ['>svc<', '>s<', 3, true], ['>alice<', '>alicia<', 3, false],
      ['"LogonType">3<', '"LogonType">2<', 3, true], ['"LogonType">3<', '"LogonType">7<', 9, true], ['"LogonType">3<', '"LogonType">10<', 11, true],
      ['>0xc000006a<', '>0xc0000064<', 3, false],
    ] as const;
    for (const [from, to, nth, patched] of cases) {
      // A fresh document each time: an edit updates its events in place.
      const before = parseEventDocument(text(t));
      const byUri = evaluateWindows([[uri, before]], {});
      const result = edit(before, from, to, nth);
      assert.equal(patchWindows(byUri, uri, result.edit), patched, `${from} -> ${to}`);
      if (patched) assert.deepEqual(byUri.get(uri), evaluateWindows([[uri, result.doc]], {}).get(uri), `${from} -> ${to}`);
    }
  });

  it('reads threshold and windowMinutes only for window rules, and only in range', () => {
    const { problems } = readPolicy('{ "rules": { "failed-logon-burst": { "threshold": 0, "windowMinutes": "5" }, "ntlm-v1": { "threshold": 3 } } }');
    assert.deepEqual(problems.map(p => p.message), [
      "'threshold' is a whole number from 1 to 100,000.",
      "'windowMinutes' is a number from 0.1 to 10,080.",
      "'threshold' applies only to the window rules (failed-logon-burst, password-spray, logon-after-failures, kerberoasting-burst); it is ignored here.",
    ]);
  });
});
