import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Location } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readSample, securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

// Hand-made events, written for these tests: a logon export on disk, a logoff export opened.
const logonFile = securityEvent(4672, '<Data Name="SubjectLogonId">0x1a0992</Data>', { time: '2024-03-01T09:59:59.9000000Z', record: 10 })
  + securityEvent(4624, [
    '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1105</Data>', '<Data Name="TargetUserName">alice</Data>',
    '<Data Name="TargetDomainName">CORP</Data>', '<Data Name="TargetLogonId">0x1a0992</Data>',
    '<Data Name="LogonType">10</Data>', '<Data Name="IpAddress">10.1.2.3</Data>',
  ].join('\n'), { time: '2024-03-01T10:00:00.0000000Z', record: 11 });
const logoffFile = securityEvent(4688, '<Data Name="SubjectLogonId">0x00000000001A0992</Data>', { time: '2024-03-01T10:30:00.0000000Z', record: 12 })
  + securityEvent(4634, '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1105</Data>\n<Data Name="TargetLogonId">0x1a0992</Data>\n<Data Name="LogonType">10</Data>', { time: '2024-03-01T11:00:00.0000000Z', record: 13 });

describe('logon sessions over stdio, across workspace files', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-ws-'));
  fs.mkdirSync(path.join(folder, 'logons'));
  fs.mkdirSync(path.join(folder, 'node_modules'));
  const logonPath = path.join(folder, 'logons', 'security.xml');
  fs.writeFileSync(logonPath, logonFile);
  fs.writeFileSync(path.join(folder, 'node_modules', 'ignored.xml'), logonFile.replace(/0x1a0992/g, '0x777'));
  fs.writeFileSync(path.join(folder, 'pom.xml'), '<project xmlns="http://maven.apache.org/POM/4.0.0"/>');
  const logonUri = pathToFileURL(logonPath).toString();
  const logoffUri = pathToFileURL(path.join(folder, 'logoffs.xml')).toString();
  const positions = TextDocument.create(logoffUri, 'xml', 1, logoffFile);
  const logoffId = positions.positionAt(logoffFile.lastIndexOf('0x1a0992') + 3);
  const client = new LspTestClient();

  before(async () => {
    await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
    await client.waitForLog(/^Indexed 1 event file /);
    await client.open(logoffUri, logoffFile);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('goes from a 4634 in the open file to the 4624 in a file that was never opened', async () => {
    const definition = await client.definition(logoffUri, logoffId) as Location;
    assert.equal(definition.uri, logonUri);
    const target = TextDocument.create(logonUri, 'xml', 1, logonFile);
    assert.equal(target.getText(definition.range), '0x1a0992');
    assert.equal(target.offsetAt(definition.range.start), logonFile.indexOf('<Data Name="TargetLogonId">0x1a0992') + '<Data Name="TargetLogonId">'.length);
  });

  it('goes there from a zero-padded SubjectLogonId too', async () => {
    const definition = await client.definition(logoffUri, positions.positionAt(logoffFile.indexOf('0x00000000001A0992') + 5)) as Location;
    assert.equal(definition.uri, logonUri);
  });

  it('lists every event of the session across files, in time order', async () => {
    const references = await client.references(logoffUri, logoffId);
    const lineOf = (text: string, needle: string, nth: number): number => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(needle, at + 1);
      return TextDocument.create('file:///x', 'xml', 1, text).positionAt(at).line;
    };
    assert.deepEqual(references!.map(r => [r.uri === logonUri ? 'logons' : 'logoffs', r.range.start.line]), [
      ['logons', lineOf(logonFile, '0x1a0992', 0)], // the 4672, logged just before the 4624
      ['logons', lineOf(logonFile, '0x1a0992', 1)], // the 4624
      ['logoffs', lineOf(logoffFile, '0x00000000001A0992', 0)], // the 4688
      ['logoffs', lineOf(logoffFile, '0x1a0992', 0)], // the 4634
    ]);
    assert.equal((await client.references(logoffUri, logoffId, false))!.length, 3);
  });

  it('highlights the session in the open file', async () => {
    assert.equal((await client.highlights(logoffUri, logoffId))!.length, 2);
  });

  it('summarises the session in the hover', async () => {
    const hover = await client.hover(logoffUri, logoffId);
    const markdown = (hover!.contents as { value: string }).value;
    assert.match(markdown, /Session of `CORP\\alice`\*\* · RemoteInteractive \(10\)/);
    assert.match(markdown, /Source: `10\.1\.2\.3`/);
    assert.match(markdown, /logged off \(4634\), after 1 h 0 min/);
    assert.match(markdown, /Privileged: yes \(4672, record 10\)/);
    assert.match(markdown, /Events: 4/);
  });

  it('shows inlay hints in the requested range', async () => {
    const hints = await client.inlayHints(logoffUri, { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } });
    assert.deepEqual(hints!.map(h => h.label), ['→ CORP\\alice', 'CORP\\alice', '→ CORP\\alice', 'RemoteInteractive']);
  });

  it('names a SID from the accounts seen in workspace files that are not open', async () => {
    const hover = await client.hover(logoffUri, positions.positionAt(logoffFile.indexOf('S-1-5-21-1-2-3-1105') + 4));
    assert.match((hover!.contents as { value: string }).value, /Seen in these events as `CORP\\alice` \(1 event\)/);
  });

  it('follows a file created on disk', async () => {
    const extraPath = path.join(folder, 'more.xml');
    fs.writeFileSync(extraPath, securityEvent(4624, '<Data Name="TargetLogonId">0x99</Data><Data Name="TargetUserName">bob</Data>', { time: '2024-03-01T10:00:00.0000000Z', record: 20 }));
    const other = securityEvent(4634, '<Data Name="TargetLogonId">0x99</Data>', { time: '2024-03-01T12:00:00.0000000Z', record: 21 });
    const otherUri = pathToFileURL(path.join(folder, 'other.xml')).toString();
    await client.open(otherUri, other);
    const at = TextDocument.create(otherUri, 'xml', 1, other).positionAt(other.indexOf('0x99') + 2);
    assert.equal(await client.definition(otherUri, at), null);
    await client.filesChanged([{ uri: pathToFileURL(extraPath).toString(), type: 1 }]);
    await client.waitForLog(/more\.xml again/);
    assert.equal((await client.definition(otherUri, at) as Location).uri, pathToFileURL(extraPath).toString());
    fs.rmSync(extraPath);
    await client.filesChanged([{ uri: pathToFileURL(extraPath).toString(), type: 3 }]);
    assert.equal(await client.definition(otherUri, at), null);
  });
});

