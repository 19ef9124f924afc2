import { EvtxDamage, u32At, u64At, utf16At } from './bytes';
import { MAX_RECENT_BYTES, recalled, remember } from './recentValues';

/** Binary XML value types (MS-EVEN6 2.2.12); 0x80 marks an array of the type. */
export const VALUE = {
  null: 0x00, string: 0x01, ansiString: 0x02, int8: 0x03, uint8: 0x04, int16: 0x05, uint16: 0x06,
  int32: 0x07, uint32: 0x08, int64: 0x09, uint64: 0x0a, real32: 0x0b, real64: 0x0c, bool: 0x0d,
  binary: 0x0e, guid: 0x0f, sizeT: 0x10, fileTime: 0x11, systemTime: 0x12, sid: 0x13,
  hexInt32: 0x14, hexInt64: 0x15, evtHandle: 0x20, binXml: 0x21, evtXml: 0x23, array: 0x80,
} as const;

/** Bytes of one item of each fixed-size type. */
const FIXED_SIZE: Record<number, number> = {
  [VALUE.int8]: 1, [VALUE.uint8]: 1, [VALUE.int16]: 2, [VALUE.uint16]: 2, [VALUE.int32]: 4, [VALUE.uint32]: 4,
  [VALUE.int64]: 8, [VALUE.uint64]: 8, [VALUE.real32]: 4, [VALUE.real64]: 8, [VALUE.bool]: 4, [VALUE.guid]: 16,
  [VALUE.fileTime]: 8, [VALUE.systemTime]: 16, [VALUE.hexInt32]: 4, [VALUE.hexInt64]: 8,
};

/** Windows' FILETIME epoch (1601-01-01) in 100-ns ticks before the Unix epoch. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

/**
 * A value as Windows renders it in event XML (wevtutil): decimal integers, `0x` hex without
 * padding for hex types and size_t, GUIDs in upper-case braces, SIDs, times in UTC with their
 * full precision and a Z, binary as upper-case hex, `true`/`false`. Arrays are rendered item by
 * item and joined with commas. Null is null (an optional substitution then drops its attribute).
 * Strings lose the terminating NULs that writers leave in them.
 */
export function renderValue(bytes: Uint8Array, start: number, size: number, type: number): string | null {
  if (size < 0 || start < 0 || start + size > bytes.length) throw new EvtxDamage(`a value of ${size} bytes runs past its data`);
  if (type === VALUE.null) return null;
  if ((type & VALUE.array) !== 0) return renderArray(bytes, start, size, type & 0x7f).join(',');
  // Short values repeat: one met lately is its text then (see recentValues.ts).
  if (size > MAX_RECENT_BYTES) return renderOne(bytes, start, size, type);
  return recalled(bytes, start, size, type) ?? remember(bytes, start, size, type, renderOne(bytes, start, size, type));
}

/** One value (not null, not an array), rendered. */
function renderOne(bytes: Uint8Array, start: number, size: number, type: number): string {
  switch (type) {
    case VALUE.string: return trimNuls(utf16At(bytes, start, size >> 1));
    case VALUE.ansiString: return trimNuls(latin1(bytes, start, size));
    case VALUE.binary: return hex(bytes, start, size);
    case VALUE.sid: return renderSid(bytes, start, size);
    case VALUE.sizeT: return size === 8 ? hex64(bytes, start) : size === 4 ? `0x${u32At(bytes, start).toString(16)}` : hex(bytes, start, size);
    default: {
      const fixed = FIXED_SIZE[type];
      if (fixed === undefined) throw new EvtxDamage(`value type 0x${type.toString(16)} is not one Windows writes`);
      if (size < fixed) throw new EvtxDamage(`a value of type 0x${type.toString(16)} needs ${fixed} bytes, has ${size}`);
      return renderFixed(bytes, start, type);
    }
  }
}

/** The items of an array value, each rendered as its type is; an empty array has one empty item. */
export function renderItems(bytes: Uint8Array, start: number, size: number, arrayType: number): string[] {
  if (size < 0 || start < 0 || start + size > bytes.length) throw new EvtxDamage(`a value of ${size} bytes runs past its data`);
  const items = renderArray(bytes, start, size, arrayType & 0x7f);
  return items.length === 0 ? [''] : items;
}

