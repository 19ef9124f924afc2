import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BinXmlChunk, parseBinXml } from '../../server/src/core/evtx/binxml';
import { CHUNK_SIZE, FILE_HEADER_SIZE, readChunk, readChunkWith } from '../../server/src/core/evtx/evtxFile';
import { renderBinXml } from '../../server/src/core/evtx/render';
import { renderRecordUtf8, Utf8Sink } from '../../server/src/core/evtx/renderUtf8';
import { seeded } from '../fuzz/mutate';
import { ROOT } from '../helpers/corpus';
import { mutateEvtx } from './mutateEvtx';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'evtx');
const LOGS = fs.readdirSync(FIXTURES).filter(name => name.endsWith('.evtx')).sort();

/** Every chunk of a log written both ways: the same bytes, the same records and the same damage. */
function compareLog(bytes: Uint8Array, name: string): number {
  let events = 0;
  for (let at = FILE_HEADER_SIZE, k = 0; at < bytes.length; at += CHUNK_SIZE, k++) {
    const chunk = bytes.subarray(at, at + CHUNK_SIZE);
    const asText = readChunk(chunk, k);
    const sink = new Utf8Sink();
    const asBytes = readChunkWith(chunk, k, (c, start, end) => (renderRecordUtf8(c, parseBinXml(c, start, end), sink) ? true : undefined));
    assert.deepEqual(asBytes.problems, asText.problems, `${name}, chunk ${k}: the same damage`);
    assert.equal(asBytes.records.length, asText.events.length);
    assert.ok(Buffer.from(sink.take()).equals(Buffer.from(asText.events.map(e => `${e.xml}\n`).join(''))), `${name}, chunk ${k}: the same bytes`);
    events += asText.events.length;
  }
  return events;
}

describe('writing .evtx records as UTF-8 bytes', () => {
  it('writes the UTF-8 of the rendered text, on every sample and on damaged copies', () => {
    let events = 0;
    for (const name of LOGS) events += compareLog(fs.readFileSync(path.join(FIXTURES, name)), name);
    assert.ok(events > 18_000, `${events} events`);
    const random = seeded(42);
    for (const name of LOGS) {
      for (let k = 0; k < 3; k++) compareLog(mutateEvtx(Uint8Array.from(fs.readFileSync(path.join(FIXTURES, name))), random), `${name} (damaged)`);
    }
  });

  it('escapes values and writes lone surrogates, pairs and other scripts as the text path does', () => {
    const u16 = (n: number): number[] => [n & 0xff, n >> 8];
    const u32 = (n: number): number[] => [...u16(n & 0xffff), ...u16(n >>> 16)];
    const utf16 = (units: number[]): number[] => units.flatMap(u16);
    // A template instance whose template, defined in place, is <Data Data='%0'>%0</Data>: value 0
    // is a string holding markup characters, accents, CJK, a surrogate pair, lone surrogates and
    // trailing NULs.
    const value = [0x61, 0x3c, 0x26, 0x3e, 0x27, 0x22, 0xe9, 0x4e2d, 0xd83d, 0xde00, 0xd800, 0x62, 0xdc00, 0xdbff, 0, 0];
    const out: number[] = [0x0f, 1, 1, 0, 0x0c, 1, 0, 0, 0, 0];
    out.push(...u32(out.length + 4)); // the template's offset: right here
    const definition = out.length;
    out.push(...u32(0), ...new Array(16).fill(7), 0, 0, 0, 0); // next, GUID, size (set below)
    const body = out.length;
    out.push(0x0f, 1, 1, 0, 0x41, 0xff, 0xff, 0, 0, 0, 0);
    const nameAt = out.length + 4;
    out.push(...u32(nameAt), 0, 0, 0, 0, 0, 0, ...u16(4), ...utf16([0x44, 0x61, 0x74, 0x61]), 0, 0); // "Data"
    out.push(0, 0, 0, 0, 0x06, ...u32(nameAt), 0x0d, 0, 0, 0x01, 0x02, 0x0d, 0, 0, 0x01, 0x04, 0x00);
    out.splice(definition + 20, 4, ...u32(out.length - body));
    out.push(...u32(1), ...u16(value.length * 2), 0x01, 0, ...utf16(value), 0x00);
    const bytes = Uint8Array.from(out);
    const chunk = new BinXmlChunk(bytes);
    const nodes = parseBinXml(chunk, 0, bytes.length);
    const sink = new Utf8Sink();
    assert.ok(renderRecordUtf8(chunk, nodes, sink));
    const expected = `${renderBinXml(chunk, nodes)}\n`;
    assert.match(expected, /^<Data Data='a&lt;&amp;&gt;&apos;&quot;é中😀\uFFFDb\uFFFD\uFFFD'>a&lt;&amp;&gt;'"é中😀\uFFFDb\uFFFD\uFFFD<\/Data>\n$/u);
    assert.equal(Buffer.from(sink.take()).toString('utf8'), expected);
  });
});
