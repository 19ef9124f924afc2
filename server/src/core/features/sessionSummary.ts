import { logonType } from '../knowledge/logonTypes';
import { SESSION_EVENTS } from '../knowledge/logonIds';
import { Session, SessionFacts } from '../sessions/model';
import { formatDuration, formatUtc } from '../parse/systemTime';
import { markdownCode, visibleLabel } from '../text/display';

/** `CORP\alice`, or the SID, or '(unknown account)'. */
export function accountOf(session: Pick<SessionFacts<unknown>, 'account'>): string {
  const { user, domain, sid } = session.account;
  if (user !== undefined) return domain !== undefined ? `${domain}\\${user}` : user;
  return sid ?? '(unknown account)';
}

export function logonTypeName(session: Pick<SessionFacts<unknown>, 'logonType'>): string | undefined {
  if (session.logonType === undefined) return undefined;
  return logonType(session.logonType)?.name ?? `type ${session.logonType}`;
}

/** How the session ended, in a few words: for the editor's sessions and the command line's alike. */
export function endingOf(session: SessionFacts<{ eventId: number }>): string {
  const { end } = session;
  if (end === undefined) return 'still open as far as the data shows';
  switch (end.kind) {
    case 'logoff': return end.ref.eventId === SESSION_EVENTS.userLogoff ? 'user logged off (4647)' : session.userLogoff !== undefined ? 'user logged off (4647, 4634)' : 'logged off (4634)';
    case 'shutdown': return `ended with the shutdown (${end.ref.eventId})`;
    case 'restart': return 'ended with a restart (no shutdown logged)';
  }
}

/**
 * How many events name the session: its own, and the other half of a split-token pair whose
 * TargetLinkedLogonId names it. The same events that Find All References (and the lens) list.
 */
export function eventsNaming(session: Session): number {
  return new Set(session.occurrences.map(o => o.ref)).size;
}

function utc(ms: number): string {
  return `${formatUtc(ms, true) ?? '?'} UTC`;
}

/** One line, for a code lens above the 4624. */
export function sessionLine(session: Session): string {
  const parts = [visibleLabel(accountOf(session), 60)];
  const type = logonTypeName(session);
  if (type !== undefined) parts.push(type);
  const source = session.source.ip ?? session.source.workstation;
  if (source !== undefined) parts.push(`from ${visibleLabel(source, 60)}`);
  if (session.end !== undefined) parts.push(`${formatDuration(session.end.time - session.start)}, ${endingOf(session)}`);
  else parts.push('still open');
  const events = eventsNaming(session);
  parts.push(`${events} event${events === 1 ? '' : 's'}`);
  if (session.privileges !== undefined) parts.push('privileged');
  return parts.join(' · ');
}

/** The markdown summary shown when hovering any Logon ID of the session. */
export function sessionMarkdown(session: Session): string {
  const type = logonTypeName(session);
  const lines = [`**Session of ${markdownCode(accountOf(session))}**${type === undefined ? '' : ` · ${type} (${session.logonType})`} on ${markdownCode(session.computer)}`];
  const { ip, workstation } = session.source;
  if (ip !== undefined || workstation !== undefined) lines.push(`- Source: ${[ip, workstation].filter((s): s is string => s !== undefined && s !== '').map(s => markdownCode(s)).join(', ')}`);
  lines.push(`- Start: ${utc(session.start)} (4624, record ${session.logon.recordId})`);
  if (session.end !== undefined) {
    lines.push(`- End: ${utc(session.end.time)}, ${endingOf(session)}, after ${formatDuration(session.end.time - session.start)}`);
  } else {
    lines.push('- End: still open as far as the data shows');
  }
  lines.push(`- Privileged: ${session.privileges !== undefined ? `yes (4672, record ${session.privileges.recordId})` : 'no 4672 in view'}`);
  lines.push(`- Events: ${eventsNaming(session)}`);
  if (session.linked !== undefined) {
    lines.push(`- Linked session: 0x${session.linked.logonId.toString(16)} (${markdownCode(accountOf(session.linked))}, the other half of a split-token logon)`);
  }
  return lines.join('\n');
}
