import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { WalkRows } from '../../server/src/cli/walkRows';
import { correlate, CorrelationListener, SessionRow } from '../../server/src/core/sessions/correlate';
import { EventFacts } from '../../server/src/core/sessions/eventFacts';
import { OccurrenceRole } from '../../server/src/core/sessions/model';
import { SessionLookup } from '../../server/src/core/sessions/sessionLookup';
import { Timeline } from '../../server/src/core/sessions/timeline';
import { SECURITY_PROVIDER } from '../../server/src/core/knowledge/eventCatalog';
import { seeded } from '../fuzz/mutate';

type Random = ReturnType<typeof seeded>;

const FIELD_OF_ROLE: Record<OccurrenceRole, string> = { logon: 'TargetLogonId', logoff: 'TargetLogonId', linked: 'TargetLinkedLogonId', member: 'SubjectLogonId' };

/** One event's facts, as readFacts gives them. */
function facts(computer: string, time: number, recordId: number, eventId: number, logonIds: [number, OccurrenceRole][], logonType?: number): EventFacts {
  return {
    time,
    recordId,
    eventId,
    security: eventId !== 1100,
    provider: eventId === 1100 ? 'Microsoft-Windows-Eventlog' : SECURITY_PROVIDER,
    computer,
    logonType,
    logonIds: logonIds.map(([logonId, role]) => ({ logonId, role, field: { name: FIELD_OF_ROLE[role], value: `0x${logonId.toString(16)}`, start: 0, end: 0 } })),
  };
}

/**
 * A few computers' events, shuffled, with what makes correlation hard: boots (4608, and a
 * LogonType-0 logon with no 4608), shutdowns, Logon IDs used again, well-known ones, 4672s
 * logged before their 4624, split-token pairs, records read twice, and ties in time.
 */
function randomEvents(random: Random, count: number): EventFacts[] {
  const events: EventFacts[] = [];
  const ids = [0x3e7, 0x3e4, 0x1001, 0x1002, 0x1003, 0x1004, 0x2001, 0x2002];
  const id = (): number => ids[random(ids.length)]!;
  for (let k = 0; k < count; k++) {
    const computer = ['dc1', 'ws1', 'ws2'][random(3)]!;
    // Coarse times: many events share one, and fall back on record ids, then reading order.
    const time = 1_700_000_000_000 + random(400) * 1000;
    const recordId = random(5) === 0 ? 7 : k + 1;
    const pick = random(100);
    if (pick < 3) events.push(facts(computer, time, recordId, 4608, []));
    else if (pick < 6) events.push(facts(computer, time, recordId, random(2) === 0 ? 4609 : 1100, []));
    else if (pick < 9) events.push(facts(computer, time, recordId, 4624, [[0x3e7, 'logon'], [0x3e7, 'member']], 0));
    else if (pick < 35) {
      const own = id();
      const pair: [number, OccurrenceRole][] = random(4) === 0 ? [[id(), 'linked']] : [];
      events.push(facts(computer, time, recordId, 4624, [[0x3e7, 'member'], [own, 'logon'], ...pair], 3));
    } else if (pick < 55) events.push(facts(computer, time, recordId, random(3) === 0 ? 4647 : 4634, [[id(), 'logoff']]));
    else if (pick < 70) events.push(facts(computer, time - random(3) * 1000, recordId, random(3) === 0 ? 4627 : 4672, [[id(), 'member']]));
    else if (pick < 90) events.push(facts(computer, time, recordId, 4688, [[id(), 'member'], [id(), 'member']]));
    else if (pick < 95) events.push(facts(computer, time, recordId, 5379, []));
    // The same record read again, as from an overlapping export.
    else if (events.length > 0) events.push(events[random(events.length)]!);
  }
  return events;
}

/** What a walk found, by value: its sessions, every attachment, link and boot, in order. */
interface Walked {
  sessions: unknown[];
  told: unknown[];
  rows: SessionRow[];
}

function recorder(told: unknown[], occurrenceRole?: (e: number, o: number) => string): CorrelationListener {
  return {
    attach: (row, e, o) => told.push(['attach', row.id, e, occurrenceRole?.(e, o)]),
    link: row => told.push(['link', row.id]),
    bootBegins: (computer, boot, at) => told.push(['boot', computer, boot, at.event, at.time, at.recordId]),
  };
}

function shape(rows: readonly SessionRow[]): unknown[] {
  return rows.map(r => [r.id, r.computer, r.boot, r.logonId, r.logon, r.end, r.userLogoff, r.privileges, r.linked?.id, r.linkedLogonId]);
}

