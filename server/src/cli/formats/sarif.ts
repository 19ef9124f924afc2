import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Position } from 'vscode-languageserver-types';
import { RULE_CATALOG, ruleDocsUri } from '../../core/ruleCatalog';
import { Severity } from '../../core/parse/model';
import { PACKAGE_ROOT } from '../../packageRoot';
import { indent } from './json';
import { Finding } from '../checkExports';
import { FindingWriter, recordFragment } from './writer';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note' };
const RESULTS = '@@results@@';

/**
 * SARIF 2.1.0, as GitHub code scanning takes it: rule metadata with each rule's page as help,
 * results with precise regions (columns in UTF-16 code units, SARIF's default), and the
 * evidence as related locations. Paths are relative to the current folder. Results are written
 * one by one between the log's head and tail.
 */
export function sarifWriter(out: (text: string) => void, version: string): FindingWriter {
  const rules = RULE_CATALOG.map(rule => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.summary },
    helpUri: ruleDocsUri(PACKAGE_ROOT, rule.id),
    help: ruleHelp(rule.id, rule.summary),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Logon Lens', semanticVersion: version, rules } }, columnKind: 'utf16CodeUnits', results: [RESULTS] }],
  };
  // The log, pretty-printed, with its results array cut out: results go between head and tail.
  const whole = JSON.stringify(log, null, 2);
  const marker = whole.indexOf(`"${RESULTS}"`);
  const lineStart = whole.lastIndexOf('\n', marker) + 1;
  const head = whole.slice(0, lineStart - 1); // ends with `"results": [`
  const tail = whole.slice(marker + RESULTS.length + 2); // begins with the line that closes it
  const resultIndent = whole.slice(lineStart, marker);

  let count = 0;
  out(head);
  return {
    write(f) {
      const result = {
        ruleId: f.problem.code,
        ...(ruleIndex.has(f.problem.code) ? { ruleIndex: ruleIndex.get(f.problem.code) } : {}),
        level: LEVEL[f.problem.severity],
        // An .evtx has no lines: the record is named in the message (viewers show it) and as a
        // logical location, and its bytes are the region.
        message: { text: f.place?.record !== undefined ? `${f.problem.message} (record ${f.place.record})` : f.problem.message },
        locations: [{ physicalLocation: physical(f.file, f.start, f.end, f.place), ...logical(f.place) }],
        ...(f.related.length > 0 ? {
          relatedLocations: f.related.map((r, id) => ({ id, message: { text: r.message }, physicalLocation: physical(r.file, r.start, r.end, r.place), ...logical(r.place) })),
        } : {}),
      };
      out(`${count++ === 0 ? '\n' : ',\n'}${indent(JSON.stringify(result, null, 2), resultIndent)}`);
    },
    end() {
      out(`${count === 0 ? tail.replace(/^\n\s*/, '') : tail}\n`);
    },
  };
}

function physical(file: string, from: Position, to: Position, place: Finding['place']): object {
  const artifactLocation = { uri: artifactUri(file) };
  if (place === undefined) return { artifactLocation, region: region(from, to) };
  if (place.byteOffset === undefined || place.byteLength === undefined) return { artifactLocation };
  return { artifactLocation, region: { byteOffset: place.byteOffset, byteLength: place.byteLength } };
}

function logical(place: Finding['place']): object {
  const fragment = recordFragment(place);
  return fragment === undefined ? {} : { logicalLocations: [{ name: fragment.replace('=', ' '), kind: 'element' }] };
}

function region(from: Position, to: Position): object {
  return { startLine: from.line + 1, startColumn: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
}

/**
 * A relative URI reference for files under the current folder (as code scanning wants), else a
 * file URI; either percent-encoded, so spaces, %, #, ? and non-ASCII names stay valid URIs.
 */
export function artifactUri(name: string): string {
  if (name === '<stdin>') return 'stdin';
  const absolute = path.resolve(name);
  const relative = path.relative(process.cwd(), absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return pathToFileURL(absolute).toString();
  // pathToFileURL encodes every segment as a URI needs; keep its path past the current folder's.
  const base = pathToFileURL(process.cwd().endsWith(path.sep) ? process.cwd() : `${process.cwd()}${path.sep}`).toString();
  return pathToFileURL(absolute).toString().slice(base.length);
}

/** The rule's page, shipped beside the bundle, as the result's help text. */
function ruleHelp(id: string, summary: string): { text: string; markdown?: string } {
  try {
    const markdown = fs.readFileSync(new URL(ruleDocsUri(PACKAGE_ROOT, id)), 'utf8');
    return { text: summary, markdown };
  } catch {
    return { text: summary };
  }
}
