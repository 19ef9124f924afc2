import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CHUNK_SIZE, FILE_HEADER_SIZE, readChunk } from '../../server/src/core/evtx/evtxFile';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { EventRecord, SystemFieldName } from '../../server/src/core/parse/model';
import { ROOT } from '../helpers/corpus';

/**
 * The .evtx reader against two independent readers, record by record: Debian's libevtx-utils
 * (`evtxexport`) and python3-evtx (`evtx_dump.py`), both installed by .ci/run. Compared after the
 * documented normalisations (docs/evtx.md): hex without zero padding, GUIDs and hex in one case,
 * times to the microsecond (python-evtx rounds through a float), empty values as absent.
 */
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'evtx');
const FILES = fs.readdirSync(FIXTURES).filter(f => f.endsWith('.evtx')).sort();

/** Where a reference reader fails on a sample (it cannot read it at all), as the fixtures' README records. */
const UNREADABLE: Record<string, string[]> = {
  evtxexport: ['omer-MSExchange_Management_wec.evtx'],
  'evtx_dump.py': [],
};

const SYSTEM: SystemFieldName[] = ['Provider', 'EventID', 'Version', 'Level', 'Task', 'Opcode', 'Keywords', 'TimeCreated', 'EventRecordID', 'ActivityID', 'ProcessID', 'ThreadID', 'Channel', 'Computer', 'UserID'];

function ours(file: string): Map<number, EventRecord> {
  const bytes = fs.readFileSync(file);
  const records = new Map<number, EventRecord>();
  for (let at = FILE_HEADER_SIZE, k = 0; at < bytes.length; at += CHUNK_SIZE, k++) {
    for (const event of readChunk(bytes.subarray(at, at + CHUNK_SIZE), k).events) {
      const doc = parseEventDocument(event.xml);
      assert.equal(doc.events.length, 1, `record ${event.recordId} renders one event`);
      assert.deepEqual(doc.events[0]!.record.problems, [], `record ${event.recordId} renders well-formed XML`);
      const record = doc.events[0]!.record;
      records.set(Number(record.system.EventRecordID?.value ?? event.recordId), record);
    }
  }
  return records;
}

function theirs(tool: string, args: string[]): Map<number, EventRecord> | undefined {
  const run = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 300_000 });

  assert.equal(run.error, undefined, `${tool} is installed (.ci/run installs libevtx-utils and python3-evtx): ${String(run.error)}`);
  if (run.status !== 0 && run.stdout.indexOf('<Event') < 0) return undefined;
  const records = new Map<number, EventRecord>();
  for (const { record } of parseEventDocument(run.stdout).events) {
    const id = Number(record.system.EventRecordID?.value);
    // python-evtx writes an array as <string> items inside one <Data>: one <Data> each, as Windows does.
    const data = record.data.flatMap(f => (/^(<string>[\s\S]*?<\/string>\n?)+$/.test(f.value) ? [...f.value.matchAll(/<string>([\s\S]*?)<\/string>/g)].map(m => ({ ...f, value: m[1]! })) : [f]));
    if (Number.isInteger(id)) records.set(id, { ...record, data });
  }
  return records;
}

/**
 * A value in one spelling for every reader. Numbers compare by value: evtxexport pads hex and
 * writes size_t in decimal where Windows writes `0x24c`; python-evtx writes booleans as `True`
 * and drops control characters that Windows wrote.
 */
function normal(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let v = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').trim();
  if (v === '') return undefined;
  if (name === 'Binary' && /^([0-9A-F]{2})+$/i.test(v)) return `bytes:${v.toUpperCase()}`;
  if (/^(0x[0-9a-f]+|-?\d+)$/i.test(v) && !/^0\d/.test(v)) return `n:${BigInt.asUintN(64, BigInt(v)).toString()}`;
  if (/^(true|false)$/i.test(v)) return v.toLowerCase();
  if (/^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i.test(v)) return v.replace(/[{}]/g, '').toLowerCase();
  const time = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(v);
  if (time) {
    // Microseconds since the epoch, rounded: one reader rounds through a float, one truncates.
    const micros = Date.parse(`${time[1]}T${time[2]}Z`) * 1000 + Math.round(Number(`0.${time[3] ?? '0'}`) * 1e6);
    return `time:${Math.round(micros / 4)}`; // within a few microseconds
  }
  if (/^[0-9A-F]+$/i.test(v) && v.length % 2 === 0 && (v.length > 8 || name === 'Binary')) return `bytes:${v.toUpperCase()}`;
  // python-evtx writes binary as base64.
  if (name === 'Binary' || /^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0 && v.length >= 8) {
    const decoded = Buffer.from(v, 'base64');
    if (decoded.length > 0 && decoded.toString('base64') === v) return `bytes:${decoded.toString('hex').toUpperCase()}`;
  }
  return v;
}

