import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

// Hand-made: a case folder with an export on disk that nobody opens: a 4672 for alice, and an impossible LogonType.
const onDisk = securityEvent(4672, '<Data Name="SubjectUserSid">S-1-5-21-1-2-3-1105</Data><Data Name="SubjectUserName">alice</Data><Data Name="SubjectDomainName">CORP</Data><Data Name="SubjectLogonId">0x51</Data>', { record: 1 })
  + securityEvent(4624, '<Data Name="TargetUserName">bob</Data><Data Name="TargetLogonId">0x52</Data><Data Name="LogonType">42</Data>', { record: 2 });

describe('problems of the workspace\'s files, open or not, over stdio', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-case-'));
  const file = path.join(folder, 'dc01.xml');
  fs.writeFileSync(file, onDisk);
  const uri = pathToFileURL(file).toString();
  const client = new LspTestClient();

  before(async () => {
    await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'case' }]);
    await client.waitForLog(/^Indexed 1 event file /);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes a file\'s problems and findings without opening it', async () => {
    const diagnostics = await client.diagnosticsFor(uri, p => p.diagnostics.length > 0);
    assert.deepEqual(diagnostics.map(d => d.code).sort(), ['unexpected-privileges', 'unknown-logon-type']);
    assert.equal(diagnostics.find(d => d.code === 'unknown-logon-type')!.range.start.line, onDisk.slice(0, onDisk.indexOf('>42<')).split('\n').length - 1);
  });

  it('keeps to the open documents when the setting says so', async () => {
    await client.notifyWith('workspace/didChangeConfiguration', { settings: { logonLens: { diagnostics: { scope: 'openFiles' } } } });
    const cleared = await client.diagnosticsFor(uri, p => p.diagnostics.length === 0);
    assert.deepEqual(cleared, []);
  });
});
