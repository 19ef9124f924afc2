import { Graph } from './graph';
import type { DrawnOverview, FromWebview, ToWebview } from './messages';
import { cssColour, LOGON_TYPES, onThemeChange, Palette, readPalette } from './theme';
import { LaneMode, Timeline } from './timeline';
import { Tooltip } from './tooltip';

/**
 * The Logon Lens timeline and graph, in a VS Code webview. The extension sends the overview; a
 * click sends back what to open or filter, by index. Everything from the data is set as text.
 */
declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const post = (message: FromWebview): void => vscode.postMessage(message);
const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let palette: Palette = readPalette();
const tooltip = new Tooltip(byId('tooltip'));
const timeline = new Timeline(byId('timeline'), byId('lane-labels'), tooltip, palette, (what, index) => post({ type: 'open', what, index }));
const graph = new Graph(byId('graph'), byId('node-labels'), tooltip, palette, (what, index) => post({ type: 'filter', what, index }));
let current: DrawnOverview | undefined;
let tab: 'timeline' | 'graph' = (vscode.getState() as { tab?: 'timeline' | 'graph' } | undefined)?.tab === 'graph' ? 'graph' : 'timeline';

onThemeChange(() => {
  palette = readPalette();
  timeline.setPalette(palette);
  graph.setPalette(palette);
});

function showTab(which: 'timeline' | 'graph'): void {
  tab = which;
  vscode.setState({ tab });
  for (const name of ['timeline', 'graph'] as const) {
    byId(`tab-${name}`).setAttribute('aria-selected', String(name === which));
    byId(`${name}-pane`).hidden = name !== which;
  }
  byId('lanes-control').hidden = which !== 'timeline';
  byId('hint').textContent = which === 'timeline'
    ? 'Wheel: zoom · drag: pan · shift+wheel: scroll lanes · click a name: zoom to it · click a bar: open its 4624'
    : 'Wheel: zoom · drag: pan · click a name: show its sessions';
  tooltip.hide();
  if (which === 'graph') graph.fit();
  else timeline.drawNow();
  describe();
}

byId('tab-timeline').addEventListener('click', () => showTab('timeline'));
byId('tab-graph').addEventListener('click', () => showTab('graph'));
byId<HTMLSelectElement>('lanes').addEventListener('change', event => timeline.setMode((event.target as HTMLSelectElement).value as LaneMode));
byId('fit').addEventListener('click', () => (tab === 'graph' ? graph.fit() : timeline.resetZoom()));
document.addEventListener('keydown', event => {
  if (tab !== 'timeline' || (event.target as HTMLElement).tagName === 'SELECT') return;
  const keys: Record<string, () => void> = {
    '+': () => timeline.zoomBy(1.5), '=': () => timeline.zoomBy(1.5), '-': () => timeline.zoomBy(1 / 1.5),
    ArrowLeft: () => timeline.panBy(80), ArrowRight: () => timeline.panBy(-80),
    ArrowUp: () => timeline.scrollBy(-40), ArrowDown: () => timeline.scrollBy(40),
    PageUp: () => timeline.scrollBy(-400), PageDown: () => timeline.scrollBy(400), '0': () => timeline.resetZoom(),
  };
  const action = keys[event.key];
  if (action !== undefined) {
    event.preventDefault();
    action();
  }
});

// The legend: logon type colours and the marks.
const legend = byId('legend');
for (const { type, name, colour } of LOGON_TYPES) {
  const item = legend.appendChild(document.createElement('span'));
  item.className = 'legend-item';
  const swatch = item.appendChild(document.createElement('span'));
  swatch.className = 'swatch';
  swatch.style.background = cssColour(colour);
  item.append(`${type} ${name}`);
}
for (const [className, text] of [['mark-privileged', 'privileged (4672)'], ['mark-problems', 'has problems'], ['mark-burst', 'burst: failed logons, spray, Kerberoasting'], ['mark-finding', 'other finding'], ['mark-boot', 'boot (4608)'], ['mark-shutdown', 'shutdown'], ['mark-hop', 'hop between hosts (graph)'], ['node-computer', 'computer (graph)'], ['node-account', 'account (graph)'], ['node-privileged', 'account with privileged sessions']] as const) {
  const item = legend.appendChild(document.createElement('span'));
  item.className = 'legend-item';
  item.appendChild(document.createElement('span')).className = `swatch ${className}`;
  item.append(text);
}

/** The caption: what is drawn, and what was left out. */
function describe(): void {
  const summary = byId('summary');
  if (current === undefined) {
    summary.textContent = 'Reading event files…';
    return;
  }
  const { sessions, computers, accounts, hops, omitted } = current;
  const parts = [`${sessions.length.toLocaleString('en-US')} sessions`, `${computers.length} computers`, `${accounts.length} accounts`];
  if (hops.length > 0) parts.push(`${hops.length} hops`);
  if (omitted.sessions > 0) parts.push(`${omitted.sessions.toLocaleString('en-US')} more sessions not drawn`);
  if (omitted.marks > 0) parts.push(`${omitted.marks.toLocaleString('en-US')} more marks not drawn`);
  if (tab === 'graph' && graph.omitted.accounts > 0) parts.push(`the ${graph.omitted.accounts} accounts with fewest sessions not drawn`);
  summary.textContent = parts.join(' · ');
  byId('empty').hidden = sessions.length > 0 || current.marks.length > 0;
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  if (message?.type === 'overview') {
    current = message.overview;
    timeline.show(current);
    graph.show(current);
    describe();
    if (tab === 'graph') graph.refresh();
  } else if (message?.type === 'reading') {
    current = undefined;
    describe();
  }
});

showTab(tab);
post({ type: 'ready' });
