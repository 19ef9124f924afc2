import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ComputerWalk, CorrelationListener, SessionRow, walkOrder, WalkSource } from '../core/sessions/correlate';
import { ComputerNumbers } from '../core/sessions/computerNumbers';
import { EventFacts } from '../core/sessions/eventFacts';
import { OccurrenceRole } from '../core/sessions/model';
import { eventKind, grantsPrivilegesByCode, roleCode, roleOfCode } from '../core/sessions/timeline';
import { removeOnExit } from './exit';
import { terminalText } from './formats/safeText';
import { UsageError } from './usageError';

/** Rows gathered in memory before they are sorted and written out as a run. */
export const RUN_BYTES = 4 * 2 ** 20;
/** What a run reads or writes of its file at a time. */
const RUN_IO_BYTES = 64 * 2 ** 10;
/** Runs merged at once; more are first merged into fewer, longer runs. */
const FAN_IN = 64;

// A row: the computer's number, time, record id and reading order (the walk's order), the event
// id, its EVENT_KIND bits, and its Logon ID values, each with its role code.
const COMPUTER = 0;
const TIME = 4;
const RECORD_ID = 12;
const ADDED = 20;
const EVENT_ID = 28;
const KIND = 32;
const COUNT = 33;
const HEADER = 37;
const OCCURRENCE = 9;

/**
 * What correlation needs of every event the command line reads, kept as rows of bytes rather
 * than a timeline in memory, and walked back in walk order (computer, then `walkOrder`): rows
 * gather in a buffer of RUN_BYTES, each full buffer is sorted and written to a temporary file
 * (a run), and the runs are merged as they are walked. So memory stays the same however many
 * events there are; the disk holds about 50 bytes an event until the walk is over. Events may come
 * in any order, from any number of files.
 */
export class WalkRows {
  private rows: RowBytes;
  private used = 0;
  /** Per row in the buffer: where it starts. */
  private starts: number[] = [];
  private readonly runs: string[] = [];
  private folder: { path: string; remove: () => void } | undefined;
  readonly computerNumbers = new ComputerNumbers();
  /** Computer names by number (see ComputerNumbers). */
  readonly computers = this.computerNumbers.names;

  /** `runBytes`: the rows held in memory at once (tests make it small, to see runs merged). */
  constructor(private readonly runBytes = RUN_BYTES) {
    this.rows = rowBytes(Buffer.allocUnsafe(runBytes));
  }

  /** Adds an event with a readable time; `added` is its number in reading order. */
  add(facts: EventFacts, time: number, added: number): void {
    const size = HEADER + OCCURRENCE * facts.logonIds.length;
    if (this.used + size > this.rows.bytes.length) this.spill(size);
    const { rows } = this;
    const at = this.used;
    const { view, bytes } = rows;
    view.setUint32(at + COMPUTER, this.computerNumbers.numberOf(facts.computer), true);
    view.setFloat64(at + TIME, time, true);
    view.setFloat64(at + RECORD_ID, facts.recordId, true);
    view.setFloat64(at + ADDED, added, true);
    view.setInt32(at + EVENT_ID, facts.eventId, true);
    bytes[at + KIND] = eventKind(facts);
    view.setUint32(at + COUNT, facts.logonIds.length, true);
    let o = at + HEADER;
    for (const entry of facts.logonIds) {
      view.setFloat64(o, entry.logonId, true);
      bytes[o + 8] = roleCode(facts, entry);
      o += OCCURRENCE;
    }
    this.starts.push(at);
    this.used += size;
  }

  /**
   * Walks every computer's rows in walk order, as `correlate` walks a timeline: the events' numbers
   * the listener is told are the `added` numbers. Removes the runs once done (or failed).
   */
  walk(listener: CorrelationListener): SessionRow[] {
    const sessions: SessionRow[] = [];
    const cursor = new RowCursor();
    let walk: ComputerWalk | undefined;
    let computer = -1;
    const place = (rows: RowBytes, at: number): void => {
      const c = rows.view.getUint32(at + COMPUTER, true);
      if (c !== computer) {
        walk?.end();
        computer = c;
        walk = new ComputerWalk(cursor, c, sessions, listener);
      }
      cursor.rows = rows;
      cursor.at = at;
      walk!.place(rows.view.getFloat64(at + ADDED, true));
    };
    try {
      if (this.runs.length === 0) {
        for (const at of this.sorted()) place(this.rows, at);
      } else {
        if (this.used > 0) this.spill(0);
        this.release();
        while (this.runs.length > FAN_IN) this.mergeRuns(this.runs.splice(0, FAN_IN));
        merge(this.runs, place);
      }
      walk?.end();
      return sessions;
    } finally {
      this.release();
      this.folder?.remove();
      this.folder = undefined;
      this.runs.length = 0;
    }
  }

