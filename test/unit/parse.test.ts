import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBytes, decodePieces } from '../../server/src/core/parse/decodeBytes';
import { documentProblems, EventDocument, parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { dataField, EventRecord } from '../../server/src/core/parse/model';
import { isEventXml } from '../../server/src/core/parse/sniff';
import { parseSystemTime } from '../../server/src/core/parse/systemTime';
import { readFixture, readSample, REAL_FILES, securityEvent, SHAPES } from '../helpers/corpus';

/** What an event says, independent of markup: used to compare shapes. */
function essence(record: EventRecord): string {
  const system = Object.entries(record.system).map(([k, f]) => `${k}=${f!.value}`).sort();
  return JSON.stringify([system, record.data.map(f => [f.name, f.value])]);
}

/** Every value's span holds exactly its raw text: plain values equal it, others decode to it. */
function assertExactRanges(doc: EventDocument): void {
  for (const { offset, record } of doc.events) {
    for (const field of [...Object.values(record.system), ...record.data]) {
      const raw = doc.text.slice(offset + field!.start, offset + field!.end);
      if (!/[&<\r]/.test(raw)) assert.equal(raw, field!.value, `span of ${field!.name}`);
    }
  }
}

describe('the real corpus', () => {
  for (const { name, events } of REAL_FILES) {
    const pretty = readSample(name);
    const reference = parseEventDocument(pretty).events.map(e => essence(e.record));

    for (const [shape, reshape] of Object.entries(SHAPES)) {
      it(`reads every event of ${name} (${shape}) with exact ranges and no problems`, () => {
        const doc = parseEventDocument(reshape(pretty));
        assert.equal(doc.events.length, events);
        assert.deepEqual(documentProblems(doc), []);
        assert.deepEqual(doc.events.map(e => essence(e.record)), reference);
        assertExactRanges(doc);
      });
    }

    it(`reads ${name} from UTF-16 LE and BE bytes with a BOM`, () => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(pretty, 'utf16le')]);
      const be = Buffer.from(le);
      be.swap16();
      for (const bytes of [le, be]) {
        const doc = parseEventDocument(decodeBytes(bytes));
        assert.deepEqual(doc.events.map(e => essence(e.record)), reference);
      }
    });
  }

  it('keeps the raw U+0003 control characters Windows wrote inside values', () => {
    const doc = parseEventDocument(readSample('pyevtx-security.xml'));
    const withControl = doc.events.flatMap(e => e.record.data).filter(f => f.value.includes('\u0003'));
    assert.ok(withControl.length > 0, 'the corpus has values with U+0003');
  });

  it('reads both Logon ID spellings and UserData payloads', () => {
    const doc = parseEventDocument(readSample('velocidex-security.xml'));
    const cleared = doc.events.find(e => e.record.system.EventID?.value === '1102')!;
    assert.equal(dataField(cleared.record, 'SubjectUserName')?.value, 'test');
    assert.equal(cleared.record.system.Provider?.value, 'Microsoft-Windows-Eventlog');
    const ids = doc.events.flatMap(e => e.record.data).filter(f => f.name === 'TargetLogonId').map(f => f.value);
    assert.ok(ids.some(v => /^0x0{8,}/.test(v)));
  });
});

