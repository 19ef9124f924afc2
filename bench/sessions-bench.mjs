// Session index building and Go to Definition on a large generated workspace: one 50 MB export
// dealt event by event into several files (as several collectors would write them), so a logon
// and its logoff usually land in different files.
// Then one edit of a 4624's TargetLogonId (it may change correlation): rebuilding every session and
// re-checking every event, against re-correlating only that computer and re-checking the events
// whose session changed, as the server does.
//   node bench/sessions-bench.mjs [--mb 50] [--files 5] [--runs 3] [--lookups 2000]
import { loadCore } from './loadCore.mjs';
import { generateExport } from './generate.mjs';
import { best as bestOf, flag, option } from './measure.mjs';

const mb = option('--mb', 50);
const fileCount = option('--files', 5);
const runs = option('--runs', 3);
const lookups = option('--lookups', 2000);
const { parseEventDocument, buildSessionIndex, findDefinition, TextDocument, reparseRegion, changedRegion, evaluatePolicy, patchFindings, recorrelateComputers } = await loadCore();

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

// A Logon ID edit in the first file's first 4624 with a session: rebuild, or re-correlate its computer.
const session = index.sessions.find((s) => s.logon.uri === uris[0] && s.end !== undefined);
const at = session.logon.event.offset + session.logonField.end;
const editedText = texts[0].slice(0, at) + '7' + texts[0].slice(at);
const editRuns = [];
for (let r = 0; r < runs; r++) {
  // Each run starts from a fresh index and findings, as the server has them before the edit.
  const before = uris.map((uri, k) => [uri, parseEventDocument(texts[k])]);
  const beforeIndex = buildSessionIndex(before);
  const findings = evaluatePolicy(before, beforeIndex, {});
  const reparsed = reparseRegion(before[0][1], editedText, changedRegion([{ start: at, end: at, text: '7' }]));
  const after = [[uris[0], reparsed.doc], ...before.slice(1)];
  const t0 = performance.now();
  const rebuiltIndex = buildSessionIndex(after);
  const rebuiltFindings = evaluatePolicy(after, rebuiltIndex, {});
  const t1 = performance.now();
  const recheck = recorrelateComputers(beforeIndex, new Map(after), uris[0], reparsed.edit);
  const patched = patchFindings(findings, uris[0], reparsed.edit, beforeIndex, {}, new Map(after), recheck);
  const t2 = performance.now();
  const rechecked = [...recheck.values()].reduce((n, list) => n + list.length, 0);
  editRuns.push({ rebuild: t1 - t0, patch: t2 - t1, rechecked, patched, same: rebuiltIndex.sessions.length === beforeIndex.sessions.length && rebuiltFindings.size === findings.size });
}
const rebuildMs = Math.min(...editRuns.map((r) => r.rebuild));
const patchMs = Math.min(...editRuns.map((r) => r.patch));
const last = editRuns[editRuns.length - 1];
console.log(`Logon ID edit, rebuild  ${rebuildMs.toFixed(0).padStart(6)} ms   every session built again, ${events} events checked again`);
console.log(`Logon ID edit, patch    ${patchMs.toFixed(1).padStart(6)} ms   one computer of ${new Set(index.sessions.map((s) => s.computer)).size} correlated again, ${last.rechecked} events checked again (findings patched: ${last.patched}, same sessions: ${last.same}); ${(rebuildMs / patchMs).toFixed(1)}x faster`);
