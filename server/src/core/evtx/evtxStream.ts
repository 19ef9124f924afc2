import { asEvents, CHUNK_SIZE, EvtxEvent, EvtxProblem, EvtxRecord, FILE_HEADER_SIZE, ReadContent, readChunkWith, readFileHeader, renderContent } from './evtxFile';
import { RenderOptions } from './render';

/**
 * Reads an .evtx file from its bytes as they arrive, a chunk at a time: holds at most one 64 KiB
 * chunk, so a file of any size is read in bounded memory. Push bytes in any pieces; each full
 * chunk gives its records and problems at once; `end` reads what is left (a truncated chunk).
 * Each record is read by `read`: rendered as text, or read into an event record.
 */
export class EvtxRecordStream<T> {
  private buffer = new Uint8Array(FILE_HEADER_SIZE);
  private filled = 0;
  private headerRead = false;
  private chunk = 0;

  constructor(private readonly read: ReadContent<T>) {}

  push(bytes: Uint8Array): { records: EvtxRecord<T>[]; problems: EvtxProblem[] } {
    const records: EvtxRecord<T>[] = [];
    const problems: EvtxProblem[] = [];
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(bytes.length - at, this.buffer.length - this.filled);
      this.buffer.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.buffer.length) this.flush(records, problems);
    }
    return { records, problems };
  }

  end(): { records: EvtxRecord<T>[]; problems: EvtxProblem[] } {
    const records: EvtxRecord<T>[] = [];
    const problems: EvtxProblem[] = [];
    if (!this.headerRead) {
      problems.push(...readFileHeader(this.buffer.subarray(0, this.filled)).problems);
      if (this.filled < 128) problems.push({ severity: 'error', message: `the file is ${this.filled} bytes long: too short for an event log` });
    } else if (this.filled > 0) {
      this.readChunk(this.buffer.subarray(0, this.filled), records, problems);
    }
    this.filled = 0;
    return { records, problems };
  }

  private flush(records: EvtxRecord<T>[], problems: EvtxProblem[]): void {
    if (!this.headerRead) {
      problems.push(...readFileHeader(this.buffer).problems);
      this.headerRead = true;
      this.buffer = new Uint8Array(CHUNK_SIZE);
    } else {
      this.readChunk(this.buffer, records, problems);
    }
    this.filled = 0;
  }

  private readChunk(bytes: Uint8Array, records: EvtxRecord<T>[], problems: EvtxProblem[]): void {
    const found = readChunkWith(bytes, this.chunk, this.read);
    for (const record of found.records) {
      record.offset += FILE_HEADER_SIZE + this.chunk * CHUNK_SIZE;
      records.push(record);
    }
    problems.push(...found.problems);
    this.chunk++;
  }
}

/** An .evtx's records as event XML, as it is read (see EvtxRecordStream). */
export class EvtxStream {
  private readonly records: EvtxRecordStream<string>;

  constructor(options: RenderOptions = {}) {
    this.records = new EvtxRecordStream(renderContent(options));
  }

  push(bytes: Uint8Array): { events: EvtxEvent[]; problems: EvtxProblem[] } {
    return asEvents(this.records.push(bytes));
  }

  end(): { events: EvtxEvent[]; problems: EvtxProblem[] } {
    return asEvents(this.records.end());
  }
}