function byTimeline(events: readonly EventFacts[]): Walked {
  const timeline = new Timeline();
  for (const event of events) timeline.add(event, event.time!);
  const told: unknown[] = [];
  const rows = correlate(timeline, recorder(told));
  return { sessions: shape(rows), told, rows };
}

function byRows(events: readonly EventFacts[], runBytes?: number): Walked & { computers: string[] } {
  const walkRows = new WalkRows(runBytes);
  events.forEach((event, k) => walkRows.add(event, event.time!, k));
  const told: unknown[] = [];
  const rows = walkRows.walk(recorder(told));
  return { sessions: shape(rows), told, rows, computers: walkRows.computers };
}

describe('WalkRows: correlation from rows sorted on disk', () => {
  const saved = process.env.TMPDIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });

  it('walks as the timeline does, whether the rows stay in memory or go to one run or hundreds', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const events = randomEvents(seeded(seed), 1500);
      const expected = byTimeline(events);
      assert.ok(expected.rows.length > 50, 'the events make sessions');
      assert.ok(expected.told.some(t => (t as unknown[])[0] === 'boot'), 'and boots');
      assert.ok(expected.rows.some(r => r.linked !== undefined) && expected.rows.some(r => r.privileges !== undefined), 'and pairs, and privileges');
      // 1,500 rows of 37-55 bytes: 120 bytes a run makes more runs than are merged at once.
      for (const runBytes of [undefined, 16 * 1024, 120]) {
        const actual = byRows(events, runBytes);
        assert.deepEqual(actual.sessions, expected.sessions, `seed ${seed}, runs of ${runBytes ?? 'default'} bytes`);
        assert.deepEqual(actual.told, expected.told, `seed ${seed}, runs of ${runBytes ?? 'default'} bytes`);
      }
    }
  });

  it('finds each logon and logoff the session the walk attached it to', () => {
    for (let seed = 20; seed <= 30; seed++) {
      const events = randomEvents(seeded(seed), 1500);
      const timeline = new Timeline();
      for (const event of events) timeline.add(event, event.time!);
      const attached = new Map<number, number>();
      const lookup = new SessionLookup(timeline.computerNumbers);
      const rows = correlate(timeline, {
        attach: (row, _e, o) => {
          const role = timeline.roleOf(o);
          if (role === 'logon' || role === 'logoff') attached.set(o, row.id);
        },
        link() {},
        bootBegins: (computer, _boot, at) => lookup.bootBegins(computer, at),
      });
      lookup.setSessions(rows);
      let named = 0;
      events.forEach((event, e) => {
        const [first] = timeline.occurrencesOf(e);
        event.logonIds.forEach(({ role, logonId }, i) => {
          if (role !== 'logon' && role !== 'logoff') return;
          const expected = attached.get(first + i);
          if (expected !== undefined) named++;
          assert.equal(lookup.sessionOf(role, logonId, event.computer, event.time!, event.recordId, e), expected, `seed ${seed}, event ${e} (${event.eventId}), occurrence ${i}`);
        });
      });
      assert.ok(named > 100, `seed ${seed}: logons and logoffs name sessions`);
    }
  });

  it('leaves no temporary file behind', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-walk-'));
    try {
      process.env.TMPDIR = folder;
      const events = randomEvents(seeded(5), 800);
      byRows(events, 200);
      assert.deepEqual(fs.readdirSync(folder), []);
      // Nor when the walk fails half-way.
      const rows = new WalkRows(200);
      events.forEach((event, k) => rows.add(event, event.time!, k));
      assert.throws(() => rows.walk({ attach() { throw new Error('a listener failed'); }, link() {} }), /a listener failed/);
      assert.deepEqual(fs.readdirSync(folder), []);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says what to do when the temporary folder cannot be written', () => {
    // A folder that does not exist, its name with a control character in it.
    process.env.TMPDIR = path.join(os.tmpdir(), 'logon-lens-no-such-folder', 'deep\u001b[2Jer');
    const rows = new WalkRows(200);
    const events = randomEvents(seeded(6), 100);
    assert.throws(() => events.forEach((event, k) => rows.add(event, event.time!, k)), (error: Error) => {
      assert.match(error.message, /cannot write the temporary file that sorts events/);
      assert.match(error.message, /point TMPDIR at another folder/);
      assert.doesNotMatch(error.message, /\u001b/, 'no raw control character reaches the terminal');
      return true;
    });
  });
});
