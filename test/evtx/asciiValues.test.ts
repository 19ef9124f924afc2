import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ASCII_VALUE, writeAsciiValue } from '../../server/src/core/evtx/asciiValues';
import { EvtxDamage } from '../../server/src/core/evtx/bytes';
import { renderValue, VALUE } from '../../server/src/core/evtx/values';
import { seeded } from '../fuzz/mutate';

/** What renderValue makes of the bytes, or the damage it reports. */
function rendered(source: Uint8Array, start: number, size: number, type: number): string | EvtxDamage | null {
  try {
    return renderValue(source, start, size, type);
  } catch (error) {
    if (error instanceof EvtxDamage) return error;
    throw error;
  }
}

/** Writes the value as ASCII and holds it equal to renderValue's text; true when it was written here. */
function check(source: Uint8Array, type: number, start = 0, size = source.length): boolean {
  const out = new Uint8Array(8 + MAX_ASCII_VALUE).fill(0xee);
  const end = writeAsciiValue(source, start, size, type, out, 4);
  const text = rendered(source, start, size, type);
  const label = `type 0x${type.toString(16)}, bytes ${Buffer.from(source).toString('hex')}`;
  if (end === undefined) {
    assert.ok(out.every(b => b === 0xee), `${label}: nothing written when left to renderValue`);
    return false;
  }
  assert.equal(typeof text, 'string', `${label}: written here only when renderValue renders it`);
  assert.equal(Buffer.from(out.subarray(4, end)).toString('latin1'), text, label);
  assert.ok(out.subarray(end).every(b => b === 0xee) && out.subarray(0, 4).every(b => b === 0xee), `${label}: nothing written outside`);
  return true;
}

const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const sid = (revision: number, authority: number[], subs: number[]): Uint8Array => Uint8Array.from([revision, subs.length, ...authority, ...subs.flatMap(le32)]);
/** A FILETIME for a time in ms since 1970, plus 100-ns ticks. */
const fileTime = (ms: number, ticks = 0): Uint8Array => {
  const value = (BigInt(ms) + 11_644_473_600_000n) * 10_000n + BigInt(ticks);
  return Uint8Array.from({ length: 8 }, (_, k) => Number((value >> BigInt(8 * k)) & 0xffn));
};

describe('fixed-type values written as ASCII', () => {
  it('writes what renderValue renders, for the edges of every type it takes', () => {
    const u8 = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);
    for (const n of [0, 1, 9, 10, 99, 255]) assert.ok(check(u8(n), VALUE.uint8));
    for (const n of [0, 9, 10, 65535, 4660]) assert.ok(check(u8(n & 0xff, n >> 8), VALUE.uint16));
    for (const n of [0, 7, 10, 4294967295, 2147483648, 1000000000]) {
      assert.ok(check(Uint8Array.from(le32(n)), VALUE.uint32));
      assert.ok(check(Uint8Array.from(le32(n)), VALUE.int32), `int32 ${n | 0}`);
      assert.ok(check(Uint8Array.from(le32(n)), VALUE.hexInt32));
    }
    for (const [low, high] of [[0, 0], [0x3e7, 0], [0xffffffff, 0], [0, 1], [5, 0xabc], [0xffffffff, 0xffffffff]]) {
      assert.ok(check(Uint8Array.from([...le32(low!), ...le32(high!)]), VALUE.hexInt64));
    }
    assert.ok(check(Uint8Array.from({ length: 16 }, (_, k) => k * 17), VALUE.guid));
    assert.ok(check(new Uint8Array(16).fill(0xff), VALUE.guid));
    for (const [ms, ticks] of [[0, 0], [Date.UTC(2024, 2, 4, 10, 0, 0, 123), 4567], [Date.UTC(1601, 0, 1) , 0], [Date.UTC(3399, 11, 31, 23, 59, 59, 999), 9999], [-1, 0]]) {
      assert.ok(check(fileTime(ms!, ticks), VALUE.fileTime), `${ms}`);
    }
    assert.equal(check(fileTime(Date.UTC(3500, 0, 1)), VALUE.fileTime), false, 'from 3400 on, BigInt: left to renderValue');
    assert.ok(check(sid(1, [0, 0, 0, 0, 0, 5], [18]), VALUE.sid));
    assert.ok(check(sid(1, [0, 0, 0, 0, 0, 5], [21, 4294967295, 1, 2, 500]), VALUE.sid));
    assert.ok(check(sid(1, [0, 0, 0, 0, 0, 0], []), VALUE.sid), 'no sub-authority');
    assert.ok(check(sid(1, [0, 1, 0, 0, 0, 0], [7]), VALUE.sid), 'an authority of 2^32: hex');
    assert.ok(check(sid(1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [7]), VALUE.sid), 'the largest authority');
    assert.ok(check(sid(1, [0, 0, 0, 0, 0, 5], Array.from({ length: 255 }, () => 4294967295)), VALUE.sid), 'the longest SID');
  });

  it('leaves other types and damaged values to renderValue, writing nothing', () => {
    for (const type of [VALUE.string, VALUE.ansiString, VALUE.binary, VALUE.int64, VALUE.uint64, VALUE.real64, VALUE.systemTime, VALUE.bool, VALUE.sizeT, VALUE.null, VALUE.uint32 | VALUE.array]) {
      assert.equal(check(new Uint8Array(16).fill(0x41), type), false, `type 0x${type.toString(16)}`);
    }
    assert.equal(check(Uint8Array.from([1, 2, 3]), VALUE.uint32), false, 'too short for its type');
    assert.equal(check(Uint8Array.from([1, 2, 3, 4]), VALUE.uint32, 2, 4), false, 'past the end of its data');
    assert.equal(check(sid(1, [0, 0, 0, 0, 0, 5], [21, 22]).subarray(0, 12), VALUE.sid), false, 'fewer sub-authorities than it says');
  });

  it('writes what renderValue renders for random bytes of every type it takes', () => {
    const random = seeded(7);
    let written = 0;
    for (let k = 0; k < 20_000; k++) {
      const type = [VALUE.uint8, VALUE.uint16, VALUE.uint32, VALUE.int32, VALUE.hexInt32, VALUE.hexInt64, VALUE.guid, VALUE.fileTime, VALUE.sid][k % 9]!;
      const bytes = Uint8Array.from({ length: random(40) }, () => random(256));
      // Random sub-authority counts are mostly too large for the bytes: some are made to fit.
      if (type === VALUE.sid && bytes.length >= 8 && random(2) === 0) bytes[1] = random(Math.floor((bytes.length - 8) / 4) + 1);
      if (check(bytes, type, 0, bytes.length)) written++;
    }
    assert.ok(written > 10_000, `${written} written here`);
  });
});
