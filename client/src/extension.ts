import * as vscode from 'vscode';
import { EVTX_SCHEME, EVTX_TEXT_REQUEST, evtxDocumentUri, SHOW_EVTX_SLICE, SNIFF_CHARACTERS } from '../../server/src/core/contract';
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
    vscode.commands.registerCommand(SHOW_EVTX_SLICE, showEvtxSlice),
  );
  watchers.push(
    vscode.workspace.onDidOpenTextDocument(consider),
    vscode.workspace.onDidChangeTextDocument(event => consider(event.document)),
  );
  context.subscriptions.push(...watchers);
  for (const document of vscode.workspace.textDocuments) consider(document);
  return { get serving() { return client !== undefined; } };
}

/**
 * Opens a part of an event log as a document of its own: its events in a time range, of a
 * computer or an account, or with some event IDs. For logs too big to show whole.
 */
async function showEvtxSlice(target?: vscode.Uri): Promise<void> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const base = target?.scheme === 'file' ? vscode.Uri.parse(evtxDocumentUri(target.toString()))
    : active?.scheme === EVTX_SCHEME ? active.with({ query: '' }) : undefined;
  if (base === undefined) {
    void vscode.window.showInformationMessage('Open an event log (.evtx) first, then pick the part of it to show.');
    return;
  }
  const kinds = [
    { label: 'Event IDs', key: 'eventIds', prompt: 'Event IDs, separated by commas', placeHolder: '4624, 4625, 4634' },
    { label: 'Time range', key: 'time', prompt: 'From and to, UTC, separated by two dots (either may be left out)', placeHolder: '2024-03-01T08:00 .. 2024-03-01T18:00' },
    { label: 'Computer', key: 'computer', prompt: 'The computer, as the events name it', placeHolder: 'WS01.corp.example.com' },
    { label: 'Account', key: 'account', prompt: 'An account name or SID, as the events write it', placeHolder: 'alice' },
  ] as const;
  const kind = await vscode.window.showQuickPick(kinds, { placeHolder: 'Show which part of the event log?' });
  if (kind === undefined) return;
  const value = await vscode.window.showInputBox({ prompt: kind.prompt, placeHolder: kind.placeHolder });
  if (value === undefined || value.trim() === '') return;
  const slice: Record<string, unknown> = {};
  if (kind.key === 'eventIds') slice.eventIds = value.split(/[\s,]+/).map(Number).filter(Number.isInteger);
  else if (kind.key === 'time') {
    const [from, to] = value.split('..').map(t => t.trim());
    if (from) slice.from = from;
    if (to) slice.to = to;
  } else slice[kind.key] = value.trim();
  const text = await vscode.workspace.openTextDocument(base.with({ query: `slice=${encodeURIComponent(JSON.stringify(slice))}` }));
  if (text.languageId !== 'xml') await vscode.languages.setTextDocumentLanguage(text, 'xml');
  await vscode.window.showTextDocument(text, { preview: false });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
}

export async function deactivate(): Promise<void> {
  await (await client?.catch(() => undefined))?.stop();
}
