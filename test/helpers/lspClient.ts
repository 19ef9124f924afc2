import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection, Diagnostic, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, ExitNotification, HoverRequest, InitializedNotification, InitializeRequest,
  ProtocolConnection, PublishDiagnosticsNotification, PublishDiagnosticsParams, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, Hover, Position, TextDocumentContentChangeEvent, InitializeResult, LogMessageNotification,
  DefinitionRequest, ReferencesRequest, DocumentHighlightRequest, CodeLensRequest, InlayHintRequest, Location,
  DocumentHighlight, CodeLens, InlayHint, Range, DidChangeWatchedFilesNotification, FileEvent, WorkspaceFolder,
  CodeActionRequest, CodeAction, Command, ShowMessageNotification,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from './corpus';

/**
 * Starts the real bundled server (`node dist/server.js --stdio`) and speaks LSP to it with the
 * protocol library's own connection. Nothing sleeps: every wait is for a message.
 */
export class LspTestClient {
  private readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** How many times diagnostics were published for each document. */
  readonly publishCount = new Map<string, number>();
  private readonly waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly stderr: string[] = [];
  private readonly logs: string[] = [];
  /** Messages the server showed the user (window/showMessage). */
  readonly shown: string[] = [];
  private readonly logWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  private readonly shownWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  initializeResult: InitializeResult | undefined;
  /** What the server sent for its status item (logonLens/status), in order. */
  readonly statuses: { busy: boolean; text: string; tooltip: string }[] = [];
  /** Work-done progress the server reported ($/progress values), in order. */
  readonly progress: { kind: string; message?: string; percentage?: number }[] = [];
  private readonly statusWaiters: { test: (s: { busy: boolean; text: string }) => boolean; resolve: () => void }[] = [];
  /** How the server process ended, once it has. */
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  /** `nodeArgs` go to node before the server's path, e.g. a heap limit. */
  constructor(nodeArgs: string[] = [], serverPath = path.join(ROOT, 'dist', 'server.js')) {
    this.child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    // A server that dies fails the pending requests at once, instead of leaving them to hang.
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.connection.dispose();
    });
    this.child.stderr!.on('data', chunk => this.stderr.push(String(chunk)));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, params => {
      this.diagnostics.set(params.uri, params);
      this.publishCount.set(params.uri, (this.publishCount.get(params.uri) ?? 0) + 1);
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === params.uri && waiter.test(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification(ShowMessageNotification.method, (params: { message: string }) => {
      this.shown.push(params.message);
      for (const waiter of [...this.shownWaiters]) {
        if (waiter.pattern.test(params.message)) {
          this.shownWaiters.splice(this.shownWaiters.indexOf(waiter), 1);
          waiter.resolve(params.message);
        }
      }
    });
    this.connection.onNotification(LogMessageNotification.type, ({ message }) => {
      this.logs.push(message);
      for (const waiter of [...this.logWaiters]) {
        if (waiter.pattern.test(message)) {
          this.logWaiters.splice(this.logWaiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    this.connection.onNotification('logonLens/status', (status: { busy: boolean; text: string; tooltip: string }) => {
      this.statuses.push(status);
      for (const waiter of [...this.statusWaiters]) {
        if (waiter.test(status)) {
          this.statusWaiters.splice(this.statusWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    });
    this.connection.onNotification('logonLens/sessionsChanged', () => {
      this.sessionsChangedCount++;
      for (const resolve of this.sessionsChangedWaiters.splice(0)) resolve();
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', ({ value }: { value: { kind: string; message?: string; percentage?: number } }) => void this.progress.push(value));
    this.connection.listen();
  }

  /** How many times the server said what it knows of sessions changed (logonLens/sessionsChanged). */
  sessionsChangedCount = 0;
  private readonly sessionsChangedWaiters: (() => void)[] = [];

  /** Resolves at the next logonLens/sessionsChanged. */
  nextSessionsChanged(): Promise<void> {
    return new Promise(resolve => this.sessionsChangedWaiters.push(resolve));
  }

  /** Resolves once the server sends a status (logonLens/status) that passes `test`, sent already or to come. */
  waitForStatus(test: (status: { busy: boolean; text: string }) => boolean): Promise<void> {
    if (this.statuses.some(test)) return Promise.resolve();
    return new Promise(resolve => this.statusWaiters.push({ test, resolve }));
  }

  async initialize(workspaceFolders: WorkspaceFolder[] | null = null, initializationOptions?: unknown, capabilities: object = {}): Promise<InitializeResult> {
    this.initializeResult = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: null, capabilities, workspaceFolders, initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return this.initializeResult;
  }

  async open(uri: string, text: string, languageId = 'xml'): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** Resolves with the first log line (window/logMessage) matching `pattern`, logged already or to come. */
  waitForLog(pattern: RegExp): Promise<string> {
    const known = this.logs.find(line => pattern.test(line));
    if (known !== undefined) return Promise.resolve(known);
    return new Promise(resolve => this.logWaiters.push({ pattern, resolve }));
  }

  /** Every line the server logged (window/logMessage), so far. */
  logged(): readonly string[] {
    return this.logs;
  }

  /** The server's resident memory now, from /proc (Linux). */
  async rssMB(): Promise<number> {
    const status = await fs.promises.readFile(`/proc/${this.child.pid}/status`, 'utf8').catch(() => '');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? NaN : Number(kb) / 1024;
  }

  /** The server's peak resident memory so far, from /proc (Linux). */
  async peakRssMB(): Promise<number> {
    const status = await fs.promises.readFile(`/proc/${this.child.pid}/status`, 'utf8').catch(() => '');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? NaN : Number(kb) / 1024;
  }

  /** Resolves with the first message shown to the user (window/showMessage) matching `pattern`, shown already or to come. */
  waitForShown(pattern: RegExp): Promise<string> {
    const known = this.shown.find(line => pattern.test(line));
    if (known !== undefined) return Promise.resolve(known);
    return new Promise(resolve => this.shownWaiters.push({ pattern, resolve }));
  }

  /** Sends any request: for requests this client has no helper for, and for malformed ones. */
  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** Sends any notification with parameters. */
  notifyWith(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  definition(uri: string, position: Position): Promise<Location | Location[] | null> {
    return this.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }) as Promise<Location | Location[] | null>;
  }

  references(uri: string, position: Position, includeDeclaration = true): Promise<Location[] | null> {
    return this.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration } });
  }

  highlights(uri: string, position: Position): Promise<DocumentHighlight[] | null> {
    return this.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position });
  }

  codeLenses(uri: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  }

  inlayHints(uri: string, range: Range): Promise<InlayHint[] | null> {
    return this.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<(CodeAction | Command)[] | null> {
    return this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
  }

  notify(method: string): Promise<void> {
    return this.connection.sendNotification(method);
  }

  async filesChanged(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** Resolves with the first diagnostics for `uri` (already received or still to come) that pass `test`. */
  diagnosticsFor(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<Diagnostic[]> {
    const known = this.diagnostics.get(uri);
    if (known !== undefined && test(known)) return Promise.resolve(known.diagnostics);
    return new Promise(resolve => this.waiters.push({ uri, test, resolve: p => resolve(p.diagnostics) }));
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    await new Promise<void>(resolve => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())));
    this.connection.dispose();
  }
}
