import { TextDocument } from 'vscode-languageserver-textdocument';
import { EventDocument } from './core/parse/eventDocument';
import { buildSessionIndex } from './core/sessions/buildSessionIndex';
import { SessionIndex } from './core/sessions/model';
import { DocumentModels } from './documentModels';
import { WorkspaceFiles } from './workspaceFiles';

/**
 * The session index over every event document the server knows: the open ones (their latest
 * text) and the workspace's files on disk. Rebuilt on the first request after anything changed.
 */
export class SessionModels {
  private index: SessionIndex | undefined;

  constructor(
    private readonly models: DocumentModels,
    private readonly workspace: WorkspaceFiles,
    private readonly openDocuments: () => readonly TextDocument[],
  ) {}

  /** Something changed: the next request rebuilds. */
  invalidate(): void {
    this.index = undefined;
  }

  get(): SessionIndex {
    if (this.index === undefined) this.index = buildSessionIndex(this.documents().entries());
    return this.index;
  }

  /** Line and character positions of any indexed document. */
  positionsOf(uri: string): TextDocument | undefined {
    return this.openDocuments().find(t => t.uri === uri) ?? this.workspace.all().get(uri)?.positions;
  }

  private documents(): Map<string, EventDocument> {
    const documents = new Map<string, EventDocument>();
    for (const [uri, file] of this.workspace.all()) documents.set(uri, file.doc);
    // An open document's text wins over the file on disk.
    for (const text of this.openDocuments()) {
      const doc = this.models.get(text);
      if (doc !== undefined) documents.set(text.uri, doc);
      else documents.delete(text.uri);
    }
    return documents;
  }
}
