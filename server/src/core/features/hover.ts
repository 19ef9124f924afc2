import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { LOGON_ID_FIELDS } from '../knowledge/logonIds';
import { isSidField, SID_LIST_FIELDS } from '../knowledge/sids';
import { STATUS_FIELDS } from '../knowledge/statusCodes';
import { EventDocument } from '../parse/eventDocument';
import { fieldAt, FieldHit } from '../parse/fieldAt';
import { Span } from '../parse/model';
import { formatDuration, parseSystemTime } from '../parse/systemTime';
import {
  explainFieldValue,
  explainEvent, explainInsertionCode, explainLogonId, explainLogonType, explainSid, explainStatus,
} from './explain';
import { isMachineLocalDomain, learnedNamesOf, SidNames } from './learnedNames';
import { describeSid } from '../knowledge/sids';
import { sessionMarkdown } from './sessionSummary';
import { markdownCode, markdownText } from '../text/display';
import { dataValue } from '../parse/model';
import { parseLogonId, wellKnownLogonId } from '../knowledge/logonIds';
import { SessionIndex } from '../sessions/model';
import { occurrenceAt } from '../sessions/occurrenceAt';

export interface HoverContext {
  /** Account names each SID appears with, across the loaded documents (or how to get them: only SID hovers need them). */
  sidNames: SidNames | (() => SidNames);
  /** Formats a time in the user's zone (the server uses the zone its client sends). */
  formatLocalTime?: (ms: number) => string;
  /**
   * The logon sessions, and this document's uri in them, for Logon ID hovers (or how to get them:
   * undefined while they are still being built).
   */
  sessions?: { index: SessionIndex; uri: string } | (() => { index: SessionIndex; uri: string } | undefined);
  /**
   * While files that may hold sessions are still being read (or their sessions built): how far
   * along. A session not found then is not known to be absent, and the hover says so instead.
   */
  indexing?: { done: number; total: number };
}

/** What to show for the value under `position`, or null where Logon Lens has nothing to say. */
export function doHover(text: TextDocument, doc: EventDocument, position: Position, context: HoverContext): Hover | null {
  const offset = text.offsetAt(position);
  const hit = fieldAt(doc, offset);
  if (hit === undefined) return null;
  const answer = explainField(hit, offset, doc, context);
  if (answer === undefined) return null;
  const base = hit.event.offset;
  return {
    contents: { kind: MarkupKind.Markdown, value: answer.markdown },
    range: { start: text.positionAt(base + answer.span.start), end: text.positionAt(base + answer.span.end) },
  };
}

interface Answer {
  markdown: string;
  /** Relative to the event, like the field spans. */
  span: Span;
}

function explainField(hit: FieldHit, offset: number, doc: EventDocument, context: HoverContext): Answer | undefined {
  const { field, event } = hit;
  const computer = event.record.system.Computer?.value;
  const whole = (markdown: string | undefined): Answer | undefined => (markdown === undefined ? undefined : { markdown, span: field });
  if (hit.system) {
    switch (field.name) {
      case 'EventID': return whole(explainEvent(event.record.system.Provider?.value, field.value));
      case 'UserID': return whole(explainSid(field.value, sidContext(context, field.value, computer)));
      case 'TimeCreated': return whole(explainTime(hit, doc, context));
      default: return undefined;
    }
  }
  if (field.name === 'LogonType') return whole(explainLogonType(field.value));
  if (LOGON_ID_FIELDS.has(field.name)) return whole(`${explainLogonId(field.value)}${sessionPart(offset, field.value, context)}`);
  if (isSidField(field.name)) return whole(explainSid(field.value, sidContext(context, field.value, computer)));
  const valueHelp = explainFieldValue(field.name, field.value, Number(event.record.system.EventID?.value));
  if (valueHelp !== undefined) return whole(valueHelp);
  if (STATUS_FIELDS.has(field.name)) {
    const eventId = Number(event.record.system.EventID?.value);
    return whole(explainStatus(field.value, field.name, dataValue(event.record, 'SubStatus'), eventId) ?? explainInsertionCode(field.value));
  }

  // Values that hold several items: a SID list (4627 GroupMembership), or several %% codes (AccessList).
  const token = tokenAt(doc.text, event.offset, field, offset);
  if (token === undefined) return undefined;
  if (SID_LIST_FIELDS.has(field.name) && token.text.startsWith('S-1-')) {
    return { markdown: explainSid(token.text, sidContext(context, token.text, computer)), span: token.span };
  }
  const code = explainInsertionCode(token.text);
  return code === undefined ? undefined : { markdown: code, span: token.span };
}

