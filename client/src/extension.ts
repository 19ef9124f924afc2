import * as vscode from 'vscode';
import { EVTX_SCHEME, EVTX_TEXT_REQUEST, evtxDocumentUri, SNIFF_CHARACTERS } from '../../server/src/core/contract';
import { isEventXml } from '../../server/src/core/parse/sniff';

/**
 * Activation. VS Code has no content-based activation event, and a language's `firstLine` rule
 * never beats the `.xml` extension, so Logon Lens activates on any XML document and decides
 * cheaply here: only when a document carries the Windows event namespace does it load the
 * language client (a separate bundle) and start the server. A pom.xml or an .svg costs one
 * bounded string search and nothing more.
 */


interface Client {
  stop(): Promise<void>;
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

interface ClientModule {
  startClient(context: vscode.ExtensionContext): Promise<Client>;
}

let client: Promise<Client> | undefined;

/** What the extension exports: whether the language service runs (it starts only for event XML). */
export interface LogonLensApi {
  readonly serving: boolean;
}

export function activate(context: vscode.ExtensionContext): LogonLensApi {
  const watchers: vscode.Disposable[] = [];
  /** Starts the language client (once): for the first event document, or the first .evtx. */
  const start = (): Promise<Client> => {
    if (client === undefined) {
      for (const watcher of watchers) watcher.dispose();
      const module = require('./client.js') as ClientModule;
      client = module.startClient(context);
      client.catch(error => void vscode.window.showErrorMessage(`Logon Lens could not start its language server: ${String(error)}`));
    }
    return client;
  };
  const consider = (document: vscode.TextDocument): void => {
    if (client !== undefined || document.languageId !== 'xml') return;
    const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SNIFF_CHARACTERS)));
    if (isEventXml(head)) void start();
  };
  // An .evtx opens as a read-only event XML document that the server renders.
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(EVTX_SCHEME, {
      provideTextDocumentContent: async uri => (await start()).sendRequest<string>(EVTX_TEXT_REQUEST, { uri: uri.toString() }),
    }),
    vscode.window.registerCustomEditorProvider('logonLens.evtx', {
      openCustomDocument: uri => ({ uri, dispose: () => undefined }),
      resolveCustomEditor: async (document, panel) => {
        panel.webview.html = '<p style="font-family: sans-serif">Opening the event log as event XML…</p>';
        if (document.uri.scheme !== 'file') {
          panel.webview.html = '<p style="font-family: sans-serif">Logon Lens reads event logs from disk only: copy this one to a local folder.</p>';
          return;
        }
        try {
          const text = await vscode.workspace.openTextDocument(vscode.Uri.parse(evtxDocumentUri(document.uri.toString())));
          if (text.languageId !== 'xml') await vscode.languages.setTextDocumentLanguage(text, 'xml');
          await vscode.window.showTextDocument(text, { viewColumn: panel.viewColumn, preview: false });
          panel.dispose();
        } catch (error) {
          panel.webview.html = `<p style="font-family: sans-serif">Logon Lens could not read this event log: ${escapeHtml(String(error))}</p>`;
        }
      },
    }, { supportsMultipleEditorsPerDocument: true }),
  );
  watchers.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeTextDocument(event => consider(event.document)),
  );
  context.subscriptions.push(...watchers);
  for (const document of vscode.workspace.textDocuments) consider(document);
  return { get serving() { return client !== undefined; } };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

export async function deactivate(): Promise<void> {
  await (await client?.catch(() => undefined))?.stop();
}
