import { TextDocument } from 'vscode-languageserver-textdocument';
import { EventDocument, EventsEdit, parseEventDocument, reparseRegion } from './core/parse/eventDocument';
import { isEventXml } from './core/parse/sniff';
import { changedRegion, TextEdit } from './core/parse/textEdit';

interface Entry {
  version: number;
  doc: EventDocument | undefined;
}

/**
 * The parsed model of each open document, by (uri, version), like VS Code's languageModelCache.
 * A new version is parsed from the previous one: when the edits between them are known, only the
 * events around them are read again (the rest move in place, and listeners hear what changed);
 * otherwise unchanged events are found by comparing texts. Documents that are not event XML get
 * no model and cost one bounded sniff.
 */
export class DocumentModels {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: ((uri: string, edit: EventsEdit | undefined) => void)[] = [];

  constructor(
    /** The edits that made the current text from an older version, when known. */
    private readonly editsSince: (uri: string, version: number) => TextEdit[] | undefined = () => undefined,
    /** Told that the parse caught up with the document's current version. */
    private readonly caughtUp: (uri: string) => void = () => undefined,
  ) {}

  /** Told of every parse that changed the model: what an edit changed, or undefined when the document was parsed anew. */
  onParsed(listener: (uri: string, edit: EventsEdit | undefined) => void): void {
    this.listeners.push(listener);
  }

  get(text: TextDocument): EventDocument | undefined {
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
    this.caughtUp(text.uri);
    // A version whose model is the one before (no edits, or still not event XML) changes nothing.
    if (doc !== entry?.doc) for (const listener of this.listeners) listener(text.uri, edit);
    return doc;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
