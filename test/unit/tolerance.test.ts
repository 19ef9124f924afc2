import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentProblems, EventDocument, parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { dataField, EventRecord, Problem } from '../../server/src/core/parse/model';
import { damagedCopies, readSample, securityEvent } from '../helpers/corpus';

const essence = (r: EventRecord): string => JSON.stringify([r.system.EventRecordID?.value, r.data.map(f => [f.name, f.value])]);
const errors = (doc: EventDocument): Problem[] => documentProblems(doc).filter(p => p.severity === 'error');

describe('malformed events', () => {
  const original = readSample('omer-Security_short_selected.xml');
  const reference = parseEventDocument(original).events.map(e => essence(e.record));

  it('reports a broken event where it breaks and serves every other event, including later ones', () => {
    // Drop the </Data> of one value in the third event.
    const third = original.split('<Event xmlns').slice(0, 3).join('<Event xmlns').length;
    const closeAt = original.indexOf('</Data>', third);
    const broken = original.slice(0, closeAt) + original.slice(closeAt + '</Data>'.length);
    const doc = parseEventDocument(broken);
    assert.equal(doc.events.length, 7);
    const [problem, ...others] = errors(doc);
    assert.equal(others.length, 0);
    assert.equal(problem!.code, 'xml-malformed');
    assert.match(problem!.message, /Expected <\/Data> .* but found <\/EventData>/);
    assert.equal(broken.slice(problem!.start, problem!.end), '</EventData>');
    const served = doc.events.map(e => essence(e.record));
    for (const k of [0, 1, 3, 4, 5, 6]) assert.equal(served[k], reference[k], `event ${k} is intact`);
  });

  it('never throws on any prefix of a document, and keeps every complete event before the cut', () => {
    const two = securityEvent(4624, '    <Data Name="TargetLogonId">0x1a0992</Data>\n    <Data Name="LogonType">&amp;5</Data>', { record: 1 })
      + securityEvent(4634, '    <Data Name="TargetLogonId">0x1a0992</Data>', { record: 2 });
    const firstEnd = two.indexOf('</Event>') + '</Event>'.length;
    for (let cut = 0; cut <= two.length; cut++) {
      const doc = parseEventDocument(two.slice(0, cut));
      if (cut >= firstEnd) assert.equal(dataField(doc.events[0]!.record, 'TargetLogonId')?.value, '0x1a0992');
      for (const { offset, record } of doc.events) {
        for (const p of record.problems) assert.ok(offset + p.end <= cut, `problem inside the text at cut ${cut}`);
      }
      // Complete: cut between the events, or with only trailing white space missing.
      const complete = cut >= firstEnd && (/^\s*$/.test(two.slice(firstEnd, cut)) || /^\s*$/.test(two.slice(cut)));
      assert.equal(errors(doc).length === 0, complete || cut === 0, `cut at ${cut}`);
    }
  });

  it('ends an unclosed event at the next one, and says so', () => {
    const text = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4624</EventID>\n${securityEvent(4634, '<Data Name="TargetLogonId">0x2</Data>')}`;
    const doc = parseEventDocument(text);
    assert.equal(doc.events.length, 2);
    const [problem] = errors(doc);
    assert.match(problem!.message, /<System> in <Event> is not closed: expected <\/System> before the next event/);
    assert.equal(dataField(doc.events[1]!.record, 'TargetLogonId')?.value, '0x2');
    assert.equal(doc.events[0]!.record.system.EventID?.value, '4624');
  });

  it('reports a mismatched end tag, an unquoted attribute and an unclosed attribute value', () => {
    const cases: [string, RegExp][] = [
      ['<Data Name="A">1</Date>', /Expected <\/Data> .* found <\/Date>/],
      ['<Data Name=A>1</Data>', /must be in quotes/],
      ['<Data Name="A>1</Data>', /is not closed: expected a matching "/],
      ['<Data Name="A"Other="b">1</Data>', /Unexpected 'O'/],
      ['<Data Name="A" \u0001>1</Data>', /Unexpected 'U\+0001'/],
      ['<Data Name="A">1 < 2</Data>', /'<' must begin a tag/],
    ];
    for (const [data, message] of cases) {
      const doc = parseEventDocument(securityEvent(4624, data) + securityEvent(4634, '<Data Name="TargetLogonId">0x2</Data>'));
      const [problem] = errors(doc);
      assert.match(problem?.message ?? '(none)', message, data);
      assert.equal(dataField(doc.events[1]!.record, 'TargetLogonId')?.value, '0x2', `the next event survives ${data}`);
    }
  });
});

describe('hostile input', () => {
  it('never expands entity declarations (billion laughs)', () => {
    const laughs = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)];
    const text = `<?xml version="1.0"?>\n<!DOCTYPE Events [\n${laughs.join('\n')}\n]>\n<Events>${securityEvent(4624, '<Data Name="TargetUserName">&lol9;</Data>')}</Events>`;
    const doc = parseEventDocument(text);
    assert.equal(dataField(doc.events[0]!.record, 'TargetUserName')?.value, '&lol9;');
    const problems = documentProblems(doc);
    assert.ok(problems.some(p => p.severity === 'warning' && /DOCTYPE ignored/.test(p.message)));
    assert.ok(problems.some(p => p.severity === 'error' && /Unknown entity '&lol9;'/.test(p.message)));
  });

  it('reports a bad field name every time it is read, not only the first time', () => {
    const text = securityEvent(4624, '<Data Name="&Target">1</Data>');
    for (let k = 0; k < 2; k++) assert.match(errors(parseEventDocument(text))[0]!.message, /A bare '&' must be written as &amp;/, `parse ${k + 1}`);
  });

  it('rejects a DOCTYPE inside an event', () => {
    const doc = parseEventDocument(securityEvent(4624, '<!DOCTYPE x [<!ENTITY a "b">]><Data Name="A">1</Data>'));
    assert.match(errors(doc)[0]!.message, /Declarations .* are not allowed inside an event/);
  });

  it('reports binary junk between events once, and reads the events around it', () => {
    const junk = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('').replace(/</g, '');
    const text = securityEvent(4624, '<Data Name="A">1</Data>') + junk + securityEvent(4634, '<Data Name="B">2</Data>');
    const doc = parseEventDocument(text);
    assert.equal(doc.events.length, 2);
    const problems = errors(doc);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /Binary or corrupt data outside any <Event>/);
    assert.equal(dataField(doc.events[1]!.record, 'B')?.value, '2');
  });

  it('bounds nesting depth instead of recursing', () => {
    const deep = '<x>'.repeat(100_000) + '</x>'.repeat(100_000);
    const doc = parseEventDocument(securityEvent(4624, deep));
    assert.match(errors(doc)[0]!.message, /nested more than 64 deep/);
  });

  it('reads a huge value, and reports a huge unterminated tag', () => {
    const big = 'A'.repeat(20_000_000);
    const doc = parseEventDocument(securityEvent(4624, `<Data Name="Big">${big}</Data>`) + `<Event xmlns="x"><System attr="${big}`);
    assert.equal(dataField(doc.events[0]!.record, 'Big')?.value.length, big.length);
    assert.match(errors(doc)[0]!.message, /is not closed/);
  });

  it('survives random damage to real events without throwing, with every span inside its event', () => {
    let round = 0;
    for (const text of damagedCopies(readSample('omer-new-user-security.xml'), 3000, 7)) {
      round++;
      const doc = parseEventDocument(text);
      for (const { offset, record } of doc.events) {
        for (const span of [...record.data, ...record.problems]) {
          assert.ok(span.start >= 0 && span.start <= span.end && offset + span.end <= text.length, `round ${round}`);
        }
      }
    }
  });
});

