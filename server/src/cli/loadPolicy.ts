import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes } from '../core/parse/decodeBytes';
import { EMPTY_POLICY, Policy } from '../core/policy/policy';
import { formatPath, readPolicy } from '../core/policy/readPolicy';
import { terminalText } from './formats/safeText';
import { UsageError } from './usageError';

/** Where a project folder keeps its policy, as the editor looks for it. */
const CANDIDATES = ['logon-policy.json', path.join('.vscode', 'logon-policy.json')];

/** A policy file larger than this is not a policy. */
const MAX_POLICY_BYTES = 4 * 1024 * 1024;

/** The policy in force, and where it came from, to print. */
export interface LoadedPolicy {
  policy: Policy;
  source: string;
}

/**
 * The policy named with --policy, or the one of the project folder named with --project. Never a
 * policy found by chance: an evidence folder's own logon-policy.json must not turn rules off
 * unseen. Errors are usage errors (exit 2) with positions.
 */
export function loadPolicy(named: string | undefined, project: string | undefined): LoadedPolicy {
  if (named !== undefined && project !== undefined) throw new UsageError('give --policy or --project, not both.');
  let file = named;
  if (project !== undefined) {
    if (!isDirectory(project)) throw new UsageError(`--project '${terminalText(project)}' is not a folder.`);
    file = CANDIDATES.map(c => path.join(project, c)).find(f => fs.existsSync(f));
    if (file === undefined) throw new UsageError(`the project folder '${terminalText(project)}' has no logon-policy.json (nor .vscode/logon-policy.json).`);
  }
  if (file === undefined) return { policy: EMPTY_POLICY, source: 'none (built-in defaults; give --policy FILE to use one)' };
  const text = readPolicyFile(file);
  const { policy, problems } = readPolicy(text);
  const errors = problems.filter(p => p.severity === 'error');
  if (policy === undefined || errors.length > 0) {
    const where = (offset: number): string => {
      const before = text.slice(0, offset).split('\n');
      return `${terminalText(file!)}:${before.length}:${before[before.length - 1]!.length + 1}`;
    };
    throw new UsageError(`the policy file has errors; fix them and run again:\n${errors.slice(0, 20).map(p => `  ${where(p.start)} ${terminalText(formatPath(p.path))}: ${terminalText(p.message)}`).join('\n')}`);
  }
  return { policy, source: path.resolve(file) };
}

/** Reads a policy file, refusing what is not a regular file (a FIFO would block, a folder throw). */
function readPolicyFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`policy file '${terminalText(file)}' does not exist.`);
  }
  if (stat.isDirectory()) throw new UsageError(`policy '${terminalText(file)}' is a folder; give the logon-policy.json inside it, or use --project.`);
  if (!stat.isFile()) throw new UsageError(`policy '${terminalText(file)}' is not a regular file (a pipe or a device); give a file.`);
  if (stat.size > MAX_POLICY_BYTES) throw new UsageError(`policy '${terminalText(file)}' is ${stat.size} bytes; a policy is a few KB.`);
  try {
    return decodeBytes(fs.readFileSync(file));
  } catch (error) {
    throw new UsageError(`cannot read policy '${terminalText(file)}': ${(error as Error).message}`);
  }
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
