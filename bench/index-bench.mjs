// Requests answered while the workspace is being indexed: a folder of generated exports
// (5 × 45 MB by default) is read by the real server over stdio while a client sends hovers,
// definitions and references on an open document, one after another, and times each answer.
// Needs `npm run build` and the test helpers compiled (`npx tsc -p tsconfig.test.json`).
//   node bench/index-bench.mjs [--files 5] [--mb 45]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateExport } from './generate.mjs';
import { option } from './measure.mjs';

const require = createRequire(import.meta.url);
const { LspTestClient } = require('../out/test/helpers/lspClient.js');
const files = option('--files', 5);
const mb = option('--mb', 45);
const folder = mkdtempSync(path.join(os.tmpdir(), 'logon-lens-index-bench-'));
let bytes = 0;
for (let k = 0; k < files; k++) {
  const text = generateExport({ targetBytes: mb * 2 ** 20, seed: k + 1, computers: 3, firstComputer: 1 + 3 * k });
  bytes += text.length;
  writeFileSync(path.join(folder, `export-${k}.xml`), text);
}
const open = generateExport({ targetBytes: 2 ** 20, seed: 99, computers: 2 });
const lines = open.split('\n');
const positionOf = (needle) => {
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line].indexOf('>') + 2 };
};
const logonType = positionOf('"LogonType"');
const logonId = positionOf('"TargetLogonId"');

// The server as the VS Code client starts it (with --expose-gc: see server/src/youngCollector.ts),
// unless SERVER_NODE_ARGS says otherwise.
const client = new LspTestClient(process.env.SERVER_NODE_ARGS !== undefined ? process.env.SERVER_NODE_ARGS.split(' ').filter(Boolean) : ['--expose-gc']);
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
try {
  await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'bench' }]);
  const uri = pathToFileURL(path.join(os.tmpdir(), 'logon-lens-open.xml')).toString();
  await client.open(uri, open);
  const started = performance.now();
  // Indexing is reading every file, then linking their sessions and findings (the status item says
  // "linking the sessions of ..." until it is done).
  let read = false;
  let indexed = false;
  let readMs = 0;
  void client.waitForLog(/^Indexed \d+ event files? /).then(() => {
    read = true;
    readMs = performance.now() - started;
    // The first status not busy after the reading (statuses are tested in the order they came).
    const before = client.statuses.length;
    let seen = 0;
    return client.waitForStatus(status => seen++ >= before && !status.busy);
  }).then(() => (indexed = true));
  // Both hovers, by phase: while files are read, and while their sessions are linked.
  const readingTimes = [];
  const linkingTimes = [];
  const times = { hover: [], 'logon id hover': [], definition: [], references: [] };
  const requests = [
    ['hover', () => client.hover(uri, logonType)],
    ['logon id hover', () => client.hover(uri, logonId)],
    // Navigation waits for the index by design (an absence is not stated before it is known):
    // measured separately below, after indexing.
  ];
  while (!indexed) {
    for (const [name, request] of requests) {
      const t0 = performance.now();
      await request();
      times[name].push(performance.now() - t0);
      (read ? linkingTimes : readingTimes).push(performance.now() - t0);
    }
  }
  const indexMs = performance.now() - started;
  for (let k = 0; k < 100; k++) {
    let t0 = performance.now();
    await client.definition(uri, logonId);
    times.definition.push(performance.now() - t0);
    t0 = performance.now();
    await client.references(uri, logonId);
    times.references.push(performance.now() - t0);
  }
  console.log(`workspace: ${files} files, ${(bytes / 2 ** 20).toFixed(0)} MB, read in ${(readMs / 1000).toFixed(1)} s, sessions linked by ${(indexMs / 1000).toFixed(1)} s`);
  console.log('| request | answered | p50 | p99 | max |\n|---|---|---|---|---|');
  for (const [name, list] of Object.entries(times)) {
    if (list.length === 0) continue;
    const when = name === 'definition' || name === 'references' ? 'after indexing' : 'while reading and linking';
    console.log(`| ${name} | ${list.length} ${when} | ${percentile(list, 50).toFixed(1)} ms | ${percentile(list, 99).toFixed(1)} ms | ${Math.max(...list).toFixed(1)} ms |`);
  }
  for (const [phase, list] of [['reading', readingTimes], ['linking', linkingTimes]]) {
    if (list.length > 0) console.log(`| both hovers, ${phase} | ${list.length} | ${percentile(list, 50).toFixed(1)} ms | ${percentile(list, 99).toFixed(1)} ms | ${Math.max(...list).toFixed(1)} ms |`);
  }
  console.log(`peak RSS ${(await client.peakRssMB()).toFixed(0)} MB`);
} finally {
  await client.stop();
  rmSync(folder, { recursive: true, force: true });
}
