import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeProblems } from './core/features/diagnostics';
import { decodeBytes } from './core/parse/decodeBytes';
import { parseEventDocument } from './core/parse/eventDocument';
import { Problem } from './core/parse/model';
import { isEventXml } from './core/parse/sniff';
import { evaluatePolicy, levelProblems } from './core/policy/evaluatePolicy';
import { EMPTY_POLICY, Policy } from './core/policy/policy';
import { readPolicy } from './core/policy/readPolicy';
import { buildSessionIndex } from './core/sessions/buildSessionIndex';
import { EventDocument } from './core/parse/eventDocument';

/**
 * The command-line face: the same analysis as the editor, over files and folders.
 *   logon-lens check FILE|FOLDER…   prints `file:line:col severity code message` for each problem.
 * Exit codes: 0 no errors, 1 errors found, 2 usage or input error.
 */

const VERSION = '0.1.0';
const USAGE = `Usage: logon-lens check [--policy FILE] <file or folder>...

Checks Windows Security event XML exports (wevtutil, Get-WinEvent ToXml, Event Viewer "Save as XML")
and prints each problem as  file:line:col severity code message.
Folders are searched for .xml files; sessions are correlated across all the files given.

Options:
  --policy FILE  the policy to check against (default: logon-policy.json or
                 .vscode/logon-policy.json in the current folder, if present)
  -h, --help     show this help
  -v, --version  show the version

Exit codes: 0 no errors, 1 errors found, 2 usage or input error.`;

interface Counts {
  files: number;
  events: number;
  error: number;
  warning: number;
  information: number;
}

function main(argv: string[]): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.includes('-v') || argv.includes('--version')) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...args] = argv;
  if (command !== 'check') {
    process.stderr.write(`logon-lens: ${command === undefined ? 'no command given' : `unknown command '${command}'`}.\n\n${USAGE}\n`);
    return 2;
  }
  let policyFile: string | undefined;
  const policyAt = args.indexOf('--policy');
  if (policyAt >= 0) {
    policyFile = args[policyAt + 1];
    if (policyFile === undefined) {
      process.stderr.write(`logon-lens: --policy needs a file. See 'logon-lens --help'.\n`);
      return 2;
    }
    args.splice(policyAt, 2);
  }
  const unknownOption = args.find(a => a.startsWith('-'));
  if (unknownOption !== undefined) {
    process.stderr.write(`logon-lens: unknown option '${unknownOption}'. See 'logon-lens --help'.\n`);
    return 2;
  }
  const policy = loadPolicy(policyFile);
  if (policy === undefined) return 2;
  if (args.length === 0) {
    process.stderr.write(`logon-lens check: name at least one file or folder. See 'logon-lens --help'.\n`);
    return 2;
  }
  const files: string[] = [];
  for (const arg of args) {
    if (!fs.existsSync(arg)) {
      process.stderr.write(`logon-lens: '${arg}' does not exist. Check the path and try again.\n`);
      return 2;
    }
    files.push(...(fs.statSync(arg).isDirectory() ? xmlFilesUnder(arg) : [arg]));
  }
  const counts: Counts = { files: 0, events: 0, error: 0, warning: 0, information: 0 };
  checkFiles(files, policy, counts);
  const summary = `${plural(counts.files, 'file')}, ${plural(counts.events, 'event')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information.`;
  process.stderr.write(`${summary}\n`);
  return counts.error > 0 ? 1 : 0;
}

/** Reads the policy file: the one named, else the one the editor would find; undefined after reporting an unusable one. */
function loadPolicy(named: string | undefined): Policy | undefined {
  const file = named ?? ['logon-policy.json', path.join('.vscode', 'logon-policy.json')].find(f => fs.existsSync(f));
  if (file === undefined) return EMPTY_POLICY;
  if (!fs.existsSync(file)) {
    process.stderr.write(`logon-lens: policy file '${file}' does not exist.\n`);
    return undefined;
  }
  const text = decodeBytes(fs.readFileSync(file));
  const { policy, problems } = readPolicy(text);
  const positions = TextDocument.create(path.resolve(file), 'json', 1, text);
  for (const problem of problems) process.stderr.write(`${format(file, positions, problem)}\n`);
  if (policy === undefined) {
    process.stderr.write(`logon-lens: the policy file '${file}' has errors; fix them and run again.\n`);
    return undefined;
  }
  return policy;
}

interface Checked {
  file: string;
  doc: EventDocument;
  positions: TextDocument;
}

/** Checks all files together, so that sessions link across them as in the editor. */
function checkFiles(files: readonly string[], policy: Policy, counts: Counts): void {
  const checked: Checked[] = [];
  for (const file of files) {
    const text = decodeBytes(fs.readFileSync(file));
    if (!isEventXml(text)) {
      process.stderr.write(`${file}: no Windows event XML found (the event namespace is missing); skipped.\n`);
      continue;
    }
    checked.push({ file, doc: parseEventDocument(text), positions: TextDocument.create(path.resolve(file), 'xml', 1, text) });
  }
  const documents = checked.map(c => [c.file, c.doc] as [string, EventDocument]);
  const findings = evaluatePolicy(documents, buildSessionIndex(documents), policy);
  for (const { file, doc, positions } of checked) {
    counts.files++;
    counts.events += doc.events.length;
    const problems = [...levelProblems(computeProblems(doc), policy), ...(findings.get(file) ?? [])].sort((a, b) => a.start - b.start);
    for (const problem of problems) {
      counts[problem.severity]++;
      process.stdout.write(`${format(file, positions, problem)}\n`);
    }
  }
}

function format(file: string, positions: TextDocument, problem: Problem): string {
  const { line, character } = positions.positionAt(problem.start);
  return `${file}:${line + 1}:${character + 1} ${problem.severity} ${problem.code} ${problem.message}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function xmlFilesUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...xmlFilesUnder(full));
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.xml')) found.push(full);
  }
  return found;
}

process.exitCode = main(process.argv.slice(2));
