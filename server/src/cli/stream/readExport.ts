import * as fs from 'node:fs';
import { pipeline } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { EvtxProblem, EvtxRecord, isEvtx } from '../../core/evtx/evtxFile';
import { EvtxStream } from '../../core/evtx/evtxStream';
import { detectEncoding } from '../../core/parse/decodeBytes';
import { terminalText } from '../formats/safeText';
import { UsageError } from '../usageError';

/** Told of what an .evtx input holds besides its text: where each event's text begins, and damage. */
export interface EvtxListener {
  /** The input is an .evtx (told before its first event). */
  start?(): void;
  event?(textOffset: number, record: Omit<EvtxRecord<unknown>, 'content'>): void;
  problem?(problem: EvtxProblem): void;
}

/**
 * How much is read at a time. Small enough that the strings made from each piece stay in V8's young
 * generation (below its 128 KB large-object size), where garbage is cheap to collect; bigger pieces
 * made the heap swell with dead text between major collections.
 */
const READ_SIZE = 48 * 1024;
/** An .evtx is read a chunk at a time (bigger pieces, tried at 1 MiB, were slower and held more memory). */
export const EVTX_READ_SIZE = 64 * 1024;

/**
 * Real exports compress 35–50-fold (the samples: 37–50). Past this ratio a gzip is far more
 * likely a bomb (a few MB that expand to many GB and cost minutes of CPU) than evidence, and is
 * refused once it has expanded past {@link BOMB_FLOOR}. A genuine one can be gunzipped first.
 */
export const MAX_GZIP_RATIO = 150;
const BOMB_FLOOR = 64 * 1024 * 1024;

/**
 * The text of an export file, piece by piece: gunzipped when its content is gzip (whatever its
 * name), decoded as UTF-8 or UTF-16 LE/BE with or without a BOM, the BOM dropped. An .evtx file
 * (told by its signature, whatever its name) is read a chunk at a time and its records given as
 * event XML, one event a line, as wevtutil writes them. `onBytes` is told how many bytes of the
 * file (compressed, if it is) have been read so far. `blocking`: as readBytes.
 */
export async function* readExport(file: string, onBytes: (bytesRead: number) => void = () => undefined, evtx: EvtxListener = {}, blocking = false): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let log: EvtxStream | undefined;
  let textOffset = 0;
  /** An .evtx's records as text, each event on its own line (a piece each: they stay small). */
  const rendered = ({ events, problems }: ReturnType<EvtxStream['push']>): string[] => {
    for (const problem of problems) evtx.problem?.(problem);
    return events.map(event => {
      evtx.event?.(textOffset, event);
      const text = `${event.xml}\n`;
      textOffset += text.length;
      return text;
    });
  };
  let head = Buffer.alloc(0);
  for await (const chunk of readBytes(file, onBytes, READ_SIZE, blocking)) {
    if (log !== undefined) {
      yield* rendered(log.push(chunk));
      continue;
    }
    if (decoder === undefined) {
      // The encoding shows in the first four bytes, an event log in the first eight; wait for them.
      head = Buffer.concat([head, chunk]);
      if (head.length < 8) continue;
      if (isEvtx(head)) {
        evtx.start?.();
        log = new EvtxStream();
        yield* rendered(log.push(head));
        continue;
      }
      const { label, bomLength } = detectEncoding(head);
      decoder = new TextDecoder(label, { ignoreBOM: true });
      yield decoder.decode(head.subarray(bomLength), { stream: true });
      continue;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  if (log !== undefined) {
    yield* rendered(log.end());
    return;
  }
  if (decoder === undefined) {
    const { label, bomLength } = detectEncoding(head);
    decoder = new TextDecoder(label, { ignoreBOM: true });
    yield decoder.decode(head.subarray(bomLength), { stream: true });
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * The bytes of a file, in pieces of about `readSize`: gunzipped when its content is gzip (whatever
 * its name), a gzip bomb refused. `onBytes` is told how many bytes of the file have been read so far.
 * With `blocking`, a plain file is read with blocking reads (see readBlocking).
 */
export async function* readBytes(file: string, onBytes: (bytesRead: number) => void = () => undefined, readSize = READ_SIZE, blocking = false): AsyncGenerator<Buffer> {
  const gzipped = await startsWithGzip(file);
  if (!gzipped && blocking) {
    yield* readBlocking(file, onBytes, readSize);
    return;
  }
  const raw = fs.createReadStream(file, { highWaterMark: readSize });
  // pipeline passes a read error on to the gunzip stream, and so to the loop below.
  const bytes: AsyncIterable<Buffer> = gzipped ? pipeline(raw, createGunzip({ chunkSize: readSize }), () => undefined) : raw;
  let expanded = 0;
  try {
    for await (const chunk of bytes) {
      onBytes(raw.bytesRead);
      expanded += chunk.length;
      if (gzipped && expanded > BOMB_FLOOR && expanded > MAX_GZIP_RATIO * raw.bytesRead) {
        throw Object.assign(new Error('gzip bomb'), { code: 'GZIP_RATIO' });
      }
      yield chunk;
    }
  } finally {
    raw.destroy();
  }
}

/**
 * A plain file read with blocking reads, for a reader that only computes or writes a file between
 * them (`check`, `sessions`, `xml -o`): each read is served at once from the page cache, where a
 * stream leaves the thread idle until the thread pool's read comes back (a tenth of a check's
 * time). The event loop still turns every 16 pieces, for progress and Ctrl-C. (`xml` writing to a
 * stream keeps a read stream: blocking reads would only wait on its writes.)
 */
async function* readBlocking(file: string, onBytes: (bytesRead: number) => void, readSize: number): AsyncGenerator<Buffer> {
  const handle = fs.openSync(file, 'r');
  let total = 0;
  try {
    for (let k = 1; ; k++) {
      const buffer = Buffer.allocUnsafe(readSize);
      const n = fs.readSync(handle, buffer, 0, readSize, null);
      if (n === 0) return;
      total += n;
      onBytes(total);
      yield n < readSize ? buffer.subarray(0, n) : buffer;
      if (k % 16 === 0) await new Promise(resolve => setImmediate(resolve));
    }
  } finally {
    fs.closeSync(handle);
  }
}

async function startsWithGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * A failure while reading `name`: a read error (it has a code) is the input's fault, and becomes
 * a UsageError (exit 2) that says what to do; anything else is a bug, thrown as it is.
 */
export function readFailure(name: string, error: unknown): never {
  const failure = error as Error & { code?: string };
  if (failure.code === undefined) throw error;
  throw new UsageError(`cannot read '${terminalText(name)}': ${describeReadError(failure)}`);
}

/** What went wrong reading an export, in words that say what to do. */
export function describeReadError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'Z_BUF_ERROR':
      return 'the gzip data ends early: the file was cut short. Copy or export it again.';
    case 'Z_DATA_ERROR':
      return 'the gzip data is damaged. Copy or export it again, or give the uncompressed .xml.';
    case 'ENOENT':
      return 'the file is gone (it was removed while being read).';
    case 'EACCES':
      return 'permission denied. Check the file\'s permissions.';
    case 'GZIP_RATIO':
      return `it expands more than ${MAX_GZIP_RATIO}-fold, which real exports never do (they compress 35–50-fold): it looks like a gzip bomb, and was not read further. If it is genuine, gunzip it and give the .xml.`;
    case 'EISDIR':
      return 'it is a folder, not a file.';
    default:
      return error.message;
  }
}
