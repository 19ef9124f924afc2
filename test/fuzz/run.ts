import { fuzzEvtx } from '../evtx/fuzzEvtx';
import { fuzzCore, fuzzServer } from './fuzz';

/**
 * The long fuzzing run: `npm run fuzz` (100,000 core cases, 2,000 server rounds and 5,000 mutated
 * .evtx logs by default), or `node out/test/fuzz/run.js --cases N --server-rounds M --evtx-cases E --seed S`. Prints the figures and exits 1
 * on any crash, hang or escaped exception.
 */
async function main(): Promise<number> {
  const arg = (name: string, fallback: number): number => {
    const at = process.argv.indexOf(name);
    return at < 0 ? fallback : Number(process.argv[at + 1]);
  };
  const cases = arg('--cases', 100_000);
  const rounds = arg('--server-rounds', 2_000);
  const evtxCases = arg('--evtx-cases', 5_000);
  const seed = arg('--seed', 1);
  const started = Date.now();
  const core = fuzzCore(cases, seed);
  console.log(`core: ${core.cases} cases in ${((Date.now() - started) / 1000).toFixed(0)} s: ${core.crashes.length} crashes, ${core.hangs.length} over 1 s (slowest ${core.slowestMs.toFixed(0)} ms), peak RSS ${core.peakRssMB.toFixed(0)} MB`);
  for (const crash of core.crashes.slice(0, 5)) console.log(`  crash, seed ${crash.seed}: ${crash.error.split('\n').slice(0, 3).join(' | ')}`);
  for (const hang of core.hangs.slice(0, 5)) console.log(`  slow, seed ${hang.seed}: ${hang.ms.toFixed(0)} ms`);
  const serverStarted = Date.now();
  const server = await fuzzServer(rounds, seed);
  console.log(`server: ${server.cases} rounds in ${((Date.now() - serverStarted) / 1000).toFixed(0)} s: ${server.crashes.length} failed requests, ${server.internalErrors.length} exceptions caught in handlers, ${server.hangs.length} over 1 s (slowest ${server.slowestMs.toFixed(0)} ms), alive: ${server.alive}, peak RSS ${server.peakRssMB.toFixed(0)} MB`);
  for (const crash of server.crashes.slice(0, 5)) console.log(`  failed, seed ${crash.seed}: ${crash.error}`);
  for (const line of server.internalErrors.slice(0, 5)) console.log(`  ${line}`);
  const evtxStarted = Date.now();
  const evtx = fuzzEvtx(evtxCases, seed);
  console.log(`evtx: ${evtx.cases} mutated logs in ${((Date.now() - evtxStarted) / 1000).toFixed(0)} s: ${evtx.records} records and ${evtx.problems} problems read, ${evtx.crashes.length} crashes, ${evtx.slow.length} over 2 s (slowest ${evtx.slowestMs.toFixed(0)} ms)`);
  for (const crash of evtx.crashes.slice(0, 5)) console.log(`  crash, seed ${crash.seed}: ${crash.error.split('\n').slice(0, 3).join(' | ')}`);
  const bad = core.crashes.length + core.hangs.length + server.crashes.length + server.internalErrors.length + server.hangs.length + (server.alive ? 0 : 1) + evtx.crashes.length + evtx.slow.length;
  return bad === 0 ? 0 : 1;
}

void main().then(code => (process.exitCode = code));
