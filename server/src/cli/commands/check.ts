import { Severity } from '../../core/parse/model';
import { choice, parseArgs } from '../args';
import { checkExports } from '../checkExports';
import { FirstLook } from '../firstLook';
import { findingsFor } from '../../core/findings';
import { correlateExports } from '../correlateExports';
import { jsonWriter } from '../formats/json';
import { sarifWriter } from '../formats/sarif';
import { textWriter } from '../formats/text';
import { buffered } from '../formats/writer';
import { openInputs } from '../inputs';
import { PassProgress } from '../passProgress';
import { loadPolicy } from '../loadPolicy';
import { terminalText } from '../formats/safeText';
import { MAX_GZIP_RATIO } from '../stream/readExport';
import { UsageError } from '../usageError';
import { CliContext } from './context';

export const CHECK_HELP = `Usage: logon-lens check [options] <file or folder>...

Checks Windows Security event exports (wevtutil, Get-WinEvent ToXml, Event Viewer "Save as XML")
with the same rules as the editor. Folders are searched for .xml and .xml.gz files; '-' reads
standard input. All inputs are checked together, so sessions link across them.

Exports are read as streams, event by event, in two passes (sessions, then checks of the events
the first pass could not settle alone): no export is ever held whole. What correlation needs of
each event is sorted in temporary files (about 50 bytes an event, in TMPDIR, removed on exit), so
memory grows with the sessions, not the events: under 1 KB per session, some 160 MB of heap for
230,000 sessions. A gzip export that expands more than ${MAX_GZIP_RATIO}-fold is refused as a likely
gzip bomb. On a terminal, a progress bar shows on standard error.

Options:
  --format text|json|sarif   output format (default text: file:line:col severity code message)
  --fail-on error|warning|information|none
                             exit 1 when there is a finding at or above this level (default warning)
  --policy FILE              the policy to apply (default: none, the built-in defaults)
  --project FOLDER           apply FOLDER's logon-policy.json (or .vscode/logon-policy.json)
                             A policy found in the current folder is never used unasked: an
                             evidence folder must not turn rules off. The policy used is printed.
  -h, --help                 this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error,
3 internal error (a bug: please report it), 130 interrupted, 141 output closed early (| head).`;

const RANK: Record<Severity, number> = { information: 1, warning: 2, error: 3 };
const THRESHOLD = { information: 1, warning: 2, error: 3, none: Infinity } as const;

export async function check(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseArgs(args, ['--format', '--fail-on', '--policy', '--project'], [], 'check');
  const format = choice(parsed, '--format', ['text', 'json', 'sarif'] as const, 'text');
  const failOn = choice(parsed, '--fail-on', ['error', 'warning', 'information', 'none'] as const, 'warning');
  if (parsed.positional.length === 0) throw new UsageError("name at least one file or folder, or '-' for standard input. See 'logon-lens check --help'.");
  const { policy, source } = loadPolicy(parsed.options.get('--policy'), parsed.options.get('--project'));
  context.warn(`policy: ${terminalText(source)}`);
  const inputs = await openInputs(parsed.positional, context.warn);
  const progress = new PassProgress(context.progress, inputs.files, ['reading', 'checking']);
  const out = buffered(context.out);
  const writer = format === 'json' ? jsonWriter(out.write) : format === 'sarif' ? sarifWriter(out.write, context.version) : textWriter(out.write, context.colour);
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0 };
  let failed = false;
  try {
    // Two passes: sessions first (a logon may come after its logoff, or in another file), then the
    // events whose findings the first pass could not settle alone.
    const look = new FirstLook(findingsFor(policy));
    const correlation = await correlateExports(inputs.files, context.warn, progress.pass(0), look);
    look.unsettleNamed(correlation.names);
    await checkExports(correlation, policy, finding => {
      writer.write(finding);
      counts[finding.problem.severity]++;
      failed ||= RANK[finding.problem.severity] >= THRESHOLD[failOn];
    }, progress.pass(1));
    writer.end();
    progress.finish();
    out.flush();
    const files = correlation.inputs.length;
    context.warn(`${plural(files, 'file')}, ${plural(correlation.events, 'event')}: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information.`);
  } finally {
    progress.finish();
    inputs.dispose();
  }
  return failed ? 1 : 0;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
