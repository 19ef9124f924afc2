import { Finding } from '../checkExports';
import { FindingWriter } from './writer';

/**
 * A JSON array of every finding: file, 1-based line and column of start and end, severity, code,
 * message, account, and evidence (file, line, column, message). Written item by item.
 */
export function jsonWriter(out: (text: string) => void): FindingWriter {
  let count = 0;
  return {
    write(finding) {
      out(`${count++ === 0 ? '[\n' : ',\n'}${indent(JSON.stringify(toJson(finding), null, 2), '  ')}`);
    },
    end() {
      out(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}

function toJson(f: Finding): object {
  // An .evtx has no lines: its findings name the record, or the chunk.
  const where = f.place !== undefined
    ? { record: f.place.record, chunk: f.place.chunk }
    : { line: f.start.line + 1, column: f.start.character + 1, endLine: f.end.line + 1, endColumn: f.end.character + 1 };
  return {
    file: f.file,
    ...where,
    severity: f.problem.severity,
    code: f.problem.code,
    message: f.problem.message,
    account: f.problem.account,
    related: f.related.length === 0 ? undefined : f.related.map(r => ({ file: r.file, ...(r.place !== undefined ? { record: r.place.record } : { line: r.start.line + 1, column: r.start.character + 1 }), message: r.message })),
  };
}

export function indent(text: string, by: string): string {
  return text.replace(/^/gm, by);
}
