import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeAction } from 'vscode-languageserver-protocol';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

/**
 * Every value of an event may come from a compromised machine. Through the real server: labels
 * (code lens, inlay hints, diagnostics, quick-fix titles) never carry raw control, bidi or
 * zero-width characters, and never grow with the value; hovers never render it as markup.
 */
const HOSTILE = 'bob\n# Privileged: yes\u202Etxt.exe\u200B` ![b](https://attacker.example/b.png) `\u0007';
const escaped = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/[\u0000-\u001f]/g, c => `&#x${c.charCodeAt(0).toString(16)};`);
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

function logon(user: string, id: string, record: number): string {
  return securityEvent(4624, [
    '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1104</Data>', `<Data Name="TargetUserName">${escaped(user)}</Data>`,
    `<Data Name="TargetDomainName">${escaped(user)}</Data>`, `<Data Name="TargetLogonId">${id}</Data>`, '<Data Name="LogonType">8</Data>',
    `<Data Name="WorkstationName">${escaped(user)}</Data>`, '<Data Name="IpAddress">10.0.0.1</Data>',
  ].join('\n'), { record, time: `2024-03-04T10:00:${String(record % 60).padStart(2, '0')}.0000000Z`, computer: `WS01${escaped(user.slice(0, 40))}` });
}

function logoff(id: string, record: number): string {
  return securityEvent(4634, `<Data Name="TargetUserSid">S-1-5-21-1-2-3-1104</Data><Data Name="TargetLogonId">${id}</Data>`, { record, time: `2024-03-04T11:00:${String(record % 60).padStart(2, '0')}.0000000Z` });
}

describe('hostile values through the server', () => {
  const client = new LspTestClient();
  const uri = 'file:///hostile.xml';
  const huge = `${'A'.repeat(1024 * 1024)}\u202E`;
  // One session with a hostile account, and one whose 1 MB account name 200 events name.
  const text = logon(HOSTILE, '0x100', 1) + logon(huge, '0x200', 2)
    + Array.from({ length: 200 }, (_, k) => securityEvent(4672, `<Data Name="SubjectUserSid">S-1-5-21-1-2-3-1104</Data><Data Name="SubjectLogonId">0x200</Data>`, { record: 10 + k, time: '2024-03-04T10:00:02.0000000Z' })).join('')
    + logoff('0x100', 300);
  const lines = text.split('\n');
  const end = { line: lines.length, character: 0 };

  before(async () => {
    await client.initialize();
    await client.open(uri, text);
  });
  after(async () => {
    await client.stop();
  });

  it('writes invisible characters out in code lens titles, and cuts them', async () => {
    const lenses = (await client.codeLenses(uri))!;
    assert.equal(lenses.length, 2);
    for (const lens of lenses) {
      assert.doesNotMatch(lens.command!.title, INVISIBLE);
      assert.ok(lens.command!.title.length < 400, `${lens.command!.title.length} characters`);
    }
    assert.match(lenses[0]!.command!.title, /\\u000A# Privileged: yes\\u202Etxt\.exe\\u200B/);
  });

  it('keeps inlay hints small and visible, however long the value and however many events name it', async () => {
    const hints = (await client.inlayHints(uri, { start: { line: 0, character: 0 }, end }))!;
    assert.ok(hints.length > 200);
    const size = JSON.stringify(hints).length;
    assert.ok(size < 100_000, `the response is ${size} characters`);
    for (const hint of hints) assert.doesNotMatch(String(hint.label), INVISIBLE);
  });

  it('writes invisible characters out in diagnostics and quick-fix titles', async () => {
    const diagnostics = await client.diagnosticsFor(uri, p => p.diagnostics.length > 0);
    assert.ok(diagnostics.some(d => d.code === 'cleartext-logon'));
    for (const diagnostic of diagnostics) {
      const message = String(diagnostic.message);
      assert.doesNotMatch(message, INVISIBLE);
      assert.ok(message.length <= 1000);
      for (const related of diagnostic.relatedInformation ?? []) assert.doesNotMatch(related.message, INVISIBLE);
    }
    const cleartext = diagnostics.find(d => d.code === 'cleartext-logon')!;
    const actions = (await client.codeActions(uri, cleartext.range, [cleartext])) as CodeAction[];
    for (const action of actions) assert.doesNotMatch(action.title, INVISIBLE);
  });

  it('renders no value as markup in the session hover', async () => {
    const line = lines.findIndex(l => l.includes('"TargetLogonId">0x100'));
    const hover = (await client.hover(uri, { line, character: lines[line]!.indexOf('0x100') + 2 }))!;
    const markdown = (hover.contents as { value: string }).value;
    const inert = markdown.replace(/\\./g, '').replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
    assert.doesNotMatch(inert, /!\[|\]\(https|^# |\u202E/m, markdown);
    assert.match(markdown, /- Privileged: no 4672 in view/);
    assert.equal(markdown.match(/^- Privileged:/gm)!.length, 1, 'the forged "Privileged: yes" stays inside a code span, not a line of its own');
    assert.ok(markdown.includes('\\u000A# Privileged: yes'), 'shown, written out');
  });
});
