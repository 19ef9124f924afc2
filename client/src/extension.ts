import * as vscode from 'vscode';
import { SNIFF_CHARACTERS } from '../../server/src/core/contract';
import { isEventXml } from '../../server/src/core/parse/sniff';

/**
 * Activation. VS Code has no content-based activation event, and a language's `firstLine` rule
 * never beats the `.xml` extension, so Logon Lens activates on any XML document and decides
 * cheaply here: only when a document carries the Windows event namespace does it load the
 * language client (a separate bundle) and start the server. A pom.xml or an .svg costs one
 * bounded string search and nothing more.
 */


interface ClientModule {
  startClient(context: vscode.ExtensionContext): Promise<{ stop(): Promise<void> }>;
}

let client: { stop(): Promise<void> } | undefined;

/** What the extension exports: whether the language service runs (it starts only for event XML). */
export interface LogonLensApi {
  readonly serving: boolean;
}

export function activate(context: vscode.ExtensionContext): LogonLensApi {
  let starting = false;
  const watchers: vscode.Disposable[] = [];
  const consider = (document: vscode.TextDocument): void => {
    if (starting || document.languageId !== 'xml') return;
    const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SNIFF_CHARACTERS)));
    if (!isEventXml(head)) return;
    starting = true;
    for (const watcher of watchers) watcher.dispose();
    const module = require('./client.js') as ClientModule;
    module.startClient(context).then(
      started => { client = started; },
      error => { void vscode.window.showErrorMessage(`Logon Lens could not start its language server: ${String(error)}`); },
    );
  };
  watchers.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeTextDocument(event => consider(event.document)),
  );
  context.subscriptions.push(...watchers);
  for (const document of vscode.workspace.textDocuments) consider(document);
  return { get serving() { return starting; } };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
