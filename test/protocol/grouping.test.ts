import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

// Hand-made: one account given special privileges five times on one computer, once on another.
const privileges = (record: number, computer = 'WS01.corp.example.com'): string => securityEvent(4672, [
  '<Data Name="SubjectUserSid">S-1-5-21-1-2-3-1105</Data>', '<Data Name="SubjectUserName">alice</Data>',
  '<Data Name="SubjectDomainName">CORP</Data>', `<Data Name="SubjectLogonId">0x${(0x700 + record).toString(16)}</Data>`,
].join(''), { record, computer, time: `2024-03-04T10:00:0${record}.0000000Z` });
const text = [1, 2, 3, 4, 5].map(r => privileges(r)).join('') + privileges(6, 'SRV02.corp.example.com');

describe('repeated findings over stdio', () => {
  const client = new LspTestClient();
  const uri = 'file:///grouping/privileges.xml';
  let version = 1;
  const fresh = async () => {
    version++;
    await client.change(uri, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
    return client.diagnosticsFor(uri, p => p.version === version && p.diagnostics.length > 0);
  };

  before(async () => {
    await client.initialize();
    await client.open(uri, text);
  });
  after(() => client.stop());

  it('are published once per rule, account and computer, with the others as related information', async () => {
    const diagnostics = (await fresh()).filter(d => d.code === 'unexpected-privileges');
    assert.equal(diagnostics.length, 2, 'WS01 once, SRV02 once');
    const [grouped, single] = diagnostics;
    assert.match(String(grouped!.message), /\(5 times for this account on WS01\.corp\.example\.com in this file;/);
    assert.deepEqual(grouped!.relatedInformation!.map(r => r.message), [2, 3, 4, 5].map(r => `Again: 4672 Special privileges · 2024-03-04 10:00:0${r}.000 · #${r}`));
    assert.ok(grouped!.relatedInformation!.every(r => r.location.uri === uri && r.location.range.start.line > grouped!.range.start.line));
    assert.equal(single!.relatedInformation, undefined);
  });

  it('are all published when the setting says so', async () => {
    await client.notifyWith('workspace/didChangeConfiguration', { settings: { logonLens: { diagnostics: { groupRepeated: false } } } });
    const diagnostics = (await fresh()).filter(d => d.code === 'unexpected-privileges');
    assert.equal(diagnostics.length, 6);
    assert.ok(diagnostics.every(d => !/times/.test(String(d.message))));
  });
});
