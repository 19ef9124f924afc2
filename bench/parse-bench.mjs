// Parse throughput on a large generated export, beside the indexOf floor measured in the same run.
//   node bench/parse-bench.mjs [--mb 50] [--runs 5] [--compact]
import { loadCore } from './loadCore.mjs';
import { generateExport } from './generate.mjs';
import { best as bestOf, flag, option } from './measure.mjs';

const mb = option('--mb', 50);
const runs = option('--runs', 5);
const { parseEventDocument } = await loadCore();
const text = generateExport({ targetBytes: mb * 2 ** 20, compact: flag('--compact') });
const size = text.length / 2 ** 20;

const best = (fn) => bestOf(runs, fn);

// The floor: one pass of indexOf over every '<Event' start, the least any event splitter can do.
const floor = best(() => { let n = 0; let i = text.indexOf('<Event'); while (i >= 0) { n++; i = text.indexOf('<Event', i + 6); } return n; });
const full = best(() => parseEventDocument(text));
const doc = full.result;
// An edit in the middle: one event's text changes, every other record comes from the cache.
const mid = doc.events[doc.events.length >> 1];
const at = mid.offset + mid.record.data[0].start;
const edited = text.slice(0, at) + 'X' + text.slice(at);
const reparse = best(() => parseEventDocument(edited, doc));

const rate = (ms) => (size / (ms / 1000)).toFixed(0);
console.log(`input: ${size.toFixed(1)} MB, ${doc.events.length} events (${flag('--compact') ? 'compact' : 'pretty'}), best of ${runs}`);
console.log(`indexOf floor   ${floor.ms.toFixed(0).padStart(6)} ms  ${rate(floor.ms).padStart(6)} MB/s`);
console.log(`full parse      ${full.ms.toFixed(0).padStart(6)} ms  ${rate(full.ms).padStart(6)} MB/s   ${(full.ms / floor.ms).toFixed(1)}x the floor`);
console.log(`re-parse 1 edit ${reparse.ms.toFixed(0).padStart(6)} ms  ${rate(reparse.ms).padStart(6)} MB/s   ${(reparse.ms / full.ms * 100).toFixed(0)}% of a full parse`);
console.log(`heap used after parse: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
