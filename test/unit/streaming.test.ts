import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Position } from 'vscode-languageserver-types';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { LocatedEvent, Problem } from '../../server/src/core/parse/model';
import { EventSplitter, GAP_PART, MAX_EVENT_CHARS } from '../../server/src/cli/stream/eventSplitter';
import { LineIndex } from '../../server/src/cli/stream/lineIndex';
import { streamExport } from '../../server/src/cli/stream/streamExport';
import { Progress } from '../../server/src/cli/progress';
import { damagedCopies, readSample, REAL_FILES, securityEvent, SHAPES } from '../helpers/corpus';

/** The text in pieces of `size` characters, as a reader would hand them over. */
async function* inPieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

interface Streamed {
  eventXml: boolean;
  events: LocatedEvent[];
  gapProblems: Problem[];
  /** The position of every event's start and of every problem's start and end. */
  positions: Position[];
}

async function stream(text: string, size: number): Promise<Streamed> {
  const result: Streamed = { eventXml: false, events: [], gapProblems: [], positions: [] };
  result.eventXml = await streamExport(inPieces(text, size), {
    event(event, positionAt) {
      result.events.push(event);
      result.positions.push(positionAt(event.offset));
      for (const p of event.record.problems) result.positions.push(positionAt(event.offset + p.start), positionAt(event.offset + p.end));
    },
    gap(problems, positionAt) {
      result.gapProblems.push(...problems);
      for (const p of problems) result.positions.push(positionAt(p.start), positionAt(p.end));
    },
  });
  return result;
}

/** What parsing the whole text at once gives, in the same form. */
function whole(text: string): Omit<Streamed, 'eventXml'> {
  const doc = parseEventDocument(text);
  const lines = TextDocument.create('file:///x.xml', 'xml', 1, text);
  const positions: Position[] = [];
  const gapProblems: Problem[] = [];
  // Gap problems and events interleave in document order, as the stream gives them.
  const parts = [...doc.events.map(e => ({ at: e.offset, event: e })), ...doc.gapProblems.map(p => ({ at: p.start, problem: p }))].sort((a, b) => a.at - b.at);
  for (const part of parts) {
    if ('event' in part) {
      const { offset, record } = part.event;
      positions.push(lines.positionAt(offset));
      for (const p of record.problems) positions.push(lines.positionAt(offset + p.start), lines.positionAt(offset + p.end));
    } else {
      gapProblems.push(part.problem);
      positions.push(lines.positionAt(part.problem.start), lines.positionAt(part.problem.end));
    }
  }
  return { events: doc.events, gapProblems, positions };
}

async function assertSameAsWhole(text: string, size: number, label: string): Promise<void> {
  const streamed = await stream(text, size);
  const expected = whole(text);
  assert.ok(streamed.eventXml, label);
  assert.equal(streamed.events.length, expected.events.length, `${label}: events`);
  streamed.events.forEach((e, k) => {
    assert.equal(e.offset, expected.events[k]!.offset, `${label}: offset of event ${k}`);
    assert.deepEqual(e.record, expected.events[k]!.record, `${label}: record of event ${k}`);
  });
  assert.deepEqual(streamed.gapProblems, expected.gapProblems, `${label}: problems between events`);
  assert.deepEqual(streamed.positions, expected.positions, `${label}: positions`);
}

describe('reading an export as a stream', () => {
  it('gives the same events, records, problems and positions as a whole parse, for every real file in every shape', async () => {
    for (const { name } of REAL_FILES) {
      for (const [shape, make] of Object.entries(SHAPES)) {
        const text = make(readSample(name));
        // 48 KiB is the reader's size; 4099 and 61 cut tags, values and CRLFs at every kind of place.
        for (const size of [48 * 1024, 4099, 61]) await assertSameAsWhole(text, size, `${name} ${shape} in ${size}-character pieces`);
      }
    }
  });

  it('gives the same result as a whole parse for damaged and hostile text, cut anywhere', async () => {
    let round = 0;
    for (const text of damagedCopies(readSample('omer-new-user-security.xml'), 300, 11)) {
      round++;
      if (!text.includes('http://schemas.microsoft.com/win/2004/08/events/event')) continue;
      await assertSameAsWhole(text, 1 + (round * 37) % 300, `round ${round}`);
    }
    const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('').replace(/</g, '');
    const hostile = [
      securityEvent(4624, '<Data Name="A">1</Data>') + junk + securityEvent(4634, '<Data Name="B">2</Data>'),
      `<?xml version="1.0"?>\n<!DOCTYPE Events [<!ENTITY lol "lol">]>\n<Events>${securityEvent(4624, '<Data Name="U">&lol;</Data>')}</Events>`,
      securityEvent(4624, '<Data Name="A">1</Data>').replace('</Event>', '') + securityEvent(4634, ''),
      securityEvent(4624, '<Data Name="A">1</Data>').slice(0, 300),
      `${securityEvent(4624, '')}\r\r\n\r${securityEvent(4634, '')}`,
    ];
    for (const [k, text] of hostile.entries()) {
      for (const size of [1, 7, 100, 1 << 20]) await assertSameAsWhole(text, size, `hostile text ${k} in ${size}-character pieces`);
    }
  });

  it('skips text that is not event XML without reading events', async () => {
    const streamed = await stream('<project xmlns="http://maven.apache.org/POM/4.0.0"><x/></project>', 10);
    assert.equal(streamed.eventXml, false);
    assert.equal(streamed.events.length, 0);
  });

  it('reports junk once per gap, however long the gap, and reads the event after it', async () => {
    const junk = 'x'.repeat(3 * GAP_PART + 12345);
    const last = securityEvent(4634, '<Data Name="B">2</Data>');
    const text = securityEvent(4624, '') + junk + last;
    const streamed = await stream(text, 1 << 20);
    assert.equal(streamed.gapProblems.length, 1);
    assert.match(streamed.gapProblems[0]!.message, /outside any <Event>/);
    assert.equal(streamed.events.length, 2);
    assert.equal(streamed.events[1]!.offset, text.length - last.length);
  });
});

