import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BinXmlChunk, parseBinXml } from '../../server/src/core/evtx/binxml';
import { utf16At } from '../../server/src/core/evtx/bytes';
import { readEventRecord, ReadRecord } from '../../server/src/core/evtx/eventRecord';
import { CHUNK_SIZE, FILE_HEADER_SIZE, readChunkWith } from '../../server/src/core/evtx/evtxFile';
import { renderBinXml } from '../../server/src/core/evtx/render';
import { renderFileTime, renderValue, VALUE } from '../../server/src/core/evtx/values';
import { EventRecord } from '../../server/src/core/parse/model';
import { parseEvent } from '../../server/src/core/parse/parseEvent';
import { seeded } from '../fuzz/mutate';
import { ROOT } from '../helpers/corpus';
import { mutateEvtx } from './mutateEvtx';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'evtx');
const LOGS = fs.readdirSync(FIXTURES).filter(name => name.endsWith('.evtx')).sort();

/** What the text path makes of a record: its XML, parsed. */
function parsedText(chunk: BinXmlChunk, start: number, end: number): EventRecord {
  const xml = renderBinXml(chunk, parseBinXml(chunk, start, end));
  return parseEvent(xml, 0, xml.length);
}

/**
 * Every record of a log read both ways, each way with its own chunk (so that neither reuses the
 * other's templates): the record read straight, and its text parsed. Damage must be the same too.
 */
function compareLog(bytes: Uint8Array): { straight: number; asText: number; damaged: number } {
  const counts = { straight: 0, asText: 0, damaged: 0 };
  for (let at = FILE_HEADER_SIZE, k = 0; at < bytes.length; at += CHUNK_SIZE, k++) {
    const chunkBytes = bytes.subarray(at, at + CHUNK_SIZE);
    const viaText = new Map<number, EventRecord | string>();
    readChunkWith(chunkBytes, k, (chunk, start, end) => {
      try {
        viaText.set(start, parsedText(chunk, start, end));
      } catch (error) {
        viaText.set(start, (error as Error).message);
      }
      return undefined;
    });
    readChunkWith(chunkBytes, k, (chunk, start, end) => {
      let read: ReadRecord | string;
      try {
        read = readEventRecord(chunk, start, end);
      } catch (error) {
        read = (error as Error).message;
      }
      const expected = viaText.get(start);
      if (typeof read === 'string' || typeof expected === 'string') {
        assert.equal(read, expected, `record at ${start} of chunk ${k}: the same damage both ways`);
        counts.damaged++;
      } else if (read.record !== undefined) {
        assert.deepEqual(read.record, expected, `record at ${start} of chunk ${k}`);
        counts.straight++;
      } else {
        assert.deepEqual(parseEvent(read.xml, 0, read.xml.length), expected, `record at ${start} of chunk ${k}, read as text`);
        counts.asText++;
      }
      return undefined;
    });
  }
  return counts;
}

describe('reading .evtx records straight into event records', () => {
  it('gives, on every sample, exactly what parsing the rendered XML gives: every field, value and offset', () => {
    let straight = 0;
    for (const name of LOGS) {
      const counts = compareLog(fs.readFileSync(path.join(FIXTURES, name)));
      assert.equal(counts.asText, 0, `${name}: every record is read straight`);
      straight += counts.straight;
    }
    assert.ok(straight > 18_000, `${straight} records compared`);
  });

  it('agrees with the XML path on damaged logs too, record by record and damage by damage', () => {
    const random = seeded(20261127);
    const counts = { straight: 0, asText: 0, damaged: 0 };
    for (const name of LOGS) {
      const original = fs.readFileSync(path.join(FIXTURES, name));
      for (let k = 0; k < 4; k++) {
        const found = compareLog(mutateEvtx(Uint8Array.from(original), random));
        counts.straight += found.straight;
        counts.asText += found.asText;
        counts.damaged += found.damaged;
      }
    }
    assert.ok(counts.straight > 10_000 && counts.damaged > 0, JSON.stringify(counts));
  });

  it('reads a record with markup in a value, or a root other than <Event>, as its text', () => {
    const utf16 = (text: string): number[] => [...Buffer.from(text, 'utf16le')];
    const u16 = (n: number): number[] => [n & 0xff, n >> 8];
    const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
    /** Binary XML for nested elements, each name stored inline where it is first used. */
    const fragment = (write: (out: number[], element: (name: string, content: () => void) => void) => void): Uint8Array => {
      const out = [0x0f, 1, 1, 0];
      const element = (name: string, content: () => void): void => {
        out.push(0x01, 0, 0, 0, 0);
        out.push(...u32(out.length + 4), 0, 0, 0, 0, 0, 0, ...u16(name.length), ...utf16(name), 0, 0, 0x02);
        content();
        out.push(0x04);
      };
      write(out, element);
      out.push(0x00);
      return Uint8Array.from(out);
    };
    const cdata = (text: string): number[] => [0x07, ...u16(text.length), ...utf16(text)];
    const text = (value: string): number[] => [0x05, 0x01, ...u16(value.length), ...utf16(value)];
    const cases = [
      // CDATA in a kept value: the XML parser decodes it
      fragment((out, element) => element('Event', () => element('System', () => element('Computer', () => out.push(...cdata('a<b')))))),
      // a root that is not <Event>
      fragment((out, element) => element('Other', () => out.push(...text('x')))),
    ];
    for (const bytes of cases) {
      const chunk = new BinXmlChunk(bytes);
      const read = readEventRecord(chunk, 0, bytes.length);
      assert.equal(read.record, undefined, 'read as text');
      assert.equal(read.xml, renderBinXml(chunk, parseBinXml(chunk, 0, bytes.length)));
    }
    // The same event with plain text is read straight, and the value is what the parser reads.
    const plain = fragment((out, element) => element('Event', () => element('System', () => element('Computer', () => out.push(...text('a<b'))))));
    const read = readEventRecord(new BinXmlChunk(plain), 0, plain.length);
    assert.equal(read.record?.system.Computer?.value, 'a<b');
    assert.deepEqual(read.record, parsedText(new BinXmlChunk(plain), 0, plain.length));
  });
});

describe('reading .evtx values fast', () => {
  it('renders FILETIMEs from their halves as BigInt arithmetic does, to the 100 ns', () => {
    const random = seeded(7);
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    const cases = [0n, 1n, 116444736000000000n, 132000000000000001n, 2n ** 59n - 1n, 2n ** 59n, 2n ** 63n, 2n ** 64n - 1n];
    for (let k = 0; k < 2000; k++) cases.push((BigInt(random(2 ** 27)) << 32n) | BigInt(random(2 ** 32)));
    for (const ticks of cases) {
      view.setBigUint64(0, ticks, true);
      assert.equal(renderValue(bytes, 0, 8, VALUE.fileTime), renderFileTime(ticks), String(ticks));
    }
  });

  it('decodes UTF-16 as the platform decoder does, a lone surrogate included', () => {
    const decoder = new TextDecoder('utf-16le');
    const random = seeded(11);
    for (let k = 0; k < 3000; k++) {
      const count = random(60);
      const bytes = Uint8Array.from({ length: count * 2 }, (_, i) => (i % 2 === 1 && random(4) === 0 ? 0xd8 + random(8) : random(256)));
      assert.equal(utf16At(bytes, 0, count), decoder.decode(bytes), `case ${k}`);
    }
  });
});
