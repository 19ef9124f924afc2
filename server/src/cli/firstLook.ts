import { eventFindings, Findings } from '../core/findings';
import { SidNames } from '../core/features/learnedNames';
import { detachedCopy } from '../core/parse/detachedCopy';
import { LocatedEvent } from '../core/parse/model';
import { claimsKrbtgt, mismatchFlags, mismatchSubject } from '../core/policy/names/accountNameMismatch';
import { PolicyEvent } from '../core/policy/rule';
import { asKept, readAttempt } from '../core/policy/windows/attempt';
import { EventFacts } from '../core/sessions/eventFacts';
import { FirstPass } from './correlateExports';
import { InputFile } from './inputs';
import { SettledRecords } from './stream/settledRecords';

/**
 * What `check` does with each event in the first pass, beside correlating: it checks the event
 * alone and settles it when nothing read later can change what the second pass would find for it,
 * so that pass reads only the others. Keep in step with `checkExports`, which uses, besides what
 * an event says, its session (or its absence), the names every event gives SIDs, and the attempts
 * before it (window rules).
 */
export class FirstLook implements FirstPass {
  /**
   * Settled 4624s account-name-mismatch looks at, by SID and user part, with their records by
   * input: whether it flags them is known once every event's names are.
   */
  private readonly named = new Map<string, { subject: { sid: string; mine: string }; records: Map<SettledRecords, number[]> }>();

  constructor(private readonly findings: Findings) {}

  settles(input: InputFile, event: LocatedEvent, facts: EventFacts, settled: SettledRecords): boolean {
    let logon = false;
    for (const { role } of facts.logonIds) {
      // A logoff's session, or its absence (an orphan logoff), is a rule's input.
      if (role === 'logoff') return false;
      logon ||= role === 'logon';
    }
    // Window rules count attempts as they are read: the second pass reads every one. (The attempt
    // is only looked at, never kept: its values need no copies.)
    if (readAttempt(input.name, event, facts, asKept) !== undefined) return false;
    // A logon's rules may ask for its session: one that asks depends on which it is, or whether
    // there is one. Otherwise what they find without it is what they find.
    let asked = false;
    const policyEvent: PolicyEvent = logon
      ? { uri: input.name, event, facts, get session() { asked = true; return undefined; } }
      : { uri: input.name, event, facts };
    if (eventFindings(policyEvent, this.findings).length > 0 || asked) return false;

    const subject = mismatchSubject(event, facts, this.findings.policy);
    if (subject === undefined) return true;
    if (claimsKrbtgt(subject)) return false;
    const key = `${subject.sid}\0${subject.mine}`;
    let same = this.named.get(key);
    // Kept apart from the text they were read from (a slice would keep its whole piece alive).
    if (same === undefined) this.named.set(detachedCopy(key), (same = { subject: { sid: detachedCopy(subject.sid), mine: detachedCopy(subject.mine) }, records: new Map() }));
    let records = same.records.get(settled);
    if (records === undefined) same.records.set(settled, (records = []));
    records.push(settled.reading);
    return true;
  }

  /** Once every event is read: the settled 4624s account-name-mismatch flags are read again after all. */
  unsettleNamed(names: SidNames): void {
    for (const { subject, records } of this.named.values()) {
      if (!mismatchFlags(subject, names)) continue;
      for (const [settled, ks] of records) for (const k of ks) settled.unsettle(k);
    }
    this.named.clear();
  }
}
