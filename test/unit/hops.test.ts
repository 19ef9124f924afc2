import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Position } from 'vscode-languageserver-types';
import { securityEvent } from '../helpers/corpus';
import { lensOver } from '../helpers/lens';

// Hand-made events of two hosts: on WS01, alice gives CORP\admin's credentials to reach SRV02 (4648);
// on SRV02, CORP\admin logs on over the network from WS01 two seconds later (4624).
const explicit = (o: { server?: string; user?: string; time?: string; record?: number } = {}): string => securityEvent(4648, [
  '<Data Name="SubjectUserSid">S-1-5-21-1-2-3-1105</Data>', '<Data Name="SubjectUserName">alice</Data>', '<Data Name="SubjectDomainName">CORP</Data>',
  '<Data Name="SubjectLogonId">0x51a2c</Data>', `<Data Name="TargetUserName">${o.user ?? 'admin'}</Data>`, '<Data Name="TargetDomainName">CORP</Data>',
  `<Data Name="TargetServerName">${o.server ?? 'SRV02.corp.example.com'}</Data>`, '<Data Name="TargetInfo">cifs/SRV02.corp.example.com</Data>',
  '<Data Name="ProcessName">C:\\Windows\\System32\\net.exe</Data>', '<Data Name="IpAddress">-</Data>',
].join('\n'), { computer: 'WS01.corp.example.com', record: o.record ?? 100, time: o.time ?? '2024-03-04T10:00:00.0000000Z' });
const arrival = (o: { workstation?: string; time?: string; type?: number; record?: number; id?: string } = {}): string => securityEvent(4624, [
  '<Data Name="TargetUserSid">S-1-5-21-1-2-3-500</Data>', '<Data Name="TargetUserName">admin</Data>', '<Data Name="TargetDomainName">CORP</Data>',
  `<Data Name="TargetLogonId">${o.id ?? '0x9f1e2'}</Data>`, `<Data Name="LogonType">${o.type ?? 3}</Data>`,
  `<Data Name="WorkstationName">${o.workstation ?? 'WS01'}</Data>`, '<Data Name="IpAddress">10.0.0.21</Data>',
].join('\n'), { computer: 'SRV02.corp.example.com', record: o.record ?? 7000, time: o.time ?? '2024-03-04T10:00:02.0000000Z' });

function at(text: string, needle: string, into = 1): Position {
  const offset = text.indexOf(needle) + into;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('hops between hosts (a 4648 and the 4624 it caused)', () => {
  const ws = 'file:///case/ws01.xml';
  const srv = 'file:///case/srv02.xml';

  it('link both ways: definition, references and hovers', () => {
    const source = explicit();
    const target = arrival();
    const { lens } = lensOver([[ws, source], [srv, target]]);
    const toLogon = lens.definition(ws, at(source, 'SRV02.corp'));
    assert.deepEqual(toLogon, { uri: srv, range: { start: at(target, '0x9f1e2', 0), end: at(target, '0x9f1e2', 7) } });
    const back = lens.definition(srv, at(target, '>WS01<'));
    assert.equal(back?.uri, ws);
    assert.deepEqual(back!.range.start, at(source, 'SRV02.corp', 0));
    assert.deepEqual(lens.references(ws, at(source, '>admin<'), true).map(l => l.uri), [ws, srv]);

    const led = (lens.hover(ws, at(source, 'SRV02.corp'))!.contents as { value: string }).value;
    assert.match(led, /\*\*Led to\*\* a logon on `SRV02\.corp\.example\.com`: 4624 Logon · 2024-03-04 10:00:02\.000 · #7000, `CORP\\admin` · Network \(3\), session `0x9f1e2`/);
    const caused = (lens.hover(srv, at(target, '>WS01<'))!.contents as { value: string }).value;
    assert.match(caused, /\*\*Caused by\*\* explicit credentials given on another host/);
    assert.match(caused, /- 4648 Explicit credentials · 2024-03-04 10:00:00\.000 · #100 on `WS01\.corp\.example\.com` by `CORP\\alice`/);
  });

  it('link nothing that does not fit: another account, another source, too late, another host, a local logon', () => {
    const cases: [string, string, string][] = [
      ['another account', explicit({ user: 'bob' }), arrival()],
      ['another workstation', explicit(), arrival({ workstation: 'WS77' })],
      ['a minute later', explicit(), arrival({ time: '2024-03-04T10:01:00.0000000Z' })],
      ['another server', explicit({ server: 'SRV03' }), arrival()],
      ['an interactive logon', explicit(), arrival({ type: 2 })],
      ['an address, not a name', explicit({ server: '10.0.0.5' }), arrival()],
    ];
    for (const [what, source, target] of cases) {
      const { lens } = lensOver([[ws, source], [srv, target]]);
      assert.equal(lens.definition(ws, at(source, 'TargetServerName">', 19)), null, what);
      assert.doesNotMatch(JSON.stringify(lens.hover(srv, at(target, 'WorkstationName">', 18))), /Caused by/, what);
    }
  });

  it('choose the closest logon when the account logs on twice in the window', () => {
    const source = explicit({ time: '2024-03-04T10:00:10.0000000Z' });
    const target = arrival({ time: '2024-03-04T10:00:01.0000000Z', id: '0x1111', record: 1 }) + arrival({ time: '2024-03-04T10:00:11.0000000Z', id: '0x2222', record: 2 });
    const { lens } = lensOver([[ws, source], [srv, target]]);
    assert.deepEqual(lens.definition(ws, at(source, 'SRV02.corp'))?.range.start, at(target, '0x2222', 0));
  });
});