describe('other shapes', () => {
  it('reads RenderingInfo, EventID Qualifiers, entities, CDATA and unnamed Data (hand-made)', () => {
    const doc = parseEventDocument(readFixture('handmade-shapes.xml'));
    assert.deepEqual(documentProblems(doc), []);
    const [rendered, entities, unnamed] = doc.events.map(e => e.record);
    assert.equal(rendered!.system.EventID?.value, '4625');
    assert.equal(dataField(rendered!, 'TargetUserName')?.value, 'alice');
    assert.equal(dataField(rendered!, 'Message'), undefined, 'RenderingInfo is not payload');
    assert.equal(dataField(entities!, 'ProcessName')?.value, 'C:\\Apps\\R&D <tools>\\x.exe');
    assert.equal(dataField(entities!, 'CommandLine')?.value, 'run "fast" & \u0003done');
    assert.equal(dataField(entities!, 'Script')?.value, 'if (a < b && c) { go(); }');
    assert.equal(unnamed!.data.length, 2);
    assert.deepEqual(unnamed!.data.map(f => [f.name, f.value]), [['', 'first'], ['', 'second']]);
  });

  it('reads one bare event on one line, with self-closing values', () => {
    const text = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>4634</EventID></System><EventData><Data Name='TargetLogonId'>0x1</Data><Data Name='Empty'/></EventData></Event>`;
    const doc = parseEventDocument(text);
    assert.equal(doc.events.length, 1);
    assert.deepEqual(documentProblems(doc), []);
    assert.equal(dataField(doc.events[0]!.record, 'TargetLogonId')?.value, '0x1');
    assert.equal(dataField(doc.events[0]!.record, 'Empty')?.value, '');
  });

  it('sniffs the event namespace, not the file name or first line', () => {
    assert.ok(isEventXml(SHAPES.eventViewer!(readSample('omer-new-user-security.xml'))));
    assert.ok(!isEventXml('<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"></project>'));
    assert.ok(!isEventXml('<svg xmlns="http://www.w3.org/2000/svg"/>'));
  });

  it('gives ranges in UTF-16 code units past astral characters', () => {
    const text = securityEvent(4624, '    <Data Name="TargetUserName">😀user</Data>\n    <Data Name="LogonType">3</Data>');
    const doc = parseEventDocument(text);
    const field = dataField(doc.events[0]!.record, 'LogonType')!;
    assert.equal(text.slice(field.start, field.end), '3');
  });
});

describe('decoding a file a piece at a time', () => {
  it('ends on bytes that are not UTF-8, however they are cut', () => {
    const junk = Buffer.alloc(100, 0x80);
    for (const step of [1, 4, 7]) {
      const pieces: string[] = [];
      for (const piece of decodePieces(junk, step)) if (pieces.push(piece) > 1000) break;
      assert.equal(pieces.join(''), '\uFFFD'.repeat(100));
    }
  });

  it('gives the same text as decoding it whole, with characters cut between pieces, in every encoding', () => {
    const text = `<Events>${'<Event>naïve 日本 😀 é</Event>'.repeat(300)}</Events>`;
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    const encodings: [string, Buffer][] = [
      ['utf-8', Buffer.from(text, 'utf8')],
      ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
    ];
    for (const [name, bytes] of encodings) {
      for (const step of [1, 3, 7, 1000]) {
        const pieces = [...decodePieces(bytes, step)];
        assert.equal(pieces.join(''), decodeBytes(bytes), `${name}, ${step} bytes a piece`);
        assert.equal(pieces.join(''), text, name);
        assert.ok(pieces.length >= Math.floor((bytes.length - 3) / Math.max(4, step)), 'a piece at a time');
      }
    }
  });
});

describe('reading SystemTime', () => {
  it('gives the same time whether its second was just read or not', () => {
    let seed = 5;
    const random = (n: number): number => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
    const two = (n: number): string => String(n).padStart(2, '0');
    let second = `2019-02-07T11:37:${two(random(60))}.`;
    for (let k = 0; k < 3000; k++) {
      if (random(5) === 0) second = `20${two(random(40))}-${two(1 + random(12))}-${two(1 + random(28))}T${two(random(24))}:${two(random(60))}:${two(random(60))}.`;
      const text = `${second}${String(random(10_000_000)).padStart(7, '0')}Z`;
      // With a space before it, the time is never taken for one of a run: read in full.
      assert.deepEqual(parseSystemTime(text), parseSystemTime(` ${text}`), text);
    }
    assert.equal(parseSystemTime('2019-02-07T11:37:52.6280000Z')?.ms, Date.UTC(2019, 1, 7, 11, 37, 52) + 628);
    assert.equal(parseSystemTime('2019-02-07T11:37:52.62800x0Z'), undefined, 'the fraction is still checked');
  });
});
