import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeProblems } from './core/features/diagnostics';
import { doHover } from './core/features/hover';
import { DocumentModels } from './documentModels';
import { toDiagnostic } from './toDiagnostic';

/**
 * The language server: LSP wiring only. Every answer comes from core/. Runs over stdio
 * (`node dist/server.js --stdio`) or Node IPC (how the VS Code client starts it).
 */

/** More than this many diagnostics in one file helps nobody; the rest are summarised. */
const MAX_DIAGNOSTICS = 5000;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new DocumentModels();
const localTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

connection.onInitialize((): InitializeResult => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
  },
  serverInfo: { name: 'Logon Lens', version: process.env.LOGON_LENS_VERSION ?? '0.1.0' },
}));

// Diagnostics wait for typing to pause; a large export waits a little longer.
const pending = new Map<string, NodeJS.Timeout>();
function scheduleValidation(text: TextDocument): void {
  clearTimeout(pending.get(text.uri));
  const delay = text.getText().length > 5_000_000 ? 400 : 100;
  pending.set(text.uri, setTimeout(() => {
    pending.delete(text.uri);
    validate(text.uri);
  }, delay));
}

function validate(uri: string): void {
  const text = documents.get(uri);
  if (text === undefined) return;
  const doc = models.get(text);
  const problems = doc === undefined ? [] : computeProblems(doc);
  const diagnostics = problems.slice(0, MAX_DIAGNOSTICS).map(p => toDiagnostic(text, p));
  if (problems.length > MAX_DIAGNOSTICS) {
    diagnostics.push({
      range: diagnostics[diagnostics.length - 1]!.range,
      severity: 3,
      source: 'logon-lens',
      message: `${problems.length - MAX_DIAGNOSTICS} more problems are not shown. Run 'logon-lens check' on this file to see them all.`,
    });
  }
  void connection.sendDiagnostics({ uri, version: text.version, diagnostics });
}

documents.onDidChangeContent(change => scheduleValidation(change.document));
documents.onDidClose(event => {
  clearTimeout(pending.get(event.document.uri));
  pending.delete(event.document.uri);
  models.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onHover(params => {
  const text = documents.get(params.textDocument.uri);
  const doc = text === undefined ? undefined : models.get(text);
  if (text === undefined || doc === undefined) return null;
  return doHover(text, doc, params.position, {
    sidNames: models.sidNames(documents.all()),
    formatLocalTime: ms => localTime.format(new Date(ms)),
  });
});

documents.listen(connection);
connection.listen();
