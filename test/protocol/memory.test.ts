import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lspClient';
import { readSample } from '../helpers/corpus';

/**
 * Typing in a big export must not keep old versions of its text alive. A record parsed after an
 * edit outlives that version; if its values were slices of the version's whole text, every
 * keystroke would pin one more copy of the document. Checked on structure, not time: under a heap
 * limit of a few copies, many edits must leave the server alive and answering.
 */
describe('memory while typing', () => {
  it('keeps no old version of a 6 MB export alive over 150 edits, under a 128 MB heap', async () => {
    const events = readSample('pyevtx-security.xml');
    const text = events + events; // ~6 MB, each edit would pin one more copy
    const uri = 'file:///typing.xml';
    const client = new LspTestClient(['--max-old-space-size=128']);
    try {
      await client.initialize();
      await client.open(uri, text);
      const lines = text.split('\n');
      const logonTypeLines = lines.flatMap((line, k) => (line.includes('"LogonType"') ? [k] : []));
      let version = 1;
      for (let k = 0; k < 150; k++) {
        // Edit the value of a different LogonType each time (spread over the document), then hover it.
        const line = logonTypeLines[(k * 37) % logonTypeLines.length]!;
        const character = lines[line]!.indexOf('>') + 1;
        await client.change(uri, ++version, [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: String(k % 10) }]);
        const hover = await client.hover(uri, { line, character });
        assert.ok(hover !== null && JSON.stringify(hover.contents).includes('Logon type'), `hover after edit ${k}`);
        lines[line] = lines[line]!.slice(0, character) + String(k % 10) + lines[line]!.slice(character + 1);
      }
      assert.equal(client.exited, undefined, `the server died: ${client.stderr.join('').slice(-500)}`);
    } finally {
      if (client.exited === undefined) await client.stop();
    }
  });
});
