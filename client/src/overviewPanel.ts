import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Overview, OVERVIEW_REQUEST, SESSIONS_CHANGED_NOTIFICATION, SHOW_OVERVIEW } from '../../server/src/core/contract';
import type { DrawnOverview, FromWebview, ToWebview } from '../../webview/src/messages';
import { openAt } from './places';
import { SessionsView } from './sessionsView';

/**
 * "Logon Lens: Show Timeline and Graph": a webview with the sessions on a time axis and the
 * accounts and computers as a graph. Its script and style are the extension's own files (nothing
 * remote), under a Content Security Policy that allows nothing else. The webview names sessions,
 * marks and nodes by index; this side looks them up in the overview it sent, so a message can open
 * only places the server gave.
 */
export function registerOverview(context: vscode.ExtensionContext, client: LanguageClient, sessions: SessionsView): void {
  let panel: vscode.WebviewPanel | undefined;
  let shown: Overview | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;

  const send = async (): Promise<void> => {
    if (panel === undefined) return;
    void panel.webview.postMessage({ type: 'reading' } satisfies ToWebview);
    shown = await client.sendRequest<Overview>(OVERVIEW_REQUEST, {});
    void panel?.webview.postMessage({ type: 'overview', overview: drawn(shown) } satisfies ToWebview);
  };

  const onMessage = async (message: FromWebview): Promise<void> => {
    if (message?.type === 'ready') return send();
    if (shown === undefined || !Number.isInteger((message as { index?: unknown }).index)) return;
    if (message.type === 'open') {
      const place = message.what === 'session' ? shown.sessions[message.index]?.location : shown.marks[message.index]?.location;
      // Beside the timeline, so that it stays in view with its zoom.
      if (place !== undefined) await openAt(place, panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    } else if (message.type === 'filter') {
      const name = message.what === 'account' ? shown.accounts[message.index] : shown.computers[message.index];
      if (name === undefined) return;
      sessions.setFilter(message.what === 'account' ? { account: name } : { computer: name });
      await vscode.commands.executeCommand('logonLens.sessions.focus');
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_OVERVIEW, () => {
      if (panel !== undefined) return panel.reveal();
      panel = vscode.window.createWebviewPanel('logonLens.overview', 'Logon Lens: Timeline and Graph', vscode.ViewColumn.Active, {
        enableScripts: true,
        // Kept while hidden: the user's zoom and scroll survive a look at the log.
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
      });
      panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'sessions.svg');
      panel.webview.html = html(panel.webview, context.extensionUri);
      panel.webview.onDidReceiveMessage(message => void onMessage(message as FromWebview).catch(error => client.error('timeline and graph', error)));
      panel.onDidDispose(() => {
        panel = undefined;
        shown = undefined;
      });
    }),
    // What is known changed: the overview is drawn again, once changes pause.
    client.onNotification(SESSIONS_CHANGED_NOTIFICATION, () => {
      if (panel === undefined) return;
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void send().catch(error => client.error('timeline and graph', error)), 1000);
    }),
  );
}

/** The overview without the places of events: the webview has no use for file addresses. */
function drawn(overview: Overview): DrawnOverview {
  return {
    ...overview,
    sessions: overview.sessions.map(({ location: _, ...session }) => session),
    marks: overview.marks.map(({ location: _, ...mark }) => mark),
  };
}

function html(webview: vscode.Webview, root: vscode.Uri): string {
  const nonce = [...crypto.getRandomValues(new Uint8Array(18))].map(b => b.toString(16).padStart(2, '0')).join('');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'overview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'overview.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src ${webview.cspSource}; font-src ${webview.cspSource}; img-src ${webview.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>Logon Lens: Timeline and Graph</title>
</head>
<body>
<header class="toolbar">
  <div role="tablist" aria-label="View">
    <button role="tab" id="tab-timeline" aria-controls="timeline-pane">Timeline</button>
    <button role="tab" id="tab-graph" aria-controls="graph-pane">Graph</button>
  </div>
  <label id="lanes-control">Lanes
    <select id="lanes">
      <option value="computer">one per computer</option>
      <option value="account">one per computer and account</option>
    </select>
  </label>
  <button id="fit" title="Show everything again">Reset view</button>
  <span id="hint">Wheel: zoom · drag: pan · click: open</span>
  <span id="summary" role="status"></span>
</header>
<main>
  <section id="timeline-pane" class="pane" role="tabpanel" aria-label="Timeline"><canvas id="timeline" tabindex="0" aria-label="Sessions on a time axis, one lane per computer"></canvas><div id="lane-labels"></div></section>
  <section id="graph-pane" class="pane" role="tabpanel" aria-label="Graph" hidden><canvas id="graph" tabindex="0" aria-label="Accounts and computers, linked by logons"></canvas><div id="node-labels"></div></section>
  <div id="empty" hidden>No logon sessions in view yet: open an event log (.evtx) or event XML, or a folder that holds some.</div>
</main>
<footer id="legend" aria-label="Legend"></footer>
<div id="tooltip" role="tooltip" hidden></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
