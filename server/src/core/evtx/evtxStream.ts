import { RenderOptions } from './binxml';
import { CHUNK_SIZE, EvtxEvent, EvtxProblem, FILE_HEADER_SIZE, readChunk, readFileHeader } from './evtxFile';

/**
 * Reads an .evtx file from its bytes as they arrive, a chunk at a time: holds at most one 64 KiB
 * chunk, so a file of any size is read in bounded memory. Push bytes in any pieces; each full
 * chunk gives its events and problems at once; `end` reads what is left (a truncated chunk).
 */
export class EvtxStream {
  private buffer = new Uint8Array(FILE_HEADER_SIZE);
  private filled = 0;
  private headerRead = false;
  private chunk = 0;

  constructor(private readonly options: RenderOptions = {}) {}

  push(bytes: Uint8Array): { events: EvtxEvent[]; problems: EvtxProblem[] } {
    const events: EvtxEvent[] = [];
    const problems: EvtxProblem[] = [];
    let at = 0;
    while (at < bytes.length) {
      const take = Math.min(bytes.length - at, this.buffer.length - this.filled);
      this.buffer.set(bytes.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.buffer.length) this.flush(events, problems);
    }
    return { events, problems };
  }

  end(): { events: EvtxEvent[]; problems: EvtxProblem[] } {
    const events: EvtxEvent[] = [];
    const problems: EvtxProblem[] = [];
    if (!this.headerRead) {
      problems.push(...readFileHeader(this.buffer.subarray(0, this.filled)).problems);
      if (this.filled < 128) problems.push({ severity: 'error', message: `the file is ${this.filled} bytes long: too short for an event log` });
    } else if (this.filled > 0) {
      this.read(this.buffer.subarray(0, this.filled), events, problems);
    }
    this.filled = 0;
    return { events, problems };
  }

  private flush(events: EvtxEvent[], problems: EvtxProblem[]): void {
    if (!this.headerRead) {
      problems.push(...readFileHeader(this.buffer).problems);
      this.headerRead = true;
      this.buffer = new Uint8Array(CHUNK_SIZE);
    } else {
      this.read(this.buffer, events, problems);
    }
    this.filled = 0;
  }

  private read(bytes: Uint8Array, events: EvtxEvent[], problems: EvtxProblem[]): void {
    const found = readChunk(bytes, this.chunk, this.options);
    for (const event of found.events) event.offset += FILE_HEADER_SIZE + this.chunk * CHUNK_SIZE;
    events.push(...found.events);
    problems.push(...found.problems);
    this.chunk++;
  }
}
