// The timeline and graph with many sessions: a generated workspace (45 MB, 20 computers; the index reads files up to 50 MB) is read by
// the real server over stdio, which answers the overview request; that overview is then drawn by the
// webview's own bundle (dist/overview.js) in headless Chromium, as VS Code would host it. Timed:
// the server's answer, the first draw, the graph's layout, and each redraw while zooming (p95),
// for every session and for the first 100 of them (the ratio says how the cost grows).
// Needs `npm run build`, the test helpers compiled (`npx tsc -p tsconfig.test.json`) and Chromium
// (`bash test/e2e/install.sh`).
//   node bench/overview-bench.mjs [--mb 45] [--computers 20]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateExport } from './generate.mjs';
import { option } from './measure.mjs';

const require = createRequire(import.meta.url);
const { LspTestClient } = require('../out/test/helpers/lspClient.js');
const { chromium } = require('playwright-core');
const mb = option('--mb', 45);
const computers = option('--computers', 20);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const folder = mkdtempSync(path.join(os.tmpdir(), 'logon-lens-overview-bench-'));
writeFileSync(path.join(folder, 'export.xml'), generateExport({ targetBytes: mb * 2 ** 20, seed: 7, computers }));
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

const client = new LspTestClient();
let overview;
const serverMs = [];
try {
  await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'bench' }]);
  await client.waitForLog(/^Indexed \d+ event files? /);
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    overview = await client.request('logonLens/overview', {});
    serverMs.push(performance.now() - t0);
  }
} finally {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
}
const drawn = (o) => ({ ...o, sessions: o.sessions.map(({ location, ...s }) => s), marks: o.marks.map(({ location, ...m }) => m) });
const full = drawn(overview);
const small = { ...full, sessions: full.sessions.slice(0, 100), marks: full.marks.slice(0, 10) };
// The generated export has eight users: the same sessions spread over 2,000 accounts, for a graph at its cap.
const spread = { ...full, accounts: Array.from({ length: 2000 }, (_, k) => `CORP\\user${k}`), sessions: full.sessions.map((s, k) => ({ ...s, account: (k * 7919) % 2000 })) };

// The webview page as VS Code hosts it: the extension's HTML body, its bundle, and a dark theme's variables.
const page = path.join(os.tmpdir(), `logon-lens-overview-${process.pid}.html`);
writeFileSync(page, `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="${pathToFileURL(path.join(root, 'dist/overview.css'))}">
<style>body { --vscode-editor-background: #1e1e1e; --vscode-editor-foreground: #d4d4d4; --vscode-foreground: #cccccc; --vscode-font-family: sans-serif; --vscode-font-size: 13px;
--vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-charts-green: #89d185; --vscode-charts-yellow: #cca700; --vscode-charts-orange: #d18616; --vscode-charts-purple: #b180d7; --vscode-charts-lines: #80808080; }</style>
<script>window.acquireVsCodeApi = () => ({ postMessage: (m) => (window.posted ??= []).push(m), getState: () => undefined, setState: () => undefined });</script>
</head><body class="vscode-dark">
<header class="toolbar"><div role="tablist"><button role="tab" id="tab-timeline">Timeline</button><button role="tab" id="tab-graph">Graph</button></div>
<label id="lanes-control">Lanes <select id="lanes"><option value="computer">computer</option><option value="account">account</option></select></label><button id="fit">Reset</button><span id="hint"></span><span id="summary"></span></header>
<main><section id="timeline-pane" class="pane"><canvas id="timeline"></canvas><div id="lane-labels"></div></section>
<section id="graph-pane" class="pane" hidden><canvas id="graph"></canvas><div id="node-labels"></div></section><div id="empty" hidden></div></main>
<footer id="legend"></footer><div id="tooltip" hidden></div>
<script src="${pathToFileURL(path.join(root, 'dist/overview.js'))}"></script></body></html>`);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const measure = async (data) => {
  const tab = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await tab.goto(pathToFileURL(page).toString());
  await tab.waitForFunction(() => window.posted?.some((m) => m.type === 'ready'));
  const lastMeasure = (name) => tab.evaluate((n) => performance.getEntriesByName(n).at(-1)?.duration ?? null, name);
  const nextFrame = () => tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // Posting the overview to the first complete draw, measured in the page.
  const firstDraw = await tab.evaluate((overview) => new Promise((resolve) => {
    const t0 = performance.now();
    window.postMessage({ type: 'overview', overview }, '*');
    const wait = () => (performance.getEntriesByName('timeline draw').length > 0 ? resolve(performance.now() - t0) : requestAnimationFrame(wait));
    requestAnimationFrame(wait);
  }), data);
  // Each redraw's time while the wheel zooms in `steps` times, then out as many.
  const redrawsWhileZooming = async (steps, measureName) => {
    const draws = [];
    for (let k = 0; k < 2 * steps; k++) {
      await tab.mouse.wheel(0, k < steps ? -120 : 120);
      await nextFrame();
      draws.push(await lastMeasure(measureName));
    }
    return draws;
  };
  await tab.mouse.move(800, 400);
  const zoomDraws = await redrawsWhileZooming(30, 'timeline draw');
  await tab.click('#tab-graph');
  await nextFrame();
  const layout = await lastMeasure('graph layout');
  const graphDraws = await redrawsWhileZooming(15, 'graph draw');
  await tab.click('#tab-timeline');
  await nextFrame();
  await tab.screenshot({ path: path.join(os.tmpdir(), `logon-lens-overview-${data.sessions.length}.png`) });
  await tab.close();
  return { firstDraw, zoomP95: percentile(zoomDraws, 95), layout, graphP95: percentile(graphDraws, 95) };
};
try {
  const many = await measure(full);
  const few = await measure(small);
  const wide = await measure(spread);
  console.log(`workspace: ${mb} MB, ${computers} computers; overview: ${full.sessions.length} sessions, ${full.marks.length} marks, ${full.accounts.length} accounts, ${full.hops.length} hops`);
  console.log(`server: overview request ${percentile(serverMs, 50).toFixed(0)} ms (median of 3), ${(JSON.stringify(overview).length / 2 ** 20).toFixed(1)} MB of JSON`);
  console.log('| measure | all sessions | 100 sessions | ratio | frame budget |\n|---|---|---|---|---|');
  const row = (name, a, b, budget) => console.log(`| ${name} | ${a.toFixed(1)} ms | ${b.toFixed(1)} ms | ${(a / b).toFixed(1)}× | ${budget} |`);
  row('data posted -> first timeline draw', many.firstDraw, few.firstDraw, '');
  row('timeline redraw while zooming, p95', many.zoomP95, few.zoomP95, `${(many.zoomP95 / 16.7).toFixed(2)}× of 16.7 ms`);
  row('graph layout (once)', many.layout, few.layout, '');
  row('graph redraw while zooming, p95', many.graphP95, few.graphP95, `${(many.graphP95 / 16.7).toFixed(2)}× of 16.7 ms`);
  row('graph layout, 2,000 accounts (150 drawn)', wide.layout, few.layout, '');
  row('graph redraw, 2,000 accounts, p95', wide.graphP95, few.graphP95, `${(wide.graphP95 / 16.7).toFixed(2)}× of 16.7 ms`);
  console.log(`screenshots: ${path.join(os.tmpdir(), 'logon-lens-overview-*.png')}`);
} finally {
  await browser.close();
  rmSync(page, { force: true });
}
