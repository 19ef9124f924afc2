import type { TextDocument } from 'vscode-languageserver-textdocument';
import { InlayHint } from 'vscode-languageserver-types';
import { LOGON_ID_FIELDS } from '../knowledge/logonIds';
import { logonType } from '../knowledge/logonTypes';
import { describeSid, isSidField } from '../knowledge/sids';
import { EventDocument } from '../parse/eventDocument';
import { Field } from '../parse/model';
import { SessionIndex } from '../sessions/model';
import { occurrenceAt } from '../sessions/occurrenceAt';
import { learnedNamesOf, pairedAccount, SidNames } from './learnedNames';
import { accountOf } from './sessionSummary';
import { visibleLabel } from '../text/display';

export interface InlayHintOptions {
  logonTypes: boolean;
  sids: boolean;
  logonIds: boolean;
}

/** Short labels after values in [start, end): the logon type's name, a SID's account, `→ account` after a linked Logon ID. */
export function inlayHints(
  positions: TextDocument, doc: EventDocument, uri: string, start: number, end: number,
  options: InlayHintOptions, sidNames: SidNames, sessions: SessionIndex | undefined,
): InlayHint[] {
  const hints: InlayHint[] = [];
  const add = (base: number, field: Field, label: string): void => {
    hints.push({ position: positions.positionAt(base + field.end), label: visibleLabel(label, 60), paddingLeft: true });
  };
  for (const { offset, record } of doc.events) {
    if (offset + record.length < start) continue;
    if (offset > end) break;
    for (const field of record.data) {
      if (offset + field.end < start || offset + field.start > end) continue;
      if (options.logonTypes && field.name === 'LogonType') {
        const type = logonType(Number(field.value.trim()));
        if (type !== undefined && field.value.trim() !== '') add(offset, field, type.name);
      } else if (options.sids && isSidField(field.name)) {
        const name = sidName(field.value.trim().toUpperCase(), record.system.Computer?.value, sidNames);
        // The event's own name field beside it already says who it is; a name that differs is worth showing.
        if (name !== undefined && !sameUser(name, pairedAccount(record, field.name))) add(offset, field, name);
      } else if (options.logonIds && sessions !== undefined && LOGON_ID_FIELDS.has(field.name)) {
        const occurrence = occurrenceAt(sessions, uri, offset + field.start);
        const session = occurrence?.session;
        if (session !== undefined && !(occurrence!.role === 'logon' && session.logon === occurrence!.ref)) add(offset, field, `→ ${accountOf(session)}`);
      }
    }
  }
  return hints;
}

/** Whether two account names name the same user (the domain part aside, without case). */
function sameUser(a: string, b: string | undefined): boolean {
  const user = (name: string): string => name.slice(name.lastIndexOf('\\') + 1).toLowerCase();
  return b !== undefined && user(a) === user(b);
}

/** The account a SID stands for: the name the data pairs it with most, else its well-known name. */
function sidName(sid: string, computer: string | undefined, sidNames: SidNames): string | undefined {
  const learned = learnedNamesOf(sidNames, sid, computer);
  if (learned.length > 0) return learned[0]![0];
  const description = describeSid(sid);
  return description.kind === 'well-known' || description.kind === 'pattern' ? description.fact.name : undefined;
}
