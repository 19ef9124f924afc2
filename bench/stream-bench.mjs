// The command line on exports of growing size: time, throughput, and peak memory of `check` (two
// streamed passes) and `sessions` (one), beside a whole-text parse measured in the same run.
// Memory should follow the number of sessions (a few hundred bytes each), not the bytes of text.
//   node bench/stream-bench.mjs [--sizes 64,256] [--keep]     (--sizes 64,512,2048 for a 2 GB export)
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateExport } from './generate.mjs';
import { loadCore } from './loadCore.mjs';
import { best, flag } from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const sizesArg = process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : '64,256';
const sizes = sizesArg.split(',').map(Number);
const dir = mkdtempSync(path.join(tmpdir(), 'logon-lens-stream-bench-'));
const MB = 2 ** 20;

// The reference: parsing a 64 MB text held whole, in this process.
const { parseEventDocument } = await loadCore();
const sample = generateExport({ targetBytes: 64 * MB });
const parse = best(3, () => parseEventDocument(sample));
const parseRate = sample.length / MB / (parse.ms / 1000);
console.log(`whole-text parse of 64 MB: ${parse.ms.toFixed(0)} ms, ${parseRate.toFixed(0)} MB/s (the reference)\n`);

/** Writes an export of about `mb` MB in 32 MB parts, each part on its own computers. */
function writeExport(file, mb) {
  const out = openSync(file, 'w');
  let events = 0;
  for (let part = 0; part * 32 < mb; part++) {
    const text = generateExport({ targetBytes: Math.min(32, mb - part * 32) * MB, seed: part + 1, computers: 3, firstComputer: 1 + part * 3 });
    events += text.split('<Event ').length - 1;
    writeSync(out, text);
  }
  closeSync(out);
  return events;
}

/** Runs the command twice: once timed (and its peak RSS read), once with full collections forced to read its live heap. */
function measure(args) {
  const peakFile = path.join(dir, 'peak.json');
  const runOnce = (nodeFlags) => {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [...nodeFlags, '--require', path.join(here, 'peak-memory.cjs'), cli, ...args], {
      env: { ...process.env, LOGON_LENS_PEAK_FILE: peakFile }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8',
    });
    if (run.status !== 0 && run.status !== 1) throw new Error(`logon-lens ${args.join(' ')} failed: ${run.stderr}`);
    return { ms: performance.now() - t0, summary: run.stderr.trim().split('\n').at(-1), ...JSON.parse(readFileSync(peakFile, 'utf8')) };
  };
  const timed = runOnce([]);
  const { peakLiveHeapBytes } = runOnce(['--expose-gc']);
  return { ...timed, peakLiveHeapBytes };
}

const rows = [];
for (const mb of sizes) {
  const file = path.join(dir, `export-${mb}.xml`);
  const events = writeExport(file, mb);
  const bytes = statSync(file).size;
  const check = measure(['check', file, '--format', 'json', '--fail-on', 'none']);
  const sessions = measure(['sessions', file, '--format', 'csv']);
  rows.push({ mb: bytes / MB, events, check, sessions });
  const perPass = (bytes / MB) / (check.ms / 2000);
  const memory = (m) => `live heap ${(m.peakLiveHeapBytes / MB).toFixed(0).padStart(4)} MB  peak RSS ${(m.maxRssBytes / MB).toFixed(0).padStart(4)} MB`;
  console.log(`${(bytes / MB).toFixed(0).padStart(5)} MB, ${events} events: ${check.summary}`);
  console.log(`  check     ${(check.ms / 1000).toFixed(1).padStart(6)} s  ${perPass.toFixed(0).padStart(4)} MB/s per pass (${(perPass / parseRate).toFixed(2)}x the whole-text parse)  ${memory(check)}`);
  console.log(`  sessions  ${(sessions.ms / 1000).toFixed(1).padStart(6)} s  ${((bytes / MB) / (sessions.ms / 1000)).toFixed(0).padStart(4)} MB/s                                  ${memory(sessions)}  (${sessions.summary})`);
  if (!flag('--keep')) rmSync(file);
}
if (rows.length > 1) {
  const [first, last] = [rows[0], rows.at(-1)];
  const growth = (key, memory) => `${(last[key][memory] / first[key][memory]).toFixed(2)}x, ${((last[key][memory] - first[key][memory]) / (last.events - first.events)).toFixed(0)} bytes per event`;
  console.log(`\nfrom ${first.mb.toFixed(0)} MB to ${last.mb.toFixed(0)} MB of text (${(last.mb / first.mb).toFixed(0)}x):`);
  console.log(`  check:    live heap ${growth('check', 'peakLiveHeapBytes')}; peak RSS ${growth('check', 'maxRssBytes')}`);
  console.log(`  sessions: live heap ${growth('sessions', 'peakLiveHeapBytes')}; peak RSS ${growth('sessions', 'maxRssBytes')}`);
}
rmSync(dir, { recursive: true, force: true });
