import {
  CodeActionKind, Command, createConnection, DidChangeConfigurationNotification, FileChangeType, InitializeParams, InitializeResult,
  MessageType, Position, ProposedFeatures, PublishDiagnosticsParams, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { policyCodeActions } from './core/features/policyCodeActions';
import { toDiagnostic } from './core/features/toDiagnostic';
import { mergePolicies } from './core/policy/mergePolicies';
import { Policy } from './core/policy/policy';
import { PolicyFile, PolicyWrites } from './core/features/policyCodeActions';
import { formatPath } from './core/policy/readPolicy';
import { visibleLabel } from './core/text/display';
import { Guard } from './guard';
import { IdleCollector } from './idleCollector';
import { youngCollector } from './youngCollector';
import { EVTX_TEXT_REQUEST, InitializationOptions, OPEN_RULE_PAGE, OVERVIEW_REQUEST, rulePageCommandUri, SESSION_EVENTS_REQUEST, SESSION_TREE_PATH_REQUEST, SESSION_TREE_REQUEST, SESSIONS_CSV_REQUEST, SessionFilter, SESSIONS_CHANGED_NOTIFICATION, STATUS_NOTIFICATION, StatusParams, WORKSPACE_TRUSTED } from './core/contract';
import { EvtxDocuments } from './evtxDocuments';
import { PolicyFiles } from './policyFiles';
import { ruleDocsUri } from './core/ruleCatalog';
import { PACKAGE_ROOT } from './packageRoot';
import { createLogonLens } from './core/service/logonLens';
import { OpenDocuments } from './openDocuments';
import { DEFAULT_SETTINGS, readSettings, Settings } from './settings';
import { WorkspaceFiles } from './workspaceFiles';
import { installNativeCrc32 } from './nativeCrc32';

/**
 * The language server: LSP wiring only. Every answer comes from the language service
 * (core/service/logonLens.ts). Runs over stdio (`node dist/server.js --stdio`) or Node IPC (how
 * the VS Code client starts it).
 */

installNativeCrc32();
const connection = createConnection(ProposedFeatures.all);
const guard = new Guard(message => connection.console.error(message));
// The last line of defence: whatever escapes a handler is logged once, and the server stays up.
process.on('uncaughtException', error => guard.report('the server', error));
process.on('unhandledRejection', error => guard.report('the server', error));
const documents = new OpenDocuments(
  guard.run('document change', (document: TextDocument, opened: boolean) => documentChanged(document, opened)),
  guard.run('document close', (uri: string) => documentClosed(uri)),
);
const idleCollector = new IdleCollector();
const evtxDocuments = new EvtxDocuments();
// The young generation is collected between the steps of reading a big workspace (every 6: each
// parses 64 KB) and of linking its sessions (every 24: they allocate less), not in the middle of
// a request (see youngCollector.ts).
const workspace = new WorkspaceFiles(() => sessionsChanged(), message => connection.console.log(message), () => updateProgress(), youngCollector());
/** Local times are the user's: the client sends its time zone (the server's may differ). */
let localTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'long' });
/** Rule pages: through the VS Code client's command when it has one (remote and web editors cannot open the server's files), else as files. */
let rulePageCommand = false;
const docsUri = (code: string): string => (rulePageCommand ? rulePageCommandUri(code) : ruleDocsUri(PACKAGE_ROOT, code));
const docsCommand = (code: string): Command => ({
  title: `Open the documentation of ${code}`,
  ...(rulePageCommand ? { command: OPEN_RULE_PAGE, arguments: [code] } : { command: 'vscode.open', arguments: [ruleDocsUri(PACKAGE_ROOT, code)] }),
});
const lens = createLogonLens({
  // The policy buffer is synced for quick fixes only: it is never read as events.
  openDocuments: () => documents.all().filter(d => !policyFiles.isPolicyFile(d.uri)),
  editsSince: (uri, version) => documents.editsSince(uri, version),
  caughtUp: (uri, version) => documents.caughtUp(uri, version),
  knownFiles: () => workspace.all(),
  reading: () => workspace.progress,
  later: callback => setImmediate(guard.run('parsing', callback)),
  afterLinkingStep: youngCollector(24),
  policy: () => policy,
  inlayHintOptions: () => settings.inlayHints,
  groupRepeated: () => settings.groupRepeated,
  outlineGroupBy: () => settings.outlineGroupBy,
  docsUri,
  formatLocalTime: ms => localTime.format(new Date(ms)),
  parseProgress: () => updateProgress(),
  notes: uri => evtxDocuments.notes(uri),
});
const policyFiles = new PolicyFiles(
  (uri, text, problems) => {
    const positions = TextDocument.create(uri, 'json', 0, text);
    void connection.sendDiagnostics({ uri, diagnostics: problems.map(p => toDiagnostic(positions, p, docsUri)) });
  },
  message => void connection.sendNotification('window/showMessage', { type: MessageType.Info, message: visibleLabel(message, 400) }),
);

