import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { readSample, securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

const logon = securityEvent(4624, '<Data Name="TargetUserName">alice</Data><Data Name="TargetDomainName">CORP</Data><Data Name="TargetLogonId">0x77777</Data><Data Name="LogonType">10</Data>', { time: '2024-03-04T10:00:00.0000000Z', record: 1 });
const logoff = securityEvent(4634, '<Data Name="TargetLogonId">0x77777</Data>', { time: '2024-03-04T11:00:00.0000000Z', record: 2 });

describe('answers while the workspace is still being read', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-ready-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('never says a session is absent before every file is read: definition waits, hovers say they are still reading', async () => {
    // Many files to read, and the logon in the last of them (folders are read in name order).
    const filler = readSample('velocidex-security.xml');
    for (let k = 0; k < 40; k++) fs.writeFileSync(path.join(folder, `a${String(k).padStart(3, '0')}.xml`), filler);
    fs.writeFileSync(path.join(folder, 'zz-logon.xml'), logon);
    const client = new LspTestClient();
    try {
      await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
      const uri = 'file:///logoff.xml';
      await client.open(uri, logoff);
      const line = logoff.split('\n').findIndex(l => l.includes('0x77777'));
      const at = { line, character: logoff.split('\n')[line]!.indexOf('0x77777') + 2 };
      const [hover, definition] = await Promise.all([client.hover(uri, at), client.definition(uri, at)]);
      const markdown = (hover!.contents as { value: string }).value;
      assert.doesNotMatch(markdown, /No 4624/, 'an absence is never stated before it is known');
      // Depending on how far the scan is: still finding the files, reading them, or done.
      assert.match(markdown, /Still finding the workspace's event files|Still reading event files \(\d[\d,]* of \d[\d,]*\)|Session of `CORP\\alice`/);
      assert.ok(definition !== null, 'definition waited for the reading');
      assert.equal((Array.isArray(definition) ? definition[0]! : definition).uri, pathToFileURL(path.join(folder, 'zz-logon.xml')).toString());
      const early = await client.diagnosticsFor(uri);
      assert.ok(!early.some(d => d.code === 'orphan-logoff'), 'no orphan-logoff while reading: its logon may be in a file not read yet');
      await client.waitForLog(/^Indexed 41 event files /);
      const after = (await client.hover(uri, at))!;
      assert.match((after.contents as { value: string }).value, /Session of `CORP\\alice`/);
    } finally {
      await client.stop();
    }
  });
});

describe('a big document opening', () => {
  it('does not hold up requests on other documents: they are answered while it is parsed, and its own wait for it', async () => {
    // About 10 MB: parsed a step at a time, many steps.
    const events = Array.from({ length: 17000 }, (_, k) => logon.replace('0x77777', `0x${(0x100000 + k).toString(16)}`).replace('<EventRecordID>1<', `<EventRecordID>${k + 1}<`));
    const big = `<Events>\n${events.join('\n')}\n</Events>\n`;
    assert.ok(big.length > 10 * (1 << 20) * 0.9);
    const client = new LspTestClient();
    try {
      await client.initialize(null, undefined, { window: { workDoneProgress: true } });
      await client.open('file:///small.xml', logon);
      const line = logon.split('\n').findIndex(l => l.includes('LogonType'));
      const at = { line, character: logon.split('\n')[line]!.indexOf('>10<') + 1 };
      assert.ok(await client.hover('file:///small.xml', at), 'the small document answers');

      const answered: string[] = [];
      await client.open('file:///big.xml', big);
      const bigLine = big.split('\n').findIndex(l => l.includes('LogonType'));
      // The big document's hover is sent first; the small one's is answered first.
      const onBig = client.hover('file:///big.xml', { line: bigLine, character: big.split('\n')[bigLine]!.indexOf('>10<') + 1 }).then(h => (answered.push('big'), h));
      const onSmall = client.hover('file:///small.xml', at).then(h => (answered.push('small'), h));
      const [bigHover, smallHover] = await Promise.all([onBig, onSmall]);
      assert.deepEqual(answered, ['small', 'big']);
      assert.match((smallHover!.contents as { value: string }).value, /RemoteInteractive/);
      assert.match((bigHover!.contents as { value: string }).value, /RemoteInteractive/, 'the big document answers once parsed');
      // The user saw what was read, as work-done progress and in the status item, and then what is known.
      await client.waitForStatus(s => !s.busy && /sessions/.test(s.text));
      const reports = client.progress.filter(p => p.kind === 'report' || p.kind === 'begin').map(p => p.message);
      assert.ok(reports.some(m => /^reading [\d,]+ of 17,000 events$/.test(m ?? '')), JSON.stringify(reports));
      assert.equal(client.progress[client.progress.length - 1]!.kind, 'end');
      assert.ok(client.statuses.some(s => s.busy && /^Logon Lens: reading [\d,]+ of 17,000 events$/.test(s.text)), JSON.stringify(client.statuses));
      const last = client.statuses[client.statuses.length - 1]!;
      assert.equal(last.busy, false);
      assert.match(last.text, /^Logon Lens: [\d,]+ events · 17,001 sessions · [\d,]+ problems?$/);
      assert.match(last.tooltip, /^17,001 events in 2 files, 17,001 logon sessions, [\d,]+ problems? shown\. Policy: built-in defaults\.$/);
    } finally {
      await client.stop();
    }
  });
});

describe('local time is the user\'s', () => {
  it('shows TimeCreated in the time zone the client sends, not the server\'s', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize(null, { timeZone: 'Asia/Tokyo' });
      await client.open('file:///t.xml', logon);
      const line = logon.split('\n').findIndex(l => l.includes('SystemTime'));
      const hover = (await client.hover('file:///t.xml', { line, character: logon.split('\n')[line]!.indexOf('2024') + 3 }))!;
      assert.match((hover.contents as { value: string }).value, /Local time: Mar 4, 2024, 7:00:00\s?PM GMT\+9/);
    } finally {
      await client.stop();
    }
  });
});
