import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeProblems } from '../../server/src/core/features/diagnostics';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { readSample, REAL_FILES, securityEvent } from '../helpers/corpus';

function problemsOf(text: string): { code: string; severity: string; covers: string; message: string }[] {
  return computeProblems(parseEventDocument(text)).map(p => ({ code: p.code, severity: p.severity, covers: text.slice(p.start, p.end), message: p.message }));
}

describe('value diagnostics', () => {
  it('warns on logon types Windows never writes, on the value itself', () => {
    for (const bad of ['1', '6', '14', '42', 'five', '']) {
      const [problem, ...rest] = problemsOf(securityEvent(4624, `<Data Name="LogonType">${bad}</Data>`));
      assert.equal(rest.length, 0);
      assert.equal(problem?.code, 'unknown-logon-type', bad);
      assert.equal(problem?.severity, 'warning');
    }
    const [six] = problemsOf(securityEvent(4625, '<Data Name="LogonType">6</Data>'));
    assert.equal(six!.covers, '6');
    assert.match(six!.message, /Windows defines no logon type with this value/);
    for (const good of ['0', '2', '3', '4', '5', '7', '8', '9', '10', '11', '12', '13']) {
      assert.deepEqual(problemsOf(securityEvent(4624, `<Data Name="LogonType">${good}</Data>`)), [], good);
    }
  });

  it('leaves LogonType of other providers alone', () => {
    assert.deepEqual(problemsOf(securityEvent(4624, '<Data Name="LogonType">99</Data>', { provider: 'Contoso-App' })), []);
  });

  it('warns on malformed SIDs in *Sid fields, Security/@UserID and GroupMembership, and accepts "-"', () => {
    const [bad] = problemsOf(securityEvent(4624, '<Data Name="TargetUserSid">S-1-5-21-x</Data>'));
    assert.equal(bad!.code, 'invalid-sid');
    assert.equal(bad!.covers, 'S-1-5-21-x');
    assert.equal(problemsOf(securityEvent(4624, '<Data Name="SubjectUserSid">CORP\\alice</Data>'))[0]?.code, 'invalid-sid');
    assert.equal(problemsOf(securityEvent(4624, '<Data Name="TargetUserSid">S-1-5-21-1-99999999999</Data>'))[0]?.code, 'invalid-sid');
    assert.equal(problemsOf(securityEvent(4624, '').replace('<Security/>', '<Security UserID="S-1-x"/>'))[0]?.covers, 'S-1-x');
    assert.equal(problemsOf(securityEvent(4627, '<Data Name="GroupMembership">%{S-1-5-32-544} %{bogus}</Data>'))[0]?.code, 'invalid-sid');
    assert.deepEqual(problemsOf(securityEvent(4624, '<Data Name="TargetUserSid">-</Data><Data Name="SubjectUserSid">S-1-0-0</Data>')), []);
  });

  it('finds nothing to report in the real corpus', () => {
    for (const { name } of REAL_FILES) assert.deepEqual(problemsOf(readSample(name)), [], name);
  });
});