/** What the session index says of the Logon ID `value` at `offset`. */
function sessionPart(offset: number, value: string, context: HoverContext): string {
  if (context.sessions === undefined) return '';
  const sessions = typeof context.sessions === 'function' ? context.sessions() : context.sessions;
  if (sessions === undefined) {
    // Not built yet: a well-known Logon ID needs no session; any other is told to wait.
    const logonId = parseLogonId(value);
    return logonId === undefined || wellKnownLogonId(logonId) !== undefined ? '' : stillReading(context.indexing);
  }
  const occurrence = occurrenceAt(sessions.index, sessions.uri, offset);
  if (occurrence === undefined || wellKnownLogonId(occurrence.logonId) !== undefined) return '';
  if (occurrence.session !== undefined) return `\n\n${sessionMarkdown(occurrence.session)}`;
  if (context.indexing !== undefined) return stillReading(context.indexing);
  const name = occurrence.ref.event.record.system.Computer?.value;
  const computer = name === undefined ? 'this computer' : markdownCode(name);
  // A logoff's own diagnostic (orphan-logoff) explains why this is usually fine; the hover, shown
  // beside it, does not say it again.
  return occurrence.role === 'logoff'
    ? `\n\nNo 4624 for this Logon ID on ${computer} in this boot is in view.`
    : `\n\nNo session with this Logon ID on ${computer} in this boot is in view.`;
}

/** Said of a session not found while event files are read, or their sessions built. */
function stillReading(indexing: { done: number; total: number } | undefined): string {
  if (indexing === undefined) return '';
  const { done, total } = indexing;
  const count = (n: number): string => n.toLocaleString('en-US');
  if (total === 0) return `\n\n*Still finding the workspace's event files: this session's 4624 may be in one not read yet. Hover again in a moment.*`;
  return done < total
    ? `\n\n*Still reading event files (${count(done)} of ${count(total)}): this session's 4624 may be in one not read yet. Hover again in a moment.*`
    : `\n\n*Still linking the sessions of ${count(total)} event file${total === 1 ? '' : 's'}: hover again in a moment.*`;
}

/** The SID or %% code under the cursor inside a field's raw text. */
function tokenAt(text: string, base: number, field: Span, offset: number): { text: string; span: Span } | undefined {
  const raw = text.slice(base + field.start, base + field.end);
  const at = offset - base - field.start;
  for (const m of raw.matchAll(/S-1-[0-9-]+[0-9]|%%\d+/gi)) {
    const start = m.index;
    if (start <= at && at <= start + m[0].length) {
      return { text: m[0], span: { start: field.start + start, end: field.start + start + m[0].length } };
    }
  }
  return undefined;
}

/** What is known of a SID from the data: its names on this event's computer (or domain), and whether its domain is the computer's own. */
function sidContext(context: HoverContext, sid: string, computer: string | undefined): { names: [string, number][]; machineLocal: boolean } {
  const description = describeSid(sid.trim());
  const names = typeof context.sidNames === 'function' ? context.sidNames() : context.sidNames;
  return {
    names: learnedNamesOf(names, sid, computer),
    machineLocal: description.kind === 'domain' && isMachineLocalDomain(names, description.domainSid, computer),
  };
}

function explainTime(hit: FieldHit, doc: EventDocument, context: HoverContext): string {
  const time = parseSystemTime(hit.field.value);
  if (time === undefined) return `**${markdownText(hit.field.value)}**\n\nNot a readable ISO 8601 time.`;
  const iso = new Date(Math.floor(time.ms)).toISOString();
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${time.fraction === '' ? '' : `.${time.fraction.replace(/0+$/, '') || '0'}`} UTC`;
  const lines = [`**${utc}**`];
  if (context.formatLocalTime !== undefined) lines.push(`Local time: ${context.formatLocalTime(time.ms)}`);
  lines.push(gapToPrevious(hit, doc, time.ms));
  return lines.join('\n\n');
}

/** The gap to the previous event of the same computer, in time order (not file order). */
function gapToPrevious(hit: FieldHit, doc: EventDocument, ms: number): string {
  const computer = hit.event.record.system.Computer?.value;
  const recordId = Number(hit.event.record.system.EventRecordID?.value ?? NaN);
  let best: { ms: number; recordId: number } | undefined;
  for (const { record } of doc.events) {
    if (record === hit.event.record || record.system.Computer?.value !== computer) continue;
    const other = parseSystemTime(record.system.TimeCreated?.value ?? '');
    if (other === undefined) continue;
    const otherId = Number(record.system.EventRecordID?.value ?? NaN);
    const earlier = other.ms < ms || (other.ms === ms && otherId < recordId);
    if (earlier && (best === undefined || other.ms > best.ms || (other.ms === best.ms && otherId > best.recordId))) {
      best = { ms: other.ms, recordId: otherId };
    }
  }
  const where = computer === undefined ? 'this computer' : markdownCode(computer);
  if (best === undefined) return `The first event of ${where} in this file.`;
  return `${formatDuration(ms - best.ms)} after the previous event of ${where}${Number.isNaN(best.recordId) ? '' : ` (record ${best.recordId})`}.`;
}
