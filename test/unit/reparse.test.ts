import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentProblems, EventDocument, parseEventDocument, reparseRegion } from '../../server/src/core/parse/eventDocument';
import { changedRegion, TextEdit } from '../../server/src/core/parse/textEdit';
import { readSample, SHAPES } from '../helpers/corpus';
import { seeded } from '../fuzz/mutate';

/** What a parse says, offsets included: two parses of one text must agree on all of it. */
function shape(doc: EventDocument): string {
  return JSON.stringify([doc.events.map(e => [e.offset, e.record]), documentProblems(doc)]);
}

const PIECES = ['<', '>', '</Event>', '<Event ', '"', '&amp;', 'x', '\n', '', '0x3e7', '</Data>', '<Data Name="LogonType">'];

describe('re-parsing only the changed region', () => {
  for (const [shapeName, reshape] of [['pretty', SHAPES.pretty!], ['eventViewer', SHAPES.eventViewer!], ['crlf', SHAPES.crlf!]] as const) {
    it(`equals a whole parse after 300 random edits (${shapeName})`, () => {
      const random = seeded(99);
      let text = reshape(readSample('omer-post-Security.xml'));
      let doc = parseEventDocument(text);
      let regional = 0;
      for (let k = 0; k < 300; k++) {
        const edits: TextEdit[] = [];
        for (let e = 0, count = 1 + random(3); e < count; e++) {
          const start = random(text.length + 1);
          const end = Math.min(text.length, start + (random(3) === 0 ? random(40) : 0));
          const edit = { start, end, text: PIECES[random(PIECES.length)]! };
          edits.push(edit);
          text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
        }
        const result = reparseRegion(doc, text, changedRegion(edits)!);
        const whole = parseEventDocument(text);
        if (result !== undefined) {
          regional++;
          const got = shape(result.doc);
          const want = shape(whole);
          if (got !== want) {
            let at = 0;
            while (got[at] === want[at]) at++;
            assert.fail(`edit ${k}: ${JSON.stringify(edits)}: differs at ${at}: ${got.slice(at - 80, at + 80)} / ${want.slice(at - 80, at + 80)}`);
          }
          doc = result.doc;
        } else {
          doc = whole;
        }
      }
      assert.ok(regional > 250, `most edits re-parse a region (${regional} of 300)`);
    });
  }

  it('combines a run of edits into the one region that covers them', () => {
    const text = '0123456789';
    const edits: TextEdit[] = [{ start: 2, end: 4, text: 'abc' }, { start: 8, end: 9, text: '' }, { start: 0, end: 1, text: 'zz' }];
    let current = text;
    for (const e of edits) current = current.slice(0, e.start) + e.text + current.slice(e.end);
    const region = changedRegion(edits)!;
    assert.equal(text.slice(0, region.start) + current.slice(region.start, region.newEnd) + text.slice(region.oldEnd), current);
  });
});