let settings: Settings = DEFAULT_SETTINGS;
let workspaceFolders: string[] = [];
let canPullConfiguration = false;
let canWatchFolders = false;
let canRefresh = { inlayHints: false, codeLens: false };
let canShowProgress = false;
/** VS Code's workspace trust, as the client reports it; other editors have none, and are trusted. */
let workspaceTrusted = true;
/** The policy in force: user settings, with the workspace file over them. Kept as one object so findings cache by it. */
let policy: Policy = {};

connection.onInitialize((params: InitializeParams): InitializeResult => {
  workspaceFolders = params.workspaceFolders?.map(f => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  // Documents may open, and be hovered, before the scan starts (it waits for the settings).
  workspace.expectScan(workspaceFolders);
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  canRefresh = {
    inlayHints: params.capabilities.workspace?.inlayHint?.refreshSupport === true,
    codeLens: params.capabilities.workspace?.codeLens?.refreshSupport === true,
  };
  const options = params.initializationOptions as InitializationOptions | undefined;
  settings = readSettings(options?.settings);
  workspaceTrusted = options?.workspaceTrusted !== false;
  rulePageCommand = options?.rulePageCommand === true;
  canShowProgress = params.capabilities.window?.workDoneProgress === true;
  if (typeof options?.timeZone === 'string') {
    try {
      localTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'long', timeZone: options.timeZone });
    } catch {
      // an unknown zone: keep the server's
    }
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      inlayHintProvider: true,
      documentSymbolProvider: { label: 'Logon Lens' },
      foldingRangeProvider: true,
      workspaceSymbolProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'Logon Lens', version: PACKAGE_VERSION },
  };
});

connection.onInitialized(guard.run('initialized', async () => {
  if (canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'logonLens' }).catch(() => undefined);
    // A client that fails to answer keeps the settings it sent at initialize; the scan goes on.
    const failed = Symbol('failed');
    const section: unknown = await connection.workspace.getConfiguration('logonLens').catch(() => failed);
    if (section !== failed) settings = readSettings(section);
  }
  reportSettingProblems();
  if (canWatchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(event => {
      const removed = new Set(event.removed.map(f => f.uri));
      workspaceFolders = [...workspaceFolders.filter(f => !removed.has(f)), ...event.added.map(f => f.uri)];
      void workspace.scan(workspaceFolders, settings.index);
    });
  }
  void workspace.scan(workspaceFolders, settings.index).catch(error => guard.report('reading the workspace', error));
  await reloadPolicy();
}));

/** Problems of the `logonLens.policy` setting, shown once per distinct set: with errors, the setting is not applied. */
let shownSettingProblems = '';
function reportSettingProblems(): void {
  const problems = settings.policyProblems;
  const placed = problems.map(p => `${formatPath(p.path)}: ${p.message}`);
  const text = placed.join('\n');
  if (text === shownSettingProblems) return;
  shownSettingProblems = text;
  if (problems.length === 0) return;
  const errors = problems.some(p => p.severity === 'error');
  const message = `The logonLens.policy setting ${errors ? 'has errors and is not applied' : 'has warnings'}: ${placed.join(' ')}`;
  connection.console.warn(message);
  void connection.sendNotification('window/showMessage', { type: errors ? MessageType.Error : MessageType.Warning, message: visibleLabel(message, 1000) });
}

// ---- progress and status ----------------------------------------------------------------------

