import { TextDocument } from 'vscode-languageserver-textdocument';
import { learnSidNames, mergeSidNames, SidNames } from './core/features/learnedNames';
import { EventDocument, parseEventDocument } from './core/parse/eventDocument';
import { isEventXml } from './core/parse/sniff';

interface Entry {
  version: number;
  doc: EventDocument | undefined;
}

/**
 * The parsed model of each open document, by (uri, version), like VS Code's languageModelCache.
 * A new version is parsed against the previous one, so only the events an edit touched are read
 * again. Documents that are not event XML get no model and cost one bounded sniff.
 */
export class DocumentModels {
  private readonly entries = new Map<string, Entry>();
  private readonly names = new WeakMap<EventDocument, SidNames>();
  private merged: { key: string; names: SidNames } | undefined;

  get(text: TextDocument): EventDocument | undefined {
    const entry = this.entries.get(text.uri);
    if (entry !== undefined && entry.version === text.version) return entry.doc;
    const content = text.getText();
    const doc = isEventXml(content) ? parseEventDocument(content, entry?.doc) : undefined;
    this.entries.set(text.uri, { version: text.version, doc });
    return doc;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** Account names of every SID, learned from all open event documents. */
  sidNames(open: readonly TextDocument[]): SidNames {
    const key = open.map(t => `${t.uri}@${t.version}`).join('|');
    if (this.merged?.key === key) return this.merged.names;
    const tables: SidNames[] = [];
    for (const text of open) {
      const doc = this.get(text);
      if (doc === undefined) continue;
      let names = this.names.get(doc);
      if (names === undefined) this.names.set(doc, (names = learnSidNames(doc)));
      tables.push(names);
    }
    this.merged = { key, names: mergeSidNames(tables) };
    return this.merged.names;
  }
}