describe('code lens over stdio on a real export', () => {
  const client = new LspTestClient();
  before(() => client.initialize());
  after(() => client.stop());

  it('puts a session summary above each 4624 that begins a session, with a command to show its events', async () => {
    const text = readSample('velocidex-security.xml');
    const uri = 'file:///velocidex/security.xml';
    await client.open(uri, text);
    const lenses = (await client.codeLenses(uri))!;
    const positions = TextDocument.create(uri, 'xml', 1, text);
    const logons = [...text.matchAll(/<EventID>4624<\/EventID>/g)].length;
    assert.ok(lenses.length > 0 && lenses.length < logons, 'well-known Logon IDs (SYSTEM services) get no lens');
    for (const lens of lenses) {
      assert.equal(lens.command!.command, 'logonLens.showSessionEvents');
      assert.ok(text.startsWith('<Event', positions.offsetAt(lens.range.start)));
      const [lensUri, target] = lens.command!.arguments as [string, { line: number; character: number }];
      assert.equal(lensUri, uri);
      assert.ok((await client.references(uri, target))!.length >= 1);
    }
    const titles = lenses.map(l => l.command!.title);
    assert.ok(titles.includes('TESTCOMPUTER\\user · Interactive · from ::1 · 6.02 s, logged off (4634) · 2 events'), titles.join('\n'));
    assert.ok(titles.some(t => /^TESTCOMPUTER\\test · Interactive · from 127\.0\.0\.1 · .* · privileged$/.test(t)));
  });
});