describe('memory while streaming', () => {
  it('holds at most one event and one piece of input, however long the export', () => {
    const event = securityEvent(4624, '<Data Name="TargetLogonId">0x1234</Data>');
    const piece = 64 * 1024;
    const splitter = new EventSplitter();
    let held = 0;
    let events = 0;
    const text = event.repeat(2000); // ~1 MB, 16 pieces
    for (let i = 0; i < text.length; i += piece) {
      for (const p of splitter.push(text.slice(i, i + piece))) if (p.kind === 'event') events++;
      held = Math.max(held, splitter.held);
    }
    for (const p of splitter.finish()) if (p.kind === 'event') events++;
    assert.equal(events, 2000);
    assert.ok(held <= piece + event.length, `held ${held} characters`);
    assert.equal(splitter.held, 0);
  });

  it('cuts an event that never closes at MAX_EVENT_CHARS instead of holding it all', () => {
    const splitter = new EventSplitter();
    const piece = 'A'.repeat(1 << 20);
    const given: number[] = [];
    let held = 0;
    for (const p of splitter.push('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>')) given.push(p.end - p.start);
    for (let i = 0; i < MAX_EVENT_CHARS / piece.length + 3; i++) {
      for (const p of splitter.push(piece)) given.push(p.end - p.start);
      held = Math.max(held, splitter.held);
    }
    assert.ok(given.length >= 1 && given[0]! >= MAX_EVENT_CHARS, 'the event was given out once it reached the cap');
    assert.ok(held <= MAX_EVENT_CHARS + piece.length, `held ${held} characters`);
  });
});

describe('line positions of a streamed text', () => {
  it('counts CRLF, CR and LF as the editor does, with CRLF cut between pieces', () => {
    const text = 'a\r\nb\rc\nd\r\ne';
    for (let cut = 0; cut <= text.length; cut++) {
      const lines = new LineIndex();
      lines.add(text.slice(0, cut), 0);
      lines.add(text.slice(cut), cut);
      const document = TextDocument.create('file:///x', 'xml', 1, text);
      for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(lines.positionAt(offset), document.positionAt(offset), `cut ${cut}, offset ${offset}`);
    }
  });

  it('answers after forgetting what is behind', () => {
    const lines = new LineIndex();
    const text = 'line\n'.repeat(10_000);
    lines.add(text, 0);
    lines.forget(30_000);
    assert.deepEqual(lines.positionAt(30_002), { line: 6000, character: 2 });
    assert.deepEqual(lines.positionAt(49_999), { line: 9999, character: 4 });
  });
});

describe('the progress bar', () => {
  const fakeStream = (isTTY: boolean): { isTTY: boolean; columns: number; written: string[]; write(t: string): void } => ({
    isTTY, columns: 80, written: [] as string[], write(t: string) { this.written.push(t); },
  });

  it('draws on a terminal only after half a second, at most ten times a second, and erases itself', () => {
    let now = 0;
    const tty = fakeStream(true);
    const progress = new Progress(tty, () => now);
    progress.update(0.1, 'reading');
    assert.equal(tty.written.length, 0, 'quick runs print nothing');
    now = 600;
    progress.update(0.5, 'reading 1/2');
    now = 650;
    progress.update(0.55, 'reading 1/2');
    assert.equal(tty.written.length, 1, 'no more than ten redraws a second');
    assert.match(tty.written[0]!, /^\r\[#{10}-{10}\]  50%  reading 1\/2/);
    progress.finish();
    assert.equal(tty.written.at(-1), '\r\x1b[K');
  });

  it('fits a narrow terminal: the detail goes first, then the bar narrows, and nothing wraps', () => {
    for (const columns of [100, 60, 45, 30, 12]) {
      let now = 0;
      const tty = { ...fakeStream(true), columns };
      const progress = new Progress(tty, () => now);
      now = 1000;
      progress.update(0.5, 'checking 2/2', '1023.9 MB of 2047.9 MB');
      const line = tty.written[0]!.replace(/^\r|\x1b\[K$/g, '');
      assert.ok(line.length < columns, `${columns} columns: '${line}'`);
      if (columns >= 60) assert.match(line, /\[#+-+\]  50%  checking 2\/2  1023\.9 MB of 2047\.9 MB$/);
      if (columns === 45) assert.match(line, /^\[#+-+\]  50%  checking 2\/2$/);
    }
  });

  it('draws nothing when the stream is not a terminal', () => {
    let now = 0;
    const piped = fakeStream(false);
    const progress = new Progress(piped, () => now);
    now = 10_000;
    progress.update(0.5, 'reading');
    progress.finish();
    assert.deepEqual(piped.written, []);
  });
});
