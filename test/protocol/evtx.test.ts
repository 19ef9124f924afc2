import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { Location } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EVTX_TEXT_REQUEST, evtxDocumentUri } from '../../server/src/core/contract';
import { ROOT } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

describe('.evtx in the language server', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-evtx-ws-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));
  const logPath = path.join(folder, 'Security.evtx');
  fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'evtx', 'velocidex-security.evtx'), logPath);
  const logUri = evtxDocumentUri(pathToFileURL(logPath).toString());

  it('renders an .evtx as its document, indexes workspace logs under the same URI, and links XML to it', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'ws' }]);
      const text = await client.request<string>(EVTX_TEXT_REQUEST, { uri: logUri });
      assert.match(text, /^<!-- Security\.evtx, a binary event log, shown as event XML by Logon Lens \(read-only\): all 739 events\.\n {5}information: the log was not closed cleanly \(its dirty flag is set\)[^\n]*\n-->\n<Events>\n<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'>\n  <System>\n/);
      await client.waitForLog(/^Indexed 1 event file /);
      // A part of the log, picked by the user, is a document of its own.
      const part = await client.request<string>(EVTX_TEXT_REQUEST, { uri: `${logUri}?slice=${encodeURIComponent(JSON.stringify({ eventIds: [4634] }))}` });
      assert.match(part, /^<!-- Security\.evtx, a binary event log, shown as event XML by Logon Lens \(read-only\): \d+ of its 739 events: event IDs 4634 /);
      assert.deepEqual([...new Set([...part.matchAll(/<EventID>(\d+)<\/EventID>/g)].map(m => m[1]))], ['4634']);

      // An XML export opened beside it: its logoff of 0x5b9a0d goes to the 4624 in the log, unopened.
      const events = text.split('\n<Event ');
      const logoff = `<Event ${events.find(e => e.includes('<EventID>4634</EventID>') && e.includes("'TargetLogonId'>0x5b9a0d"))!.replace(/\n<\/Events>\n$/, '')}`;
      const xmlUri = pathToFileURL(path.join(folder, 'logoff.xml')).toString();
      await client.open(xmlUri, logoff);
      const positions = TextDocument.create(xmlUri, 'xml', 1, logoff);
      const definition = await client.definition(xmlUri, positions.positionAt(logoff.indexOf('0x5b9a0d') + 2)) as Location | null;
      assert.ok(definition !== null, 'a definition in the log');
      assert.equal(definition.uri, logUri);
      const log = TextDocument.create(logUri, 'xml', 1, text);
      assert.equal(log.offsetAt(definition.range.start), text.indexOf("'TargetLogonId'>0x5b9a0d") + "'TargetLogonId'>".length);

      // The log's document, opened, has every feature: a hover, and its policy diagnostic.
      await client.open(logUri, text);
      const hover = await client.hover(logUri, log.positionAt(text.indexOf("Name='LogonType'>") + 17));
      assert.match((hover!.contents as { value: string }).value, /^\*\*Logon type \d+: /);
      const diagnostics = await client.diagnosticsFor(logUri, p => p.diagnostics.some(d => d.code === 'unexpected-privileges'));
      assert.ok(diagnostics.some(d => /TESTCOMPUTER\\test was assigned special privileges/.test(String(d.message))));
    } finally {
      await client.stop();
    }
  });

  it('shows a damaged log\'s damage as evtx-damaged diagnostics, each on its line of the note at the top', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize();
      const damagedPath = path.join(folder, 'damaged.evtx');
      fs.copyFileSync(path.join(ROOT, 'test', 'fixtures', 'evtx', 'omer-sample-with-zero-data-size-event.evtx'), damagedPath);
      const uri = evtxDocumentUri(pathToFileURL(damagedPath).toString());
      const text = await client.request<string>(EVTX_TEXT_REQUEST, { uri });
      await client.open(uri, text);
      const diagnostics = await client.diagnosticsFor(uri, p => p.diagnostics.some(d => d.code === 'evtx-damaged'));
      const damage = diagnostics.filter(d => d.code === 'evtx-damaged');
      const lines = text.split('\n');
      assert.ok(damage.some(d => d.severity === 1 && /^record \d+ in chunk 0: its size \(0 bytes\) is damaged/.test(String(d.message))), JSON.stringify(damage.map(d => d.message)));
      for (const d of damage) assert.ok(lines[d.range.start.line]!.includes(String(d.message).slice(0, 30)), `on its own line: ${d.message}`);
    } finally {
      await client.stop();
    }
  });

  it('answers a request for what is not an event log with an error, and stays up', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize();
      const notLog = path.join(folder, 'notes.txt');
      fs.writeFileSync(notLog, 'hello');
      await assert.rejects(client.request(EVTX_TEXT_REQUEST, { uri: evtxDocumentUri(pathToFileURL(notLog).toString()) }), /not a binary event log/);
      await assert.rejects(client.request(EVTX_TEXT_REQUEST, { uri: 'file:///etc/passwd' }), /not the document of an event log/);
      assert.equal(client.exited, undefined);
    } finally {
      await client.stop();
    }
  });
});
