import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import * as zlib from 'node:zlib';
import { crc32 } from '../../server/src/core/evtx/crc32';
import { CHUNK_SIZE, FILE_HEADER_SIZE, EvtxEvent, EvtxProblem, readChunk, readFileHeader } from '../../server/src/core/evtx/evtxFile';
import { EvtxStream } from '../../server/src/core/evtx/evtxStream';
import { renderFileTime, renderGuid, renderSid } from '../../server/src/core/evtx/values';
import { BinXmlChunk, parseBinXml } from '../../server/src/core/evtx/binxml';
import { renderBinXml } from '../../server/src/core/evtx/render';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { ROOT } from '../helpers/corpus';
import { fuzzEvtx } from './fuzzEvtx';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'evtx');
const read = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));

/** Every record of a file, read whole. */
function readAll(bytes: Uint8Array): { events: EvtxEvent[]; problems: EvtxProblem[] } {
  const header = readFileHeader(bytes);
  const events: EvtxEvent[] = [];
  const problems = [...header.problems];
  for (let at = FILE_HEADER_SIZE, k = 0; at < bytes.length; at += CHUNK_SIZE, k++) {
    const chunk = readChunk(bytes.subarray(at, at + CHUNK_SIZE), k);
    events.push(...chunk.events);
    problems.push(...chunk.problems);
  }
  return { events, problems };
}

/** Every record of a file, pushed through EvtxStream in pieces of `piece` bytes. */
function readStreamed(bytes: Uint8Array, piece: number): { events: EvtxEvent[]; problems: EvtxProblem[] } {
  const stream = new EvtxStream();
  const events: EvtxEvent[] = [];
  const problems: EvtxProblem[] = [];
  for (let at = 0; at < bytes.length; at += piece) {
    const found = stream.push(bytes.subarray(at, at + piece));
    events.push(...found.events);
    problems.push(...found.problems);
  }
  const rest = stream.end();
  return { events: [...events, ...rest.events], problems: [...problems, ...rest.problems] };
}

