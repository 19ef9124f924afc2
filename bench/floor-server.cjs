// The floor: a do-nothing language server on the same library as Logon Lens. It keeps the
// documents (incremental sync), counts `<Event ` on every change, publishes one diagnostic, and
// answers hovers with a fixed text. What it costs is what the transport and document sync cost.
// Started with --expose-gc, it collects its garbage once edits pause for 2 s, as Logon Lens does
// (server/src/idleCollector.ts): memory at rest is then compared like for like, not against
// garbage V8 has not yet collected.
const { createConnection, TextDocuments, TextDocumentSyncKind, ProposedFeatures } = require('vscode-languageserver/node');
const { TextDocument } = require('vscode-languageserver-textdocument');

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true } }));
let idle;
documents.onDidChangeContent(({ document }) => {
  if (typeof globalThis.gc === 'function') {
    clearTimeout(idle);
    idle = setTimeout(() => globalThis.gc(), 2000);
  }
  const text = document.getText();
  let count = 0;
  for (let i = text.indexOf('<Event '); i >= 0; i = text.indexOf('<Event ', i + 7)) count++;
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: `${count} events`, severity: 3 }] });
});
connection.onHover(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  if (document === undefined) return null;
  document.offsetAt(position);
  return { contents: 'floor' };
});
documents.listen(connection);
connection.listen();
