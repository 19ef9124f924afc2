import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { GO_TO_LOGON, InitializationOptions, OPEN_RULE_PAGE, SHOW_SESSION_OF_EVENT, SESSION_EVENTS_REQUEST, SessionEvents, SHOW_SESSION_EVENTS, STATUS_NOTIFICATION, StatusParams, WORKSPACE_TRUSTED } from '../../server/src/core/contract';
import { registerOverview } from './overviewPanel';
import { openAt } from './places';
import { SessionsView } from './sessionsView';

/**
 * Starts the Logon Lens language server (dist/server.js) over Node IPC and connects it to every
 * XML document; the server itself skips documents that are not event XML. Bundled apart from
 * extension.js so that nothing here loads until an event document is open.
 */
export async function startClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // --expose-gc: the server collects the copies of a big export's text that typing leaves, once typing pauses.
    run: { module, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc'] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--expose-gc', '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // The policy file too, so that quick fixes are computed against the text the editor has.
    documentSelector: [{ language: 'xml' }, { scheme: 'file', pattern: '**/logon-policy.json' }],
    outputChannelName: 'Logon Lens',
    // The server reads event files it was never sent, and the policy file: tell it when they change.
    synchronize: {
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.xml'), vscode.workspace.createFileSystemWatcher('**/*.evtx'), vscode.workspace.createFileSystemWatcher('**/logon-policy.json')],
    },
    // An untrusted workspace's policy file is not applied (and the server says so).
    // Local times in hovers are the user's, whatever zone the server process runs in.
    // Rule pages open through OPEN_RULE_PAGE, from this extension's files (remote and web editors cannot open the server's).
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, rulePageCommand: true } satisfies InitializationOptions,
  };
  const client = new LanguageClient('logonLens', 'Logon Lens', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_SESSION_EVENTS, (uri: string, position: { line: number; character: number }) => showSessionEvents(client, uri, position)),
    vscode.commands.registerCommand(OPEN_RULE_PAGE, (ruleId: unknown) => openRulePage(context, ruleId)),
    // The session of the event at the cursor: its events listed, or its 4624 opened.
    vscode.commands.registerCommand(SHOW_SESSION_OF_EVENT, async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor !== undefined) await showSessionEvents(client, editor.document.uri.toString(), editor.selection.active);
    }),
    vscode.commands.registerCommand(GO_TO_LOGON, () => goToLogon(client)),
    client,
  );
  // What the server is reading, or what it knows (events, sessions, problems); a click opens the Logon Sessions view.
  const status = vscode.window.createStatusBarItem('logonLens.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Logon Lens';
  status.command = 'logonLens.sessions.focus';
  context.subscriptions.push(status, client.onNotification(STATUS_NOTIFICATION, (params: StatusParams) => {
    // The text is the server's own words and counts, never event data; codicons mark the state.
    status.text = `${params.busy ? '$(sync~spin)' : '$(shield)'} ${params.text}`;
    status.tooltip = params.busy ? params.tooltip : `${params.tooltip} Click to open the Logon Sessions view.`;
    status.show();
  }));
  await client.start();
  // The session commands show in menus only once the language service runs.
  void vscode.commands.executeCommand('setContext', 'logonLens.serving', true);
  // The Logon Sessions view (the server gives each level when it is opened), and the timeline and graph.
  const sessions = new SessionsView(client, context);
  registerOverview(context, client, sessions);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WORKSPACE_TRUSTED)));
  return client;
}

/**
 * Runs from a session's code lens: lists every event of the session, each row saying which event
 * it is and when (`4672 Special privileges · 2019-02-07 11:37:52.628 · #32367`), and opens the one
 * picked at its Logon ID. Rows are the server's words and numbers, never event text.
 */
async function showSessionEvents(client: LanguageClient, uri: string, position: { line: number; character: number }): Promise<void> {
  const found = await client.sendRequest<SessionEvents | null>(SESSION_EVENTS_REQUEST, { uri, position });
  if (found === null || found.events.length === 0) {
    void vscode.window.showInformationMessage('Logon Lens: no logon session in view names this event.');
    return;
  }
  const items = found.events.map(event => ({ label: event.label, description: vscode.workspace.asRelativePath(vscode.Uri.parse(event.uri)), event }));
  const picked = await vscode.window.showQuickPick(items, { title: `Session: ${found.title}`, placeHolder: `${found.events.length} events of this session, in time order`, matchOnDescription: true });
  if (picked !== undefined) await openAt(picked.event);
}

/** Opens the 4624 that began the session of the event at the cursor. */
async function goToLogon(client: LanguageClient): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) return;
  const found = await client.sendRequest<SessionEvents | null>(SESSION_EVENTS_REQUEST, { uri: editor.document.uri.toString(), position: editor.selection.active });
  if (found?.logon === undefined) {
    void vscode.window.showInformationMessage('Logon Lens: the 4624 of this event\'s session is not in view.');
    return;
  }
  await openAt(found.logon);
}

/**
 * Opens a rule's page rendered in the markdown preview, from the extension's own docs/rules/. The
 * id comes from a link, so only a rule id's characters are accepted: nothing else reaches a path.
 */
async function openRulePage(context: vscode.ExtensionContext, ruleId: unknown): Promise<void> {
  if (typeof ruleId !== 'string' || !/^[a-z0-9-]{1,64}$/.test(ruleId)) return;
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${ruleId}.md`);
  await vscode.commands.executeCommand('markdown.showPreview', page);
}

