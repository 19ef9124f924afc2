// The language server on a large export, over stdio as an editor would use it: time to the first
// diagnostics after opening, a hover, Go to Definition, and diagnostics again after one keystroke,
// beside a bare parse of the same text measured in this run. Needs `npm run build` and the test
// helpers compiled (`npx tsc -p tsconfig.test.json`).
//   node bench/server-bench.mjs [--mb 45]
import { createRequire } from 'node:module';
import { loadCore } from './loadCore.mjs';
import { generateExport } from './generate.mjs';
import { best, option } from './measure.mjs';

const require = createRequire(import.meta.url);
const { LspTestClient } = require('../out/test/helpers/lspClient.js');
const { parseEventDocument } = await loadCore();
const text = generateExport({ targetBytes: option('--mb', 45) * 2 ** 20 });
const parse = best(3, () => parseEventDocument(text));

const uri = 'file:///bench/security.xml';
const client = new LspTestClient();
await client.initialize();
const timed = async (fn) => { const t0 = performance.now(); const result = await fn(); return { ms: performance.now() - t0, result }; };
const opened = await timed(async () => { await client.open(uri, text); return client.diagnosticsFor(uri); });
const at = text.indexOf('TargetLogonId">') + 'TargetLogonId">'.length + 1;
const position = { line: text.slice(0, at).split('\n').length - 1, character: at - text.lastIndexOf('\n', at - 1) - 1 };
const hover = await timed(() => client.hover(uri, position));
const definition = await timed(() => client.definition(uri, position));
const keystroke = await timed(async () => {
  await client.change(uri, 2, [{ range: { start: position, end: position }, text: 'X' }]);
  return client.diagnosticsFor(uri, (p) => p.version === 2);
});
await client.stop();

const row = (label, ms, extra = '') => console.log(`${label.padEnd(34)}${ms.toFixed(0).padStart(7)} ms  ${(ms / parse.ms).toFixed(1).padStart(5)}x the parse${extra}`);
console.log(`input: ${(text.length / 2 ** 20).toFixed(1)} MB, ${parse.result.events.length} events; bare parse ${parse.ms.toFixed(0)} ms (best of 3)`);
row('open -> first diagnostics', opened.ms, `  (${opened.result.length} diagnostics; includes sending 45 MB over stdio and the 400 ms pause for large files)`);
row('hover on a Logon ID', hover.ms);
row('go to definition', definition.ms);
row('one keystroke -> diagnostics', keystroke.ms, '  (includes the 400 ms pause)');
