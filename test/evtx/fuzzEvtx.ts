import * as fs from 'node:fs';
import * as path from 'node:path';
import { EvtxStream } from '../../server/src/core/evtx/evtxStream';
import { seeded } from '../fuzz/mutate';
import { ROOT } from '../helpers/corpus';
import { mutateEvtx } from './mutateEvtx';

/** What a run of mutated logs gave: every case is reproducible from its seed. */
export interface EvtxFuzzReport {
  cases: number;
  records: number;
  problems: number;
  crashes: { seed: number; error: string }[];
  slow: { seed: number; ms: number }[];
  slowestMs: number;
}

const SAMPLES = ['velocidex-security.evtx', 'omer-new-user-security.evtx', 'pyevtx-issue_39.evtx', 'omer-sysmon.evtx', 'omer-2-vss_7-System.evtx', 'pyevtx-dns_log_malformed.evtx'];

/**
 * Reads `cases` mutated copies of real logs through EvtxStream (as the command line does) and
 * counts what escapes: any exception is a crash; a case over `slowMs` is reported (a loop or a
 * blow-up would show here first).
 */
export function fuzzEvtx(cases: number, seed: number, slowMs = 2000): EvtxFuzzReport {
  const samples = SAMPLES.map(name => fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'evtx', name)));
  const report: EvtxFuzzReport = { cases: 0, records: 0, problems: 0, crashes: [], slow: [], slowestMs: 0 };
  for (let k = 0; k < cases; k++) {
    const caseSeed = seed * 1_000_003 + k;
    // Consecutive seeds give related first draws from an LCG: mix the seed, and draw a few first.
    const random = seeded(Math.imul((caseSeed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) >>> 0);
    for (let k2 = 0; k2 < 4; k2++) random(2);
    const bytes = mutateEvtx(samples[random(samples.length)]!, random);
    const started = performance.now();
    try {
      const stream = new EvtxStream();
      const piece = 1 + random(100_000);
      for (let at = 0; at < bytes.length; at += piece) {
        const found = stream.push(bytes.subarray(at, at + piece));
        report.records += found.events.length;
        report.problems += found.problems.length;
      }
      const rest = stream.end();
      report.records += rest.events.length;
      report.problems += rest.problems.length;
    } catch (error) {
      report.crashes.push({ seed: caseSeed, error: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
    const ms = performance.now() - started;
    report.slowestMs = Math.max(report.slowestMs, ms);
    if (ms > slowMs) report.slow.push({ seed: caseSeed, ms });
    report.cases++;
  }
  return report;
}