/** What is being read now: a big document just opened (by events), or the workspace's files. */
function readingNow(): { message: string; percentage: number } | undefined {
  const progress = (done: number, total: number, what: string) => ({ message: `reading ${count(done)} of ${count(total)} ${what}`, percentage: total === 0 ? 0 : Math.floor((100 * done) / total) });
  const parsing = lens.parsing();
  if (parsing.length > 0) return progress(parsing.reduce((sum, [, p]) => sum + p.done, 0), parsing.reduce((sum, [, p]) => sum + p.total, 0), 'events');
  const files = workspace.progress;
  if (files !== undefined) return files.total === 0 ? { message: 'finding event files', percentage: 0 } : progress(files.done, files.total, 'event files');
  if (lens.preparingSessions()) return { message: `linking the sessions of ${count(workspace.all().size)} event files`, percentage: 100 };
  return undefined;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** The work-done progress while anything is read, ended when nothing is. */
let progressReport: { report(percentage: number, message: string): void; done(): void } | undefined;
let progressStarting = false;
function updateProgress(): void {
  const reading = readingNow();
  if (reading === undefined) {
    progressReport?.done();
    progressReport = undefined;
  } else if (progressReport !== undefined) {
    progressReport.report(reading.percentage, reading.message);
  } else if (canShowProgress && !progressStarting) {
    progressStarting = true;
    connection.window.createWorkDoneProgress().then(reporter => {
      progressStarting = false;
      const now = readingNow();
      if (now === undefined) return reporter.done();
      reporter.begin('Logon Lens', now.percentage, now.message, false);
      progressReport = reporter;
    }, () => { progressStarting = false; });
  }
  scheduleStatus();
}

/**
 * The client's status item: sent when it changes, at most every 200 ms, but at once when reading
 * begins. While sessions are being rebuilt, the last counts stay rather than flicker.
 */
let statusTimer: NodeJS.Timeout | undefined;
let lastStatus: StatusParams | undefined;
function scheduleStatus(): void {
  if (lastStatus?.busy !== true && readingNow() !== undefined) {
    clearTimeout(statusTimer);
    statusTimer = undefined;
    return sendStatus();
  }
  statusTimer ??= setTimeout(guard.run('status', () => {
    statusTimer = undefined;
    sendStatus();
  }), 200);
}

function sendStatus(): void {
  const reading = readingNow();
  const summary = lens.summary();
  let problems = 0;
  for (const n of problemCounts.values()) problems += n;
  if (reading === undefined && summary === undefined && lastStatus?.busy === false) return;
  const policySource = policyFiles.policy !== undefined ? 'logon-policy.json' : Object.keys(settings.policy).length > 0 ? 'the logonLens.policy setting' : 'built-in defaults';
  const plural = (n: number, one: string, many: string): string => `${count(n)} ${n === 1 ? one : many}`;
  const status: StatusParams = reading !== undefined
    ? { busy: true, text: `Logon Lens: ${reading.message}`, tooltip: `Logon Lens is ${reading.message}. Hovers answer meanwhile; sessions and findings follow.` }
    : summary === undefined
      ? { busy: false, text: 'Logon Lens', tooltip: `Logon Lens: ready. Policy: ${policySource}.` }
      : {
        busy: false,
        text: `Logon Lens: ${plural(summary.events, 'event', 'events')} · ${plural(summary.sessions, 'session', 'sessions')} · ${plural(problems, 'problem', 'problems')}`,
        tooltip: `${plural(summary.events, 'event', 'events')} in ${plural(summary.files, 'file', 'files')}, ${plural(summary.sessions, 'logon session', 'logon sessions')}, ${plural(problems, 'problem', 'problems')} shown. Policy: ${policySource}.`,
      };
  if (JSON.stringify(status) === JSON.stringify(lastStatus)) return;
  lastStatus = status;
  void connection.sendNotification(STATUS_NOTIFICATION, status);
}

/** Reads the workspace policy file again and applies it (or the last good one) with the settings. */
async function reloadPolicy(): Promise<void> {
  await policyFiles.load(workspaceFolders, workspaceTrusted);
  policy = mergePolicies(settings.policy, policyFiles.policy);
  revalidateAll();
}

connection.onNotification(WORKSPACE_TRUSTED, guard.run('workspace trust', async () => {
  workspaceTrusted = true;
  await reloadPolicy();
}));

connection.onDidChangeConfiguration(guard.run('settings', async change => {
  const pushed = (change.settings as { logonLens?: unknown } | undefined)?.logonLens;
  const previous = settings;
  settings = readSettings(canPullConfiguration ? await connection.workspace.getConfiguration('logonLens') : pushed);
  reportSettingProblems();
  if (JSON.stringify(previous.index) !== JSON.stringify(settings.index)) void workspace.scan(workspaceFolders, settings.index).catch(error => guard.report('reading the workspace', error));
  else refreshViews();
  if (JSON.stringify(previous.policy) !== JSON.stringify(settings.policy)) {
    policy = mergePolicies(settings.policy, policyFiles.policy);
    revalidateAll();
  } else if (previous.groupRepeated !== settings.groupRepeated || previous.diagnosticsScope !== settings.diagnosticsScope) {
    revalidateAll();
  }
}));

connection.onDidChangeWatchedFiles(guard.run('watched files', async ({ changes }) => {
  for (const change of changes) {
    if (policyFiles.isPolicyFile(change.uri)) await reloadPolicy();
    else if (change.type === FileChangeType.Deleted) workspace.deleted(change.uri);
    else await workspace.changed(change.uri);
  }
}));

// ---- diagnostics ---------------------------------------------------------------------------

// Diagnostics wait for typing to pause: as long as checking this document last took, between
// 30 and 400 ms (an edit is checked incrementally, so a pause of a few tens of ms is usually
// enough). A document just opened shows its own problems as soon as it is parsed (a big one is
// parsed a step at a time, other requests answered meanwhile), then its policy findings.
const pending = new Map<string, NodeJS.Timeout>();
const lastCost = new Map<string, number>();
function scheduleValidation(text: TextDocument): void {
  clearTimeout(pending.get(text.uri));
  const delay = Math.min(400, Math.max(30, lastCost.get(text.uri) ?? 50));
  pending.set(text.uri, setTimeout(guard.run('diagnostics', async () => {
    pending.delete(text.uri);
    await lens.whenParsed(text.uri);
    await lens.whenSessionsPrepared();
    if (documents.get(text.uri) === undefined || pending.has(text.uri)) return; // closed, or changed again meanwhile
    const started = performance.now();
    validate(text.uri);
    lastCost.set(text.uri, performance.now() - started);
  }), delay));
}

/** How many problems each event document shows now: the status item counts them. */
const problemCounts = new Map<string, number>();
function publish(params: PublishDiagnosticsParams): void {
  if (params.diagnostics.length === 0) problemCounts.delete(params.uri);
  else problemCounts.set(params.uri, params.diagnostics.length);
  void connection.sendDiagnostics(params);
  scheduleStatus();
}

function validate(uri: string, withFindings = true): void {
  const text = documents.get(uri);
  if (text === undefined) return;
  publish({ uri, version: text.version, diagnostics: lens.diagnostics(uri, withFindings) });
  if (withFindings) scheduleStatus();
}

async function documentOpened(text: TextDocument): Promise<void> {
  await lens.opened(text.uri);
  updateProgress();
  if (documents.get(text.uri) !== text) return;
  validate(text.uri, false);
  scheduleValidation(text);
  // A big document is parsed a step at a time: the refresh asked when it was opened came before
  // its sessions were known. Now they are: the Sessions view, lenses and hints are asked again.
  scheduleRefresh();
}

/** Findings depend on every document (sessions link across files): check each open document again. */
function revalidateOpen(): void {
  for (const text of documents.all()) if (!policyFiles.isPolicyFile(text.uri)) scheduleValidation(text);
}

/** What is known changed (a file, a document opened or closed, the policy): the open documents, and the workspace's files. */
function revalidateAll(): void {
  revalidateOpen();
  scheduleFileDiagnostics();
}

// The workspace's event files that are not open get their problems too (logonLens.diagnostics.scope
// "workspace"), once every file is read and whenever what is known changes: one file at a time,
// requests answered between them. The first file needs every file's sessions and findings, which
// takes seconds for hundreds of MB: it waits for a quiet moment (no request for QUIET_MS), so that
// it does not hold up what the user is doing. Typing in an open document checks only the open
// documents; the files on disk follow at the next change of what is known (a file, a document
// opened or closed).
const publishedFiles = new Set<string>();
let fileDiagnosticsTimer: NodeJS.Timeout | undefined;
function scheduleFileDiagnostics(): void {
  clearTimeout(fileDiagnosticsTimer);
  fileDiagnosticsTimer = setTimeout(guard.run('workspace diagnostics', publishFileDiagnostics), 500);
}

const QUIET_MS = 1500;
async function publishFileDiagnostics(): Promise<void> {
  await workspace.whenRead();
  await lens.whenSessionsPrepared();
  while (performance.now() - guard.lastRequestAt < QUIET_MS) await new Promise(resolve => setTimeout(resolve, QUIET_MS / 3));
  const wanted = settings.diagnosticsScope === 'workspace' ? [...workspace.all().keys()].filter(uri => documents.get(uri) === undefined) : [];
  const keep = new Set(wanted);
  for (const uri of publishedFiles) {
    if (keep.has(uri)) continue;
    publishedFiles.delete(uri);
    // An open document publishes its own; a file no longer read, or out of scope, shows nothing.
    if (documents.get(uri) === undefined) publish({ uri, diagnostics: [] });
  }
  for (const uri of wanted) {
    await new Promise(resolve => setImmediate(resolve));
    if (documents.get(uri) !== undefined) continue; // opened meanwhile
    const diagnostics = lens.fileDiagnostics(uri);
    if (diagnostics === undefined) continue;
    publish({ uri, diagnostics });
    publishedFiles.add(uri);
  }
}

// Findings of every open document may change with any document (sessions link across files).
// The policy file is synced only so that quick fixes edit the text the editor has. An edit, or a
// document opened, reaches sessions and findings when the document is next parsed (see
// SessionModels: a first parse rebuilds them, an edit may patch them); closing one rebuilds them.
function documentChanged(document: TextDocument, opened: boolean): void {
  // The policy buffer is never parsed as events: nothing will ask for its edits.
  if (policyFiles.isPolicyFile(document.uri)) return documents.caughtUp(document.uri, document.version);
  if (opened) void documentOpened(document).catch(error => guard.report('opening a document', error));
  else idleCollector.edited(document.getText().length);
  // Typing checks the open documents again; the workspace's files follow what is known, not each keystroke.
  if (opened) revalidateAll();
  else revalidateOpen();
  scheduleRefresh();
}

function documentClosed(uri: string): void {
  if (policyFiles.isPolicyFile(uri)) return;
  clearTimeout(pending.get(uri));
  pending.delete(uri);
  lens.closed(uri);
  lastCost.delete(uri);
  publishedFiles.delete(uri);
  publish({ uri, diagnostics: [] });
  // A workspace file closed is published again as a file of the workspace, when in scope.
  sessionsChanged();
}

// ---- sessions ------------------------------------------------------------------------------

/**
 * The session index is stale: every open document is checked again once typing pauses, and
 * lenses and hints that show sessions are refreshed.
 */
function sessionsChanged(): void {
  lens.changed();
  // Once the workspace's files are read, their sessions and findings are built a step at a time
  // (seconds for hundreds of MB), requests answered between steps; checks wait for them.
  if (workspace.progress === undefined && workspace.all().size > 0) {
    void lens.prepareSessions().then(updateProgress);
    updateProgress();
  }
  revalidateAll();
  scheduleRefresh();
}

/** The views that show sessions (the Sessions view, code lenses, inlay hints) are asked again once changes pause. */
let refreshTimer: NodeJS.Timeout | undefined;
function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(guard.run('refresh', refreshViews), 300);
}

