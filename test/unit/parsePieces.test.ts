import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { LineIndex } from '../../server/src/core/parse/lineIndex';
import { parseEventPiecesInSteps } from '../../server/src/core/parse/parsePieces';
import { ROOT, securityEvent } from '../helpers/corpus';

function finish<T>(steps: Generator<unknown, T, undefined>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** The text cut into pieces of `size` characters (the last shorter). */
function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
  return pieces;
}

/** Parsed in pieces of each size, the document is the one parsed whole: events, records, gaps, text and line positions. */
function assertSameInPieces(name: string, text: string, sizes: readonly number[]): void {
  const whole = parseEventDocument(text);
  const positions = TextDocument.create('file:///x.xml', 'xml', 0, text);
  const expected = JSON.stringify({ events: whole.events, gaps: whole.gapProblems });
  for (const size of sizes) {
    const { doc, lines } = finish(parseEventPiecesInSteps(cut(text, size), 'file:///x.xml'));
    assert.equal(JSON.stringify({ events: doc.events, gaps: doc.gapProblems }), expected, `${name} in pieces of ${size}`);
    assert.equal(doc.text, text, `${name}: the text, joined when asked for`);
    const step = Math.max(1, Math.floor(text.length / 5000));
    for (let offset = -1; offset <= text.length + 1; offset += step) {
      assert.deepEqual(lines.positionAt(offset), positions.positionAt(offset), `${name} in pieces of ${size}: offset ${offset}`);
    }
  }
}

describe('parsing a document in pieces, without one string of it (workspace files)', () => {
  it('reads the fixtures and the samples as a whole parse does, whatever the pieces', () => {
    const files = [path.join(ROOT, 'test', 'fixtures', 'handmade-shapes.xml'), ...fs.readdirSync(path.join(ROOT, 'samples')).filter(f => f.endsWith('.xml')).slice(0, 2).map(f => path.join(ROOT, 'samples', f))];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      assertSameInPieces(path.basename(file), text.length > 3_000_000 ? text.slice(0, 3_000_000) : text, [1 << 20, 65_536, 4099]);
    }
  });

  it('cuts anywhere: inside tags, entities, comments, CRLF and lone CR, with damaged events between', () => {
    const events = [
      securityEvent(4624, '<Data Name="TargetUserName">alice &amp; bob</Data>\r\n<Data Name="LogonType">3</Data>', { record: 1 }),
      '<!-- a comment between events -->\r',
      securityEvent(4634, '<Data Name="TargetLogonId">0x1</Data>', { record: 2 }).replace(/\n/g, '\r\n'),
      '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4625</EventID>', // never closed
      securityEvent(4672, '<Data Name="SubjectUserName">eve</Data>', { record: 3 }),
      'junk between events\r\r\n',
      securityEvent(4608, '', { record: 4 }),
      '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>1', // cut at the end of the file
    ];
    const text = `<?xml version="1.0"?>\r\n<Events>\r\n${events.join('')}`;
    assertSameInPieces('hand-made', text, [1, 2, 3, 5, 8, 13, 64, 257, 1000]);
  });

  it('places offsets as TextDocument does in a text of 200,000 lines (its line starts kept in blocks)', () => {
    // LF, CRLF and lone CR lines, some empty, so that blocks of line starts end on every kind.
    const endings = ['\n', '\r\n', '\r', '\n', '\n'];
    const text = Array.from({ length: 200_000 }, (_, k) => `${'x'.repeat(k % 7)}${endings[k % endings.length]}`).join('');
    const expected = TextDocument.create('file:///x.xml', 'xml', 0, text);
    for (const size of [1 << 18, 4099]) {
      const lines = new LineIndex('file:///x.xml');
      cut(text, size).forEach(piece => lines.add(piece));
      lines.end();
      for (let offset = -1; offset <= text.length + 1; offset += 37) {
        assert.deepEqual(lines.positionAt(offset), expected.positionAt(offset), `pieces of ${size}: offset ${offset}`);
      }
      // Around the first block's end, every offset.
      const blockEnd = expected.offsetAt({ line: 65_536, character: 0 });
      for (let offset = blockEnd - 20; offset <= blockEnd + 20; offset++) {
        assert.deepEqual(lines.positionAt(offset), expected.positionAt(offset), `pieces of ${size}: offset ${offset}, by the end of a block`);
      }
    }
  });

  it('reads a text whose event never ends in one window past a bound, as the same document', () => {
    const text = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4624</EventID></System><EventData>${'<Data Name="x">y</Data>'.repeat(300_000)}`;
    assertSameInPieces('unclosed', text, [65_536]);
  });
});
