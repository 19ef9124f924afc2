import { BinXmlChunk, parseBinXml } from './binxml';
import { renderBinXml, RenderOptions } from './render';
import { EvtxDamage, u32At, u64NumberAt } from './bytes';
import { crc32 } from './crc32';
import { Problem } from '../parse/model';

/** A Windows XML Event Log (.evtx): a 4 KiB file header, then 64 KiB chunks of records. */
export const FILE_MAGIC = 'ElfFile\0';
export const CHUNK_MAGIC = 'ElfChnk\0';
export const CHUNK_SIZE = 65536;
export const FILE_HEADER_SIZE = 4096;
const CHUNK_HEADER_SIZE = 512;
const RECORD_SIGNATURE = 0x00002a2a;

/** Something wrong with the file, a chunk or a record: the rest is still read. */
export interface EvtxProblem {
  severity: 'error' | 'warning' | 'information';
  /** The chunk, counted from 0, when the problem is in one. */
  chunk?: number;
  /** The record's EventRecordID, when the problem is in one. */
  record?: number;
  message: string;
}

/** Damage as a finding (`evtx-damaged`), placed at [start, end) of the text that shows it. */
export function damageProblem(problem: EvtxProblem, start = 0, end = start): Problem {
  return { start, end, code: 'evtx-damaged', severity: problem.severity, message: problem.message };
}

/** One record, and what was read of it. */
export interface EvtxRecord<T> {
  recordId: number;
  chunk: number;
  /** Where the record is: its offset in the chunk (in the file, from EvtxStream) and size in bytes. */
  offset: number;
  size: number;
  content: T;
}

/** One record, rendered as event XML. */
export interface EvtxEvent extends Omit<EvtxRecord<string>, 'content'> {
  xml: string;
}

/** Reads a record's binary XML, [start, end) of its chunk; undefined when it holds no event. Damage throws. */
export type ReadContent<T> = (chunk: BinXmlChunk, start: number, end: number) => T | undefined;

/** Reads records as event XML text. */
export function renderContent(options: RenderOptions = {}): ReadContent<string> {
  return (chunk, start, end) => {
    const xml = renderBinXml(chunk, parseBinXml(chunk, start, end), options);
    return xml.trim() === '' ? undefined : xml;
  };
}

export function isEvtx(head: Uint8Array): boolean {
  return startsWith(head, FILE_MAGIC);
}

/** Whether the bytes begin with an eight-byte signature. */
function startsWith(bytes: Uint8Array, magic: string): boolean {
  return bytes.length >= 8 && String.fromCharCode(...bytes.subarray(0, 8)) === magic;
}

/** What the file header says, and what is wrong with it. Chunks always begin at FILE_HEADER_SIZE. */
export interface FileHeader {
  chunkCount: number;
  dirty: boolean;
  full: boolean;
  problems: EvtxProblem[];
}

export function readFileHeader(bytes: Uint8Array): FileHeader {
  const problems: EvtxProblem[] = [];
  if (bytes.length < 128 || !isEvtx(bytes)) {
    return { chunkCount: 0, dirty: false, full: false, problems: [{ severity: 'error', message: 'the file header is missing or damaged (no "ElfFile" signature); chunks are read where they usually are' }] };
  }
  const stored = u32At(bytes, 124);
  const computed = crc32(bytes, [[0, 120]]);
  if (stored !== computed) problems.push({ severity: 'warning', message: `the file header's checksum does not match (stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)}); it may have been altered` });
  // Chunks begin at 4 KiB in every log Windows writes: a header that says otherwise is damaged.
  const blockSize = bytes[40]! | (bytes[41]! << 8);
  if (blockSize !== FILE_HEADER_SIZE) problems.push({ severity: 'warning', message: `the file header says its chunks begin at ${blockSize}, not 4096; they are read at 4096` });
  const flags = u32At(bytes, 120);
  const header: FileHeader = {
    chunkCount: bytes[42]! | (bytes[43]! << 8),
    dirty: (flags & 1) !== 0,
    full: (flags & 2) !== 0,
    problems,
  };
  if (header.dirty) problems.push({ severity: 'information', message: 'the log was not closed cleanly (its dirty flag is set): chunks past the header\'s count are read too' });
  return header;
}

/** The records of one 64 KiB chunk, rendered, and what is wrong with it (see readChunkWith). */
export function readChunk(bytes: Uint8Array, index: number, options: RenderOptions = {}): { events: EvtxEvent[]; problems: EvtxProblem[] } {
  return asEvents(readChunkWith(bytes, index, renderContent(options)));
}

/** Records read as text, as events with their XML. */
export function asEvents({ records, problems }: { records: EvtxRecord<string>[]; problems: EvtxProblem[] }): { events: EvtxEvent[]; problems: EvtxProblem[] } {
  return { events: records.map(({ content, ...place }) => ({ ...place, xml: content })), problems };
}

/**
 * The records of one 64 KiB chunk, each read by `read`, and what is wrong with the chunk. A chunk
 * of zeros (not yet used) has neither. A bad checksum is reported and the records are read anyway;
 * a damaged record is reported by its number and skipped, and reading goes on at the next record
 * signature.
 */
