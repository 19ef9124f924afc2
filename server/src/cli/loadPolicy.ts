import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes } from '../core/parse/decodeBytes';
import { EMPTY_POLICY, Policy } from '../core/policy/policy';
import { readPolicy } from '../core/policy/readPolicy';
import { UsageError } from './usageError';

/** Where the editor looks for the workspace policy, relative to the workspace (here: the current folder). */
const CANDIDATES = ['logon-policy.json', path.join('.vscode', 'logon-policy.json')];

/** The policy named with --policy, else the one the editor would find; errors are usage errors with positions. */
export function loadPolicy(named: string | undefined): Policy {
  const file = named ?? CANDIDATES.find(f => fs.existsSync(f));
  if (file === undefined) return EMPTY_POLICY;
  if (!fs.existsSync(file)) throw new UsageError(`policy file '${file}' does not exist.`);
  const text = decodeBytes(fs.readFileSync(file));
  const { policy, problems } = readPolicy(text);
  const errors = problems.filter(p => p.severity === 'error');
  if (policy === undefined || errors.length > 0) {
    const where = (offset: number): string => {
      const before = text.slice(0, offset).split('\n');
      return `${file}:${before.length}:${before[before.length - 1]!.length + 1}`;
    };
    throw new UsageError(`the policy file has errors; fix them and run again:\n${errors.map(p => `  ${where(p.start)} ${p.message}`).join('\n')}`);
  }
  return policy;
}