function refreshViews(): void {
  void connection.sendNotification(SESSIONS_CHANGED_NOTIFICATION);
  if (canRefresh.inlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
  if (canRefresh.codeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

// Requests wait for their own document's first parse (a big one goes a step at a time), not for
// any other's. Until every event file is read, a session's 4624 may be in one not read yet:
// navigation waits for the reading (and for the sessions linked after it) rather than answer
// "nothing"; hovers say so. Lenses, hints and highlights wait while sessions are being linked.
connection.onHover(guard.request('hover', async params => {
  await lens.whenParsed(params.textDocument.uri);
  return lens.hover(params.textDocument.uri, params.position);
}));

connection.onDefinition(guard.request('definition', async params => {
  await whenRead(params.textDocument.uri);
  return lens.definition(params.textDocument.uri, params.position);
}));

connection.onReferences(guard.request('references', async params => {
  await whenRead(params.textDocument.uri);
  return lens.references(params.textDocument.uri, params.position, params.context.includeDeclaration);
}));

connection.onDocumentHighlight(guard.request('highlights', async params => {
  await lens.whenParsed(params.textDocument.uri);
  await lens.whenSessionsIndexed();
  return lens.highlights(params.textDocument.uri, params.position);
}));

connection.onCodeLens(guard.request('code lenses', async params => {
  await lens.whenParsed(params.textDocument.uri);
  await lens.whenSessionsIndexed();
  return lens.codeLenses(params.textDocument.uri);
}));

connection.onRequest(SESSION_EVENTS_REQUEST, guard.request('session events', async (params: { uri: string; position: Position }) => {
  await whenRead(params.uri);
  return lens.sessionEvents(params.uri, params.position);
}));

connection.onRequest(SESSION_TREE_REQUEST, guard.request('sessions view', async (params: { parent?: unknown; filter?: unknown }) => {
  await whenRead(undefined, true);
  return lens.sessionTree(typeof params?.parent === 'string' ? params.parent : undefined, readSessionFilter(params?.filter));
}));

connection.onRequest(SESSION_TREE_PATH_REQUEST, guard.request('reveal in sessions view', async (params: { uri: string; position: Position; filter?: unknown }) => {
  await whenRead(params.uri, true);
  return lens.sessionTreePath(params.uri, params.position, readSessionFilter(params?.filter));
}));

connection.onRequest(SESSIONS_CSV_REQUEST, guard.request('sessions as CSV', async (params: { filter?: unknown }) => {
  await whenRead(undefined, true);
  return lens.sessionsCsv(readSessionFilter(params?.filter));
}));

connection.onRequest(OVERVIEW_REQUEST, guard.request('timeline and graph', async () => {
  await whenRead(undefined, true);
  return lens.overview();
}));

/** The view's filter as the client sent it, each field checked. */
function readSessionFilter(value: unknown): SessionFilter {
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    account: typeof given.account === 'string' ? given.account.slice(0, 200) : undefined,
    computer: typeof given.computer === 'string' ? given.computer.slice(0, 200) : undefined,
    logonType: typeof given.logonType === 'number' && Number.isInteger(given.logonType) ? given.logonType : undefined,
    privileged: given.privileged === true ? true : undefined,
    withProblems: given.withProblems === true ? true : undefined,
  };
}

connection.onDocumentSymbol(guard.request('outline', async params => {
  await lens.whenParsed(params.textDocument.uri);
  return lens.documentSymbols(params.textDocument.uri);
}));

connection.onFoldingRanges(guard.request('folding', async params => {
  await lens.whenParsed(params.textDocument.uri);
  return lens.foldingRanges(params.textDocument.uri);
}));

connection.onWorkspaceSymbol(guard.request('workspace symbols', async params => {
  await whenRead();
  return lens.workspaceSymbols(params.query);
}));

/**
 * Every event file read, every open document parsed, and their sessions linked (with `findings`,
 * their findings too: what the Sessions view and the overview count).
 */
async function whenRead(uri?: string, findings = false): Promise<void> {
  await workspace.whenRead();
  await Promise.all(documents.all().map(d => lens.whenParsed(d.uri)));
  if (uri !== undefined) await lens.whenParsed(uri);
  await (findings ? lens.whenSessionsPrepared() : lens.whenSessionsIndexed());
}

connection.onCodeAction(guard.request('code actions', async params => {
  const diagnostics = params.context.diagnostics.filter(d => d.source === 'logon-lens');
  if (diagnostics.length === 0) return [];
  const target = policyFiles.target();
  let file: PolicyFile | undefined;
  let writes: PolicyWrites = { allowed: true };
  if (target === undefined) {
    writes = { allowed: false, why: 'no workspace folder' };
  } else if ('refused' in target) {
    writes = { allowed: false, why: target.refused };
  } else {
    // The text the editor has now, with its version; a file not open is read from disk now.
    const open = documents.get(target.uri);
    file = open !== undefined
      ? { uri: target.uri, text: open.getText(), version: open.version }
      : { uri: target.uri, text: target.exists ? await policyFiles.readNow(target.uri) : undefined, version: null };
    if (open === undefined && target.exists && file.text === undefined) writes = { allowed: false, why: 'the policy file could not be read' };
  }
  return diagnostics.flatMap(d => policyCodeActions(d, file, writes, docsCommand));
}));

// The read-only event XML document the editor shows for an .evtx.
connection.onRequest(EVTX_TEXT_REQUEST, guard.request('event log', (params: { uri: string }) => evtxDocuments.text(params.uri)));

connection.languages.inlayHint.on(guard.request('inlay hints', async params => {
  await lens.whenParsed(params.textDocument.uri);
  await lens.whenSessionsIndexed();
  return lens.inlayHints(params.textDocument.uri, params.range);
}));

documents.listen(connection);
connection.listen();
