import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EXPORT_SESSIONS_CSV, FILTER_SESSIONS, REVEAL_IN_SESSIONS_VIEW, SESSION_TREE_PATH_REQUEST, SESSION_TREE_REQUEST, SessionFilter, SESSIONS_CHANGED_NOTIFICATION, SESSIONS_CSV_REQUEST, SessionTreeNode } from '../../server/src/core/contract';
import { rangeOf } from './places';

/**
 * The Logon Sessions view: computers, their boots, each boot's sessions, each session's events,
 * asked of the server one level at a time. A click on a session opens its 4624; on an event, its
 * Logon ID. Labels are the server's (event data written out as labels); tooltips are plain text.
 */
export class SessionsView implements vscode.TreeDataProvider<SessionTreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  /** What the view shows: every session, or those the user filtered for. */
  private filter: SessionFilter = {};
  /** Nodes given to the view, by id: a node's parent for reveal (ids say their parents: s: under b: under c:). */
  private readonly nodes = new Map<string, SessionTreeNode>();
  private readonly parents = new Map<string, string>();
  private readonly view: vscode.TreeView<SessionTreeNode>;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly client: LanguageClient, context: vscode.ExtensionContext) {
    this.view = vscode.window.createTreeView('logonLens.sessions', { treeDataProvider: this, showCollapseAll: true });
    context.subscriptions.push(
      this.view,
      this.changed,
      // The server says what it knows changed (typing paused, a file changed): the view asks again, once.
      client.onNotification(SESSIONS_CHANGED_NOTIFICATION, () => this.refreshSoon()),
      vscode.commands.registerCommand(FILTER_SESSIONS, async () => {
        const filter = await pickSessionFilter(this.filter);
        if (filter !== undefined) this.setFilter(filter);
      }),
      vscode.commands.registerCommand(REVEAL_IN_SESSIONS_VIEW, () => this.revealActive()),
      vscode.commands.registerCommand(EXPORT_SESSIONS_CSV, () => this.exportCsv()),
    );
  }

  /** Shows only sessions that pass `filter` (every session for `{}`), and says so beside the title. */
  setFilter(filter: SessionFilter): void {
    this.filter = filter;
    this.view.description = describeFilter(filter);
    void vscode.commands.executeCommand('setContext', 'logonLens.sessionsFiltered', this.view.description !== undefined);
    this.refresh();
  }

  refresh(): void {
    this.nodes.clear();
    this.parents.clear();
    this.changed.fire();
  }

  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 200);
  }

  async getChildren(parent?: SessionTreeNode): Promise<SessionTreeNode[]> {
    const children = await this.client.sendRequest<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent: parent?.id, filter: this.filter });
    for (const child of children) {
      this.nodes.set(child.id, child);
      if (parent !== undefined) this.parents.set(child.id, parent.id);
    }
    return children;
  }

  getParent(node: SessionTreeNode): SessionTreeNode | undefined {
    const parent = this.parents.get(node.id);
    return parent === undefined ? undefined : this.nodes.get(parent);
  }

  getTreeItem(node: SessionTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.kind;
    const icons: Record<SessionTreeNode['kind'], string> = { computer: 'vm', boot: 'debug-restart', session: node.privileged ? 'shield' : 'account', event: 'symbol-event', more: 'ellipsis' };
    // A session with problems shows its icon in the problems' colour.
    const colour = node.kind === 'session' && (node.problems ?? 0) > 0 ? new vscode.ThemeColor('list.warningForeground') : undefined;
    item.iconPath = new vscode.ThemeIcon(icons[node.kind], colour);
    if (node.location !== undefined) {
      item.command = { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(node.location.uri), { selection: rangeOf(node.location.range) }] };
    }
    return item;
  }

  /** Opens the view at the session of the event at the cursor (the filter cleared if it hides it). */
  private async revealActive(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) return;
    const at = { uri: editor.document.uri.toString(), position: editor.selection.active };
    let path = await this.client.sendRequest<SessionTreeNode[] | null>(SESSION_TREE_PATH_REQUEST, { ...at, filter: this.filter });
    if (path === null && describeFilter(this.filter) !== undefined) {
      path = await this.client.sendRequest<SessionTreeNode[] | null>(SESSION_TREE_PATH_REQUEST, { ...at, filter: {} });
      if (path !== null) this.setFilter({});
    }
    if (path === null || path.length === 0) {
      void vscode.window.showInformationMessage('Logon Lens: no logon session in view names this event.');
      return;
    }
    path.forEach((node, k) => {
      this.nodes.set(node.id, node);
      if (k > 0) this.parents.set(node.id, path![k - 1]!.id);
    });
    await this.view.reveal(path[path.length - 1]!, { select: true, focus: true, expand: true });
  }

  /** Writes the sessions the view shows (its filter applied) to a CSV file the user picks. */
  private async exportCsv(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export Logon Sessions as CSV',
      filters: { 'CSV files': ['csv'] },
      defaultUri: folder === undefined ? undefined : vscode.Uri.joinPath(folder, 'logon-sessions.csv'),
    });
    if (target === undefined) return;
    const csv = await this.client.sendRequest<string>(SESSIONS_CSV_REQUEST, { filter: this.filter });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(csv));
    const rows = Math.max(0, csv.split('\n').length - 2);
    const open = await vscode.window.showInformationMessage(`Logon Lens: ${rows} session${rows === 1 ? '' : 's'} written to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
    if (open === 'Open') await vscode.window.showTextDocument(target);
  }
}

/** Asks which sessions to show: an account, a computer, a logon type, privileged ones, ones with problems, or all again. Undefined when dismissed. */
async function pickSessionFilter(current: SessionFilter): Promise<SessionFilter | undefined> {
  const choice = await vscode.window.showQuickPick([
    { label: 'Account…', detail: 'Sessions whose account name contains some text', key: 'account' },
    { label: 'Computer…', detail: 'Sessions on one computer', key: 'computer' },
    { label: 'Logon type…', detail: 'Sessions of one logon type (2 Interactive, 3 Network, 10 RemoteInteractive, …)', key: 'type' },
    { label: 'Privileged only', detail: 'Sessions given special privileges (4672)', key: 'privileged' },
    { label: 'With problems only', detail: 'Sessions with a finding on one of their events', key: 'problems' },
    { label: 'Show every session', detail: 'Clear the filter', key: 'clear' },
  ], { title: 'Filter the Logon Sessions view' });
  switch (choice?.key) {
    case undefined: return undefined;
    case 'clear': return {};
    case 'privileged': return { ...current, privileged: true };
    case 'problems': return { ...current, withProblems: true };
    case 'account': {
      const account = await vscode.window.showInputBox({ title: 'Sessions of the account', prompt: 'A part of the account name, as DOMAIN\\user shows it', value: current.account ?? '' });
      return account === undefined ? undefined : { ...current, account: account.trim() === '' ? undefined : account.trim() };
    }
    case 'computer': {
      const computer = await vscode.window.showInputBox({ title: 'Sessions on the computer', prompt: 'The computer\'s name, as its events write it', value: current.computer ?? '' });
      return computer === undefined ? undefined : { ...current, computer: computer.trim() === '' ? undefined : computer.trim() };
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
    filter.computer === undefined ? undefined : `computer ${filter.computer}`,
    filter.logonType === undefined ? undefined : `type ${filter.logonType}`,
    filter.privileged === true ? 'privileged' : undefined,
    filter.withProblems === true ? 'with problems' : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? undefined : `filtered: ${parts.join(', ')}`;
}
