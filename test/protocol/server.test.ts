import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readSample, ROOT, securityEvent, SHAPES } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

const markdown = (hover: unknown): string => ((hover as { contents: { value: string } } | null)?.contents.value ?? '');

describe('the language server over stdio', () => {
  const client = new LspTestClient();
  before(() => client.initialize());
  after(() => client.stop());

  it('declares incremental sync and hovers', () => {
    assert.equal(client.initializeResult?.capabilities.hoverProvider, true);
    assert.equal(client.initializeResult?.capabilities.textDocumentSync, 2);
    assert.equal(client.initializeResult?.serverInfo?.name, 'Logon Lens');
    assert.equal(client.initializeResult?.serverInfo?.version, JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('answers hovers at exact positions in a real export, in the compact shape too', async () => {
    for (const [shape, reshape] of [['pretty', SHAPES.pretty!], ['compact', SHAPES.compactSingleQuoted!]] as const) {
      const text = reshape(readSample('velocidex-security.xml'));
      const uri = `file:///work/${shape}/security.xml`;
      await client.open(uri, text);
      const positions = TextDocument.create(uri, 'xml', 1, text);
      const at = (needle: string, delta = 1) => positions.positionAt(text.indexOf(needle) + delta);

      const logonType = await client.hover(uri, at(shape === 'pretty' ? 'Name="LogonType">5' : "Name='LogonType'>5", 18));
      assert.match(markdown(logonType), /Logon type 5: Service/);
      assert.deepEqual(logonType?.range, { start: at(shape === 'pretty' ? 'Name="LogonType">5' : "Name='LogonType'>5", 17), end: at(shape === 'pretty' ? 'Name="LogonType">5' : "Name='LogonType'>5", 18) });
      assert.match(markdown(await client.hover(uri, at('S-1-5-90-0-1', 3))), /DWM-1/);
      assert.match(markdown(await client.hover(uri, at('0x0000000000029936', 4))), /Logon ID 0x29936\*\* \(decimal 170294\)/);
      assert.match(markdown(await client.hover(uri, at('%%1842', 2))), /%%1842: Yes/);
      assert.equal(await client.hover(uri, at('<System>', 2)), null);
      // Only the special privileges of the sample machine's local administrator, 'test', and the
      // Security log he cleared (a real 1102).
      const diagnostics = await client.diagnosticsFor(uri, p => p.diagnostics.length > 0);
      assert.ok(diagnostics.length > 1);
      for (const d of diagnostics) {
        assert.ok(d.code === 'unexpected-privileges' || d.code === 'log-cleared', String(d.code));
        assert.equal(positions.getText(d.range), 'test');
        assert.deepEqual(d.data, { account: 'TESTCOMPUTER\\test' });
      }
      assert.equal(diagnostics.filter(d => d.code === 'log-cleared').length, 1);
    }
  });

  it('reports a malformed event at the place it breaks, and keeps serving the events after it', async () => {
    const text = securityEvent(4624, '<Data Name="LogonType">3</Data>\n<Data Name="TargetUserName">bob</Dta>', { record: 1 })
      + securityEvent(4634, '<Data Name="LogonType">99</Data>', { record: 2 });
    const uri = 'file:///work/broken.xml';
    await client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri);
    const positions = TextDocument.create(uri, 'xml', 1, text);
    assert.deepEqual(diagnostics.map(d => [d.code, d.severity, d.source, positions.getText(d.range)]), [
      ['xml-malformed', 1, 'logon-lens', '</Dta>'],
      ['unknown-logon-type', 2, 'logon-lens', '99'],
    ]);
    assert.match(String(diagnostics[0]!.message), /Expected <\/Data> .* found <\/Dta>/);
    assert.match(diagnostics[0]!.codeDescription!.href, /^file:\/\/.*\/docs\/rules\/xml-malformed\.md$/);
    const after = text.lastIndexOf('>99<') + 1;
    assert.match(markdown(await client.hover(uri, positions.positionAt(after))), /Logon type 99: unknown/);
  });

  it('follows incremental edits: fixing the break clears the diagnostic', async () => {
    const text = securityEvent(4624, '<Data Name="TargetUserName">bob</Dta>');
    const uri = 'file:///work/edit.xml';
    await client.open(uri, text);
    assert.equal((await client.diagnosticsFor(uri, p => p.version === 1)).length, 1);
    const positions = TextDocument.create(uri, 'xml', 1, text);
    const start = positions.positionAt(text.indexOf('</Dta>') + 2);
    await client.change(uri, 2, [{ range: { start, end: { line: start.line, character: start.character + 3 } }, text: 'Data' }]);
    assert.deepEqual(await client.diagnosticsFor(uri, p => p.version === 2), []);
  });

  it('leaves unrelated XML alone', async () => {
    const uri = 'file:///work/pom.xml';
    const pom = '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><Data Name="LogonType">5</Data></project>';
    await client.open(uri, pom);
    assert.deepEqual(await client.diagnosticsFor(uri), []);
    assert.equal(await client.hover(uri, { line: 1, character: 80 }), null);
  });

  it('learns account names across open documents', async () => {
    const sid = 'S-1-5-21-1111-2222-3333-1500';
    await client.open('file:///work/a.xml', securityEvent(4624, `<Data Name="TargetUserSid">${sid}</Data><Data Name="TargetUserName">carol</Data><Data Name="TargetDomainName">CORP</Data>`));
    const other = securityEvent(4634, `<Data Name="TargetUserSid">${sid}</Data>`);
    await client.open('file:///work/b.xml', other);
    const positions = TextDocument.create('file:///work/b.xml', 'xml', 1, other);
    const hover = await client.hover('file:///work/b.xml', positions.positionAt(other.indexOf(sid) + 5));
    assert.match(markdown(hover), /`CORP\\carol` \(1 event\)/);
    await client.close('file:///work/a.xml');
    assert.doesNotMatch(markdown(await client.hover('file:///work/b.xml', positions.positionAt(other.indexOf(sid) + 5))), /carol/);
  });

  it('never writes to stderr during all of this', () => {
    assert.deepEqual(client.stderr, []);
  });
});
