import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeLens, Diagnostic, DiagnosticSeverity, DocumentHighlight, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, MarkupContent, MarkupKind, Position, Range,
  SymbolInformation,
} from 'vscode-languageserver-types';
import { sessionCodeLenses } from '../features/codeLens';
import { doHover } from '../features/hover';
import { InlayHintOptions, inlayHints } from '../features/inlayHints';
import { groupRepeated } from '../features/groupRepeated';
import { documentSymbols, OutlineGrouping } from '../features/documentSymbols';
import { evtxFileUri, Overview, SessionEvents, SessionFilter, SessionTreeNode } from '../contract';
import { filteredSessions, sessionTreeChildren, sessionTreePath } from '../features/sessionTree';
import { sessionEvents, sessionOfEventAt } from '../features/sessionEvents';
import { countSessionProblems, SessionProblemCounts } from '../features/sessionProblems';
import { buildOverview } from '../features/overview';
import { SESSION_CSV_HEADER, sessionCsvLine, sessionRow } from '../sessions/sessionRow';
import { eventsNaming } from '../features/sessionSummary';
import { foldingRanges } from '../features/foldingRanges';
import { workspaceSymbols } from '../features/workspaceSymbols';
import { hopDefinition, hopMarkdown, hopReferences, hopsAt } from '../features/hopNavigation';
import { Hops } from '../sessions/hops';
import { SessionIndex } from '../sessions/model';
import { findDefinition, findHighlights, findReferences } from '../features/sessionNavigation';
import { toDiagnostic } from '../features/toDiagnostic';
import { documentFindings } from '../findings';
import { eventAt, EventDocument, ParseProgress } from '../parse/eventDocument';
import { computerName, Problem } from '../parse/model';
import type { Positions } from '../parse/lineIndex';
import { describeOpenSessions, ledToMessage, openSessionsAt } from '../policy/openSessions';
import { eventFacts } from '../sessions/eventFacts';
import { EventRef, Session } from '../sessions/model';
import { TextEdit } from '../parse/textEdit';
import { levelProblems } from '../policy/evaluatePolicy';
import { Policy } from '../policy/policy';
import { DocumentModels } from './documentModels';
import { KnownFile, SessionModels } from './sessionModels';

/** What the language service needs from its face: documents, files, settings and a clock. */
export interface LogonLensHost {
  /** The open documents, with the text the editor has now. */
  openDocuments(): readonly TextDocument[];
  /** The edits that made a document's current text from an older version, when known. */
  editsSince(uri: string, version: number): TextEdit[] | undefined;
  /** A parse caught up with this version: older edits need not be kept. */
  caughtUp(uri: string, version: number): void;
  /** Event files known besides the open documents (the workspace's, read from disk), by uri. */
  knownFiles(): ReadonlyMap<string, KnownFile>;
  /** While known files are still being read: how far. Until then an absence is not known. */
  reading(): { done: number; total: number } | undefined;
  /** Runs a callback once waiting requests have run. */
  later(callback: () => void): void;
  /** Told after each step of linking a big workspace's sessions, before requests run (the server collects garbage then). */
  afterLinkingStep?(): void;
  policy(): Policy;
  inlayHintOptions(): InlayHintOptions;
  /** Repeated findings (one rule, account and computer in a document) shown once; every one when false. */
  groupRepeated?(): boolean;
  /** How the outline groups events (none when not given). */
  outlineGroupBy?(): OutlineGrouping;
  /** A diagnostic code's documentation page. */
  docsUri(code: string): string;
  formatLocalTime(ms: number): string;
  /** Told after each step of a big document's first parse. */
  parseProgress?(uri: string, progress: ParseProgress): void;
  /** Problems a document's text does not show itself (an .evtx's damage), with offsets in it. */
  notes?(uri: string): readonly Problem[];
}

/** What is known, for a status line: counted only once sessions are built. */
export interface LensSummary {
  files: number;
  events: number;
  sessions: number;
}

const LOG_CLEARED = 'log-cleared';
/** What a hover knows of hops before sessions are built. */
const NO_HOPS: Hops = { byExplicit: new Map(), byLogon: new Map() };
const EXPLICIT_CREDENTIALS = 'explicit-credentials';

/** More than this many diagnostics in one file helps nobody; the rest are summarised. */
export const MAX_DIAGNOSTICS = 5000;

/**
 * The language service: every answer Logon Lens gives about event documents, over a pure
 * workspace that owns the parse, session and findings caches. Each feature takes a document and
 * a position or range, as vscode-json-languageservice's do; the server only wires the protocol
 * to it, and tests call it directly.
 */
