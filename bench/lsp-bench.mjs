// Logon Lens against the floor (bench/floor-server.cjs: a do-nothing server on the same library),
// through the real protocol over stdio, in one run: open -> first diagnostics, one-character edits
// at random places -> next hover and -> diagnostics, and memory after many edits.
// Needs `npm run build` and the test helpers compiled (`npx tsc -p tsconfig.test.json`).
//   node bench/lsp-bench.mjs [--mb 50] [--opens 5] [--edits 200] [--memory-edits 1000] [--rest-seconds 10] [--computers 5] [--server PATH]
// --opens N: N more opens by each server, in turns, each in a fresh process: one open varies by
// ±10% from run to run on this machine, so the open is judged by the median of all of them.
// --server measures another build of the server (an older checkout's dist/server.js, say).
// --profile DIR writes a V8 CPU profile of the Logon Lens server into DIR (--cpu-prof).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport } from './generate.mjs';
import { option } from './measure.mjs';

const require = createRequire(import.meta.url);
const { LspTestClient } = require('../out/test/helpers/lspClient.js');
const here = path.dirname(fileURLToPath(import.meta.url));
const text = generateExport({ targetBytes: option('--mb', 50) * 2 ** 20, computers: option('--computers', 5) });
const OPENS = option('--opens', 5);
const EDITS = option('--edits', 200);
const MEMORY_EDITS = option('--memory-edits', 1000);
const REST_MS = option('--rest-seconds', 10) * 1000;
const serverArg = process.argv.indexOf('--server');
const LENS = serverArg < 0 ? undefined : path.resolve(process.argv[serverArg + 1]);
const profileArg = process.argv.indexOf('--profile');
const PROFILE = profileArg < 0 ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.argv[profileArg + 1])}`];

/** Deterministic places to edit: inside LogonType values, spread over the document. */
const lines = text.split('\n');
const logonTypeLines = lines.flatMap((line, k) => (line.includes('"LogonType"') ? [k] : []));
let state = 12345;
const random = (n) => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) % n);

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const ms = (t0) => performance.now() - t0;

/** A fresh server, the export opened in it: open -> first diagnostics, and -> diagnostics with policy findings. */
async function openIn(server) {
  // Each server as the VS Code client starts it: Logon Lens with --expose-gc (see server/src/idleCollector.ts).
  // The floor with --expose-gc too: it collects at rest as Logon Lens does (see floor-server.cjs).
  const client = new LspTestClient(server === 'floor' ? ['--expose-gc'] : ['--expose-gc', ...PROFILE], server === 'floor' ? path.join(here, 'floor-server.cjs') : LENS);
  await client.initialize();
  const uri = 'file:///bench/security.xml';
  const t0 = performance.now();
  await client.open(uri, text);
  await client.diagnosticsFor(uri);
  const open = ms(t0);
  // Logon Lens publishes a just-opened document twice: its own problems, then with the policy findings.
  if (server !== 'floor' && LENS === undefined) await client.diagnosticsFor(uri, () => (client.publishCount.get(uri) ?? 0) >= 2);
  return { client, uri, open, openComplete: ms(t0) };
}

async function measure(server) {
  const { client, uri, open, openComplete } = await openIn(server);
  let t0;
  const rssOpen = await client.rssMB();
  const hovers = [];
  const diagnostics = [];
  let version = 1;
  const current = lines.slice();
  const editAt = () => {
    const line = logonTypeLines[random(logonTypeLines.length)];
    const character = current[line].indexOf('>') + 1;
    const digit = String(random(10));
    current[line] = current[line].slice(0, character) + digit + current[line].slice(character + 1);
    return { range: { start: { line, character }, end: { line, character: character + 1 } }, text: digit, at: { line, character } };
  };
  for (let k = 0; k < EDITS; k++) {
    const edit = editAt();
    const v = ++version;
    t0 = performance.now();
    await client.change(uri, v, [{ range: edit.range, text: edit.text }]);
    await client.hover(uri, edit.at);
    hovers.push(ms(t0));
    await client.diagnosticsFor(uri, (p) => p.version === v);
    diagnostics.push(ms(t0));
  }
  for (let k = 0; k < MEMORY_EDITS && client.exited === undefined; k++) {
    const edit = editAt();
    await client.change(uri, ++version, [{ range: edit.range, text: edit.text }]);
    if (k % 50 === 49) await client.hover(uri, edit.at).catch(() => null);
  }
  if (client.exited !== undefined) {
    console.log(`${server}: the server died during the memory edits (${JSON.stringify(client.exited)})`);
    return { open, openComplete, hoverP50: percentile(hovers, 50), hoverP95: percentile(hovers, 95), diagP95: percentile(diagnostics, 95), rssOpen, rssAfter: NaN, rssRest: NaN, peak: NaN };
  }
  await client.hover(uri, editAt().at);
  const rssAfter = await client.rssMB();
  // Then at rest, as after typing stops: garbage a server leaves is its own to collect.
  await new Promise((resolve) => setTimeout(resolve, REST_MS));
  await client.hover(uri, editAt().at);
  const rssRest = await client.rssMB();
  const peak = await client.peakRssMB();
  await client.stop();
  return { open, openComplete, hoverP50: percentile(hovers, 50), hoverP95: percentile(hovers, 95), diagP95: percentile(diagnostics, 95), rssOpen, rssAfter, rssRest, peak };
}

// The opens first, in turns, so that the machine's moods fall on both servers alike.
const opens = { floor: [], lens: [], complete: [] };
for (let k = 0; k < OPENS; k++) {
  for (const server of ['floor', 'lens']) {
    const { client, open, openComplete } = await openIn(server);
    opens[server].push(open);
    if (server === 'lens') opens.complete.push(openComplete);
    await client.stop();
  }
}
const floor = await measure('floor');
const lens = await measure('lens');
opens.floor.push(floor.open);
opens.lens.push(lens.open);
opens.complete.push(lens.openComplete);
const median = (values) => percentile(values, 50);
const span = (values) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`;
const pairRatios = opens.lens.map((t, k) => t / opens.floor[k]);
console.log(`input: ${(text.length / 2 ** 20).toFixed(1)} MB, ${(text.match(/<Event /g) ?? []).length} events; ${EDITS} timed edits, then ${MEMORY_EDITS} more for memory`);
const row = (label, a, b, unit = 'ms') => console.log(`| ${label} | ${a.toFixed(0)} ${unit} | ${b.toFixed(0)} ${unit} | ${(a / b).toFixed(2)}× |`);
console.log('| measure | Logon Lens | floor | ratio |\n|---|---|---|---|');
row(`open -> first diagnostics (median of ${opens.lens.length} opens)`, median(opens.lens), median(opens.floor));
row(`open -> diagnostics with policy findings (median of ${opens.lens.length})`, median(opens.complete), median(opens.floor));
row('edit -> hover answered, p50', lens.hoverP50, floor.hoverP50);
row('edit -> hover answered, p95', lens.hoverP95, floor.hoverP95);
row('edit -> diagnostics published, p95 (vs the floor\'s edit -> hover p95)', lens.diagP95, floor.hoverP95);
row('RSS after open', lens.rssOpen, floor.rssOpen, 'MB');
row(`RSS after ${EDITS + MEMORY_EDITS} edits`, lens.rssAfter, floor.rssAfter, 'MB');
row(`RSS ${REST_MS / 1000} s after the last edit`, lens.rssRest, floor.rssRest, 'MB');
row('peak RSS', lens.peak, floor.peak, 'MB');
console.log(`opens, each in a fresh process, in turns: Logon Lens ${span(opens.lens)}, floor ${span(opens.floor)}; ratio per pair ${Math.min(...pairRatios).toFixed(2)}–${Math.max(...pairRatios).toFixed(2)}× (median ${median(pairRatios).toFixed(2)}×)`);