describe('re-parsing after an edit', () => {
  it('re-reads only the edited event and gives the same result as a fresh parse', () => {
    const text = readSample('omer-post-Security.xml');
    const before = parseEventDocument(text);
    const target = before.events[60]!;
    const at = target.offset + target.record.data[0]!.start;
    const edited = `${text.slice(0, at)}X${text.slice(at)}`;
    const after = parseEventDocument(edited, before);
    const fresh = parseEventDocument(edited);
    assert.deepEqual(after.events.map(e => [e.offset, essence(e.record)]), fresh.events.map(e => [e.offset, essence(e.record)]));
    const reused = after.events.filter((e, k) => e.record === before.events[k]!.record).length;
    assert.equal(reused, before.events.length - 1);
    assert.notEqual(after.events[60]!.record, target.record);
  });

  it('handles inserted and deleted events', () => {
    const text = readSample('omer-Security_short_selected.xml');
    const before = parseEventDocument(text);
    const cut = before.events[3]!;
    const removed = text.slice(0, cut.offset) + text.slice(cut.offset + cut.record.length);
    const after = parseEventDocument(removed, before);
    assert.equal(after.events.length, 6);
    assert.deepEqual(after.events.map(e => essence(e.record)), parseEventDocument(removed).events.map(e => essence(e.record)));
    assert.equal(after.events.filter(e => before.events.some(b => b.record === e.record)).length, 6);
  });
});
