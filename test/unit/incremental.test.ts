import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countNames, learnSidNames, SidNames } from '../../server/src/core/features/learnedNames';
import { EventDocument, parseEventDocument, reparseRegion } from '../../server/src/core/parse/eventDocument';
import { changedRegion } from '../../server/src/core/parse/textEdit';
import { evaluatePolicy } from '../../server/src/core/policy/evaluatePolicy';
import { patchFindings } from '../../server/src/core/policy/patchFindings';
import { Policy } from '../../server/src/core/policy/policy';
import { buildSessionIndex } from '../../server/src/core/sessions/buildSessionIndex';
import { SessionIndex } from '../../server/src/core/sessions/model';
import { patchSessionIndex } from '../../server/src/core/sessions/patchSessionIndex';
import { recorrelateComputers } from '../../server/src/core/sessions/recorrelate';
import { LocatedEvent, Problem } from '../../server/src/core/parse/model';
import { readSample, securityEvent } from '../helpers/corpus';
import { seeded } from '../fuzz/mutate';

/** Everything a session index says, by value: two indexes that agree here serve the same answers. */
function indexShape(index: SessionIndex): string {
  const sessions = index.sessions.map(s => [s.key, s.start, s.end?.kind, s.end?.ref.recordId, s.account, s.logonType, s.source, s.privileges?.recordId,
    s.linked?.key, s.events.map(e => e.event.offset), s.occurrences.map(o => [o.ref.event.offset + o.field.start, o.ref.event.offset + o.field.end, o.role])]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const occurrences = [...index.occurrencesByUri].map(([uri, list]) => [uri, list.map(o => [o.ref.event.offset + o.field.start, o.field.name, o.logonId, o.role, o.session?.key])]);
  return JSON.stringify([sessions, occurrences]);
}

function namesShape(names: SidNames): string {
  return JSON.stringify([...names].map(([k, m]) => [k, [...m].sort()]).sort());
}

const POLICY: Policy = { highValueAccounts: ['*\\Administrator'], forbiddenAccounts: ['WIN-03DLIIOFRRA\\evil'], knownDomains: ['WIN-03DLIIOFRRA', 'NT AUTHORITY'] };

/** Edits of values inside events, as a user types them: account names, logon types, IPs, and now and then a Logon ID or a time. */
const VALUE_FIELDS = ['TargetUserName', 'LogonType', 'IpAddress', 'WorkstationName', 'SubjectUserName', 'TargetDomainName', 'TargetLogonId', 'SubjectLogonId', 'TargetLogonId', 'Computer', 'SystemTime'];

/** Findings compared by value, in a stable order (two findings may share a start). */
function sortedFindings(byUri: Map<string, Problem[]>): [string, Problem[]][] {
  return [...byUri].map(([uri, list]): [string, Problem[]] => [uri, [...list].sort((a, b) => a.start - b.start || a.code.localeCompare(b.code) || a.message.localeCompare(b.message))]).sort((a, b) => a[0].localeCompare(b[0]));
}

describe('incremental sessions and findings', () => {
  it('patch the index, names and findings after value edits exactly as a rebuild would give them', () => {
    const random = seeded(4242);
    const other = 'file:///other.xml';
    const uri = 'file:///edited.xml';
    const otherDoc = parseEventDocument(readSample('omer-post-Security.xml'));
    let text = readSample('pyevtx-security.xml').slice(0, 600_000);
    text = text.slice(0, text.lastIndexOf('</Event>') + 8);
    let doc = parseEventDocument(text);
    const documents = (): [string, EventDocument][] => [[other, otherDoc], [uri, doc]];
    let index = buildSessionIndex(documents());
    let findings = evaluatePolicy(documents(), index, POLICY);
    const names = learnSidNames(doc);
    let patched = 0;
    let recorrelated = 0;
    let findingsPatched = 0;
    let findingsRechecked = 0;
    for (let k = 0; k < 200; k++) {
      const field = VALUE_FIELDS[random(VALUE_FIELDS.length)]!;
      const marker = field === 'Computer' ? '<Computer>' : field === 'SystemTime' ? 'SystemTime="' : `Name="${field}">`;
      let at = text.indexOf(marker, random(text.length));
      if (at < 0) at = text.indexOf(marker);
      const start = at + marker.length + random(3);
      const insert = ['x', '0', '5', '', '3', 'A'][random(6)]!;
      const end = start + random(2);
      const edit = { start, end, text: insert };
      text = text.slice(0, start) + insert + text.slice(end);
      const result = reparseRegion(doc, text, changedRegion([edit])!);
      assert.ok(result !== undefined, `edit ${k} re-parses a region`);
      doc = result.doc;
      result.edit.added.forEach((event, i) => {
        if (event.record === result.edit.oldRecords[i]) return;
        countNames(names, result.edit.oldRecords[i]!, -1);
        countNames(names, event.record, 1);
      });
      const fresh = buildSessionIndex(documents());
      const freshFindings = evaluatePolicy(documents(), fresh, POLICY);
      let recheck: Map<string, LocatedEvent[]> | undefined;
      if (patchSessionIndex(index, uri, result.edit)) {
        patched++;
      } else {
        // A Logon ID, a Computer or a time changed: only the computers it touched are correlated again.
        recheck = recorrelateComputers(index, new Map(documents()), uri, result.edit);
        assert.ok(recheck !== undefined, 'an in-place edit re-correlates');
        recorrelated++;
      }
      assert.equal(indexShape(index), indexShape(fresh), `index after edit ${k} of ${field}`);
      if (patchFindings(findings, uri, result.edit, index, POLICY, new Map(documents()), recheck)) {
        findingsPatched++;
        if (recheck !== undefined) findingsRechecked++;
        assert.deepEqual(sortedFindings(findings), sortedFindings(freshFindings), `findings after edit ${k} of ${field}`);
      } else {
        findings = freshFindings;
      }
      assert.equal(namesShape(names), namesShape(learnSidNames(doc)), `names after edit ${k}`);
    }
    assert.ok(patched > 60, `most value edits patch (${patched} of 200)`);
    assert.ok(recorrelated > 30, `edits of Logon IDs, computers and times re-correlate their computers (${recorrelated})`);
    assert.ok(findingsPatched > 80, `and their findings are patched (${findingsPatched}), ${findingsRechecked} of them after re-correlating`);
    assert.ok(findingsRechecked > 20, `findings patched after re-correlating: ${findingsRechecked}`);
  });
});

describe('findings that cite evidence in the edited region', () => {
  it('are made again, not every finding: a service logon\'s finding names the 4672 beside an edited logon', () => {
    const uri = 'file:///service.xml';
    const logon = (logonId: string, type: number, record: number): string => securityEvent(4624, [
      '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1107</Data>', '<Data Name="TargetUserName">svc_sql</Data>', '<Data Name="TargetDomainName">CORP</Data>',
      `<Data Name="TargetLogonId">${logonId}</Data>`, `<Data Name="LogonType">${type}</Data>`,
    ].join(''), { record, time: `2024-03-04T10:00:0${record}.0000000Z` });
    const privileges = (logonId: string, record: number): string => securityEvent(4672, [
      '<Data Name="SubjectUserSid">S-1-5-21-1-2-3-1107</Data>', '<Data Name="SubjectUserName">svc_sql</Data>', '<Data Name="SubjectDomainName">CORP</Data>',
      `<Data Name="SubjectLogonId">${logonId}</Data>`, '<Data Name="PrivilegeList">SeDebugPrivilege</Data>',
    ].join(''), { record, time: `2024-03-04T10:00:0${record}.1000000Z` });
    const text = [logon('0x100', 5, 1), privileges('0x100', 2), logon('0x200', 3, 3), privileges('0x200', 4)].join('\n');
    let doc = parseEventDocument(text);
    const index = buildSessionIndex([[uri, doc]]);
    const findings = evaluatePolicy([[uri, doc]], index, {});
    const service = findings.get(uri)!.find(p => p.code === 'privileged-batch-service-logon')!;
    assert.ok(service.related!.some(r => r.start === doc.events[1]!.offset), 'the first logon\'s finding cites its 4672');

    // The second logon's type is typed over: its region takes in the first 4672, which the first logon's finding cites.
    const at = text.indexOf('"LogonType">3<') + '"LogonType">'.length;
    const result = reparseRegion(doc, `${text.slice(0, at)}5${text.slice(at + 1)}`, changedRegion([{ start: at, end: at + 1, text: '5' }])!)!;
    doc = result.doc;
    assert.ok(result.edit.start <= doc.events[1]!.offset, 'the region holds the cited 4672');
    assert.equal(patchSessionIndex(index, uri, result.edit), true);
    assert.equal(patchFindings(findings, uri, result.edit, index, {}, new Map([[uri, doc]])), true, 'patched, not rebuilt');
    const fresh = evaluatePolicy([[uri, doc]], buildSessionIndex([[uri, doc]]), {});
    assert.deepEqual(sortedFindings(findings), sortedFindings(fresh));
    assert.equal(findings.get(uri)!.filter(p => p.code === 'privileged-batch-service-logon').length, 2);
  });
});

describe('re-correlating only the computers an edit touched', () => {
  const event = (id: number, computer: string, logonId: string, record: number, minute: number): string => securityEvent(id, [
    '<Data Name="TargetUserName">alice</Data>', '<Data Name="TargetDomainName">CORP</Data>',
    `<Data Name="TargetLogonId">${logonId}</Data>`, '<Data Name="LogonType">3</Data>',
  ].join(''), { computer, record, time: `2024-03-04T10:${String(minute).padStart(2, '0')}:00.0000000Z` });
  const text = [
    event(4624, 'A', '0x100', 1, 0), event(4624, 'B', '0x100', 2, 1), event(4634, 'A', '0x100', 3, 2), event(4634, 'B', '0x100', 4, 3),
  ].join('\n');
  const uri = 'file:///two-computers.xml';

  /** Applies one edit as the server does: the first `from` becomes `to`. */
  function edit(doc: EventDocument, from: string, to: string) {
    const at = doc.text.indexOf(from);
    const changed = { start: at, end: at + from.length, text: to };
    return reparseRegion(doc, doc.text.slice(0, at) + to + doc.text.slice(at + from.length), changedRegion([changed])!)!;
  }

  it('keeps the other computer\'s sessions, re-checks the logoff whose session went away, and agrees with a rebuild', () => {
    let doc = parseEventDocument(text);
    const index = buildSessionIndex([[uri, doc]]);
    const findings = evaluatePolicy([[uri, doc]], index, {});
    assert.equal(findings.get(uri)!.filter(p => p.code === 'orphan-logoff').length, 0);
    const sessionOfB = index.sessions.find(s => s.computer === 'B')!;

    // A's 4624 now names another Logon ID: A's 4634 is an orphan; B is untouched.
    const result = edit(doc, '0x100', '0x101');
    doc = result.doc;
    assert.equal(patchSessionIndex(index, uri, result.edit), false, 'a Logon ID edit may change correlation');
    const recheck = recorrelateComputers(index, new Map([[uri, doc]]), uri, result.edit)!;
    assert.ok(index.sessions.includes(sessionOfB), 'the other computer\'s session is the same object: not correlated again');
    assert.deepEqual(recheck.get(uri)!.map(e => e.record.system.EventID!.value + e.record.system.Computer!.value), ['4624A', '4634A']);
    assert.equal(patchFindings(findings, uri, result.edit, index, {}, new Map([[uri, doc]]), recheck), true);
    const fresh = buildSessionIndex([[uri, doc]]);
    assert.equal(indexShape(index), indexShape(fresh));
    assert.deepEqual(sortedFindings(findings), sortedFindings(evaluatePolicy([[uri, doc]], fresh, {})));
    assert.equal(findings.get(uri)!.filter(p => p.code === 'orphan-logoff').length, 1);

    // B's 4624 moves to computer A: A's orphan is resolved again, and B's 4634 is now the orphan.
    const moved = edit(doc, '<Computer>B</Computer>', '<Computer>A</Computer>');
    doc = moved.doc;
    const again = recorrelateComputers(index, new Map([[uri, doc]]), uri, moved.edit)!;
    assert.ok(again.get(uri)!.length >= 2);
    assert.equal(patchFindings(findings, uri, moved.edit, index, {}, new Map([[uri, doc]]), again), true);
    const rebuilt = buildSessionIndex([[uri, doc]]);
    assert.equal(indexShape(index), indexShape(rebuilt));
    assert.deepEqual(sortedFindings(findings), sortedFindings(evaluatePolicy([[uri, doc]], rebuilt, {})));
    assert.equal(findings.get(uri)!.filter(p => p.code === 'orphan-logoff').length, 1);
  });
});