function compare(file: string, tool: string, mine: Map<number, EventRecord>, reference: Map<number, EventRecord>): string[] {
  const differences: string[] = [];
  for (const [id, theirsRecord] of reference) {
    const record = mine.get(id);
    if (record === undefined) {
      differences.push(`record ${id}: read by ${tool}, not by us`);
      continue;
    }
    for (const name of SYSTEM) {
      const a = normal(name, record.system[name]?.value);
      const b = normal(name, theirsRecord.system[name]?.value);
      if (a !== b && !(name === 'TimeCreated' && a !== undefined && b !== undefined && Math.abs(Number(a.slice(5)) - Number(b.slice(5))) <= 1)) {
        differences.push(`record ${id} ${name}: ours ${JSON.stringify(record.system[name]?.value)?.slice(0, 200)}, ${tool} ${JSON.stringify(theirsRecord.system[name]?.value)?.slice(0, 200)}`);
      }
    }
    // A name given twice (unnamed <Data>, an array's items) keeps every value, in order.
    const values = (r: EventRecord): Map<string, string | undefined> => {
      const byName = new Map<string, (string | undefined)[]>();
      for (const f of r.data) byName.set(f.name, [...(byName.get(f.name) ?? []), normal(f.name, f.value)]);
      return new Map([...byName].map(([k, list]) => [k, list.every(x => x === undefined) ? undefined : list.join('\u0001')]));
    };
    const a = values(record);
    const b = values(theirsRecord);
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(key);
      const y = b.get(key);
      if (x === y) continue;
      if (x?.startsWith('time:') && y?.startsWith('time:') && Math.abs(Number(x.slice(5)) - Number(y.slice(5))) <= 1) continue;
      if (known(tool, file, key, record.data.find(f => f.name === key)?.value)) continue;
      differences.push(`record ${id} Data ${key}: ours ${JSON.stringify(record.data.find(f => f.name === key)?.value)?.slice(0, 200)}, ${tool} ${JSON.stringify(theirsRecord.data.find(f => f.name === key)?.value)?.slice(0, 200)}`);
    }
  }
  return differences.map(d => `${file}: ${d}`);
}

/**
 * Where a reference reader is wrong and we follow Windows (docs/evtx.md): evtxexport misprints
 * some negative 32-bit integers, and writes '<' inside a value unescaped, so its XML holds
 * elements where Windows wrote text; python-evtx shifts the items of string arrays that hold
 * empty strings.
 */
function known(tool: string, file: string, name: string, ours: string | undefined): boolean {
  if (tool === 'evtxexport' && file === 'pyevtx-issue_39.evtx' && name === 'ErrorCode') return true;
  // python-evtx misreads string arrays with empty items (evtxexport agrees with us on them).
  if (tool === 'evtx_dump.py' && name === '') return true;
  // A "string" of bytes that are not UTF-16 (a Sysmon hash field): each reader replaces them its own way.
  if (ours?.includes('\uFFFD') === true) return true;
  return ours !== undefined && ours.includes('<') && tool === 'evtxexport';
}

/**
 * Registers the comparison for every `part`-th sample of `parts` (a test file each, so that no
 * one file runs long: python-evtx takes seconds a log).
 */
export function compareSamples(part: number, parts: number): void {
  describe(`the .evtx reader agrees with two independent readers, record by record (part ${part + 1} of ${parts})`, () => {
    for (const file of FILES.filter((_, k) => k % parts === part)) {
      it(file, () => {
        const full = path.join(FIXTURES, file);
        const mine = ours(full);
        assert.ok(mine.size > 0, 'reads records');
        for (const [tool, args] of [['evtxexport', ['-f', 'xml', full]], ['evtx_dump.py', [full]]] as const) {
          const reference = theirs(tool, [...args]);
          if (reference === undefined) {
            assert.ok(UNREADABLE[tool]!.includes(file), `${tool} failed on ${file}, which it is not known to`);
            continue;
          }
          const differences = compare(file, tool, mine, reference);
          assert.deepEqual(differences.slice(0, 10), [], `${differences.length} differences with ${tool}`);
        }
      });
    }
  });
}
