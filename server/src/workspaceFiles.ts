import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minimatch } from 'minimatch';
import { CompactTextDocument } from './core/text/compactTextDocument';
import { decodeBytes, decodePieces } from './core/parse/decodeBytes';
import type { Positions } from './core/parse/lineIndex';
import { parseEventPiecesInSteps } from './core/parse/parsePieces';
import { eventFacts } from './core/sessions/eventFacts';
import { EventDocument, parseEventDocumentInSteps } from './core/parse/eventDocument';
import { isEventXml, SNIFF_WINDOW } from './core/parse/sniff';
import { evtxDocumentUri } from './core/contract';
import { renderEvtxDocumentInSteps } from './core/evtx/evtxDocument';
import { isEvtx } from './core/evtx/evtxFile';
import { ITEMS_PER_STEP, Steps } from './core/steps';

/** Enough bytes to hold the sniff window in any encoding (UTF-16: two bytes a character). */
const SNIFF_BYTES = 4 * SNIFF_WINDOW;

/** Characters of events parsed between two chances for requests to run (a few ms of work). */
const WORKSPACE_STEP_CHARS = 1 << 16;

export interface IndexSettings {
  /** Which files of the workspace folders to read, as a glob relative to each folder. */
  include: string;
  exclude: string[];
  /** Larger files are skipped: VS Code will not open them either above ~50 MB. */
  maxFileSizeMB: number;
}

export const DEFAULT_INDEX_SETTINGS: IndexSettings = {
  include: '**/*.{xml,evtx}',
  exclude: ['**/node_modules/**', '**/.git/**'],
  maxFileSizeMB: 50,
};

export interface IndexedFile {
  doc: EventDocument;
  positions: Positions;
}

/**
 * Event XML files of the workspace folders, read from disk, so that sessions link across files
 * that were never opened. Reading yields between files, so requests are answered while a large
 * workspace is being read; `onChange` fires after each file that changes what is known.
 */
export class WorkspaceFiles {
  private readonly files = new Map<string, IndexedFile>();
  private folders: string[] = [];
  private settings = DEFAULT_INDEX_SETTINGS;
  private generation = 0;
  /** While a scan reads files: how many of how many are read. */
  private reading: { done: number; total: number } | undefined;
  private waiting: (() => void)[] = [];

  constructor(
    private readonly onChange: () => void,
    private readonly log: (message: string) => void,
    /** Told as a scan goes: files read of the total, and when it is over (undefined). */
    private readonly onProgress: (progress: { done: number; total: number } | undefined) => void = () => undefined,
    /** Called after each step of parsing a file, before requests run (see youngCollector.ts). */
    private readonly afterParseStep: () => void = () => undefined,
  ) {}

  /** How far the current scan is, or undefined when every file is read: until then, an absence is not known. */
  get progress(): { done: number; total: number } | undefined {
    return this.reading;
  }

  /** Resolves once no scan is reading. */
  whenRead(): Promise<void> {
    return this.reading === undefined ? Promise.resolve() : new Promise(resolve => this.waiting.push(resolve));
  }

  all(): ReadonlyMap<string, IndexedFile> {
    return this.files;
  }

  /**
   * A scan is coming (the client named folders, its settings are not here yet): until it is over,
   * nothing may be said to be absent. Told as reading 0 of 0 files, that is, still finding them.
   */
  expectScan(folderUris: readonly string[]): void {
    if (this.reading !== undefined || !folderUris.some(u => u.startsWith('file:'))) return;
    this.reading = { done: 0, total: 0 };
    this.onProgress(this.reading);
  }

  /** Reads every matching file of the folders again (on start, and when the settings change). */
  async scan(folderUris: readonly string[], settings: IndexSettings): Promise<void> {
    const generation = ++this.generation;
    this.folders = folderUris.filter(u => u.startsWith('file:')).map(u => fileURLToPath(u));
    this.settings = settings;
    this.files.clear();
    this.onChange();
    const started = Date.now();
    this.reading = { done: 0, total: 0 };
    this.onProgress(this.reading);
    const found: string[] = [];
    for (const folder of this.folders) {
      for await (const file of this.walk(folder, folder)) {
        if (generation !== this.generation) return; // a newer scan took over
        found.push(file);
      }
    }
    this.reading = { done: 0, total: found.length };
    let count = 0;
    for (const file of found) {
      if (generation !== this.generation) return;
      // Quietly: sessions are built once, when every file is read, not once per file.
      if (await this.read(file, generation, false)) count++;
      this.reading = { done: this.reading.done + 1, total: found.length };
      this.onProgress(this.reading);
    }
    if (generation !== this.generation) return;
    this.reading = undefined;
    this.onProgress(undefined);
    this.onChange();
    for (const resolve of this.waiting.splice(0)) resolve();
    this.log(`Indexed ${count} event file${count === 1 ? '' : 's'} in ${Date.now() - started} ms.`);
  }

