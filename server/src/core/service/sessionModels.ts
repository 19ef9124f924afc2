import type { TextDocument } from 'vscode-languageserver-textdocument';
import { countNames, learnSidNames, learnSidNamesInSteps, mergeSidNames, SidNames } from '../features/learnedNames';
import { editChangesEvents, EventDocument, EventsEdit } from '../parse/eventDocument';
import { LocatedEvent, Problem } from '../parse/model';
import { evaluatePolicy, evaluatePolicyInSteps } from '../policy/evaluatePolicy';
import { patchFindings } from '../policy/patchFindings';
import { evaluateNameMismatches, evaluateNameMismatchesInSteps, patchNameMismatches } from '../policy/names/evaluateNameMismatches';
import { evaluateWindows, evaluateWindowsInSteps } from '../policy/windows/evaluateWindows';
import { patchWindows } from '../policy/windows/patchWindows';
import { Policy } from '../policy/policy';
import { buildSessionIndex, buildSessionIndexInSteps } from '../sessions/buildSessionIndex';
import { findHops, Hops } from '../sessions/hops';
import { SessionIndex } from '../sessions/model';
import { patchSessionIndex } from '../sessions/patchSessionIndex';
import { recorrelateComputers } from '../sessions/recorrelate';
import { DocumentModels } from './documentModels';
import { Steps } from '../steps';
import type { Positions } from '../parse/lineIndex';

/** An event document known besides the open ones (a workspace file read from disk), with its line positions. */
export interface KnownFile {
  doc: EventDocument;
  positions: Positions;
}

/**
 * What the server knows across every event document: the open ones (their latest text) and the
 * workspace's files on disk. The session index, the account names of SIDs and the policy findings
 * are kept across edits: an edit that cannot change correlation patches them (its events are
 * re-checked, the rest move); anything else makes the next request build them again.
 */
export class SessionModels {
  private index: SessionIndex | undefined;
  private names: SidNames | undefined;
  private findings: { policy: Policy; byUri: Map<string, Problem[]> } | undefined;
  /** The window rules' findings: moved after an edit that changed no attempt, else made again (each event's attempt is read once). */
  private windows: { policy: Policy; byUri: Map<string, Problem[]> } | undefined;
  /** account-name-mismatch findings: made again when an edit changes names or a logon (they need every event's names). */
  private mismatches: { policy: Policy; byUri: Map<string, Problem[]> } | undefined;
  /** The hops between hosts (4648 -> 4624), for the index they were found in; found again after an edit of either. */
  private hopCache: { index: SessionIndex; hops: Hops } | undefined;
  /** Each document's names, so a rebuild learns only from documents it has not seen (workspace files stay the same). */
  private readonly namesByDocument = new WeakMap<EventDocument, SidNames>();

  constructor(
    private readonly models: DocumentModels,
    /** Event documents known besides the open ones, by uri. */
    private readonly knownFiles: () => ReadonlyMap<string, KnownFile>,
    private readonly openDocuments: () => readonly TextDocument[],
  ) {
    models.onParsed((uri, edit) => this.parsed(uri, edit));
  }

  /** Counts every change to what is known (an edit parsed, a rebuild asked): what is derived from it is kept while it stays the same. */
  get generation(): number {
    this.documents(); // parses a pending edit first, which may count
    return this.changes;
  }
  private changes = 0;

  /** Something changed that no edit describes (a file, a document opened or closed): the next request rebuilds. */
  invalidate(): void {
    this.changes++;
    this.index = undefined;
    this.names = undefined;
    this.findings = undefined;
    this.windows = undefined;
    this.mismatches = undefined;
    this.hopCache = undefined;
  }

  /** Policy findings of every known document under `policy` (cross-file: sessions decide many). */
  policyFindings(policy: Policy, uri: string): Problem[] {
    const documents = this.documents();
    const index = this.get(documents);
    if (this.findings?.policy !== policy) this.findings = { policy, byUri: evaluatePolicy(documents, index, policy) };
    if (this.windows?.policy !== policy) this.windows = { policy, byUri: evaluateWindows(documents, policy) };
    if (this.mismatches?.policy !== policy) this.mismatches = { policy, byUri: evaluateNameMismatches(documents, this.sidNames(), policy) };
    const windows = this.windows.byUri.get(uri) ?? [];
    const mismatches = this.mismatches.byUri.get(uri) ?? [];
    const findings = this.findings.byUri.get(uri) ?? [];
    return windows.length === 0 && mismatches.length === 0 ? findings : [...findings, ...windows, ...mismatches].sort((a, b) => a.start - b.start);
  }

  get(documents = this.documents()): SessionIndex {
    if (this.index === undefined) this.index = buildSessionIndex(documents.entries());
    return this.index;
  }

  /** The session index if it is built; undefined rather than build it. */
  current(): SessionIndex | undefined {
    return this.index;
  }

