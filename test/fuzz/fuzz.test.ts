import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuzzCore, fuzzServer } from './fuzz';

/**
 * A short fuzzing run, part of every test run. The long run (`npm run fuzz`) is the same code
 * with 100,000 cases. A failure prints the seed that replays it.
 */
describe('fuzzing (short run)', () => {
  it('the core survives 400 damaged exports and policies: no exception, no case over 1 s', () => {
    const report = fuzzCore(400, 20261127);
    assert.deepEqual(report.crashes.slice(0, 3), []);
    assert.deepEqual(report.hangs, []);
    assert.equal(report.cases, 400);
  });

  it('the live server answers 60 rounds of damaged documents and requests, and nothing escapes a handler', async () => {
    const report = await fuzzServer(60, 7);
    assert.equal(report.alive, true);
    assert.deepEqual(report.crashes.slice(0, 3), []);
    assert.deepEqual(report.internalErrors.slice(0, 3), []);
    assert.deepEqual(report.hangs, []);
  });
});
