import { TextDocument } from 'vscode-languageserver-textdocument';
import { learnSidNames, mergeSidNames, SidNames } from './core/features/learnedNames';
import { EventDocument } from './core/parse/eventDocument';
import { Problem } from './core/parse/model';
import { evaluatePolicy } from './core/policy/evaluatePolicy';
import { Policy } from './core/policy/policy';
import { buildSessionIndex } from './core/sessions/buildSessionIndex';
import { SessionIndex } from './core/sessions/model';
import { DocumentModels } from './documentModels';
import { WorkspaceFiles } from './workspaceFiles';

/**
 * What the server knows across every event document: the open ones (their latest text) and the
 * workspace's files on disk. The session index and the account names of SIDs are rebuilt on the
 * first request after anything changed.
 */
export class SessionModels {
  private index: SessionIndex | undefined;
  private names: SidNames | undefined;
  private findings: { policy: Policy; byUri: Map<string, Problem[]> } | undefined;
  private readonly namesByDocument = new WeakMap<EventDocument, SidNames>();

  constructor(
    private readonly models: DocumentModels,
    private readonly workspace: WorkspaceFiles,
    private readonly openDocuments: () => readonly TextDocument[],
  ) {}

  /** Something changed: the next request rebuilds. */
  invalidate(): void {
    this.index = undefined;
    this.names = undefined;
    this.findings = undefined;
  }

  /** Policy findings of every known document under `policy` (cross-file: sessions decide many). */
  policyFindings(policy: Policy, uri: string): Problem[] {
    if (this.findings?.policy !== policy) this.findings = { policy, byUri: evaluatePolicy(this.documents(), this.get(), policy) };
    return this.findings.byUri.get(uri) ?? [];
  }

  get(): SessionIndex {
    if (this.index === undefined) this.index = buildSessionIndex(this.documents().entries());
    return this.index;
  }

  /** Account names of every SID, learned from all known event documents. */
  sidNames(): SidNames {
    if (this.names === undefined) {
      const tables = [...this.documents().values()].map(doc => {
        let names = this.namesByDocument.get(doc);
        if (names === undefined) this.namesByDocument.set(doc, (names = learnSidNames(doc)));
        return names;
      });
      this.names = mergeSidNames(tables);
    }
    return this.names;
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
