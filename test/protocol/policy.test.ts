import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

// Hand-made events, written for these tests: a 4627 on disk proves a Service logon is a domain admin's.
const membership = securityEvent(4627, '<Data Name="TargetLogonId">0x4242</Data><Data Name="GroupMembership">\n\t\t%{S-1-5-21-1-2-3-513}\n\t\t%{S-1-5-21-1-2-3-512}</Data>', { time: '2024-03-04T09:59:59.9000000Z', record: 1 });
const serviceLogon = securityEvent(4624, [
  '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1300</Data>', '<Data Name="TargetUserName">svc_admin</Data>',
  '<Data Name="TargetDomainName">CORP</Data>', '<Data Name="TargetLogonId">0x4242</Data>', '<Data Name="LogonType">5</Data>',
].join('\n'), { time: '2024-03-04T10:00:00.0000000Z', record: 2 }) + securityEvent(4624, [
  '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1301</Data>', '<Data Name="TargetUserName">web</Data>',
  '<Data Name="TargetDomainName">CORP</Data>', '<Data Name="TargetLogonId">0x4343</Data>', '<Data Name="LogonType">8</Data>',
].join('\n'), { time: '2024-03-04T10:00:01.0000000Z', record: 3 });

function workspace(): { folder: string; uri: string; policyPath: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-policy-'));
  fs.writeFileSync(path.join(folder, 'groups.xml'), membership);
  return { folder, uri: pathToFileURL(path.join(folder, 'logons.xml')).toString(), policyPath: path.join(folder, 'logon-policy.json') };
}

describe('policy diagnostics over stdio', () => {
  const { folder, uri, policyPath } = workspace();
  const client = new LspTestClient();
  const positions = TextDocument.create(uri, 'xml', 1, serviceLogon);
  let version = 1;
  /** Diagnostics after the next change to the open document, so that they reflect the latest policy. */
  const fresh = async () => {
    version++;
    await client.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    return client.diagnosticsFor(uri, p => p.version === version);
  };

  before(async () => {
    await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
    await client.waitForLog(/^Indexed 1 event file /);
    await client.open(uri, serviceLogon);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('flags a domain admin’s Service logon with no configuration, with the 4627 in another file as evidence', async () => {
    const diagnostics = await fresh();
    assert.deepEqual(diagnostics.map(d => [d.code, d.severity, positions.getText(d.range)]), [
      ['privileged-batch-service-logon', 2, '5'],
      ['cleartext-logon', 2, '8'],
    ]);
    const [privileged] = diagnostics;
    assert.match(privileged!.codeDescription!.href, /docs\/rules\/privileged-batch-service-logon\.md$/);
    const evidence = privileged!.relatedInformation![0]!;
    assert.equal(evidence.location.uri, pathToFileURL(path.join(folder, 'groups.xml')).toString());
    assert.match(evidence.message, /4627 lists S-1-5-21-1-2-3-512 \(Domain Admins\)/);
    assert.deepEqual(privileged!.data, { account: 'CORP\\svc_admin' });
  });

  it('offers quick fixes that create the policy file, and applies a policy the moment it is saved', async () => {
    const [privileged] = await fresh();
    const actions = (await client.codeActions(uri, privileged!.range, [privileged!])) as CodeAction[];
    assert.deepEqual(actions.map(a => a.title), [
      'Add CORP\\svc_admin to the exceptions of privileged-batch-service-logon',
      'Add CORP\\svc_admin to the high-value accounts',
      'Disable privileged-batch-service-logon in logon-policy.json',
      'Open the documentation of privileged-batch-service-logon',
    ]);
    const [create, insert] = actions[0]!.edit!.documentChanges!;
    assert.deepEqual(create, { kind: 'create', uri: pathToFileURL(policyPath).toString(), options: { overwrite: false, ignoreIfExists: false } });
    // What the editor does with the WorkspaceEdit: write the file, then report the change.
    fs.writeFileSync(policyPath, ((insert as TextDocumentEdit).edits[0] as { newText: string }).newText);
    await client.filesChanged([{ uri: pathToFileURL(policyPath).toString(), type: 1 }]);
    assert.deepEqual((await fresh()).map(d => d.code), ['cleartext-logon']);
  });

  it('reports a broken policy file in the file, and keeps the last good policy', async () => {
    fs.writeFileSync(policyPath, '{ "rules": { "cleartext-logon": "loud" ');
    const policyUri = pathToFileURL(policyPath).toString();
    await client.filesChanged([{ uri: policyUri, type: 2 }]);
    const [problem] = await client.diagnosticsFor(policyUri, p => p.diagnostics.length > 0);
    assert.equal(problem!.code, 'policy-invalid');
    assert.match(String(problem!.message), /Invalid JSON.*last valid policy stays in force/);
    assert.deepEqual((await fresh()).map(d => d.code), ['cleartext-logon'], 'the exception still holds');
    fs.writeFileSync(policyPath, '{ "rules": { "cleartext-logon": "off" } }');
    await client.filesChanged([{ uri: policyUri, type: 2 }]);
    assert.deepEqual(await client.diagnosticsFor(policyUri, p => p.diagnostics.length === 0), []);
    assert.deepEqual((await fresh()).map(d => d.code), ['privileged-batch-service-logon']);
  });
});

describe('an untrusted workspace over stdio', () => {
  const { folder, uri, policyPath } = workspace();
  fs.writeFileSync(policyPath, '{ "rules": { "privileged-batch-service-logon": "off", "cleartext-logon": "off" } }');
  const client = new LspTestClient();
  before(async () => {
    await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }], { workspaceTrusted: false });
    await client.waitForLog(/^Indexed 1 event file /);
    await client.open(uri, serviceLogon);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('does not apply the workspace policy file, says why, and applies it once trusted', async () => {
    const policyUri = pathToFileURL(policyPath).toString();
    const [notice] = await client.diagnosticsFor(policyUri, p => p.diagnostics.length > 0);
    assert.equal(notice!.code, 'policy-untrusted');
    assert.match(await client.waitForShown(/not trusted/), /does not apply logon-policy\.json because this workspace is not trusted/);
    assert.equal((await client.diagnosticsFor(uri, p => p.diagnostics.length > 0)).length, 2);
    await client.notify('logonLens/workspaceTrusted');
    assert.deepEqual(await client.diagnosticsFor(uri, p => p.diagnostics.length === 0), []);
  });
});
