import { TextDocument } from 'vscode-languageserver-textdocument';
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
}
