import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderEvtxDocument, EvtxDocumentBuilder } from '../../server/src/core/evtx/evtxDocument';
import { inSlice, sliceOf } from '../../server/src/core/evtx/evtxSlice';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { ROOT } from '../helpers/corpus';

const log = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'evtx', 'velocidex-security.evtx'));

describe('a part of an event log, picked by the user', () => {
  it('reads the part from a document URI\'s query, and ignores what it cannot read', () => {
    assert.deepEqual(sliceOf(`slice=${encodeURIComponent(JSON.stringify({ eventIds: [4624, 'x', 4634], account: 'alice' }))}`), { eventIds: [4624, 4634], account: 'alice' });
    assert.equal(sliceOf('slice=%7Bnot json'), undefined);
    assert.equal(sliceOf('other=1'), undefined);
    assert.equal(sliceOf(`slice=${encodeURIComponent('{"evil":"x"}')}`), undefined);
  });

  it('keeps the events of some IDs, a time range, a computer or an account, and says which at the top', () => {
    const whole = parseEventDocument(renderEvtxDocument(log, 'Security.evtx').text).events.map(e => e.record);
    const pick = (slice: object): ReturnType<typeof renderEvtxDocument> => {
      const builder = new EvtxDocumentBuilder(slice);
      builder.push(log);
      return builder.end('Security.evtx');
    };
    const logons = pick({ eventIds: [4624] });
    const records = parseEventDocument(logons.text).events.map(e => e.record);
    assert.equal(records.length, whole.filter(r => r.system.EventID?.value === '4624').length);
    assert.ok(records.length > 10 && records.every(r => r.system.EventID?.value === '4624'));
    assert.match(logons.text, /^<!-- Security\.evtx, a binary event log, shown as event XML by Logon Lens \(read-only\): \d+ of its 739 events: event IDs 4624 \(the part picked/);

    const day = pick({ from: '2019-02-07', to: '2019-02-07T23:59' });
    const days = parseEventDocument(day.text).events.map(e => e.record.system.TimeCreated!.value.slice(0, 10));
    assert.ok(days.length > 0 && days.every(d => d === '2019-02-07'), JSON.stringify([...new Set(days)]));
    assert.equal(days.length, whole.filter(r => r.system.TimeCreated!.value.startsWith('2019-02-07')).length);

    const user = pick({ account: 'USER' });
    const users = parseEventDocument(user.text).events.map(e => e.record);
    assert.ok(users.length > 0 && users.every(r => r.data.some(f => /^(Target|Subject)User(Name|Sid)$/.test(f.name) && f.value.toLowerCase() === 'user')));
    assert.equal(parseEventDocument(pick({ computer: 'testcomputer' }).text).events.length, 739);
    assert.equal(parseEventDocument(pick({ computer: 'elsewhere' }).text).events.length, 0);
  });

  it('matches times as text the way the renderer writes them', () => {
    const event = "<Event><System><EventID>4624</EventID><TimeCreated SystemTime='2024-03-01T10:00:00.5000000Z'/><Computer>WS01</Computer></System></Event>";
    assert.ok(inSlice({ from: '2024-03-01T10:00' }, event));
    assert.ok(!inSlice({ from: '2024-03-01T10:01' }, event));
    assert.ok(inSlice({ to: '2024-03-01T10:00:00.5' }, event));
    assert.ok(!inSlice({ to: '2024-03-01T09:59' }, event));
  });
});