describe('reading .evtx', () => {
  it('renders what wevtutil prints: one line, single quotes, 0x3e7, all seven digits of time, GUIDs in upper-case braces', () => {
    const { events, problems } = readAll(read('omer-new-user-security.evtx'));
    assert.deepEqual(problems, []);
    assert.equal(events.length, 4);
    const xml = events[0]!.xml;
    assert.ok(xml.startsWith("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4728</EventID>"), xml.slice(0, 300));
    assert.match(xml, /<TimeCreated SystemTime='2013-10-23T16:22:39\.9735000Z'\/>/);
    assert.match(xml, /<Data Name='SubjectLogonId'>0x3e7<\/Data>/);
    assert.match(xml, /<Correlation\/>/, 'an optional attribute with no value is left out');
    assert.doesNotMatch(xml, /\n/);
  });

  it('gives every record of every sample as well-formed event XML, in record order within each chunk', () => {
    for (const name of fs.readdirSync(FIXTURES).filter(f => f.endsWith('.evtx'))) {
      const { events } = readAll(read(name));
      assert.ok(events.length > 0, name);
      for (const event of events) {
        const doc = parseEventDocument(event.xml);
        assert.equal(doc.events.length, 1, `${name} record ${event.recordId}`);
        assert.deepEqual(doc.events[0]!.record.problems, [], `${name} record ${event.recordId}: ${event.xml.slice(0, 200)}`);
      }
    }
  });

  it('reads the counts of records the reference readers read', () => {
    const counts: Record<string, number> = {
      'pyevtx-security.evtx': 2261, 'velocidex-security.evtx': 739, 'omer-Security_with_size_t.evtx': 636, 'omer-post-Security.evtx': 126,
      'omer-Security_short_selected.evtx': 7, 'omer-new-user-security.evtx': 4, 'omer-2-vss_7-System.evtx': 1160, 'omer-sysmon.evtx': 358,
      'pyevtx-issue_43.evtx': 1730, 'pyevtx-issue_39.evtx': 394, 'omer-sample-with-irregular-bool-values.evtx': 3028, 'omer-Application_no_crc32.evtx': 17,
    };
    for (const [name, count] of Object.entries(counts)) assert.equal(readAll(read(name)).events.length, count, name);
  });

  it('reports damage by file, chunk and record, and reads every other record', () => {
    const noChecksums = readAll(read('omer-Application_no_crc32.evtx'));
    assert.ok(noChecksums.problems.some(p => /file header's checksum does not match/.test(p.message)));
    assert.ok(noChecksums.problems.some(p => p.chunk === 0 && /no header checksum/.test(p.message)));
    assert.equal(noChecksums.events.length, 17);

    const badMagic = readAll(read('omer-sample_with_a_bad_chunk_magic.evtx'));
    assert.ok(badMagic.problems.some(p => p.record !== undefined && p.chunk !== undefined && new RegExp(`record ${p.record} in chunk ${p.chunk}`).test(p.message)), JSON.stringify(badMagic.problems));

    // A file cut in the middle of a chunk: what fits is read, and the cut is reported.
    const whole = read('velocidex-security.evtx');
    const cut = readAll(whole.subarray(0, 4096 + CHUNK_SIZE + 30_000));
    assert.ok(cut.problems.some(p => p.chunk === 1 && /file ends inside chunk 1/.test(p.message)), JSON.stringify(cut.problems));
    assert.ok(cut.events.length > readAll(whole.subarray(0, 4096 + CHUNK_SIZE)).events.length);

    // A template offset pointing outside its chunk.
    const hostile = Buffer.from(whole);
    const first = hostile.indexOf(Buffer.from([0x0c, 0x01]), 4096 + 512 + 24);
    hostile.writeUInt32LE(0xfffff0, first + 6);
    const damaged = readAll(hostile);
    assert.ok(damaged.problems.some(p => p.record !== undefined && /is damaged: .*runs past/.test(p.message)), JSON.stringify(damaged.problems.slice(0, 3)));
    assert.ok(damaged.events.length > 700, 'every other record is still read');
  });

  it('gives the same events and problems streamed in pieces of any size, holding one chunk', () => {
    for (const name of ['velocidex-security.evtx', 'omer-sample_with_a_bad_chunk_magic.evtx']) {
      const bytes = read(name);
      const whole = readAll(bytes);
      for (const piece of [1000, 4096, 65536, 100_003]) {
        const streamed = readStreamed(bytes, piece);
        assert.deepEqual(streamed.events.map(e => [e.recordId, e.xml]), whole.events.map(e => [e.recordId, e.xml]), `${name} in ${piece}-byte pieces`);
        assert.deepEqual(streamed.problems.map(p => p.message), whole.problems.map(p => p.message));
      }
      // Record offsets are the file's: the record signature is there.
      for (const event of readStreamed(bytes, 65536).events.slice(0, 50)) assert.equal(bytes.readUInt32LE(event.offset), 0x2a2a, `${name} record ${event.recordId}`);
    }
  });

  it('sums CRC-32 as zlib does, over any ranges and lengths', () => {
    for (let k = 0; k < 300; k++) {
      const bytes = randomBytes((k * 37) % 1500);
      const cut = k % 9;
      const end = Math.max(cut, bytes.length - (k % 5));
      assert.equal(crc32(bytes, [[0, cut], [cut, end]]), zlib.crc32(bytes.subarray(0, end)), `${bytes.length} bytes`);
    }
  });

  it('never lets a name, a CDATA section or a processing instruction from the log forge markup', () => {
    /** One element, its name stored inline, holding `content` (a token and its data). */
    const element = (name: string, content: number[]): Uint8Array => {
      const utf16 = (text: string): number[] => [...Buffer.from(text, 'utf16le')];
      const u16 = (n: number): number[] => [n & 0xff, n >> 8];
      const bytes = [0x0f, 1, 1, 0, 0x01, 0, 0, 0, 0, 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...u16(name.length), ...utf16(name), 0, 0, 0x02, ...content, 0x04, 0x00];
      return Uint8Array.from(bytes);
    };
    const render = (bytes: Uint8Array): string => {
      const chunk = new BinXmlChunk(bytes);
      return renderBinXml(chunk, parseBinXml(chunk, 0, bytes.length));
    };
    const cdata = (text: string): number[] => [0x07, text.length & 0xff, text.length >> 8, ...Buffer.from(text, 'utf16le')];
    assert.equal(render(element('E', cdata('a]]><x/>b'))), '<E><![CDATA[a]]]]><![CDATA[><x/>b]]></E>');
    assert.throws(() => render(element("Data Name='TargetUserName'", cdata('x'))), /not an XML name/);
    assert.throws(() => render(element('E>', cdata('x'))), /not an XML name/);
  });

  it('renders values as Windows does', () => {
    assert.equal(renderGuid(Uint8Array.from([0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d]), 0), '{54849625-5478-4994-A5BA-3E3B0328C30D}');
    // (132,000,000,000,000,001 - 116,444,736,000,000,000) x 100 ns = 1,555,526,400 s and 100 ns after 1970.
    assert.equal(renderFileTime(132_000_000_000_000_001n), '2019-04-17T18:40:00.0000001Z');
    assert.equal(renderFileTime(0n), '1601-01-01T00:00:00.0000000Z');
    const sid = Uint8Array.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0]);
    assert.equal(renderSid(sid, 0, sid.length), 'S-1-5-32-544');
  });

  it('never throws, loops or runs away on damaged bytes (300 mutated logs; npm run fuzz runs 5,000)', () => {
    const report = fuzzEvtx(300, 20261127, 5000);
    assert.deepEqual(report.crashes, []);
    assert.deepEqual(report.slow, [], 'no case near a hang');
    assert.ok(report.records > 10_000 && report.problems > 300, `the mutations reach the records (${report.records} records, ${report.problems} problems)`);
  });
});
