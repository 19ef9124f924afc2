// Session index building and Go to Definition on a large generated workspace: one 50 MB export
// dealt event by event into several files (as several collectors would write them), so a logon
// and its logoff usually land in different files.
//   node bench/sessions-bench.mjs [--mb 50] [--files 5] [--runs 3] [--lookups 2000]
import { loadCore } from './loadCore.mjs';
import { generateExport } from './generate.mjs';
import { best as bestOf, flag, option } from './measure.mjs';

const mb = option('--mb', 50);
const fileCount = option('--files', 5);
const runs = option('--runs', 3);
const lookups = option('--lookups', 2000);
const { parseEventDocument, buildSessionIndex, findDefinition, TextDocument } = await loadCore();

const whole = generateExport({ targetBytes: mb * 2 ** 20 });
const parts = Array.from({ length: fileCount }, () => []);
let dealt = 0;
for (let at = whole.indexOf('<Event '); at >= 0; dealt++) {
  const next = whole.indexOf('<Event ', at + 1);
  parts[dealt % fileCount].push(whole.slice(at, next < 0 ? whole.length : next));
  at = next;
}
const texts = parts.map((events) => events.join(''));
const uris = texts.map((_, k) => `file:///bench/security-${k}.xml`);

const best = (fn) => bestOf(runs, fn);

const parsed = best(() => texts.map((text) => parseEventDocument(text)));
const docs = parsed.result;
const entries = uris.map((uri, k) => [uri, docs[k]]);
const built = best(() => buildSessionIndex(entries));
const index = built.result;

// Definitions from the Logon IDs of the last file that are not a logon's own (logoffs, activity).
const positions = new Map(uris.map((uri, k) => [uri, TextDocument.create(uri, 'xml', 1, texts[k])]));
const targets = index.occurrencesByUri.get(uris[uris.length - 1]).filter((o) => o.role !== 'logon');
const step = Math.max(1, Math.floor(targets.length / lookups));
const sample = targets.filter((_, k) => k % step === 0).slice(0, lookups);
const lookup = best(() => {
  let found = 0;
  for (const o of sample) if (findDefinition(index, o.ref.uri, o.ref.event.offset + o.field.start, (u) => positions.get(u)) !== null) found++;
  return found;
});
const crossFile = sample.filter((o) => o.session && o.session.logon.uri !== o.ref.uri).length;

const events = docs.reduce((n, d) => n + d.events.length, 0);
console.log(`workspace: ${fileCount} files, ${(whole.length / 2 ** 20).toFixed(1)} MB, ${events} events, ${index.sessions.length} sessions; best of ${runs}`);
console.log(`parse all files        ${parsed.ms.toFixed(0).padStart(6)} ms`);
console.log(`build session index    ${built.ms.toFixed(0).padStart(6)} ms   ${(built.ms / parsed.ms).toFixed(2)}x the parse`);
console.log(`go to definition       ${(lookup.ms * 1000 / sample.length).toFixed(1).padStart(6)} µs each (${sample.length} lookups, ${lookup.result} found, ${crossFile} across files)`);
