import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdleCollector } from '../../server/src/idleCollector';

const pause = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

describe('collecting the text typing leaves behind', () => {
  it('collects once edits pause, only after enough text was replaced, and never while typing goes on', async () => {
    let collections = 0;
    const collector = new IdleCollector(() => void collections++, 40, 1000, 10_000);
    collector.edited(400);
    collector.edited(400);
    await pause(80);
    assert.equal(collections, 0, '800 characters replaced: not worth a collection');
    for (let k = 0; k < 5; k++) {
      collector.edited(400);
      await pause(10); // typing: shorter than the pause
    }
    assert.equal(collections, 0, 'not while typing');
    await pause(80);
    assert.equal(collections, 1, 'once typing paused');
    await pause(80);
    assert.equal(collections, 1, 'and only once');
  });

  it('collects a second time once edits stay paused, and not if typing resumed', async () => {
    let collections = 0;
    const compacting: boolean[] = [];
    const collector = new IdleCollector(compact => void (collections++, compacting.push(compact)), 20, 1000, 300);
    collector.edited(2000);
    await pause(100);
    assert.equal(collections, 1, 'once typing paused');
    await pause(400);
    assert.equal(collections, 2, 'again once the pause lasted');
    assert.deepEqual(compacting, [false, true], 'the second collection compacts');
    await pause(400);
    assert.equal(collections, 2, 'and then no more');

    collector.edited(2000);
    await pause(100);
    assert.equal(collections, 3, 'a new pause: collected');
    collector.edited(10); // typing resumed: too little text for a collection of its own
    await pause(500);
    assert.equal(collections, 3, 'the second collection was called off');
  });
});
