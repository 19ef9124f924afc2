import { Connection, Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompactTextDocument } from './core/text/compactTextDocument';
import { TextEdit as OffsetEdit } from './core/parse/textEdit';

/**
 * The documents the editor has open, kept in sync from its incremental changes. Unlike the
 * library's TextDocuments, it also remembers what each change replaced (as offsets), so that the
 * parse of a new version can start from the parse of an older one and read only what changed.
 */
export class OpenDocuments {
  private readonly documents = new Map<string, CompactTextDocument>();
  /** Per document: each change since the last parse caught up, from the version it applied to. */
  private readonly log = new Map<string, { from: number; edits: OffsetEdit[] }[]>();

  constructor(
    /** A document was opened (`opened`) or changed. */
    private readonly onChange: (document: TextDocument, opened: boolean) => void,
    private readonly onClose: (uri: string) => void,
  ) {}

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return [...this.documents.values()];
  }

  /**
   * The edits that turn version `since` of the document into its current text, in order, or
   * undefined when they are not known (a version not logged, or a whole-text change since).
   */
  editsSince(uri: string, since: number): OffsetEdit[] | undefined {
    const steps = this.log.get(uri) ?? [];
    const first = steps.findIndex(step => step.from === since);
    return first < 0 ? undefined : steps.slice(first).flatMap(step => step.edits);
  }

  /** A parse has caught up with `version`: the edits before it need not be kept. */
  caughtUp(uri: string, version: number): void {
    const steps = this.log.get(uri);
    if (steps === undefined) return;
    const first = steps.findIndex(step => step.from === version);
    this.log.set(uri, first < 0 ? [] : steps.slice(first));
  }

  listen(connection: Connection): void {
    connection.onDidOpenTextDocument(({ textDocument: { uri, languageId, version, text } }) => {
      const document = new CompactTextDocument(uri, languageId, version, text);
      this.documents.set(uri, document);
      this.log.set(uri, []);
      this.onChange(document, true);
    });
    connection.onDidChangeTextDocument(({ textDocument: { uri, version }, contentChanges }) => {
      const document = this.documents.get(uri);
      if (document === undefined || version === null) return;
      const from = document.version;
      const edits: OffsetEdit[] = [];
      let known = true;
      for (const change of contentChanges) {
        const edit = 'range' in change ? offsetEdit(document, change.range, change.text) : undefined;
        if (edit === undefined) known = false;
        else edits.push(edit);
        document.update([change], version);
      }
      const steps = this.log.get(uri)!;
      if (known) steps.push({ from, edits });
      else steps.length = 0; // a whole-text change: the next parse starts afresh
      this.onChange(document, false);
    });
    connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
      this.documents.delete(uri);
      this.log.delete(uri);
      this.onClose(uri);
    });
  }
}

/** A ranged content change as an offset edit of the text before it (clamped as the document clamps). */
function offsetEdit(document: TextDocument, range: Range, text: string): OffsetEdit {
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  return { start: Math.min(start, end), end: Math.max(start, end), text };
}