  /** Lets the buffers go: the rows are all written, or walked. */
  private release(): void {
    this.rows = rowBytes(Buffer.alloc(0));
    this.used = 0;
    this.starts = [];
  }

  /** The buffer's rows, in walk order: where each starts. */
  private sorted(): number[] {
    const { rows, starts } = this;
    const before = (a: number, b: number): number => compareRows(rows, a, rows, b);
    // A log is mostly written in time order: a sorted buffer is left as it is.
    for (let k = 1; k < starts.length; k++) if (before(starts[k - 1]!, starts[k]!) > 0) return starts.sort(before);
    return starts;
  }

  /** Writes the buffer's rows, sorted, as a run; makes room for a row of `size` bytes. */
  private spill(size: number): void {
    const { rows } = this;
    this.writeRun(run => {
      for (const at of this.sorted()) run.append(rows.bytes, at, at + rowSize(rows, at));
    });
    this.used = 0;
    this.starts = [];
    // A row larger than a run (an event with a great many Logon IDs) gets a buffer of its own.
    const { length } = rows.bytes;
    if (size > length) this.rows = rowBytes(Buffer.allocUnsafe(size));
    else if (length > this.runBytes && size <= this.runBytes) this.rows = rowBytes(Buffer.allocUnsafe(this.runBytes));
  }

  /** Merges `runs` into one, in their place. */
  private mergeRuns(runs: string[]): void {
    this.writeRun(run => merge(runs, (rows, at) => run.append(rows.bytes, at, at + rowSize(rows, at))));
    for (const run of runs) fs.rmSync(run, { force: true });
  }

  /** A new run, its rows given in walk order by `fill`. */
  private writeRun(fill: (run: RunWriter) => void): void {
    const run = this.newRun();
    try {
      fill(run);
      run.flush();
    } finally {
      run.close();
    }
    this.runs.push(run.path);
  }

