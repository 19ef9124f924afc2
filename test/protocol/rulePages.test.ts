import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeAction } from 'vscode-languageserver-protocol';
import { OPEN_RULE_PAGE } from '../../server/src/core/contract';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

// Hand-made: a 4624 with a LogonType Windows never writes.
const text = securityEvent(4624, '<Data Name="TargetUserName">alice</Data><Data Name="TargetLogonId">0x1</Data><Data Name="LogonType">42</Data>');

describe('rule pages over stdio, for a client that opens them itself', () => {
  const client = new LspTestClient();
  const uri = 'file:///pages/security.xml';

  before(async () => {
    await client.initialize(null, { rulePageCommand: true });
    await client.open(uri, text);
  });
  after(() => client.stop());

  it('links a diagnostic\'s code to the client\'s command, which opens the page from the extension\'s files', async () => {
    const diagnostics = await client.diagnosticsFor(uri, p => p.diagnostics.some(d => d.code === 'unknown-logon-type'));
    const unknown = diagnostics.find(d => d.code === 'unknown-logon-type')!;
    assert.equal(unknown.codeDescription!.href, `command:${OPEN_RULE_PAGE}?${encodeURIComponent('["unknown-logon-type"]')}`);
  });

  it('opens the page of a finding from its quick fix through the same command', async () => {
    const policyFinding = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: '', source: 'logon-lens', code: 'cleartext-logon', data: { account: 'CORP\\alice' } };
    const actions = (await client.codeActions(uri, policyFinding.range, [policyFinding])) as CodeAction[];
    const docs = actions.find(a => a.title === 'Open the documentation of cleartext-logon');
    assert.deepEqual(docs?.command, { title: 'Open the documentation of cleartext-logon', command: OPEN_RULE_PAGE, arguments: ['cleartext-logon'] });
  });
});
