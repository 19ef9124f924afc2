import { Severity } from '../../core/parse/model';
import { analyze } from '../analyze';
import { choice, parseArgs } from '../args';
import { formatJson } from '../formats/json';
import { formatSarif } from '../formats/sarif';
import { formatText } from '../formats/text';
import { expandPaths, Input, readInput } from '../inputs';
import { loadPolicy } from '../loadPolicy';
import { UsageError } from '../usageError';
import { CliContext } from './context';

export const CHECK_HELP = `Usage: logon-lens check [options] <file or folder>...

Checks Windows Security event exports (wevtutil, Get-WinEvent ToXml, Event Viewer "Save as XML")
with the same rules as the editor. Folders are searched for .xml and .xml.gz files; '-' reads
standard input. All inputs are checked together, so sessions link across them.

Options:
  --format text|json|sarif   output format (default text: file:line:col severity code message)
  --fail-on error|warning|information|none
                             exit 1 when there is a finding at or above this level (default warning)
  --policy FILE              the policy (default: logon-policy.json or .vscode/logon-policy.json
                             in the current folder, if present)
  -h, --help                 this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error.`;

const RANK: Record<Severity, number> = { information: 1, warning: 2, error: 3 };
const THRESHOLD = { information: 1, warning: 2, error: 3, none: Infinity } as const;

export function check(args: readonly string[], context: CliContext): number {
  const parsed = parseArgs(args, ['--format', '--fail-on', '--policy'], [], 'check');
  const format = choice(parsed, '--format', ['text', 'json', 'sarif'] as const, 'text');
  const failOn = choice(parsed, '--fail-on', ['error', 'warning', 'information', 'none'] as const, 'warning');
  if (parsed.positional.length === 0) throw new UsageError("name at least one file or folder, or '-' for standard input. See 'logon-lens check --help'.");
  const policy = loadPolicy(parsed.options.get('--policy'));
  const inputs = expandPaths(parsed.positional).map(file => readInput(file, context.warn)).filter((i): i is Input => i !== undefined);
  const { findings } = analyze(inputs, policy);

  if (format === 'json') context.out(formatJson(findings));
  else if (format === 'sarif') context.out(formatSarif(findings, inputs, context.version));
  else context.out(formatText(findings, context.colour));

  const count = (severity: Severity): number => findings.filter(f => f.problem.severity === severity).length;
  const events = inputs.reduce((n, i) => n + i.doc.events.length, 0);
  context.warn(`${plural(inputs.length, 'file')}, ${plural(events, 'event')}: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('information')} information.`);
  return findings.some(f => RANK[f.problem.severity] >= THRESHOLD[failOn]) ? 1 : 0;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