function renderArray(bytes: Uint8Array, start: number, size: number, type: number): string[] {
  if (type === VALUE.string) return splitNuls(utf16At(bytes, start, size >> 1));
  if (type === VALUE.ansiString) return splitNuls(latin1(bytes, start, size));
  if (type === VALUE.sid) {
    const items: string[] = [];
    for (let at = start; at + 8 <= start + size;) {
      const length = 8 + 4 * bytes[at + 1]!;
      if (at + length > start + size) break;
      items.push(renderSid(bytes, at, length));
      at += length;
    }
    return items;
  }
  const fixed = type === VALUE.sizeT ? (size % 8 === 0 ? 8 : 4) : FIXED_SIZE[type];
  if (fixed === undefined) throw new EvtxDamage(`an array of value type 0x${type.toString(16)} is not one Windows writes`);
  const items: string[] = [];
  for (let at = start; at + fixed <= start + size; at += fixed) {
    items.push(type === VALUE.sizeT ? renderValue(bytes, at, fixed, VALUE.sizeT)! : renderFixed(bytes, at, type));
  }
  return items;
}

function renderFixed(bytes: Uint8Array, at: number, type: number): string {
  // The common types are read from the bytes directly: a DataView per value costs more than the value.
  switch (type) {
    case VALUE.uint8: return String(bytes[at]);
    case VALUE.uint16: return String(bytes[at]! | (bytes[at + 1]! << 8));
    case VALUE.uint32: return String(u32At(bytes, at));
    case VALUE.int32: return String(u32At(bytes, at) | 0);
    case VALUE.hexInt32: return `0x${u32At(bytes, at).toString(16)}`;
    case VALUE.hexInt64: return hex64(bytes, at);
    case VALUE.bool: return u32At(bytes, at) !== 0 ? 'true' : 'false';
    case VALUE.guid: return renderGuid(bytes, at);
    case VALUE.fileTime: return fileTimeAt(bytes, at);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + at);
  switch (type) {
    case VALUE.int8: return String(view.getInt8(0));
    case VALUE.int16: return String(view.getInt16(0, true));
    case VALUE.int64: return view.getBigInt64(0, true).toString();
    case VALUE.uint64: return view.getBigUint64(0, true).toString();
    case VALUE.real32: return String(view.getFloat32(0, true));
    case VALUE.real64: return String(view.getFloat64(0, true));
    case VALUE.systemTime: return renderSystemTime(view);
    default: throw new EvtxDamage(`value type 0x${type.toString(16)} is not one Windows writes`);
  }
}

/** A 64-bit value as `0x` hex without padding, with BigInt only when the high half is used. */
function hex64(bytes: Uint8Array, at: number): string {
  const high = u32At(bytes, at + 4);
  const low = u32At(bytes, at);
  return high === 0 ? `0x${low.toString(16)}` : `0x${high.toString(16)}${low.toString(16).padStart(8, '0')}`;
}

/** Each byte as two upper-case hex digits. */
const HEX = Array.from({ length: 256 }, (_, n) => n.toString(16).toUpperCase().padStart(2, '0'));

/** {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}: the first three groups are little-endian. */
export function renderGuid(bytes: Uint8Array, at: number): string {
  const h = (k: number): string => HEX[bytes[at + k]!]!;
  return `{${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}}`;
}

/** 100-ns ticks since 1601 as `YYYY-MM-DDTHH:MM:SS.fffffffZ` (UTC, all seven digits). */
export function renderFileTime(ticks: bigint): string {
  const sinceUnix = ticks - FILETIME_UNIX_EPOCH;
  const seconds = sinceUnix >= 0n ? sinceUnix / 10_000_000n : (sinceUnix - 9_999_999n) / 10_000_000n;
  return renderSeconds(Number(seconds), Number(sinceUnix - seconds * 10_000_000n)) ?? `0x${ticks.toString(16)}`;
}

