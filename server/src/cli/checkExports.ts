import { Position } from 'vscode-languageserver-types';
import { eventFindings, findingsFor, gapFindings } from '../core/findings';
import { wellKnownLogonId } from '../core/knowledge/logonIds';
import { Problem } from '../core/parse/model';
import { Policy } from '../core/policy/policy';
import { PolicyEvent, RuleSession } from '../core/policy/rule';
import { readFacts } from '../core/sessions/eventFacts';
import { damageProblem, EvtxProblem } from '../core/evtx/evtxFile';
import { Correlation, ExportSession, sitePositions, siteRecords } from './correlateExports';
import { EvtxPlaces, RecordPlace } from './evtxPlaces';
import { InputFile } from './inputs';
import { readFailure } from './stream/readExport';
import { readEvents } from './stream/readEvents';
import { nameMismatch } from '../core/policy/names/accountNameMismatch';
import { describeOpenSessions, ledToMessage, openSessionsAt } from '../core/policy/openSessions';
import { Attempt, readAttempt } from '../core/policy/windows/attempt';
import { WindowFinding, WindowTracker } from '../core/policy/windows/windowRules';

/**
 * A problem placed for output: its file, and line/character positions (0-based, UTF-16) in the
 * event XML, or, for an .evtx, its record (`place`) and what is wrong with it.
 */
export interface Finding {
  file: string;
  problem: Problem;
  start: Position;
  end: Position;
  /** In an .evtx: the record (or, for damage outside any record, the chunk). */
  place?: Partial<RecordPlace> & { chunk?: number };
  /** Evidence elsewhere, placed too. */
  related: { file: string; start: Position; end: Position; place?: RecordPlace; message: string }[];
}

/**
 * The second pass: reads again, event by event, what the first pass did not settle (see
 * FirstLook), and checks each event as the editor does (its XML, its values, and every policy rule
 * with the session the first pass found for it). Findings are handed out as they are found, in
 * file order, then in document order.
 */
export async function checkExports(correlation: Correlation, policy: Policy, report: (finding: Finding) => void, onBytes: (file: InputFile, bytesRead: number) => void): Promise<void> {
  const findings = findingsFor(policy);
  const evidenceAt = sitePositions(correlation.sessions);
  const evidenceRecords = siteRecords(correlation.sessions);
  let ordinal = 0;

  for (const input of correlation.inputs) {
    const records = new EvtxPlaces();
    const settled = correlation.settled.get(input);
    let inFile = 0;
    // Window rules, over this file's attempts as they are read (a log is written oldest first).
    const windows = new WindowTracker(policy);
    const placed = new WeakMap<Attempt, { start: Position; end: Position; record?: RecordPlace }>();
    const reportWindows = (found: readonly WindowFinding[]): void => {
      for (const { at, others, problem } of found) {
        const where = placed.get(at)!;
        report({
          file: input.name,
          problem,
          start: where.start,
          end: where.end,
          place: where.record,
          // The problem's related spans are the others, in the same order.
          related: others.map((other, k) => {
            const there = placed.get(other)!;
            return { file: other.uri, start: there.start, end: there.end, place: there.record, message: problem.related![k]!.message };
          }),
        });
      }
    };
    const place = (problem: Problem, positionAt: (offset: number) => Position, record?: RecordPlace): Finding => ({
      file: input.name,
      problem,
      start: positionAt(problem.start),
      end: positionAt(problem.end),
      place: record,
      related: (problem.related ?? []).flatMap(r => {
        const at = evidenceAt.get(r.uri);
        const start = at?.get(r.start);
        const end = at?.get(r.end);
        return start === undefined || end === undefined ? [] : [{ file: r.uri, start, end, place: evidenceRecords.get(r.uri)?.get(r.start), message: r.message }];
      }),
    });
    const damage = (p: EvtxProblem): void => {
      for (const levelled of gapFindings([damageProblem(p)], findings)) report(damageFinding(input.name, p, levelled));
    };
    await readEvents(input.file, bytesRead => onBytes(input, bytesRead), {
      gap(problems, positionAt) {
        for (const problem of gapFindings(problems, findings)) report(place(problem, positionAt));
      },
      skipped() {
        ordinal++;
      },
      event(event, positionAt) {
        const record = records.take(event.offset);
        // Event XML is read again whole; what the first pass settled is passed over.
        if (!records.isEvtx && settled?.isSettled(inFile++)) {
          ordinal++;
          return;
        }
        const added = ordinal++;
        const facts = readFacts(event.record);
        const policyEvent: PolicyEvent = { uri: input.name, event, facts };
        for (const { role, field, logonId } of facts.logonIds) {
          if (role !== 'logon' && role !== 'logoff') continue;
          // An event with no readable time was not placed: it names no session.
          const id = facts.time === undefined ? undefined : correlation.lookup.sessionOf(role, logonId, facts.computer, facts.time, facts.recordId, added);
          if (id !== undefined) policyEvent.session = ruleSession(correlation.sessions[id]!);
          else if (role === 'logoff' && wellKnownLogonId(logonId) === undefined) policyEvent.orphanLogoff = field;
        }
        const mismatch = nameMismatch(event, facts, correlation.names, policy);
        const found = eventFindings(policyEvent, findings);
        // In offset order, as the editor merges them.
        const hop = correlation.hops.get(added);
        for (const problem of mismatch === undefined ? found : [...found, mismatch].sort((a, b) => a.start - b.start)) {
          if (problem.code === 'explicit-credentials' && hop !== undefined) {
            // The logon this 4648 led to on the other host, as the editor relates it.
            const placed = place(problem, positionAt, record);
            report({ ...placed, related: [...placed.related, { file: hop.logon.uri, start: hop.logon.from, end: hop.logon.to, place: hop.logon.record, message: ledToMessage(hop) }] });
            continue;
          }
          if (problem.code !== 'log-cleared' || facts.time === undefined) {
            report(place(problem, positionAt, record));
            continue;
          }
          // A cleared log: the sessions then open on this computer, as the editor lists them.
          const open = openSessionsAt(correlation.sessions.map(s => ({ facts: s, site: s.logon })), facts.computer, facts.time);
          const { note, related } = describeOpenSessions(open);
          const placed = place({ ...problem, message: `${problem.message}${note}` }, positionAt, record);
          report({ ...placed, related: [...placed.related, ...related.map(({ site, message }) => ({ file: site.uri, start: site.from, end: site.to, place: site.record, message }))] });
        }
        const attempt = readAttempt(input.name, event, facts);
        if (attempt !== undefined) {
          // Its place is kept now: positions are valid only during this call.
          placed.set(attempt, { start: positionAt(attempt.start), end: positionAt(attempt.end), record });
          reportWindows(windows.add(attempt));
        }
      },
    }, records.listener(damage), settled && { skip: settled }).catch(error => readFailure(input.name, error));
    reportWindows(windows.finish());
  }
}

/** Damage to an .evtx, placed for output by its record (or chunk): an .evtx has no lines. */
export function damageFinding(file: string, damage: EvtxProblem, problem: Problem = damageProblem(damage)): Finding {
  const nowhere = { line: 0, character: 0 };
  return { file, problem, start: nowhere, end: nowhere, place: { record: damage.record, chunk: damage.chunk }, related: [] };
}

/** A command-line session as rules see it. */
function ruleSession(session: ExportSession): RuleSession {
  return {
    start: session.start,
    privileges: session.privileges,
    groups: () => session.groupLists.flatMap(({ sids, site }) => sids.map(sid => ({ sid, site }))),
  };
}
