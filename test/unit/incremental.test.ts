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
import { readSample } from '../helpers/corpus';
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
const VALUE_FIELDS = ['TargetUserName', 'LogonType', 'IpAddress', 'WorkstationName', 'SubjectUserName', 'TargetDomainName', 'TargetLogonId', 'SubjectLogonId'];

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
    let findingsPatched = 0;
    for (let k = 0; k < 150; k++) {
      const field = VALUE_FIELDS[random(VALUE_FIELDS.length)]!;
      const marker = `Name="${field}">`;
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
      if (patchSessionIndex(index, uri, result.edit)) {
        patched++;
        assert.equal(indexShape(index), indexShape(fresh), `index after edit ${k} of ${field}`);
        if (patchFindings(findings, uri, result.edit, index, POLICY)) {
          findingsPatched++;
          assert.deepEqual(findings, freshFindings, `findings after edit ${k} of ${field}`);
        } else {
          findings = freshFindings;
        }
      } else {
        index = fresh;
        findings = freshFindings;
      }
      assert.equal(namesShape(names), namesShape(learnSidNames(doc)), `names after edit ${k}`);
    }
    assert.ok(patched > 80, `most value edits patch (${patched} of 150)`);
    assert.ok(findingsPatched > 50, `and their findings (${findingsPatched})`);
  });
});