  private newRun(): RunWriter {
    try {
      if (this.folder === undefined) {
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-'));
        this.folder = { path: folder, remove: removeOnExit(folder) }; // removed on every exit, Ctrl-C included
      }
      const file = path.join(this.folder.path, `run-${this.runs.length}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
      return new RunWriter(file, fs.openSync(file, 'wx'));
    } catch (error) {
      throw tempFailure(error);
    }
  }
}

/** A run being written: rows appended in walk order, written out RUN_IO_BYTES at a time. */
class RunWriter {
  private readonly buffer = Buffer.allocUnsafe(RUN_IO_BYTES);
  private held = 0;

  constructor(readonly path: string, private readonly fd: number) {}

  append(bytes: Buffer, start: number, end: number): void {
    if (this.held + (end - start) > this.buffer.length) this.flush();
    if (end - start > this.buffer.length) this.write(bytes.subarray(start, end));
    else this.held += bytes.copy(this.buffer, this.held, start, end);
  }

  flush(): void {
    this.write(this.buffer.subarray(0, this.held));
    this.held = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private write(bytes: Buffer): void {
    try {
      for (let written = 0; written < bytes.length; ) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
    } catch (error) {
      throw tempFailure(error, this.path);
    }
  }
}

/** Rows' bytes, and a view to read their numbers through (faster than Buffer's own reads). */
interface RowBytes {
  bytes: Buffer;
  view: DataView;
}

function rowBytes(bytes: Buffer): RowBytes {
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

/** The walk order of two rows: by computer, then `walkOrder`. Negative when a comes first. */
function compareRows(a: RowBytes, atA: number, b: RowBytes, atB: number): number {
  return a.view.getUint32(atA + COMPUTER, true) - b.view.getUint32(atB + COMPUTER, true) || walkOrder(a.view.getFloat64(atA + TIME, true), a.view.getFloat64(atA + RECORD_ID, true), a.view.getFloat64(atA + ADDED, true), b.view.getFloat64(atB + TIME, true), b.view.getFloat64(atB + RECORD_ID, true), b.view.getFloat64(atB + ADDED, true));
}

function rowSize(rows: RowBytes, at: number): number {
  return HEADER + OCCURRENCE * rows.view.getUint32(at + COUNT, true);
}

/** Paths and the system's message are written out safely, as input names are (TMPDIR may hold anything). */
function tempFailure(error: unknown, file?: string): Error {
  const reason = terminalText((error as Error).message);
  const where = file === undefined ? '' : ` (${terminalText(file)})`;
  return new UsageError(`cannot write the temporary file that sorts events for correlation${where}: ${reason}. Free space in ${terminalText(os.tmpdir())}, or point TMPDIR at another folder.`);
}

/** The rows of sorted runs, merged in walk order, given to `take` one by one (valid only during the call). */
function merge(runs: readonly string[], take: (rows: RowBytes, at: number) => void): void {
  const readers = runs.map(run => new RunReader(run));
  try {
    const heap = new ReaderHeap(readers.filter(reader => reader.next()));
    while (heap.size > 0) {
      const top = heap.top();
      take(top.rows, top.at);
      if (top.next()) heap.siftDown();
      else heap.pop();
    }
  } finally {
    for (const reader of readers) reader.close();
  }
}

/** A run read back a piece at a time: `rows` and `at` point at its current row. */
class RunReader {
  rows = rowBytes(Buffer.allocUnsafe(RUN_IO_BYTES));
  at = 0;
  private size = 0;
  /** Bytes of `rows` that hold data read. */
  private end = 0;
  private readonly fd: number;
  private done = false;

  constructor(private readonly file: string) {
    this.fd = fs.openSync(file, 'r');
  }

  /** Moves to the next row; false at the end of the run. */
  next(): boolean {
    this.at += this.size;
    this.size = 0;
    if (!this.ensure(HEADER)) return false;
    const size = rowSize(this.rows, this.at);
    if (!this.ensure(size)) throw new Error(`a temporary run ends inside a row: ${this.file}`);
    this.size = size;
    return true;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** Makes `n` bytes from `at` readable; false when the run ends before any. */
  private ensure(n: number): boolean {
    if (this.end - this.at >= n) return true;
    // Keep what is left of the current row at the start, in a buffer big enough for it.
    const left = this.rows.bytes.subarray(this.at, this.end);
    if (n > this.rows.bytes.length) this.rows = rowBytes(Buffer.allocUnsafe(n));
    const { bytes } = this.rows;
    left.copy(bytes, 0);
    this.end = left.length;
    this.at = 0;
    while (!this.done && this.end < n) {
      const read = fs.readSync(this.fd, bytes, this.end, bytes.length - this.end, null);
      if (read === 0) this.done = true;
      this.end += read;
    }
    if (this.end === 0) return false;
    if (this.end < n) throw new Error(`a temporary run ends inside a row: ${this.file}`);
    return true;
  }
}

/** The run readers by their current rows, the first in walk order on top. */
class ReaderHeap {
  constructor(private readonly items: RunReader[]) {
    for (let k = (items.length >> 1) - 1; k >= 0; k--) this.siftDown(k);
  }

  get size(): number {
    return this.items.length;
  }

  top(): RunReader {
    return this.items[0]!;
  }

  pop(): void {
    const last = this.items.pop()!;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.siftDown();
    }
  }

  siftDown(k = 0): void {
    const { items } = this;
    for (;;) {
      const left = 2 * k + 1;
      if (left >= items.length) return;
      const right = left + 1;
      const child = right < items.length && before(items[right]!, items[left]!) ? right : left;
      if (!before(items[child]!, items[k]!)) return;
      [items[child], items[k]] = [items[k]!, items[child]!];
      k = child;
    }
  }
}

function before(a: RunReader, b: RunReader): boolean {
  return compareRows(a.rows, a.at, b.rows, b.at) < 0;
}

/** The row being placed, as the walk reads it: every event number names it, occurrences count from 0. */
class RowCursor implements WalkSource {
  rows = rowBytes(Buffer.alloc(0));
  at = 0;

  timeOf(): number {
    return this.rows.view.getFloat64(this.at + TIME, true);
  }

  recordIdOf(): number {
    return this.rows.view.getFloat64(this.at + RECORD_ID, true);
  }

  eventIdOf(): number {
    return this.rows.view.getInt32(this.at + EVENT_ID, true);
  }

  kindOf(): number {
    return this.rows.bytes[this.at + KIND]!;
  }

  occurrencesOf(): [first: number, end: number] {
    return [0, this.rows.view.getUint32(this.at + COUNT, true)];
  }

  logonIdOf(o: number): number {
    return this.rows.view.getFloat64(this.at + HEADER + OCCURRENCE * o, true);
  }

  roleOf(o: number): OccurrenceRole {
    return roleOfCode(this.rows.bytes[this.at + HEADER + OCCURRENCE * o + 8]!);
  }

  grantsPrivileges(o: number): boolean {
    return grantsPrivilegesByCode(this.rows.bytes[this.at + HEADER + OCCURRENCE * o + 8]!);
  }
}
