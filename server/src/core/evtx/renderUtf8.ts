import { BinXmlChunk, BinXmlNode, TemplateValue } from './binxml';
import { EvtxDamage } from './bytes';
import { Step, Writer } from './render';
import { VALUE } from './values';
import { MAX_ASCII_VALUE, writeAsciiValue } from './asciiValues';

/**
 * Event XML written straight as UTF-8 bytes, for `logon-lens xml`: the same programs as
 * render.ts, but markup is copied as bytes encoded once per op, and strings from the log are
 * transcoded from their UTF-16 into the output with their escapes, never made into JavaScript
 * strings. The bytes are the UTF-8 of what renderBinXml writes (a lone surrogate becomes U+FFFD,
 * as the string path's decoder makes it); the tests hold them equal on every sample.
 */

/** A growing buffer of output, handed out a batch at a time. */
export class Utf8Sink {
  bytes = new Uint8Array(1 << 20);
  length = 0;

  /** Room for `count` more bytes. */
  reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + count) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** A copy of what was written since the last take; the sink starts again, in the same buffer. */
  take(): Uint8Array {
    const taken = this.bytes.slice(0, this.length);
    this.length = 0;
    return taken;
  }
}

/**
 * Writes one record's XML into `sink`, followed by a line break. On damage, or when the record
 * holds no event (only white space), what it wrote is taken back: true when it wrote an event.
 */
export function renderRecordUtf8(chunk: BinXmlChunk, nodes: readonly BinXmlNode[], sink: Utf8Sink): boolean {
  const start = sink.length;
  const writer = new Utf8Writer(chunk, sink);
  try {
    writer.top(nodes);
  } catch (error) {
    sink.length = start;
    throw error;
  }
  if (isBlank(sink.bytes, start, sink.length)) {
    sink.length = start;
    return false;
  }
  sink.reserve(1);
  sink.bytes[sink.length++] = 0x0a;
  return true;
}

const encoder = new TextEncoder();

/** Markup as UTF-8: most is ASCII, copied a character at a time (cheaper than an encoder call). */
function encodeMarkup(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code >= 0x80) return encoder.encode(text);
    bytes[k] = code;
  }
  return bytes;
}

class Utf8Writer extends Writer {
  /** Characters written (UTF-16 code units, as the string path counts them), for the size bound. */
  private chars = 0;

  constructor(chunk: BinXmlChunk, private readonly sink: Utf8Sink) {
    super(chunk, {});
  }

  protected override markup(step: Step): void {
    // Each op's markup is encoded the first time it is written.
    const bytes = (step.encoded ??= encodeMarkup(step.text));
    this.count(step.text.length);
    const { sink } = this;
    sink.reserve(bytes.length);
    sink.bytes.set(bytes, sink.length);
    sink.length += bytes.length;
  }

  protected override write(text: string): void {
    const { sink } = this;
    sink.reserve(text.length * 3);
    this.count(text.length);
    sink.length = writeUtf16(text, sink.bytes, sink.length);
  }

  protected override value(value: TemplateValue, attribute: boolean): void {
    if (value.type !== VALUE.string || value.item !== undefined) {
      // Numbers, GUIDs, SIDs and times: ASCII with nothing to escape, written without a string.
      if (value.item === undefined) {
        const { sink } = this;
        sink.reserve(MAX_ASCII_VALUE);
        const end = writeAsciiValue(this.chunk.bytes, value.start, value.size, value.type, sink.bytes, sink.length);
        if (end !== undefined) {
          this.count(end - sink.length);
          sink.length = end;
          return;
        }
      }
      super.value(value, attribute);
      return;
    }
    // A string: transcoded from the log's UTF-16, escaped on the way, trailing NULs dropped.
    const source = this.chunk.bytes;
    if (value.start + value.size > source.length) throw new EvtxDamage(`a value of ${value.size} bytes runs past its data`);
    let units = value.size >> 1;
    while (units > 0 && source[value.start + 2 * units - 2] === 0 && source[value.start + 2 * units - 1] === 0) units--;
    const { sink } = this;
    sink.reserve(units * 6);
    let out = sink.length;
    const bytes = sink.bytes;
    let chars = 0;
    for (let k = 0; k < units; k++) {
      const at = value.start + 2 * k;
      const code = source[at]! | (source[at + 1]! << 8);
      if (code < 0x80) {
        const entity = code <= 0x3e ? (attribute ? ATTRIBUTE_ESCAPES : TEXT_ESCAPES)[code] : undefined;
        if (entity === undefined) {
          bytes[out++] = code;
          chars++;
        } else {
          for (let e = 0; e < entity.length; e++) bytes[out++] = entity.charCodeAt(e);
          chars += entity.length;
        }
        continue;
      }
      chars++;
      const next = k + 1 < units ? source[at + 2]! | (source[at + 3]! << 8) : -1;
      const pair = isPair(code, next);
      out = writeWide(bytes, out, code, pair ? next : -1);
      if (pair) {
        chars++;
        k++;
      }
    }
    this.count(chars);
    sink.length = out;
  }

  private count(chars: number): void {
    this.chars += chars;
    this.checkSize(this.chars);
  }
}

/** The escape of each character up to '>', in text and in attributes (undefined: none). */
const TEXT_ESCAPES: (string | undefined)[] = Array.from({ length: 0x3f }, (_, code) => ({ 0x26: '&amp;', 0x3c: '&lt;', 0x3e: '&gt;' } as Record<number, string>)[code]);
const ATTRIBUTE_ESCAPES: (string | undefined)[] = TEXT_ESCAPES.map((escape, code) => (code === 0x27 ? '&apos;' : code === 0x22 ? '&quot;' : escape));

/** Whether a high surrogate and the unit after it make a pair. */
function isPair(code: number, next: number): boolean {
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

/**
 * The UTF-8 of a code unit from U+0080 on, at `out` (with `low`, the second half of its surrogate
 * pair, else -1); a lone surrogate becomes U+FFFD, as the decoder makes it. Returns where it ends.
 */
function writeWide(bytes: Uint8Array, out: number, code: number, low: number): number {
  if (low >= 0) {
    const point = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
    bytes[out] = 0xf0 | (point >> 18);
    bytes[out + 1] = 0x80 | ((point >> 12) & 0x3f);
    bytes[out + 2] = 0x80 | ((point >> 6) & 0x3f);
    bytes[out + 3] = 0x80 | (point & 0x3f);
    return out + 4;
  }
  if (code < 0x800) {
    bytes[out] = 0xc0 | (code >> 6);
    bytes[out + 1] = 0x80 | (code & 0x3f);
    return out + 2;
  }
  if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
  bytes[out] = 0xe0 | (code >> 12);
  bytes[out + 1] = 0x80 | ((code >> 6) & 0x3f);
  bytes[out + 2] = 0x80 | (code & 0x3f);
  return out + 3;
}

/** A JavaScript string as UTF-8 into `bytes` at `out` (room for 3 bytes a unit is reserved). */
function writeUtf16(text: string, bytes: Uint8Array, out: number): number {
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code < 0x80) {
      bytes[out++] = code;
      continue;
    }
    const next = k + 1 < text.length ? text.charCodeAt(k + 1) : -1;
    const pair = isPair(code, next);
    out = writeWide(bytes, out, code, pair ? next : -1);
    if (pair) k++;
  }
  return out;
}

/** Whether bytes[from, to) are only white space, as String.trim sees it: a record that holds no event. */
function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (bytes[k] === 0x3c) return false; // markup: not blank
  return new TextDecoder().decode(bytes.subarray(from, to)).trim() === '';
}