  /** A file was created or changed on disk. */
  async changed(uri: string): Promise<void> {
    if (!uri.startsWith('file:')) return;
    const file = fileURLToPath(uri);
    if (!this.matches(file)) return;
    if (await this.read(file)) this.log(`Read ${file} again.`);
    else this.deleted(uri);
  }

  deleted(uri: string): void {
    // An .evtx is indexed under its document's URI.
    if (this.files.delete(uri) || (uri.startsWith('file:') && this.files.delete(evtxDocumentUri(uri)))) this.onChange();
  }

  /**
   * Reads one file; true if it is event XML within the size cap. A new file is parsed a step at a
   * time, letting waiting requests run between steps (a changed one too: evidence rarely changes).
   */
  private async read(file: string, generation = this.generation, announce = true): Promise<boolean> {
    let uri = pathToFileURL(file).toString();
    const letRequestsRun = (): Promise<void> => new Promise(resolve => setImmediate(resolve));
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > this.settings.maxFileSizeMB * 1024 * 1024) return false;
      const bytes = await fs.readFile(file);
      // Each step of parsing, and of reading what sessions need, pauses for waiting requests.
      const run = async <T>(steps: Generator<unknown, T, undefined>, afterStep = (): void => undefined): Promise<T | undefined> => {
        for (let step = steps.next(); ; step = steps.next()) {
          if (step.done === true) return step.value;
          afterStep();
          await letRequestsRun();
          if (generation !== this.generation) return undefined; // a newer scan took over
        }
      };
      let read: { doc: EventDocument; positions: Positions } | undefined;
      if (isEvtx(bytes)) {
        // A binary event log is indexed as the document the editor shows for it, under its URI.
        uri = evtxDocumentUri(uri);
        const text = (await run(renderEvtxDocumentInSteps(bytes, path.basename(file))))?.text;
        const doc = text === undefined ? undefined : await run(parseEventDocumentInSteps(text, WORKSPACE_STEP_CHARS), this.afterParseStep);
        if (text === undefined || doc === undefined) return false;
        read = { doc, positions: new CompactTextDocument(uri, 'xml', 0, text) };
      } else {
        // Not event XML is told from the first bytes, before decoding them all.
        if (!isEventXml(decodeBytes(bytes.subarray(0, SNIFF_BYTES)))) return false;
        // Decoded and parsed a piece at a time, never as one string: making one of a 45 MB export
        // would hold every request for a fifth of a second. Each piece is decoded, its lines
        // counted and its events found in one step, so pieces are a step's size.
        const parsed = await run(parseEventPiecesInSteps(decodePieces(bytes, WORKSPACE_STEP_CHARS), uri, WORKSPACE_STEP_CHARS), this.afterParseStep);
        if (parsed === undefined) return false;
        read = { doc: parsed.doc, positions: parsed.lines };
      }
      if ((await run(warmFacts(read.doc))) === undefined) return false;
      this.files.set(uri, read);
      if (announce) this.onChange();
      await letRequestsRun();
      return true;
    } catch (error) {
      this.log(`Could not read ${file}: ${(error as Error).message}`);
      return false;
    }
  }

  private matches(file: string): boolean {
    const folder = this.folders.find(f => file.startsWith(f + path.sep));
    if (folder === undefined) return false;
    const relative = path.relative(folder, file).split(path.sep).join('/');
    return minimatch(relative, this.settings.include, { dot: true, nocase: true })
      && !this.settings.exclude.some(pattern => minimatch(relative, pattern, { dot: true }));
  }

  private async *walk(folder: string, dir: string): AsyncGenerator<string> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const relative = `${path.relative(folder, full).split(path.sep).join('/')}/`;
        if (this.settings.exclude.some(pattern => minimatch(relative, pattern, { dot: true }) || minimatch(`${relative}x`, pattern, { dot: true }))) continue;
        yield* this.walk(folder, full);
      } else if (entry.isFile() && this.matches(full)) {
        yield full;
      }
    }
  }
}

/** Reads (and remembers) what correlation needs of each event, a step at a time. */
function* warmFacts(doc: EventDocument): Steps<true> {
  for (let k = 0; k < doc.events.length; k++) {
    eventFacts(doc.events[k]!.record);
    if ((k + 1) % ITEMS_PER_STEP === 0) yield;
  }
  return true;
}
