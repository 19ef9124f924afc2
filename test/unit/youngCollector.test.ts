import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DEFAULT_INDEX_SETTINGS, WorkspaceFiles } from '../../server/src/workspaceFiles';
import { youngCollector } from '../../server/src/youngCollector';
import { securityEvent } from '../helpers/corpus';

describe('collecting the young generation between steps', () => {
  it('collects only the young generation, once every so many steps', () => {
    const calls: unknown[] = [];
    const afterStep = youngCollector(3, options => void calls.push(options));
    for (let k = 0; k < 10; k++) afterStep();
    assert.deepEqual(calls, [{ type: 'minor' }, { type: 'minor' }, { type: 'minor' }]);
  });

  it('does nothing when the process may not collect (started without --expose-gc)', () => {
    assert.equal((globalThis as { gc?: unknown }).gc, undefined, 'these tests run without --expose-gc');
    assert.doesNotThrow(() => youngCollector(1)());
  });

  it('is told after each step of parsing a workspace file', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-steps-'));
    try {
      // About a megabyte of events: several steps of 256 KB.
      const event = securityEvent(4624, '<Data Name="TargetUserName">alice</Data><Data Name="TargetLogonId">0x5a1f0</Data><Data Name="LogonType">3</Data>');
      fs.writeFileSync(path.join(folder, 'big.xml'), `<Events>\n${event.repeat(Math.ceil(2 ** 20 / event.length))}</Events>\n`);
      let steps = 0;
      const files = new WorkspaceFiles(() => undefined, () => undefined, () => undefined, () => void steps++);
      await files.scan([pathToFileURL(folder).toString()], DEFAULT_INDEX_SETTINGS);
      assert.equal(files.all().size, 1);
      assert.ok(steps >= 3, `${steps} steps`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
