import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { FILTER_SESSIONS, GO_TO_LOGON, InitializationOptions, OPEN_RULE_PAGE, SHOW_SESSION_OF_EVENT, SESSION_EVENTS_REQUEST, SESSION_TREE_REQUEST, SessionEventRow, SessionEvents, SessionFilter, SESSIONS_CHANGED_NOTIFICATION, SessionTreeNode, SHOW_SESSION_EVENTS, STATUS_NOTIFICATION, StatusParams, WORKSPACE_TRUSTED } from '../../server/src/core/contract';

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
  // The Logon Sessions view: the server gives each level when it is opened.
  const sessions = new SessionTreeProvider(client);
  const view = vscode.window.createTreeView('logonLens.sessions', { treeDataProvider: sessions, showCollapseAll: true });
  context.subscriptions.push(
    view,
    client.onNotification(SESSIONS_CHANGED_NOTIFICATION, () => sessions.refresh()),
    vscode.commands.registerCommand(FILTER_SESSIONS, async () => {
      const filter = await pickSessionFilter(sessions.filter);
      if (filter === undefined) return;
      sessions.filter = filter;
      view.description = describeFilter(filter);
      sessions.refresh();
    }),
  );
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

/** A place the server names, as the editor's range. */
function rangeOf({ start, end }: SessionEventRow['range']): vscode.Range {
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/** Opens a place the server names (a session's 4624, one of its events), with its value selected. */
async function openAt(place: { uri: string; range: SessionEventRow['range'] }): Promise<void> {
  await vscode.window.showTextDocument(vscode.Uri.parse(place.uri), { selection: rangeOf(place.range) });
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

/**
 * The Logon Sessions view: computers, their boots, each boot's sessions, each session's events,
 * asked of the server one level at a time. A click on a session opens its 4624; on an event, its
 * Logon ID. Labels are the server's (event data written out as labels); tooltips are plain text.
 */
class SessionTreeProvider implements vscode.TreeDataProvider<SessionTreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** What the view shows: every session, or those the user filtered for. */
  filter: SessionFilter = {};

  constructor(private readonly client: LanguageClient) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(parent?: SessionTreeNode): Thenable<SessionTreeNode[]> {
    return this.client.sendRequest<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent: parent?.id, filter: this.filter });
  }

  getTreeItem(node: SessionTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    const icons: Record<SessionTreeNode['kind'], string> = { computer: 'vm', boot: 'debug-restart', session: node.privileged ? 'shield' : 'account', event: 'symbol-event', more: 'ellipsis' };
    item.iconPath = new vscode.ThemeIcon(icons[node.kind]);
    if (node.location !== undefined) {
      item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(node.location.uri), { selection: rangeOf(node.location.range) }] };
    }
    return item;
  }
}

/** Asks which sessions to show: an account, a logon type, privileged ones, or all again. Undefined when dismissed. */
async function pickSessionFilter(current: SessionFilter): Promise<SessionFilter | undefined> {
  const choice = await vscode.window.showQuickPick([
    { label: 'Account…', detail: 'Sessions whose account name contains some text', key: 'account' },
    { label: 'Logon type…', detail: 'Sessions of one logon type (2 Interactive, 3 Network, 10 RemoteInteractive, …)', key: 'type' },
    { label: 'Privileged only', detail: 'Sessions given special privileges (4672)', key: 'privileged' },
    { label: 'Show every session', detail: 'Clear the filter', key: 'clear' },
  ], { title: 'Filter the Logon Sessions view' });
  switch (choice?.key) {
    case undefined: return undefined;
    case 'clear': return {};
    case 'privileged': return { ...current, privileged: true };
    case 'account': {
      const account = await vscode.window.showInputBox({ title: 'Sessions of the account', prompt: 'A part of the account name, as DOMAIN\\user shows it', value: current.account ?? '' });
      return account === undefined ? undefined : { ...current, account: account.trim() === '' ? undefined : account.trim() };
    }
    case 'type': {
      const type = await vscode.window.showInputBox({ title: 'Sessions of the logon type', prompt: 'A LogonType number, such as 3 or 10', validateInput: text => (/^\d{1,2}$/.test(text.trim()) ? undefined : 'A number, such as 3 or 10') });
      return type === undefined ? undefined : { ...current, logonType: Number(type.trim()) };
    }
    default: return undefined;
  }
}

/** The active filter in a few words, shown beside the view's title. */
function describeFilter(filter: SessionFilter): string | undefined {
  const parts = [
    filter.account === undefined ? undefined : `account ~ ${filter.account}`,
    filter.logonType === undefined ? undefined : `type ${filter.logonType}`,
    filter.privileged === true ? 'privileged' : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? undefined : `filtered: ${parts.join(', ')}`;
}