  /**
   * Builds what policyFindings needs (the index, SID names, every finding) a step at a time, so a
   * big workspace's requests are answered meanwhile. Each part is kept as soon as it is made; if
   * what is known changes between steps, the rest is left for the next request to build.
   */
  *prepareInSteps(policy: Policy): Steps<void> {
    const documents = this.documents(); // parses any pending edit first, which may count
    const start = this.changes;
    const changed = (): boolean => this.changes !== start;
    if (this.index === undefined) {
      const index = yield* buildSessionIndexInSteps(documents.entries());
      if (changed()) return;
      this.index ??= index;
    }
    if (this.names === undefined) {
      for (const doc of documents.values()) {
        if (this.namesByDocument.has(doc)) continue;
        const names = yield* learnSidNamesInSteps(doc);
        if (changed()) return;
        this.namesByDocument.set(doc, names);
      }
    }
    const names = this.sidNames(); // merged from each document's, now all learned
    if (this.findings?.policy !== policy) {
      const byUri = yield* evaluatePolicyInSteps(documents, this.index, policy);
      if (changed()) return;
      if (this.findings?.policy !== policy) this.findings = { policy, byUri };
    }
    if (this.windows?.policy !== policy) {
      const byUri = yield* evaluateWindowsInSteps(documents, policy);
      if (changed()) return;
      if (this.windows?.policy !== policy) this.windows = { policy, byUri };
    }
    if (this.mismatches?.policy !== policy) {
      const byUri = yield* evaluateNameMismatchesInSteps(documents, names, policy);
      if (changed()) return;
      if (this.mismatches?.policy !== policy) this.mismatches = { policy, byUri };
    }
  }

  /** Every hop between hosts in view: a 4648 on one and the logon it caused on the other. */
  hops(): Hops {
    const documents = this.documents();
    const index = this.get(documents);
    if (this.hopCache?.index !== index) this.hopCache = { index, hops: findHops(documents, index) };
    return this.hopCache.hops;
  }

  /** Files, events and sessions known, when the index is built; undefined before (counting would build it). */
  summary(): { files: number; events: number; sessions: number } | undefined {
    const documents = this.documents(); // may parse an edit, and so patch or drop the index
    if (this.index === undefined) return undefined;
    let events = 0;
    for (const doc of documents.values()) events += doc.events.length;
    return { files: documents.size, events, sessions: this.index.sessions.length };
  }

  /** Every known document, open ones as last edited (parsed now). */
  known(): ReadonlyMap<string, EventDocument> {
    return this.documents();
  }

  /** Account names of every SID, learned from all known event documents. */
  sidNames(): SidNames {
    const documents = this.documents();
    if (this.names === undefined) {
      this.names = mergeSidNames([...documents.values()].map(doc => {
        let names = this.namesByDocument.get(doc);
        if (names === undefined) this.namesByDocument.set(doc, (names = learnSidNames(doc)));
        return names;
      }));
    }
    return this.names;
  }

  /** Line and character positions of any indexed document. */
  positionsOf(uri: string): Positions | undefined {
    return this.openDocuments().find(t => t.uri === uri) ?? this.knownFiles().get(uri)?.positions;
  }

  /**
   * An open document was parsed again. An edit that keeps correlation patches the index; one that
   * may change it (a Logon ID, a Computer, a TimeCreated) correlates only the computers it touched
   * again, and only the events whose sessions changed are checked again. Anything else (events
   * added or removed) rebuilds on the next request.
   */
  private parsed(uri: string, edit: EventsEdit | undefined): void {
    this.changes++;
    if (edit === undefined || !edit.inPlace) return this.invalidate();
    if (this.hopCache !== undefined && editChangesEvents(edit, HOP_ENDS)) this.hopCache = undefined;
    if (this.windows !== undefined && !patchWindows(this.windows.byUri, uri, edit)) this.windows = undefined;
    let recheck: Map<string, LocatedEvent[]> | undefined;
    if (this.index !== undefined && !patchSessionIndex(this.index, uri, edit)) {
      recheck = recorrelateComputers(this.index, this.documents(false), uri, edit);
      if (recheck === undefined) return this.invalidate();
    }
    if (this.names !== undefined) {
      edit.added.forEach((event, k) => {
        const before = edit.oldRecords[k]!;
        if (event.record === before) return;
        countNames(this.names!, before, -1);
        countNames(this.names!, event.record, 1);
      });
    }
    if (this.mismatches !== undefined && !patchNameMismatches(this.mismatches.byUri, uri, edit)) this.mismatches = undefined;
    if (this.findings !== undefined && (this.index === undefined || !patchFindings(this.findings.byUri, uri, edit, this.index, this.findings.policy, this.documents(false), recheck))) this.findings = undefined;
  }

  /**
   * Every known document. An open document's text wins over the file on disk. Parsing it here
   * brings everything up to date, but for a first parse still going on a step at a time: its
   * document joins when done. With `parse` false, open documents are taken as last parsed (as the
   * index knows them), and nothing is parsed.
   */
  private documents(parse = true): Map<string, EventDocument> {
    const documents = new Map<string, EventDocument>();
    for (const [uri, file] of this.knownFiles()) documents.set(uri, file.doc);
    for (const text of this.openDocuments()) {
      const doc = this.models.isParsing(text.uri) ? undefined : parse ? this.models.get(text) : this.models.current(text.uri);
      if (doc !== undefined) documents.set(text.uri, doc);
      else documents.delete(text.uri);
    }
    return documents;
  }
}

/** The events a hop joins: an edit of one may make or break a hop. */
const HOP_ENDS = new Set(['4624', '4648']);