/**
 * A FILETIME read from its two 32-bit halves. Times before the year 3400 fit a double exactly when
 * split as high × 429·10^7 + (high × 4,967,296 + low); BigInt is needed only past that.
 */
function fileTimeAt(bytes: Uint8Array, at: number): string {
  const seconds = fileTimeSeconds(bytes, at);
  if (Number.isNaN(seconds)) return renderFileTime(u64At(bytes, at));
  return renderSeconds(seconds, fileTimeFraction(bytes, at))!; // always a valid date, before 3400
}

/** A FILETIME's whole seconds since 1970, read as fileTimeAt reads them; NaN from the year 3400 on (BigInt then). */
export function fileTimeSeconds(bytes: Uint8Array, at: number): number {
  const high = u32At(bytes, at + 4);
  if (high >= 2 ** 27) return NaN;
  const rest = high * 4_967_296 + u32At(bytes, at);
  return high * 429 + Math.floor(rest / 10_000_000) - FILETIME_UNIX_EPOCH_SECONDS;
}

/** A FILETIME's 100-ns ticks past its whole second (before the year 3400). */
export function fileTimeFraction(bytes: Uint8Array, at: number): number {
  return (u32At(bytes, at + 4) * 4_967_296 + u32At(bytes, at)) % 10_000_000;
}

const FILETIME_UNIX_EPOCH_SECONDS = 11_644_473_600;
/** The last second rendered, and its text: a log's times come in runs within the same second. */
let lastSecond = NaN;
let lastSecondText = '';

/** Seconds since 1970 and 100-ns ticks as text; undefined past the dates JavaScript has. */
function renderSeconds(seconds: number, fraction: number): string | undefined {
  const whole = secondsText(seconds);
  return whole === undefined ? undefined : `${whole}.${String(fraction).padStart(7, '0')}Z`;
}

/** Seconds since 1970 as `YYYY-MM-DDTHH:MM:SS` (UTC); undefined past the dates JavaScript has. */
export function secondsText(seconds: number): string | undefined {
  if (seconds !== lastSecond) {
    const date = new Date(seconds * 1000);
    if (Number.isNaN(date.getTime())) return undefined;
    lastSecondText = date.toISOString().slice(0, 19);
    lastSecond = seconds;
  }
  return lastSecondText;
}

function renderSystemTime(view: DataView): string {
  const [year, month, , day, hour, minute, second, ms] = Array.from({ length: 8 }, (_, k) => view.getUint16(2 * k, true));
  const two = (n: number | undefined): string => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.${String(ms).padStart(3, '0')}Z`;
}

/** S-1-<authority>-<sub-authorities…>; an authority of 2^32 or more is hex, as Windows writes it. */
export function renderSid(bytes: Uint8Array, at: number, size: number): string {
  if (size < 8) throw new EvtxDamage(`a SID of ${size} bytes`);
  const revision = bytes[at]!;
  const count = bytes[at + 1]!;
  if (8 + 4 * count > size) throw new EvtxDamage(`a SID with ${count} sub-authorities in ${size} bytes`);
  let authority = 0;
  for (let k = 2; k < 8; k++) authority = authority * 256 + bytes[at + k]!;
  const parts = [`S-${revision}-${authority >= 2 ** 32 ? `0x${authority.toString(16).toUpperCase()}` : authority}`];
  for (let k = 0; k < count; k++) parts.push(String(u32At(bytes, at + 8 + 4 * k)));
  return parts.join('-');
}

function hex(bytes: Uint8Array, start: number, size: number): string {
  let text = '';
  for (let k = start; k < start + size; k++) text += bytes[k]!.toString(16).padStart(2, '0');
  return text.toUpperCase();
}

function latin1(bytes: Uint8Array, start: number, size: number): string {
  let text = '';
  for (let k = start; k < start + size; k++) text += String.fromCharCode(bytes[k]!);
  return text;
}

function trimNuls(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Items each ended by a NUL: an empty item in the middle or at the end is kept. */
function splitNuls(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\0') ? text.slice(0, -1) : text).split('\0');
}
