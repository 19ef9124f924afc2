import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_RECENT_BYTES } from '../../server/src/core/evtx/recentValues';
import { renderItems, renderValue, VALUE } from '../../server/src/core/evtx/values';

describe('values met again', () => {
  it('are rendered as when first met, whatever came between: same type and bytes, same text; else not', () => {
    // Few distinct byte patterns, so that values repeat, share slots and evict each other. The
    // reference is the array path, which renders each item afresh.
    let state = 7;
    const random = (n: number): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n);
    const types = [VALUE.guid, VALUE.hexInt64, VALUE.hexInt32, VALUE.uint32, VALUE.int32, VALUE.fileTime, VALUE.sid, VALUE.string];
    let repeats = 0;
    const seen = new Set<string>();
    for (let k = 0; k < 60_000; k++) {
      const type = types[random(types.length)]!;
      const size = type === VALUE.guid ? 16 : type === VALUE.hexInt64 || type === VALUE.fileTime ? 8 : type === VALUE.sid ? 12 : type === VALUE.string ? 2 * (1 + random(30)) : 4;
      const bytes = new Uint8Array(size + 3);
      for (let b = 0; b < size; b++) bytes[b + 3] = random(3) === 0 ? random(256) : 0x41 + random(2);
      if (type === VALUE.sid) {
        bytes.set([1, 1, 0, 0, 0, 0, 0, 5], 3); // S-1-5-x: one sub-authority
      }
      const key = `${type}:${Array.from(bytes).join(',')}`;
      if (seen.has(key)) repeats++;
      seen.add(key);
      const expected = renderItems(bytes, 3, size, type | VALUE.array).join('\u0000');
      assert.equal(renderValue(bytes, 3, size, type), expected, key);
    }
    assert.ok(repeats > 10_000, `values repeat (${repeats})`);
  });

  it('leaves longer values alone', () => {
    const text = 'x'.repeat(MAX_RECENT_BYTES);
    const bytes = new Uint8Array(Buffer.from(text, 'utf16le'));
    assert.equal(renderValue(bytes, 0, bytes.length, VALUE.string), text);
    bytes[0] = 0x79;
    assert.equal(renderValue(bytes, 0, bytes.length, VALUE.string), `y${text.slice(1)}`);
  });
});
