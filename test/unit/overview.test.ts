import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { securityEvent } from '../helpers/corpus';
import { lensOver } from '../helpers/lens';
import { sessionTreeChildren } from '../../server/src/core/features/sessionTree';
import { Session } from '../../server/src/core/sessions/model';

const logon = (user: string, logonId: string, type: number, time: string, record: number, computer = 'WS01.corp.example.com'): string => securityEvent(4624, [
  `<Data Name="TargetUserName">${user}</Data>`, '<Data Name="TargetDomainName">CORP</Data>',
  `<Data Name="TargetLogonId">${logonId}</Data>`, `<Data Name="LogonType">${type}</Data>`,
].join('\n'), { time, record, computer });
const logoff = (logonId: string, time: string, record: number): string => securityEvent(4634, `<Data Name="TargetLogonId">${logonId}</Data>`, { time, record });

describe('the outline grouped by computer or by session (logonLens.outline.groupBy)', () => {
  const text = logon('alice', '0x100', 2, '2024-03-04T10:00:00.0000000Z', 1)
    + logon('bob', '0x200', 3, '2024-03-04T10:01:00.0000000Z', 2)
    + logon('carol', '0x300', 3, '2024-03-04T10:01:30.0000000Z', 3, 'SRV02.corp.example.com')
    + logoff('0x100', '2024-03-04T10:02:00.0000000Z', 4)
    + securityEvent(4608, '', { time: '2024-03-04T09:00:00.0000000Z', record: 5 });
  const uri = 'file:///case/mixed.xml';

  it('groups events under their computer', () => {
    const { lens } = lensOver([[uri, text]], { outlineGroupBy: () => 'computer' });
    const symbols = lens.documentSymbols(uri);
    assert.deepEqual(symbols.map(s => [s.name, s.detail, s.children?.length]), [['WS01.corp.example.com', '4 events', 4], ['SRV02.corp.example.com', '1 event', 1]]);
    // A group's range holds its events, from the first to the last, even where another computer's event lies between.
    assert.deepEqual(symbols[0]!.range.start, symbols[0]!.children![0]!.range.start);
    assert.deepEqual(symbols[0]!.range.end, symbols[0]!.children![3]!.range.end);
  });

  it('groups events under computer, then session; events of no session apart', () => {
    const { lens } = lensOver([[uri, text]], { outlineGroupBy: () => 'session' });
    const [ws01] = lens.documentSymbols(uri);
    assert.deepEqual(ws01!.children!.map(s => [s.name, s.children!.map(e => e.name.split(' · ')[0])]), [
      ['CORP\\alice · 0x100 · 2 Interactive', ['4624 Logon', '4634 Logoff']],
      ['CORP\\bob · 0x200 · 3 Network', ['4624 Logon']],
      ['Events of no session in view', ['4608 Startup']],
    ]);
  });

  it('is a flat list of events by default', () => {
    const { lens } = lensOver([[uri, text]]);
    assert.equal(lens.documentSymbols(uri).length, 5);
  });
});

describe('sessions as CSV from the editor', () => {
  it('makes hostile names safe for spreadsheets, and writes one line per session', () => {
    const text = logon('mallory', '0x100', 2, '2024-03-04T10:00:00.0000000Z', 1, '=HYPERLINK("http://evil")')
      + logon('line\nbreak', '0x200', 3, '2024-03-04T10:01:00.0000000Z', 2);
    const { lens } = lensOver([['file:///case/a%20b.xml', text]]);
    const rows = lens.sessionsCsv().trimEnd().split('\n');
    assert.equal(rows.length, 3, 'a line break in a name stays in its cell');
    const hostile = rows.find(r => r.includes('mallory'))!;
    assert.ok(hostile.startsWith(`"'=HYPERLINK(""http://evil"")","CORP\\mallory"`), hostile);
    assert.match(hostile, /"\/case\/a b\.xml:1:1",""$/, 'the place names the file by its path');
    assert.ok(rows.some(r => r.includes('"CORP\\line\\u000Abreak"')), rows.join('\n'));
  });
});

describe('the overview the timeline and graph draw', () => {
  it('writes out control, bidi and markup characters of names as labels, and counts problems, boots and shutdowns', () => {
    const text = securityEvent(4608, '', { time: '2024-03-04T09:00:00.0000000Z', record: 1 })
      + logon('eve\u202Egnp.exe&lt;img src=x onerror=alert(1)&gt;', '0x100', 10, '2024-03-04T10:00:00.0000000Z', 2)
      + logon('line&#10;break', '0x200', 3, '2024-03-04T10:01:00.0000000Z', 3)
      + securityEvent(4609, '', { time: '2024-03-04T12:00:00.0000000Z', record: 4 });
    const { lens } = lensOver([['file:///case/o.xml', text]]);
    const overview = lens.overview();
    assert.ok(overview.accounts.some(a => a.includes('\\u202E') && a.includes('<img')), JSON.stringify(overview.accounts));
    assert.ok(overview.accounts.every(a => !/[\u0000-\u001f\u202e]/.test(a)), 'no raw control or bidi character reaches the webview');
    assert.deepEqual(overview.marks.map(m => m.kind), ['boot', 'shutdown']);
    assert.deepEqual(overview.sessions.map(s => [s.logonType, s.ended]), [[10, 'shutdown'], [3, 'shutdown']]);
    assert.ok(overview.sessions.every(s => s.location?.uri === 'file:///case/o.xml'));
  });
});

describe('the Logon Sessions view on a busy boot', () => {
  it('lists a boot of 200,000 sessions (more than a function call takes as arguments)', () => {
    const sessions = Array.from({ length: 200_000 }, (_, k) => ({ computer: 'DC01', boot: 0, start: 1_700_000_000_000 + k, key: `dc01|0|${k}` })) as unknown as Session[];
    const [boot] = sessionTreeChildren({ sessions, occurrencesByUri: new Map() }, 'c:dc01', () => undefined);
    assert.equal(boot?.description, 'from 2023-11-14 22:13:20 · 200000 sessions');
  });
});

