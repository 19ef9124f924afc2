// What the benchmarks reach into: the same modules the server and CLI bundle.
export { parseEventDocument, documentProblems } from '../server/src/core/parse/eventDocument';
