// What the benchmarks reach into: the same modules the server and CLI bundle.
export { parseEventDocument, documentProblems } from '../server/src/core/parse/eventDocument';
export { buildSessionIndex } from '../server/src/core/sessions/buildSessionIndex';
export { findDefinition } from '../server/src/core/features/sessionNavigation';
export { TextDocument } from 'vscode-languageserver-textdocument';