export interface LogonLens {
  /** A document was opened: parse it, a big one a step at a time. Resolves when it is parsed. */
  opened(uri: string): Promise<void>;
  /** Resolves once the document's first parse is done (at once for most). */
  whenParsed(uri: string): Promise<void>;
  /** Something changed that no edit describes (a file on disk, a document opened or closed). */
  changed(): void;
  /**
   * Builds the sessions and findings of every known document a step at a time (after a big
   * workspace is read), answering requests between steps. Resolves when done, or when a change
   * leaves the rest to be built again.
   */
  prepareSessions(): Promise<void>;
  /** Resolves once no stepped build of the sessions is going on (at once when none is). */
  whenSessionsPrepared(): Promise<void>;
  /** Resolves once the session index is built, or no stepped build is going on (its findings may follow). */
  whenSessionsIndexed(): Promise<void>;
  /** True while a stepped build of the sessions goes on. */
  preparingSessions(): boolean;
  closed(uri: string): void;
  /** While event files (on disk, or big ones just opened) are still being read: how far. */
  reading(): { done: number; total: number } | undefined;
  /** The big documents being parsed a step at a time, and how far each is. */
  parsing(): [uri: string, progress: ParseProgress][];
  /** Files, events and sessions known, once sessions are built (undefined before: counting would build them). */
  summary(): LensSummary | undefined;

  hover(uri: string, position: Position): Hover | null;
  definition(uri: string, position: Position): Location | null;
  references(uri: string, position: Position, includeDeclaration: boolean): Location[];
  highlights(uri: string, position: Position): DocumentHighlight[];
  codeLenses(uri: string): CodeLens[];
  inlayHints(uri: string, range: Range): InlayHint[];
  /** The events of the session of the event at a position (its Logon ID under the cursor first), labelled, in time order. */
  sessionEvents(uri: string, position: Position): SessionEvents | null;
  /** The Logon Sessions view's nodes under `parent` (computers when undefined). */
  sessionTree(parent: string | undefined, filter?: SessionFilter): SessionTreeNode[];
  /** The view's nodes from the top down to the session of the event at a position; null when none, or the filter hides it. */
  sessionTreePath(uri: string, position: Position, filter?: SessionFilter): SessionTreeNode[] | null;
  /** The sessions the view shows under `filter`, as CSV (the columns of `logon-lens sessions --format csv`), in time order. */
  sessionsCsv(filter?: SessionFilter): string;
  /** What the timeline and graph draw. */
  overview(): Overview;
  /** The outline: one symbol per event, its fields as children. */
  documentSymbols(uri: string): DocumentSymbol[];
  /** Each event, and its sections, fold. */
  foldingRanges(uri: string): FoldingRange[];
  /** Accounts, computers, SIDs, Logon IDs and sources across the workspace, each at its first logon. */
  workspaceSymbols(query: string): SymbolInformation[];
  /**
   * What is wrong with the document, as offsets: its own problems (XML, values) and, with
   * `withFindings`, the policy findings, which need every document's sessions. Undefined for a
   * document that is not open or not event XML.
   */
  problems(uri: string, withFindings: boolean): Problem[] | undefined;
  /** The same as LSP diagnostics, at most MAX_DIAGNOSTICS and a note of the rest. */
  diagnostics(uri: string, withFindings: boolean): Diagnostic[];
  /**
   * The diagnostics of a known file that is not open (a workspace file read from disk), with its
   * findings: for the Problems panel of a case folder. Undefined while files are being read, or
   * for a file not known.
   */
  fileDiagnostics(uri: string): Diagnostic[] | undefined;
  /** Line positions of any known document, open or not. */
  positionsOf(uri: string): Positions | undefined;
}

/** A URI's path, decoded (`file:///cases/a%20b.xml` -> `/cases/a b.xml`); the URI itself when it has none. */
function pathOf(uri: string): string {
  try {
    return decodeURIComponent(uri.replace(/^[a-z][a-z0-9+.-]*:(\/\/[^/]*)?/i, ''));
  } catch {
    return uri; // a malformed escape
  }
}

