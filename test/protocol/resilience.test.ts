import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

/** Where the LogonType value is: a hover there always has an answer. */
function logonTypePosition(text: string): { line: number; character: number } {
  const before = text.slice(0, text.indexOf('"LogonType">') + '"LogonType">'.length).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

const logon = securityEvent(4624, '<Data Name="TargetUserName">alice</Data><Data Name="TargetDomainName">CORP</Data><Data Name="TargetLogonId">0x4343</Data><Data Name="LogonType">8</Data>');

describe('a failing handler never takes the server down', () => {
  const client = new LspTestClient();
  const uri = 'file:///resilience.xml';
  before(async () => {
    await client.initialize();
    await client.open(uri, logon);
  });
  after(async () => {
    await client.stop();
  });

  it('answers a request that throws with an error, logs it once, and goes on serving', async () => {
    for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/codeLens', 'textDocument/inlayHint', 'textDocument/codeAction', 'textDocument/documentHighlight']) {
      await assert.rejects(client.request(method, { textDocument: null, position: 'x', range: 7, context: null }), /Logon Lens could not answer|Request .* failed/, method);
      await assert.rejects(client.request(method, { textDocument: null, position: 'x', range: 7, context: null }), /Logon Lens could not answer|Request .* failed/, method);
    }
    const hover = await client.hover(uri, logonTypePosition(logon));
    assert.ok(hover !== null);
    assert.equal(client.exited, undefined);
    const logged = client.stderr.join('') + (await client.waitForLog(/internal error in hover/));
    assert.match(logged, /internal error in hover/);
  });

  it('survives positions of every kind and edits out of range', async () => {
    for (const position of [{ line: -1, character: 0 }, { line: 1e9, character: 1e9 }, { line: 0.5, character: Number.MAX_SAFE_INTEGER }]) {
      await client.hover(uri, position).catch(() => null);
      await client.definition(uri, position).catch(() => null);
    }
    await client.change(uri, 2, [{ range: { start: { line: 999, character: 0 }, end: { line: -5, character: 3 } }, text: '<Event' }]);
    await client.change(uri, 3, [{ text: logon }]);
    assert.ok((await client.hover(uri, logonTypePosition(logon))) !== null);
    assert.equal(client.exited, undefined);
  });
});

describe('policies that once crashed the server', () => {
  it('reports a bad logonLens.policy setting and goes on serving, without applying it', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize(null, { settings: { policy: { forbiddenAccounts: 'alice' } } });
      const shown = await client.waitForShown(/logonLens\.policy/);
      assert.match(shown, /has errors and is not applied: forbiddenAccounts: Expected a list of accounts/);
      await client.open('file:///a.xml', logon);
      const diagnostics = await client.diagnosticsFor('file:///a.xml', p => p.diagnostics.length > 0);
      assert.deepEqual(diagnostics.map(d => d.code), ['cleartext-logon']);
      assert.equal(client.exited, undefined);
    } finally {
      await client.stop();
    }
  });

  for (const text of [
    '{"workingHours":{"start":"09:00","end":"17:00"},"workingHours":5}',
    '{"workingHours":{"start":"09:00","end":"17:00","days":"mon"}}',
    `{"rules":${'['.repeat(20000)}${']'.repeat(20000)}}`,
  ]) {
    it(`reports ${text.slice(0, 60)} in the policy file and goes on serving`, async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-crash-'));
      fs.writeFileSync(path.join(folder, 'logon-policy.json'), text);
      const client = new LspTestClient();
      try {
        await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
        const policyUri = pathToFileURL(path.join(folder, 'logon-policy.json')).toString();
        const problems = await client.diagnosticsFor(policyUri, p => p.diagnostics.length > 0);
        assert.ok(problems.some(d => d.code === 'policy-invalid' && d.severity === 1));
        const uri = pathToFileURL(path.join(folder, 'a.xml')).toString();
        await client.open(uri, logon);
        assert.deepEqual((await client.diagnosticsFor(uri, p => p.diagnostics.length > 0)).map(d => d.code), ['cleartext-logon']);
        assert.equal(client.exited, undefined);
      } finally {
        await client.stop();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
