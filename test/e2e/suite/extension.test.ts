import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';

const EXTENSION_ID = 'logon-lens.logon-lens';
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Polls until `probe` gives a value that passes `done` (the server may still be starting or indexing). */
async function eventually<T>(probe: () => Thenable<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last value: ${JSON.stringify(value)?.slice(0, 500)}`);
    await sleep(200);
    value = await probe();
  }
  return value;
}

const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
const file = (name: string): vscode.Uri => vscode.Uri.joinPath(folder(), name);
const hoverText = (hovers: vscode.Hover[]): string => hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
/** The position just inside the first value `needle` of the document. */
const positionOf = (document: vscode.TextDocument, needle: string, delta = 1): vscode.Position => {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${document.uri.path}`);
  return document.positionAt(at + delta);
};

describe('Logon Lens in a real VS Code', () => {
  it('is installed from the built .vsix, not the source tree', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'the extension is installed');
    // An installed extension lives in the extensions folder as publisher.name-version.
    assert.match(extension.extensionPath, /[/\\]logon-lens\.logon-lens-\d+\.\d+\.\d+$/);
    assert.ok(!extension.extensionPath.includes('test/e2e'), extension.extensionPath);
  });

  it('does not start its language service on an unrelated pom.xml', async () => {
    // VS Code has no content-based activation event, and a language's firstLine never applies to
    // .xml files, so the small entry loads for any XML to sniff it; the service must not start.
    const pom = await vscode.workspace.openTextDocument(file('pom.xml'));
    await vscode.window.showTextDocument(pom);
    assert.equal(pom.languageId, 'xml');
    const extension = vscode.extensions.getExtension<{ serving: boolean }>(EXTENSION_ID)!;
    await eventually(() => extension.isActive, active => active, 'the sniffing entry to load');
    await sleep(1500);
    assert.equal(extension.exports.serving, false);
    assert.deepEqual(vscode.languages.getDiagnostics(pom.uri), []);
  });

  it('activates on a wevtutil-style security.xml, with no mode switch, and explains a LogonType', async () => {
    const document = await vscode.workspace.openTextDocument(file('security.xml'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'xml');
    await eventually(() => vscode.extensions.getExtension<{ serving: boolean }>(EXTENSION_ID)!.exports?.serving, serving => serving === true, 'the language service to start');
    const hovers = await eventually(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, "'LogonType'>10", 13)),
      h => /Logon type 10: RemoteInteractive/.test(hoverText(h)), 'the LogonType hover');
    assert.match(hoverText(hovers), /RDP logon/);
  });

  it('goes from a 4634 TargetLogonId to the 4624 in another file of the workspace', async () => {
    const document = await vscode.workspace.openTextDocument(file('security.xml'));
    const locations = await eventually(
      () => vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, positionOf(document, '0x2b00', 2)),
      l => l.length > 0, 'the definition');
    const target = locations[0]!;
    const uri = 'targetUri' in target ? target.targetUri : target.uri;
    const range = 'targetUri' in target ? target.targetRange : target.range;
    assert.equal(uri.path, file('logons.xml').path);
    const logons = await vscode.workspace.openTextDocument(uri);
    assert.equal(logons.getText(range), '0x2b00');
    assert.match(logons.lineAt(range.start.line).text + logons.getText(new vscode.Range(range.start.translate(-12), range.end)), /TargetLogonId/);
  });

  it('reports privileged-batch-service-logon and its quick fix edits logon-policy.json', async () => {
    const document = await vscode.workspace.openTextDocument(file('security.xml'));
    const diagnostics = await eventually(() => vscode.languages.getDiagnostics(document.uri),
      d => d.some(x => x.code !== undefined && JSON.stringify(x.code).includes('privileged-batch-service-logon')), 'the policy diagnostic');
    const finding = diagnostics.find(d => JSON.stringify(d.code).includes('privileged-batch-service-logon'))!;
    assert.equal(finding.source, 'logon-lens');
    assert.equal(document.getText(finding.range), '5');
    assert.match(finding.relatedInformation![0]!.message, /4627 lists S-1-5-21-1-2-3-512 \(Domain Admins\)/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, finding.range, vscode.CodeActionKind.QuickFix.value);
    const exception = actions.find(a => a.title === 'Add CORP\\svc_admin to the exceptions of privileged-batch-service-logon');
    assert.ok(exception?.edit, actions.map(a => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(exception.edit));
    const policy = await vscode.workspace.openTextDocument(file('logon-policy.json'));
    assert.deepEqual(JSON.parse(policy.getText()), { rules: { 'privileged-batch-service-logon': { exceptions: ['CORP\\svc_admin'] } } });
    await policy.save();
    await eventually(() => vscode.languages.getDiagnostics(document.uri), d => !d.some(x => JSON.stringify(x.code).includes('privileged-batch-service-logon')), 'the exception to apply');
  });

  it('shows a session code lens above each 4624', async () => {
    const logons = await vscode.workspace.openTextDocument(file('logons.xml'));
    const lenses = await eventually(() => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', logons.uri),
      l => l.length === 2 && l.every(x => x.command !== undefined), 'code lenses');
    assert.deepEqual(lenses.map(l => l.command!.title), [
      'CORP\\svc_admin · Service · 1 h 30 min, logged off (4634) · 3 events',
      'CORP\\alice · RemoteInteractive · from 10.1.2.3 · 55 min 0 s, logged off (4634) · 2 events',
    ]);
    assert.equal(lenses[0]!.command!.command, 'logonLens.showSessionEvents');
  });

  it('outlines each event like a log line, folds events, and finds accounts with workspace symbols', async () => {
    const logons = await vscode.workspace.openTextDocument(file('logons.xml'));
    const symbols = await eventually(() => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', logons.uri),
      s => (s?.length ?? 0) >= 3, 'the outline');
    assert.deepEqual(symbols.slice(0, 3).map(s => s.name), [
      '4627 Group membership · 2024-03-04 09:59:59 · #100',
      '4624 Logon · CORP\\svc_admin · 5 Service · 2024-03-04 10:00:00 · #101',
      '4624 Logon · CORP\\alice · 10 RemoteInteractive · 2024-03-04 10:05:00 · #102',
    ]);
    assert.ok(symbols[2]!.children.some(c => c.name === 'IpAddress' && c.detail === '10.1.2.3'));
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', logons.uri);
    assert.ok(folds.some(f => f.start === symbols[1]!.range.start.line && f.end === symbols[1]!.range.end.line), 'the 4624 folds as a whole');
    const found = await eventually(() => vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'svc_admin'),
      s => (s?.length ?? 0) > 0, 'a workspace symbol');
    assert.equal(found[0]!.name, 'CORP\\svc_admin');
    assert.equal(found[0]!.location.uri.toString(), logons.uri.toString());
  });

  it('goes to the logon of the event at the cursor (Logon Lens: Go to Logon)', async () => {
    const security = await vscode.workspace.openTextDocument(file('security.xml'));
    const editor = await vscode.window.showTextDocument(security);
    // On the EventID of a 4634 whose session began in logons.xml.
    const logoff = security.getText().indexOf('<EventID>4634</EventID>');
    assert.ok(logoff >= 0, 'a 4634 in security.xml');
    editor.selection = new vscode.Selection(security.positionAt(logoff + 10), security.positionAt(logoff + 10));
    await eventually(async () => {
      await vscode.commands.executeCommand('logonLens.goToLogon');
      return vscode.window.activeTextEditor?.document.uri.path ?? '';
    }, path => path.endsWith('/logons.xml'), 'Go to Logon to open logons.xml');
    const landed = vscode.window.activeTextEditor!;
    assert.match(landed.document.getText(landed.selection), /^0x[0-9a-f]+$/, 'the 4624\'s TargetLogonId is selected');
  });

  it('opens an .evtx as a read-only event XML document, with hovers, definitions and policy diagnostics', async () => {
    await vscode.commands.executeCommand('vscode.openWith', file('Security.evtx'), 'logonLens.evtx');
    const document = await eventually(() => vscode.window.activeTextEditor?.document, d => d?.uri.scheme === 'logon-lens-evtx', 'the event XML of the log');
    assert.equal(document!.languageId, 'xml');
    assert.equal(document!.uri.path, `${file('Security.evtx').path}.xml`);
    const text = document!.getText();
    assert.match(text, /^<!-- Security\.evtx, a binary event log, shown as event XML by Logon Lens \(read-only\): all 739 events\./);
    const hovers = await eventually(
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document!.uri, positionOf(document!, "Name='LogonType'>", 17)),
      h => /Logon type \d+: /.test(hoverText(h)), 'a LogonType hover in the .evtx');
    assert.match(hoverText(hovers), /Logon type \d+: \w+/);
    // The 4634 that ends TESTCOMPUTER\user's session 0x5b9a0d, to its 4624 in the same log.
    const logoff = text.indexOf('0x5b9a0d', text.indexOf('<EventID>4634</EventID>', text.indexOf("'TargetLogonId'>0x5b9a0d")));
    const locations = await eventually(
      () => vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document!.uri, document!.positionAt(logoff + 2)),
      l => l.length > 0, 'the definition of the logoff');
    const target = locations[0]!;
    const range = 'targetUri' in target ? target.targetRange : target.range;
    assert.equal(document!.offsetAt(range.start), text.indexOf("'TargetLogonId'>0x5b9a0d") + "'TargetLogonId'>".length, 'the 4624\'s TargetLogonId');
    const diagnostics = await eventually(() => vscode.languages.getDiagnostics(document!.uri), d => d.some(x => JSON.stringify(x.code).includes('unexpected-privileges')), 'a policy diagnostic in the .evtx');
    assert.match(diagnostics.find(d => JSON.stringify(d.code).includes('unexpected-privileges'))!.message, /TESTCOMPUTER\\test was assigned special privileges/);
  });

  it('fails when asked to, so that a failure here fails the run', () => {
    assert.ok(!process.env.LOGON_LENS_E2E_FORCE_FAIL, 'failure forced by LOGON_LENS_E2E_FORCE_FAIL');
  });
});
