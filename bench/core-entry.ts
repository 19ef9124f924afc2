// What the benchmarks reach into: the same modules the server and CLI bundle.
export { parseEventDocument, documentProblems } from '../server/src/core/parse/eventDocument';
export { buildSessionIndex } from '../server/src/core/sessions/buildSessionIndex';
export { findDefinition } from '../server/src/core/features/sessionNavigation';
export { TextDocument } from 'vscode-languageserver-textdocument';
export { reparseRegion } from '../server/src/core/parse/eventDocument';
export { changedRegion } from '../server/src/core/parse/textEdit';
export { evaluatePolicy } from '../server/src/core/policy/evaluatePolicy';
export { patchFindings } from '../server/src/core/policy/patchFindings';
export { recorrelateComputers } from '../server/src/core/sessions/recorrelate';
export { readChunk } from '../server/src/core/evtx/evtxFile';
export { readEventRecord } from '../server/src/core/evtx/eventRecord';
export { BinXmlChunk, parseBinXml } from '../server/src/core/evtx/binxml';
export { renderBinXml } from '../server/src/core/evtx/render';
export { parseEvent } from '../server/src/core/parse/parseEvent';
export { renderRecordUtf8, Utf8Sink } from '../server/src/core/evtx/renderUtf8';
export { readChunkWith } from '../server/src/core/evtx/evtxFile';
export { WindowTracker } from '../server/src/core/policy/windows/windowRules';
