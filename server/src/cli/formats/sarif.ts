import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_CATALOG } from '../../core/ruleCatalog';
import { Severity } from '../../core/parse/model';
import { ruleDocsUri } from '../../ruleDocs';
import { Finding } from '../analyze';
import { Input } from '../inputs';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note' };

/**
 * SARIF 2.1.0, as GitHub code scanning takes it: rule metadata with each rule's page as help,
 * results with precise regions (columns in UTF-16 code units, SARIF's default), and the
 * evidence as related locations. Paths are relative to the current folder.
 */
export function formatSarif(findings: readonly Finding[], inputs: readonly Input[], version: string): string {
  const rules = RULE_CATALOG.map(rule => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.summary },
    helpUri: ruleDocsUri(rule.id),
    help: ruleHelp(rule.id, rule.summary),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const byName = new Map(inputs.map(i => [i.name, i]));
  const region = (input: Input, start: number, end: number) => {
    const from = input.positions.positionAt(start);
    const to = input.positions.positionAt(end);
    return { startLine: from.line + 1, startColumn: from.character + 1, endLine: to.line + 1, endColumn: to.character + 1 };
  };
  const results = findings.map(f => ({
    ruleId: f.problem.code,
    ...(ruleIndex.has(f.problem.code) ? { ruleIndex: ruleIndex.get(f.problem.code) } : {}),
    level: LEVEL[f.problem.severity],
    message: { text: f.problem.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(f.input.name) }, region: region(f.input, f.problem.start, f.problem.end) } }],
    ...(f.problem.related?.length ? {
      relatedLocations: f.problem.related.flatMap((r, id) => {
        const input = byName.get(r.uri);
        return input === undefined ? [] : [{ id, message: { text: r.message }, physicalLocation: { artifactLocation: { uri: artifactUri(r.uri) }, region: region(input, r.start, r.end) } }];
      }),
    } : {}),
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Logon Lens', semanticVersion: version, rules } }, columnKind: 'utf16CodeUnits', results }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** A relative path for files under the current folder (as code scanning wants), else a file URI. */
function artifactUri(name: string): string {
  if (name === '<stdin>') return 'stdin';
  const relative = path.relative(process.cwd(), path.resolve(name));
  return relative.startsWith('..') || path.isAbsolute(relative) ? pathToFileURL(path.resolve(name)).toString() : relative.split(path.sep).join('/');
}

/** The rule's page, shipped beside the bundle, as the result's help text. */
function ruleHelp(id: string, summary: string): { text: string; markdown?: string } {
  try {
    const markdown = fs.readFileSync(new URL(ruleDocsUri(id)), 'utf8');
    return { text: summary, markdown };
  } catch {
    return { text: summary };
  }
}
