import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse, ParseError } from 'jsonc-parser';
import { CodeAction, CreateFile, Diagnostic, Range, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

/**
 * Quick fixes that write logon-policy.json, through the real server, applied as the editor
 * applies a WorkspaceEdit: to the buffer the user has, and only if its version still matches.
 */

// Hand-made: a cleartext (type 8) logon by CORP\alice, which policy rules report.
const logons = securityEvent(4624, [
  '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1104</Data>', '<Data Name="TargetUserName">alice</Data>',
  '<Data Name="TargetDomainName">CORP</Data>', '<Data Name="TargetLogonId">0x4343</Data>', '<Data Name="LogonType">8</Data>',
].join('\n'), { time: '2024-03-04T10:00:01.0000000Z', record: 3 });

/** The editor's side of a file: its text and version, open or not. */
interface Buffer {
  text: string;
  version: number;
}

/**
 * Applies a WorkspaceEdit as VS Code does: a text edit whose version is not the buffer's is
 * refused; creating a file that exists (without overwrite or ignoreIfExists) is refused. Returns
 * the new text, or why the edit was refused.
 */
function applyAsEditor(edit: CodeAction['edit'], buffer: Buffer | undefined): { text: string } | { refused: string } {
  let current = buffer === undefined ? undefined : { ...buffer };
  for (const change of edit?.documentChanges ?? []) {
    if ('kind' in change) {
      const create = change as CreateFile;
      if (current !== undefined && !create.options?.overwrite && !create.options?.ignoreIfExists) return { refused: 'file exists' };
      current ??= { text: '', version: 0 };
      continue;
    }
    const textEdit = change as TextDocumentEdit;
    if (current === undefined) return { refused: 'no such file' };
    if (textEdit.textDocument.version !== null && textEdit.textDocument.version !== current.version) return { refused: 'version changed' };
    const doc = TextDocument.create('file:///p.json', 'json', current.version, current.text);
    current = { text: TextDocument.applyEdits(doc, textEdit.edits as { range: Range; newText: string }[]), version: current.version + 1 };
  }
  return current === undefined ? { refused: 'nothing' } : { text: current.text };
}

function parsed(text: string): unknown {
  const errors: ParseError[] = [];
  const value = parse(text, errors, { allowTrailingComma: true });
  assert.deepEqual(errors, [], `valid JSON:\n${text}`);
  return value;
}

describe('policy quick fixes over stdio, against the buffer the user has', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-fixes-'));
  const uri = pathToFileURL(path.join(folder, 'logons.xml')).toString();
  const policyPath = path.join(folder, 'logon-policy.json');
  const policyUri = pathToFileURL(policyPath).toString();
  const client = new LspTestClient();
  let diagnostic: Diagnostic;
  let policyVersion = 0;

  const actionsFor = async (): Promise<CodeAction[]> => (await client.codeActions(uri, diagnostic.range, [diagnostic])) as CodeAction[];
  const byTitle = (actions: CodeAction[], pattern: RegExp): CodeAction => {
    const found = actions.find(a => pattern.test(a.title));
    assert.ok(found, `an action matching ${pattern} among ${actions.map(a => a.title).join(' | ')}`);
    return found;
  };
  /** The editor opens (or edits) the policy file: its buffer, unsaved. */
  const setBuffer = async (text: string): Promise<Buffer> => {
    policyVersion++;
    if (policyVersion === 1) await client.open(policyUri, text, 'json');
    else await client.change(policyUri, policyVersion, [{ text }]);
    return { text, version: policyVersion };
  };
  /** The policy file on disk, as the server would learn of it. */
  const writeDisk = async (text: string | undefined): Promise<void> => {
    if (text === undefined) fs.rmSync(policyPath, { force: true });
    else fs.writeFileSync(policyPath, text);
    await client.filesChanged([{ uri: policyUri, type: text === undefined ? 3 : 2 }]);
  };

  before(async () => {
    await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
    await client.waitForLog(/^Indexed \d+ event files? /);
    await client.open(uri, logons);
    [diagnostic] = (await client.diagnosticsFor(uri, p => p.diagnostics.length > 0)).filter(d => d.code === 'cleartext-logon');
    assert.ok(diagnostic);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('edits the unsaved buffer, not the file on disk, and says which version it was made for', async () => {
    const disk = '{\n  "forbiddenAccounts": ["CORP\\\\mallory"]\n}\n';
    await writeDisk(disk);
    const buffer = await setBuffer('{\n  // who must never log on\n  "forbiddenAccounts": ["CORP\\\\mallory"]\n}\n');
    const fix = byTitle(await actionsFor(), /^Add CORP\\alice to the high-value accounts$/);
    const edit = fix.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(edit.textDocument.version, buffer.version);
    const result = applyAsEditor(fix.edit, buffer);
    assert.ok('text' in result, JSON.stringify(result));
    assert.deepEqual(parsed(result.text), { forbiddenAccounts: ['CORP\\mallory'], highValueAccounts: ['CORP\\alice'] });
  });

  it('refuses the second of two fixes taken from one list without a save, instead of breaking the JSON', async () => {
    const buffer = await setBuffer('{\n  "rules": {}\n}\n');
    const actions = await actionsFor();
    const first = applyAsEditor(byTitle(actions, /exceptions/).edit, buffer);
    assert.ok('text' in first);
    const second = applyAsEditor(byTitle(actions, /high-value/).edit, { text: first.text, version: buffer.version + 1 });
    assert.deepEqual(second, { refused: 'version changed' });
    // Asked again, the server computes the fix against the new buffer, and both hold.
    const after = await setBuffer(first.text);
    const again = applyAsEditor(byTitle(await actionsFor(), /high-value/).edit, after);
    assert.ok('text' in again);
    assert.deepEqual(parsed(again.text), { rules: { 'cleartext-logon': { exceptions: ['CORP\\alice'] } }, highValueAccounts: ['CORP\\alice'] });
  });

  it('appends to an existing list in place', async () => {
    const buffer = await setBuffer('{ "rules": { "cleartext-logon": { "severity": "error", "exceptions": ["CORP\\\\bob"] } }, "highValueAccounts": ["CORP\\\\ceo"] }');
    const actions = await actionsFor();
    const exception = applyAsEditor(byTitle(actions, /exceptions/).edit, buffer);
    const highValue = applyAsEditor(byTitle(actions, /high-value/).edit, buffer);
    assert.ok('text' in exception && 'text' in highValue);
    assert.deepEqual(parsed(exception.text), { rules: { 'cleartext-logon': { severity: 'error', exceptions: ['CORP\\bob', 'CORP\\alice'] } }, highValueAccounts: ['CORP\\ceo'] });
    assert.deepEqual(parsed(highValue.text), { rules: { 'cleartext-logon': { severity: 'error', exceptions: ['CORP\\bob'] } }, highValueAccounts: ['CORP\\ceo', 'CORP\\alice'] });
  });

  for (const [name, text] of [
    ['a missing comma before "rules"', '{\n  "highValueAccounts": ["CORP\\\\ceo"]\n  "rules": {}\n}\n'],
    ['a string where exceptions are a list', '{ "rules": { "cleartext-logon": { "exceptions": "CORP\\\\bob" } } }'],
    ['a string where highValueAccounts is a list', '{ "highValueAccounts": "CORP\\\\ceo" }'],
    ['a null rule', '{ "rules": { "cleartext-logon": null } }'],
    ['an object for exceptions', '{ "rules": { "cleartext-logon": { "exceptions": { "CORP\\\\bob": true } } } }'],
    ['a list for rules', '{ "rules": [] }'],
    ['a list at the root', '[]'],
    ['a key given twice', '{ "rules": {}, "rules": { "cleartext-logon": "off" } }'],
  ] as const) {
    it(`offers no structural edit on ${name}, only to open the file`, async () => {
      await setBuffer(text);
      const actions = await actionsFor();
      assert.deepEqual(actions.filter(a => a.edit !== undefined).map(a => a.title), []);
      const open = byTitle(actions, /^Open logon-policy\.json/);
      assert.deepEqual(open.command?.arguments, [policyUri]);
    });
  }

  it('creates a missing file once; a second fix before saving is refused, not appended as a second object', async () => {
    await client.close(policyUri);
    policyVersion = 0;
    await writeDisk(undefined);
    const actions = await actionsFor();
    const first = applyAsEditor(byTitle(actions, /exceptions/).edit, undefined);
    assert.ok('text' in first);
    assert.deepEqual(parsed(first.text), { rules: { 'cleartext-logon': { exceptions: ['CORP\\alice'] } } });
    assert.deepEqual(applyAsEditor(byTitle(actions, /high-value/).edit, { text: first.text, version: 1 }), { refused: 'file exists' });
  });
});

describe('policy quick fixes that must not write', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-outside-'));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-link-'));
  const uri = pathToFileURL(path.join(folder, 'logons.xml')).toString();
  const target = path.join(outside, 'secret.json');

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('neither reads nor writes a policy file that is a link out of the workspace, and says why', async () => {
    fs.writeFileSync(target, '{ "rules": { "cleartext-logon": "off" } }');
    fs.symlinkSync(target, path.join(folder, 'logon-policy.json'));
    const client = new LspTestClient();
    try {
      await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
      await client.open(uri, logons);
      const policyUri = pathToFileURL(path.join(folder, 'logon-policy.json')).toString();
      const [notice] = await client.diagnosticsFor(policyUri, p => p.diagnostics.length > 0);
      assert.equal(notice!.code, 'policy-link');
      assert.match(String(notice!.message), /symbolic link.*does not read or write through links/);
      const diagnostics = await client.diagnosticsFor(uri, p => p.diagnostics.length > 0);
      const cleartext = diagnostics.find(d => d.code === 'cleartext-logon');
      assert.ok(cleartext, 'the linked policy (which turns the rule off) is not applied');
      const actions = (await client.codeActions(uri, cleartext.range, [cleartext])) as CodeAction[];
      assert.deepEqual(actions.map(a => a.title), ['Open the documentation of cleartext-logon']);
      assert.equal(fs.readFileSync(target, 'utf8'), '{ "rules": { "cleartext-logon": "off" } }');
    } finally {
      await client.stop();
    }
  });

  it('offers no fix that writes the policy in an untrusted workspace', async () => {
    fs.rmSync(path.join(folder, 'logon-policy.json'));
    const client = new LspTestClient();
    try {
      await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }], { workspaceTrusted: false });
      await client.open(uri, logons);
      const diagnostics = await client.diagnosticsFor(uri, p => p.diagnostics.length > 0);
      const cleartext = diagnostics.find(d => d.code === 'cleartext-logon')!;
      const actions = (await client.codeActions(uri, cleartext.range, [cleartext])) as CodeAction[];
      assert.deepEqual(actions.filter(a => a.edit !== undefined), []);
      assert.deepEqual(actions.map(a => a.title), ['Open the documentation of cleartext-logon']);
    } finally {
      await client.stop();
    }
  });
});
