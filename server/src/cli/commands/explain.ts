import { explainEvent, explainInsertionCode, explainLogonId, explainLogonType, explainSid, explainStatus } from '../../core/features/explain';
import { EVENTLOG_PROVIDER, SECURITY_PROVIDER } from '../../core/knowledge/eventCatalog';
import { parseArgs } from '../args';
import { UsageError } from '../usageError';
import { CliContext } from './context';

export const EXPLAIN_HELP = `Usage: logon-lens explain [--as KIND] <value>

Says what a value of a Security event means, from the same tables as the editor's hovers:
  5                    a logon type (0–13)           S-1-5-18         a SID
  4624                 an event ID                    %%1842           a message insertion
  0xC000006A           a status code                  0x3e7            a Logon ID

--as logon-type|event|sid|insertion|status|logon-id says which, where a value could be several.`;

const KINDS = ['logon-type', 'event', 'sid', 'insertion', 'status', 'logon-id'] as const;
type Kind = typeof KINDS[number];

export function explain(args: readonly string[], context: CliContext): number {
  const parsed = parseArgs(args, ['--as'], [], 'explain');
  const value = parsed.positional.join(' ').trim();
  if (value === '') throw new UsageError("name a value to explain, e.g. 'logon-lens explain 4624'. See 'logon-lens explain --help'.");
  const as = parsed.options.get('--as');
  if (as !== undefined && !KINDS.includes(as as Kind)) throw new UsageError(`--as takes ${KINDS.join(', ')}; got '${as}'.`);
  const kind = (as as Kind | undefined) ?? guess(value);
  if (kind === undefined) throw new UsageError(`'${value}' is not a logon type, event ID, SID, %% code, status code or Logon ID. Use --as to say which it is.`);
  context.out(`${plainText(markdownFor(kind, value) ?? `'${value}' is not a ${kind}.`)}\n`);
  return 0;
}

function guess(value: string): Kind | undefined {
  if (/^S-1-/i.test(value)) return 'sid';
  if (/^%%\d+$/.test(value)) return 'insertion';
  if (/^0x[cC]0[0-9a-fA-F]{6}$/.test(value)) return 'status';
  if (/^0x[0-9a-fA-F]+$/.test(value)) return 'logon-id';
  if (/^\d{1,2}$/.test(value)) return 'logon-type';
  if (/^\d{3,5}$/.test(value)) return 'event';
  return undefined;
}

function markdownFor(kind: Kind, value: string): string | undefined {
  switch (kind) {
    case 'logon-type': return explainLogonType(value);
    case 'event': return explainEvent(/^110\d$/.test(value) ? EVENTLOG_PROVIDER : SECURITY_PROVIDER, value);
    case 'sid': return explainSid(value);
    case 'insertion': return explainInsertionCode(value);
    case 'status': return explainStatus(value, 'Status');
    case 'logon-id': return explainLogonId(value);
  }
}

/** Hover markdown for a terminal: no emphasis marks, links as "text: url". */
function plainText(markdown: string): string {
  return markdown.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1').replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1: $2')
    .replace(/\\([\\`*_{}[\]()#+!|<>~&.:$])/g, '$1');
}
