import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompactTextDocument } from '../../server/src/core/text/compactTextDocument';

/** A small deterministic generator: the same cases on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Text rich in line breaks of every kind, and in pairs an edit may split or join. */
function someText(next: () => number, length: number): string {
  const pieces = ['a', 'bc', '<Event>', '\n', '\r', '\r\n', '\n\r', 'é', '😀', ' '];
  let text = '';
  while (text.length < length) text += pieces[Math.floor(next() * pieces.length)];
  return text;
}

/** Everything a caller can ask, compared with the library's answer. */
function assertSame(ours: CompactTextDocument, theirs: TextDocument, what: string): void {
  const text = theirs.getText();
  assert.equal(ours.getText(), text, what);
  assert.equal(ours.lineCount, theirs.lineCount, `${what}: line count`);
  assert.equal(ours.version, theirs.version, `${what}: version`);
  for (let offset = -1; offset <= text.length + 1; offset++) assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `${what}: positionAt(${offset})`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (const character of [-1, 0, 1, 2, 5, 1000]) {
      const position = { line, character };
      assert.equal(ours.offsetAt(position), theirs.offsetAt(position), `${what}: offsetAt(${line}:${character})`);
    }
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `${what}: getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `${what}: getEOLCharacters(${line})`);
  }
}

describe('the compact text document', () => {
  it('answers every position, offset and line as the library\'s TextDocument does, through random edits', () => {
    const next = random(7);
    for (let doc = 0; doc < 40; doc++) {
      const text = someText(next, Math.floor(next() * 60));
      const ours = new CompactTextDocument('file:///a.xml', 'xml', 1, text);
      const theirs = TextDocument.create('file:///a.xml', 'xml', 1, text);
      // Half of the documents are asked first (their line starts known before the edits), half not.
      if (doc % 2 === 0) assertSame(ours, theirs, `document ${doc}`);
      for (let edit = 0; edit < 25; edit++) {
        const lines = theirs.lineCount;
        const at = (): { line: number; character: number } => ({ line: Math.floor(next() * (lines + 1)) - (next() < 0.05 ? 1 : 0), character: Math.floor(next() * 8) });
        const whole = next() < 0.03;
        // Ranges may be backwards: both documents put them in order.
        const change = whole ? { text: someText(next, Math.floor(next() * 30)) } : { range: { start: at(), end: at() }, text: next() < 0.3 ? '' : someText(next, Math.floor(next() * 12)) };
        const version = edit + 2;
        ours.update([change], version);
        TextDocument.update(theirs, [change], version);
        assertSame(ours, theirs, `document ${doc} after edit ${edit} (${JSON.stringify(change)})`);
      }
    }
  });

  it('applies several changes of one notification in order', () => {
    const text = 'line one\r\nline two\nline three\rline four';
    const ours = new CompactTextDocument('file:///b.xml', 'xml', 1, text);
    const theirs = TextDocument.create('file:///b.xml', 'xml', 1, text);
    ours.positionAt(0);
    const changes = [
      { range: { start: { line: 0, character: 8 }, end: { line: 0, character: 8 } }, text: '\r' },
      { range: { start: { line: 2, character: 0 }, end: { line: 3, character: 4 } }, text: '\n\n' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' },
    ];
    ours.update(changes, 2);
    TextDocument.update(theirs, changes, 2);
    assertSame(ours, theirs, 'after three changes');
  });

  it('keeps a big export\'s line starts in four bytes a line', () => {
    const text = '<Event>\n  <System/>\n</Event>\n'.repeat(20000);
    const ours = new CompactTextDocument('file:///c.xml', 'xml', 1, text);
    assert.equal(ours.lineCount, 60001);
    const starts = (ours as unknown as { starts: Uint32Array }).starts;
    assert.ok(starts instanceof Uint32Array && starts.length === 60001, 'one 32-bit start per line, sized to fit');
    ours.update([{ range: { start: { line: 100, character: 0 }, end: { line: 100, character: 0 } }, text: 'x' }], 2);
    assert.equal((ours as unknown as { starts: Uint32Array }).starts, starts, 'an edit that adds no line moves the starts in place');
    assert.deepEqual(ours.positionAt(text.length + 1), { line: 60000, character: 0 });
  });
});
