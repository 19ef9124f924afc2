import type { TextDocument } from 'vscode-languageserver-textdocument';
import { EventDocument, EventsEdit, parseEventDocument, parseEventDocumentInSteps, ParseProgress, reparseRegion } from '../parse/eventDocument';
import { isEventXml } from '../parse/sniff';
import { changedRegion, TextEdit } from '../parse/textEdit';
import { finish } from '../steps';

interface Entry {
  version: number;
  doc: EventDocument | undefined;
}

/** A first parse going on a step at a time: the version it reads, and how to finish it now. */
interface SteppedParse {
  version: number;
  steps: Generator<ParseProgress, EventDocument, undefined>;
  done: Promise<void>;
  progress: ParseProgress;
}

/** Texts larger than this are parsed a step at a time when first opened, so other requests are answered meanwhile. */
export const STEPPED_PARSE_CHARS = 1 << 20;

/**
 * The parsed model of each open document, by (uri, version), like VS Code's languageModelCache.
 * A new version is parsed from the previous one: when the edits between them are known, only the
 * events around them are read again (the rest move in place, and listeners hear what changed);
 * otherwise unchanged events are found by comparing texts. Documents that are not event XML get
 * no model and cost one bounded sniff. A big document's first parse goes a step at a time.
 */
export class DocumentModels {
  private readonly entries = new Map<string, Entry>();
  private readonly stepped = new Map<string, SteppedParse>();
  private readonly listeners: ((uri: string, edit: EventsEdit | undefined) => void)[] = [];
  private readonly progressListeners: ((uri: string, progress: ParseProgress) => void)[] = [];

  constructor(
    /** The edits that made the current text from an older version, when known. */
    private readonly editsSince: (uri: string, version: number) => TextEdit[] | undefined = () => undefined,
    /** Told that the parse caught up with this version: edits before it need not be kept. */
    private readonly caughtUp: (uri: string, version: number) => void = () => undefined,
    /** Runs a callback once waiting requests have run (the server: setImmediate). */
    private readonly later: (callback: () => void) => void = callback => void Promise.resolve().then(callback),
  ) {}

  /** Told of every parse that changed the model: what an edit changed, or undefined when the document was parsed anew. */
  onParsed(listener: (uri: string, edit: EventsEdit | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** The model of this version, parsing it now if need be (finishing a stepped parse at once). */
  get(text: TextDocument): EventDocument | undefined {
    const entry = this.entries.get(text.uri);
    if (entry !== undefined && entry.version === text.version) return entry.doc;
    const stepped = this.stepped.get(text.uri);
    if (stepped !== undefined) this.finishStepped(text.uri, stepped, finish(stepped.steps));
    return this.parse(text);
  }

  /** Told after each step of a stepped parse: events read of the document's. */
  onProgress(listener: (uri: string, progress: ParseProgress) => void): void {
    this.progressListeners.push(listener);
  }

  /** How far each stepped parse going on is. */
  parsing(): [uri: string, progress: ParseProgress][] {
    return [...this.stepped].map(([uri, parse]) => [uri, parse.progress]);
  }

  /** The model last parsed, whatever the document's version now: no parse. */
  current(uri: string): EventDocument | undefined {
    return this.entries.get(uri)?.doc;
  }

  /** True while the document's first parse goes on a step at a time. */
  isParsing(uri: string): boolean {
    return this.stepped.has(uri);
  }

  /**
   * Starts the first parse of a big document a step at a time, and resolves when it is done; a
   * small document, or one already parsed, is parsed now. Requests for other documents run
   * between steps.
   */
  parseSoon(text: TextDocument): Promise<void> {
    const running = this.stepped.get(text.uri);
    if (running !== undefined) return running.done;
    if (this.entries.has(text.uri) || text.getText().length < STEPPED_PARSE_CHARS) {
      this.get(text);
      return Promise.resolve();
    }
    const content = text.getText();
    if (!isEventXml(content)) {
      this.get(text);
      return Promise.resolve();
    }
    const steps = parseEventDocumentInSteps(content);
    let resolve!: () => void;
    const parse: SteppedParse = { version: text.version, steps, done: new Promise(r => (resolve = r)), progress: { done: 0, total: 0 } };
    this.stepped.set(text.uri, parse);
    const step = (): void => {
      if (this.stepped.get(text.uri) !== parse) return resolve(); // finished at once, or forgotten
      const next = steps.next();
      if (next.done === true) {
        this.finishStepped(text.uri, parse, next.value);
        resolve();
      } else {
        parse.progress = next.value;
        for (const listener of this.progressListeners) listener(text.uri, next.value);
        this.later(step);
      }
    };
    this.later(step);
    return parse.done;
  }

  /** Resolves once no stepped parse of the document is going on. */
  whenParsed(uri: string): Promise<void> {
    return this.stepped.get(uri)?.done ?? Promise.resolve();
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.stepped.delete(uri);
  }

  private finishStepped(uri: string, parse: SteppedParse, doc: EventDocument): void {
    this.stepped.delete(uri);
    this.entries.set(uri, { version: parse.version, doc });
    this.caughtUp(uri, parse.version);
    for (const listener of this.listeners) listener(uri, undefined);
  }

  private parse(text: TextDocument): EventDocument | undefined {
    const entry = this.entries.get(text.uri);
    if (entry !== undefined && entry.version === text.version) return entry.doc;
    const content = text.getText();
    let doc: EventDocument | undefined;
    let edit: EventsEdit | undefined;
    if (isEventXml(content)) {
      const edits = entry?.doc === undefined ? undefined : this.editsSince(text.uri, entry.version);
      const region = edits === undefined ? undefined : changedRegion(edits);
      const regional = region === undefined || entry?.doc === undefined ? undefined : reparseRegion(entry.doc, content, region);
      if (regional !== undefined) ({ doc, edit } = regional);
      else if (edits !== undefined && edits.length === 0 && entry?.doc !== undefined && entry.doc.text === content) doc = entry.doc;
      else doc = parseEventDocument(content, entry?.doc);
    }
    this.entries.set(text.uri, { version: text.version, doc });
    this.caughtUp(text.uri, text.version);
    // A version whose model is the one before (no edits, or still not event XML) changes nothing.
    if (doc !== entry?.doc) for (const listener of this.listeners) listener(text.uri, edit);
    return doc;
  }
}
