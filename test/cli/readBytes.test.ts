import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readBytes } from '../../server/src/cli/stream/readExport';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-read-'));
after(() => fs.rmSync(folder, { recursive: true, force: true }));

/** 1 MiB and a bit of bytes that differ from piece to piece. */
const content = Buffer.from(Array.from({ length: 2 ** 20 + 12_345 }, (_, k) => (k * 7 + (k >> 12)) & 0xff));

async function read(file: string, blocking: boolean, readSize = 16 * 1024): Promise<{ bytes: Buffer; pieces: number; told: number[] }> {
  const pieces: Buffer[] = [];
  const told: number[] = [];
  for await (const piece of readBytes(file, n => told.push(n), readSize, blocking)) pieces.push(Buffer.from(piece));
  return { bytes: Buffer.concat(pieces), pieces: pieces.length, told };
}

describe('readBytes with blocking reads', () => {
  const plain = path.join(folder, 'plain.bin');
  fs.writeFileSync(plain, content);

  it('gives the same bytes as the stream, in pieces of the size asked, and tells how far it has read', async () => {
    const streamed = await read(plain, false);
    const blocked = await read(plain, true);
    assert.ok(blocked.bytes.equals(content));
    assert.ok(streamed.bytes.equals(content));
    assert.equal(blocked.pieces, Math.ceil(content.length / (16 * 1024)));
    assert.equal(blocked.told.at(-1), content.length);
    assert.deepEqual(blocked.told, [...blocked.told].sort((a, b) => a - b));
  });

  it('lets the event loop turn while it reads (progress and Ctrl-C still run)', async () => {
    let turns = 0;
    let reading = true;
    const tick = (): void => {
      turns++;
      if (reading) setImmediate(tick);
    };
    // Turns counted from the first piece to the last: 260 pieces, the loop turns every 16.
    let started = false;
    for await (const _ of readBytes(plain, undefined, 4096, true)) {
      if (!started) setImmediate(tick);
      started = true;
    }
    reading = false;
    assert.ok(turns >= 10, `the event loop turned ${turns} times`);
  });

  it('still gunzips a gzipped file, whatever it is called', async () => {
    const gzipped = path.join(folder, 'plain.bin.data');
    fs.writeFileSync(gzipped, gzipSync(content));
    assert.ok((await read(gzipped, true)).bytes.equals(content));
  });

  it('fails as the stream does on a file that is not there', async () => {
    await assert.rejects(read(path.join(folder, 'missing.bin'), true), { code: 'ENOENT' });
  });
});