export function readChunkWith<T>(bytes: Uint8Array, index: number, read: ReadContent<T>): { records: EvtxRecord<T>[]; problems: EvtxProblem[] } {
  const events: EvtxRecord<T>[] = [];
  const problems: EvtxProblem[] = [];
  const problem = (severity: EvtxProblem['severity'], message: string, record?: number): void => void problems.push({ severity, chunk: index, record, message });
  if (bytes.length < CHUNK_HEADER_SIZE || allZero(bytes, 0, Math.min(bytes.length, CHUNK_HEADER_SIZE))) {
    if (bytes.length < CHUNK_HEADER_SIZE && !allZero(bytes, 0, bytes.length)) problem('error', `the file ends inside chunk ${index} (${bytes.length} of ${CHUNK_SIZE} bytes)`);
    return { records: events, problems };
  }
  if (!startsWith(bytes, CHUNK_MAGIC)) {
    // Its records may still be whole: read them if one begins where the first should.
    const readable = bytes.length >= CHUNK_HEADER_SIZE + 28 && u32At(bytes, CHUNK_HEADER_SIZE) === RECORD_SIGNATURE;
    problem('error', `chunk ${index} has no "ElfChnk" signature; ${readable ? 'its records are read as they are' : 'its records are skipped'}`);
    if (!readable) return { records: events, problems };
  }
  const end = Math.min(bytes.length, CHUNK_SIZE);
  if (bytes.length < CHUNK_SIZE) problem('error', `the file ends inside chunk ${index} (${bytes.length} of ${CHUNK_SIZE} bytes); the records it holds are read`);
  const storedHeader = u32At(bytes, 124);
  if (storedHeader !== crc32(bytes, [[0, 120], [128, CHUNK_HEADER_SIZE]])) {
    problem('warning', storedHeader === 0 ? `chunk ${index} has no header checksum` : `chunk ${index}'s header checksum does not match; it may have been altered`);
  }
  const freeSpace = u32At(bytes, 48);
  const recordsEnd = freeSpace >= CHUNK_HEADER_SIZE && freeSpace <= end ? freeSpace : end;
  const storedRecords = u32At(bytes, 52);
  if (storedRecords !== crc32(bytes, [[CHUNK_HEADER_SIZE, recordsEnd]])) {
    problem('warning', storedRecords === 0 ? `chunk ${index} has no checksum of its records` : `chunk ${index}'s records checksum does not match; a record may have been altered`);
  }

  const chunk = new BinXmlChunk(bytes.length === CHUNK_SIZE ? bytes : bytes.subarray(0, end));
  let at = CHUNK_HEADER_SIZE;
  while (at + 28 <= recordsEnd) {
    if (u32At(bytes, at) !== RECORD_SIGNATURE) {
      if (allZero(bytes, at, Math.min(recordsEnd, at + 64))) break; // the unused rest of the chunk
      const next = nextSignature(bytes, at + 1, recordsEnd);
      problem('error', `chunk ${index}: no record where one should begin (offset ${at}); ${next < 0 ? 'the rest of the chunk is skipped' : `reading goes on at offset ${next}`}`);
      if (next < 0) break;
      at = next;
      continue;
    }
    const size = u32At(bytes, at + 4);
    const recordId = u64NumberAt(bytes, at + 8);
    if (size < 28 || at + size > end) {
      const next = nextSignature(bytes, at + 4, recordsEnd);
      problem('error', `record ${recordId} in chunk ${index}: its size (${size} bytes) is damaged; ${next < 0 ? 'the rest of the chunk is skipped' : 'reading goes on at the next record'}`, recordId);
      if (next < 0) break;
      at = next;
      continue;
    }
    // The size is repeated at the record's end; a mismatch is reported, and the record read anyway.
    if (u32At(bytes, at + size - 4) !== size) problem('warning', `record ${recordId} in chunk ${index}: the copy of its size at its end does not match; it may be damaged`, recordId);
    try {
      const content = read(chunk, at + 24, at + size - 4);
      if (content === undefined) problem('warning', `record ${recordId} in chunk ${index} holds no event`, recordId);
      else events.push({ recordId, chunk: index, offset: at, size, content });
    } catch (error) {
      // Damage is reported by the reads themselves; anything else bad bytes caused is damage too.
      const why = error instanceof EvtxDamage ? error.message : `it cannot be read (${(error as Error).message})`;
      problem('error', `record ${recordId} in chunk ${index} is damaged: ${why}`, recordId);
    }
    at += size;
  }
  return { records: events, problems };
}

function allZero(bytes: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (bytes[k] !== 0) return false;
  return true;
}

/** The offset of the next record signature at or after `from`, or -1. */
function nextSignature(bytes: Uint8Array, from: number, end: number): number {
  for (let k = from; k + 28 <= end; k++) {
    if (bytes[k] === 0x2a && bytes[k + 1] === 0x2a && bytes[k + 2] === 0 && bytes[k + 3] === 0) return k;
  }
  return -1;
}