export function createLogonLens(host: LogonLensHost): LogonLens {
  const models = new DocumentModels((uri, version) => host.editsSince(uri, version), (uri, version) => host.caughtUp(uri, version), host.later);
  const sessions = new SessionModels(models, host.knownFiles, host.openDocuments);
  const positionsOf = (uri: string): Positions | undefined => sessions.positionsOf(uri);
  models.onProgress((uri, progress) => host.parseProgress?.(uri, progress));
  const textOf = (uri: string): TextDocument | undefined => host.openDocuments().find(d => d.uri === uri);
  /** The open event document, with its parsed model. */
  const open = (uri: string): { text: TextDocument; doc: EventDocument } | undefined => {
    const text = textOf(uri);
    const doc = text === undefined ? undefined : models.get(text);
    return text === undefined || doc === undefined ? undefined : { text, doc };
  };
  const reading = (): { done: number; total: number } | undefined => {
    const parsing = host.openDocuments().filter(d => models.isParsing(d.uri)).length;
    const files = host.reading();
    if (parsing === 0) return files;
    return { done: files?.done ?? 0, total: (files?.total ?? 0) + parsing };
  };
  const problems = (uri: string, withFindings: boolean, known = false, grouped = true): Problem[] | undefined => {
    const doc = known ? host.knownFiles().get(uri)?.doc : open(uri)?.doc;
    if (doc === undefined) return undefined;
    const policy = host.policy();
    const notes = levelProblems(host.notes?.(uri) ?? [], policy);
    if (!withFindings) return documentFindings(doc, policy, notes);
    // Until every file is read, a logon may be in one not read yet: no orphan is known.
    const unsure = reading() !== undefined;
    const found = documentFindings(doc, policy, [...notes, ...sessions.policyFindings(policy, uri).filter(p => !unsure || p.code !== 'orphan-logoff')])
      .map(p => (p.code === LOG_CLEARED ? withOpenSessions(p, doc) : p.code === EXPLICIT_CREDENTIALS ? withHop(p, doc) : p));
    return !grouped || host.groupRepeated?.() === false ? found : groupRepeated(doc, uri, found);
  };
  /** Every finding of a document (open, else known), one by one: a session's count is of findings, not of grouped diagnostics. */
  const everyFinding = (uri: string): Problem[] => (textOf(uri) !== undefined ? problems(uri, true, false, false) : problems(uri, true, true, false)) ?? [];
  // Each session's problems, kept while nothing known changes: the Sessions view asks at every level it opens.
  let counted: { generation: number; policy: Policy; counts: SessionProblemCounts } | undefined;
  const problemCounts = (): SessionProblemCounts => {
    const { generation } = sessions;
    const policy = host.policy();
    if (counted?.generation !== generation || counted.policy !== policy) counted = { generation, policy, counts: countSessionProblems(sessions.get().sessions, everyFinding) };
    return counted.counts;
  };
  /** An explicit-credentials finding, with the logon its 4648 led to on the other host, when that host's events are in view. */
  const withHop = (problem: Problem, doc: EventDocument): Problem => {
    const event = eventAt(doc, problem.start);
    const hop = event === undefined ? undefined : sessions.hops().byExplicit.get(event);
    if (hop === undefined) return problem;
    const { logon } = hop.session;
    return { ...problem, related: [...(problem.related ?? []), { uri: logon.uri, start: logon.event.offset, end: logon.event.offset + 6, message: ledToMessage(hop.session) }] };
  };
  /** A log-cleared finding, with the sessions open on its computer when the log was cleared (from the sessions as they are now). */
  const withOpenSessions = (problem: Problem, doc: EventDocument): Problem => {
    const event = eventAt(doc, problem.start);
    const facts = event === undefined ? undefined : eventFacts(event.record);
    if (facts?.time === undefined) return problem;
    const open = openSessionsAt(sessions.get().sessions.map(s => ({ facts: s, site: s.logon })), facts.computer, facts.time);
    const { note, related } = describeOpenSessions(open);
    if (related.length === 0) return problem;
    // A 4624 is listed as a whole: its `<Event` tag marks it, as a 4672's evidence does.
    const spans = related.map(({ site, message }) => ({ uri: site.uri, start: site.event.offset, end: site.event.offset + 6, message }));
    return { ...problem, message: `${problem.message}${note}`, related: [...(problem.related ?? []), ...spans] };
  };

  /** While files are read or their sessions built in steps: hovers do not build sessions then. */
  const linking = (): boolean => reading() !== undefined || preparing !== undefined;
  /**
   * The sessions for lenses, hints and highlights: built if need be, but while files are read or
   * linked only as far as they are built (they are asked again once the sessions change).
   */
  const builtSessions = (): SessionIndex | undefined => (linking() ? sessions.current() : sessions.get());
  /** A stepped build of the sessions going on, and how to tell when it is done. */
  let preparing: { done: Promise<void> } | undefined;
  /** Waiting for the index of the stepped build (navigation needs no findings). */
  const indexWaiters: (() => void)[] = [];
  const tellIndexed = (): void => {
    if (preparing !== undefined && sessions.current() === undefined) return;
    for (const resolve of indexWaiters.splice(0)) resolve();
  };
  const prepareSessions = (): Promise<void> => {
    if (preparing !== undefined) return preparing.done;
    const steps = sessions.prepareInSteps(host.policy());
    let resolve!: () => void;
    const run: { done: Promise<void> } = { done: new Promise(r => (resolve = r)) };
    preparing = run;
    const step = (): void => {
      // Dropped by a change: a newer build (if any) takes over.
      if (preparing !== run) return resolve();
      let next: IteratorResult<undefined, void> | undefined;
      try {
        next = steps.next();
      } finally {
        if (next?.done !== false) {
          preparing = undefined;
          resolve();
        }
        tellIndexed();
      }
      if (next.done !== true) {
        host.afterLinkingStep?.();
        host.later(step);
      }
    };
    host.later(step);
    return run.done;
  };
  /** What is known changed: the sessions are stale, and a stepped build of them is dropped. */
  const sessionsStale = (): void => {
    sessions.invalidate();
    preparing = undefined;
    tellIndexed();
  };

  return {
    opened(uri) {
      const text = textOf(uri);
      return text === undefined ? Promise.resolve() : models.parseSoon(text);
    },
    whenParsed: uri => models.whenParsed(uri),
    changed: sessionsStale,
    prepareSessions,
    whenSessionsPrepared: () => preparing?.done ?? Promise.resolve(),
    preparingSessions: () => preparing !== undefined,
    whenSessionsIndexed() {
      if (preparing === undefined || sessions.current() !== undefined) return Promise.resolve();
      return new Promise(resolve => indexWaiters.push(resolve));
    },
    closed(uri) {
      models.delete(uri);
      sessionsStale();
    },
    reading,
    parsing: () => models.parsing(),
    summary: () => sessions.summary(),

    hover(uri, position) {
      const found = open(uri);
      if (found === undefined) return null;
      // Sessions and names are built only for the hovers that need them: a LogonType answers at once.
      const hover = doHover(found.text, found.doc, position, {
        sidNames: () => sessions.sidNames(),
        formatLocalTime: host.formatLocalTime,
        // While files are read, or their sessions built a step at a time, a Logon ID hover does not
        // build them (seconds, for a big workspace): it shows what is built, and says so.
        sessions: () => {
          const index = builtSessions();
          return index === undefined ? undefined : { index, uri };
        },
        indexing: reading() ?? (preparing === undefined ? undefined : { done: host.knownFiles().size, total: host.knownFiles().size }),
      });
      // A 4648's target, or a 4624's source, may be one end of a hop between hosts.
      const offset = found.text.offsetAt(position);
      const hop = hopsAt(() => (builtSessions() === undefined ? NO_HOPS : sessions.hops()), found.doc, offset);
      if (hop === undefined) return hover;
      const said = hover === null ? '' : `${(hover.contents as MarkupContent).value}\n\n---\n\n`;
      const range = hover?.range ?? { start: found.text.positionAt(hop.span.start), end: found.text.positionAt(hop.span.end) };
      return { contents: { kind: MarkupKind.Markdown, value: `${said}${hopMarkdown(hop)}` }, range };
    },
    definition(uri, position) {
      const found = open(uri);
      if (found === undefined) return null;
      const offset = found.text.offsetAt(position);
      return findDefinition(sessions.get(), uri, offset, positionsOf) ?? hopDefinition(hopsAt(() => sessions.hops(), found.doc, offset), positionsOf);
    },
    references(uri, position, includeDeclaration) {
      const found = open(uri);
      if (found === undefined) return [];
      const offset = found.text.offsetAt(position);
      const inSession = findReferences(sessions.get(), uri, offset, includeDeclaration, positionsOf);
      return inSession.length > 0 ? inSession : hopReferences(hopsAt(() => sessions.hops(), found.doc, offset), includeDeclaration, positionsOf);
    },
    highlights(uri, position) {
      const found = open(uri);
      const index = builtSessions();
      return found === undefined || index === undefined ? [] : findHighlights(index, uri, found.text.offsetAt(position), found.text);
    },
    codeLenses(uri) {
      const found = open(uri);
      const index = builtSessions();
      return found === undefined || index === undefined ? [] : sessionCodeLenses(index, uri, found.text);
    },
    inlayHints(uri, range) {
      const found = open(uri);
      const options = host.inlayHintOptions();
      if (found === undefined || (!options.logonTypes && !options.sids && !options.logonIds)) return [];
      const { text, doc } = found;
      return inlayHints(text, doc, uri, text.offsetAt(range.start), text.offsetAt(range.end), options, sessions.sidNames(), options.logonIds ? builtSessions() : undefined);
    },
    sessionEvents(uri, position) {
      const found = open(uri);
      return found === undefined ? null : sessionEvents(sessions.get(), found.doc, uri, found.text.offsetAt(position), positionsOf);
    },
    sessionTree: (parent, filter) => sessionTreeChildren(sessions.get(), parent, positionsOf, filter, problemCounts()),
    sessionTreePath(uri, position, filter) {
      const found = open(uri);
      const index = sessions.get();
      const session = found === undefined ? undefined : sessionOfEventAt(index, found.doc, uri, found.text.offsetAt(position));
      return session === undefined ? null : sessionTreePath(index, session, positionsOf, filter, problemCounts()) ?? null;
    },
    sessionsCsv(filter = {}) {
      const shown = filteredSessions(sessions.get(), filter, problemCounts()).sort((a, b) => a.start - b.start);
      const { byLogon } = sessions.hops();
      const causedBy = (s: Session): string => {
        const hop = byLogon.get(s.logon.event)?.[0];
        return hop === undefined ? '' : `${computerName(hop.explicit.event.record)} ${placeOf(hop.explicit)}`;
      };
      return SESSION_CSV_HEADER + shown.map(s => sessionCsvLine(sessionRow(s, eventsNaming(s), placeOf(s.logon), causedBy(s)))).join('');
    },
    overview() {
      const index = sessions.get();
      return buildOverview({ index, documents: sessions.known(), problemsOf: everyFinding, problemCounts: problemCounts(), hops: sessions.hops(), positionsOf });
    },
    documentSymbols(uri) {
      const found = open(uri);
      if (found === undefined) return [];
      const grouping = host.outlineGroupBy?.() ?? 'none';
      return documentSymbols(found.text, found.doc, grouping, grouping === 'session' ? sessions.get().occurrencesByUri.get(uri) : undefined);
    },
    foldingRanges(uri) {
      const found = open(uri);
      return found === undefined ? [] : foldingRanges(found.text, found.doc);
    },
    workspaceSymbols: query => workspaceSymbols(sessions.get(), query, positionsOf),
    problems,
    diagnostics(uri, withFindings) {
      const text = textOf(uri);
      const found = text === undefined ? undefined : problems(uri, withFindings);
      return text === undefined || found === undefined ? [] : toDiagnostics(text, found);
    },
    fileDiagnostics(uri) {
      const positions = host.knownFiles().get(uri)?.positions;
      if (positions === undefined || textOf(uri) !== undefined || reading() !== undefined) return undefined;
      const found = problems(uri, true, true);
      return found === undefined ? undefined : toDiagnostics(positions, found);
    },
    positionsOf,
  };

  /**
   * Where an event is, for a row of a table, as the command line names places: its file's path and
   * line and column (`/cases/dc01/Security.xml:120:1`), or an event log's record (`/cases/Security.evtx#record=12345`).
   */
  function placeOf(ref: EventRef): string {
    const log = evtxFileUri(ref.uri);
    if (log !== undefined) return `${pathOf(log)}#record=${ref.recordId}`;
    const at = positionsOf(ref.uri)?.positionAt(ref.event.offset);
    return at === undefined ? pathOf(ref.uri) : `${pathOf(ref.uri)}:${at.line + 1}:${at.character + 1}`;
  }

  /** Problems as LSP diagnostics: at most MAX_DIAGNOSTICS, and a note of the rest. */
  function toDiagnostics(text: Positions, found: readonly Problem[]): Diagnostic[] {
    const diagnostics = found.slice(0, MAX_DIAGNOSTICS).map(p => toDiagnostic(text, p, host.docsUri, positionsOf));
    if (found.length > MAX_DIAGNOSTICS) {
      diagnostics.push({
        range: diagnostics[diagnostics.length - 1]!.range,
        severity: DiagnosticSeverity.Information,
        source: 'logon-lens',
        message: `${found.length - MAX_DIAGNOSTICS} more problems are not shown. Run 'logon-lens check' on this file to see them all.`,
      });
    }
    return diagnostics;
  }
}
