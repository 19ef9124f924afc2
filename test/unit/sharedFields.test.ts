import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { Field } from '../../server/src/core/parse/model';
import { parseEvent } from '../../server/src/core/parse/parseEvent';
import { splitEvents } from '../../server/src/core/parse/splitEvents';
import { SharedFields } from '../../server/src/core/parse/sharedFields';
import { readFixture, readSample, REAL_FILES, SHAPES } from '../helpers/corpus';

const EVENT = (user: string, logonType: string): string =>
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><EventID>4624</EventID>'
  + '<Computer>WS01.contoso.local</Computer></System><EventData>'
  + `<Data Name="TargetUserName">${user}</Data><Data Name="LogonType">${logonType}</Data></EventData></Event>`;

function fieldsOf(text: string): Field[][] {
  return parseEventDocument(text).events.map(({ record }) => [...Object.values(record.system), ...record.data] as Field[]);
}

describe('sharing repeated fields in a document parse', () => {
  it('gives the same value, span and name one object, and anything else its own', () => {
    const [a, b, c, d] = fieldsOf([EVENT('alice', '3'), EVENT('alice', '3'), EVENT('bobby', '3'), EVENT('alice', '5')].join('\n'));
    // Same text: every field shared.
    a!.forEach((field, k) => assert.equal(b![k], field));
    // The user differs (same span): its own object; the fields around it are still shared.
    // Fields in order: EventID, Computer, TargetUserName, LogonType.
    assert.notEqual(c![2], a![2]);
    assert.equal(c![2]!.value, 'bobby');
    assert.equal(c![1], a![1]);
    assert.equal(c![3], a![3]);
    // LogonType at the same span with another value.
    assert.notEqual(d![3], a![3]);
    assert.equal(d![3]!.value, '5');
    assert.equal(d![2], a![2]);
  });

  it('does not share a field whose name differs at the same span and value', () => {
    const shared = new SharedFields();
    const text = 'xx value-one yy';
    const first = shared.fromText('One', text, 3, 12, 40);
    assert.equal(shared.fromText('One', text, 3, 12, 40), first);
    const other = shared.fromText('Two', text, 3, 12, 40);
    assert.notEqual(other, first);
    assert.deepEqual(other, { name: 'Two', value: 'value-one', start: 40, end: 49 });
    // A decoded value (entities) is found by its value, not its text.
    const decoded = shared.field('One', 'a&b', 10, 17);
    assert.equal(shared.field('One', 'a&b', 10, 17), decoded);
    // Spans too far into an event, or too long, are not shared, but read the same.
    const far = shared.field('One', 'v', 1 << 20, (1 << 20) + 1);
    assert.notEqual(shared.field('One', 'v', 1 << 20, (1 << 20) + 1), far);
    assert.deepEqual(far, { name: 'One', value: 'v', start: 1 << 20, end: (1 << 20) + 1 });
  });

  it('reads every real file, in every shape, exactly as events parsed one by one do', () => {
    const texts = [...REAL_FILES.flatMap(({ name }) => Object.values(SHAPES).map(reshape => reshape(readSample(name)))), readFixture('handmade-shapes.xml')];
    for (const text of texts) {
      const shared = parseEventDocument(text);
      const alone = splitEvents(text).map(({ start, end }) => parseEvent(text, start, end));
      assert.equal(shared.events.length, alone.length);
      shared.events.forEach(({ record }, k) => assert.deepEqual(record, alone[k]));
    }
  });

  it('shares most fields of a real log', () => {
    const fields = fieldsOf(readSample('pyevtx-security.xml')).flat();
    const distinct = new Set(fields).size;
    assert.ok(distinct < fields.length / 4, `${distinct} distinct of ${fields.length}`);
  });
});
