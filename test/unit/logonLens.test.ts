import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Position } from 'vscode-languageserver-types';
import { STEPPED_PARSE_CHARS } from '../../server/src/core/service/documentModels';
import { MAX_DIAGNOSTICS } from '../../server/src/core/service/logonLens';
import { securityEvent } from '../helpers/corpus';
import { lensOver } from '../helpers/lens';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { KnownFile } from '../../server/src/core/service/sessionModels';
import { ITEMS_PER_STEP } from '../../server/src/core/steps';

const logon = (logonId: string, record: number, type = 5, user = 'svc_backup'): string => securityEvent(4624, [
  `<Data Name="TargetUserName">${user}</Data>`, '<Data Name="TargetDomainName">CORP</Data>',
  `<Data Name="TargetLogonId">${logonId}</Data>`, `<Data Name="LogonType">${type}</Data>`,
].join(''), { record, time: `2024-03-04T10:00:${String(record % 60).padStart(2, '0')}.0000000Z` });
const logoff = (logonId: string, record: number): string => securityEvent(4634, `<Data Name="TargetLogonId">${logonId}</Data>`, { record, time: '2024-03-04T11:00:00.0000000Z' });

/** The position of the first `needle` in `text`, `into` characters in. */
function at(text: string, needle: string, into = 1): Position {
  const offset = text.indexOf(needle) + into;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('the language service (createLogonLens)', () => {
  it('answers every feature for a document and a position, across documents', () => {
    const logons = logon('0x5a1f0', 1, 10);
    const logoffs = logoff('0x5a1f0', 2);
    const { lens } = lensOver([['file:///a.xml', logons], ['file:///b.xml', logoffs]]);
    const hover = lens.hover('file:///a.xml', at(logons, '>10<'));
    assert.match((hover!.contents as { value: string }).value, /RemoteInteractive/);
    const definition = lens.definition('file:///b.xml', at(logoffs, '0x5a1f0', 2));
    assert.equal(definition?.uri, 'file:///a.xml');
    assert.deepEqual(definition!.range.start, at(logons, '0x5a1f0', 0));
    assert.equal(lens.references('file:///a.xml', at(logons, '0x5a1f0', 2), true).length, 2);
    assert.equal(lens.highlights('file:///a.xml', at(logons, '0x5a1f0', 2)).length, 1);
    assert.match(lens.codeLenses('file:///a.xml')[0]!.command!.title, /svc_backup/);
    const hints = lens.inlayHints('file:///a.xml', { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } });
    assert.ok(hints.some(h => String(h.label) === 'RemoteInteractive'), JSON.stringify(hints));
    assert.equal(lens.hover('file:///none.xml', { line: 0, character: 0 }), null, 'a document not open has no answers');
  });

  it('gives a document\'s own problems at once, and its policy findings with every document\'s sessions', () => {
    const text = logon('0x1', 1, 99) + logoff('0x999', 2);
    const { lens } = lensOver([['file:///a.xml', text]]);
    assert.deepEqual(lens.problems('file:///a.xml', false)!.map(p => p.code), ['unknown-logon-type']);
    assert.deepEqual(lens.problems('file:///a.xml', true)!.map(p => p.code), ['unknown-logon-type', 'orphan-logoff']);
    const diagnostics = lens.diagnostics('file:///a.xml', true);
    assert.equal(diagnostics[1]!.codeDescription!.href, 'file:///docs/rules/orphan-logoff.md');
    assert.equal(diagnostics[1]!.range.start.line, at(text, '0x999', 0).line);
  });

  it('shows a repeated finding once, at its first event, with the count and the others related; a setting shows every one', () => {
    const privileges = (record: number, user: string, computer = 'WS01.corp.example.com'): string => securityEvent(4672, [
      `<Data Name="SubjectUserSid">S-1-5-21-1-2-3-${1000 + user.length}</Data>`, `<Data Name="SubjectUserName">${user}</Data>`,
      '<Data Name="SubjectDomainName">CORP</Data>', `<Data Name="SubjectLogonId">0x${(0x500 + record).toString(16)}</Data>`,
    ].join(''), { record, computer, time: `2024-03-04T10:00:${String(record).padStart(2, '0')}.1230000Z` });
    const events = [
      ...Array.from({ length: 25 }, (_, k) => privileges(k + 1, 'alice')),
      privileges(30, 'alice', 'SRV02.corp.example.com'),
      privileges(31, 'bob'),
    ];
    const text = events.join('\n');
    const uri = 'file:///p.xml';
    const grouped = lensOver([[uri, text]]).lens.problems(uri, true)!.filter(p => p.code === 'unexpected-privileges');
    assert.equal(grouped.length, 3, 'alice on WS01, alice on SRV02, bob');
    const [alice, elsewhere, bob] = grouped;
    assert.equal(alice!.start, text.indexOf('alice'), 'at the first event of the group');
    assert.match(alice!.message, /\(25 times for this account on WS01\.corp\.example\.com in this file;/);
    assert.equal(alice!.related!.length, 21, 'twenty events, then a count of the rest');
    assert.equal(alice!.related![0]!.message, 'Again: 4672 Special privileges · 2024-03-04 10:00:02.123 · #2');
    assert.equal(alice!.related![0]!.start, text.indexOf('alice', text.indexOf('<EventRecordID>2<')));
    assert.match(alice!.related![20]!.message, /^…and 4 more/);
    assert.doesNotMatch(elsewhere!.message, /times/, 'another computer is another group');
    assert.doesNotMatch(bob!.message, /times/);

    const every = lensOver([[uri, text]], { groupRepeated: () => false }).lens.problems(uri, true)!.filter(p => p.code === 'unexpected-privileges');
    assert.equal(every.length, 27);
    assert.ok(every.every(p => !/times/.test(p.message)));
  });

  it('shows at most MAX_DIAGNOSTICS, and says how many more there are', () => {
    const many = Array.from({ length: MAX_DIAGNOSTICS + 7 }, (_, k) => logon(`0x${(0x1000 + k).toString(16)}`, k + 1, 99)).join('\n');
    const diagnostics = lensOver([['file:///m.xml', many]]).lens.diagnostics('file:///m.xml', false);
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS + 1);
    assert.match(String(diagnostics[MAX_DIAGNOSTICS]!.message), /^7 more problems are not shown/);
  });

  it('parses a big document a step at a time: others answer meanwhile, sessions wait for it, the result is the same', async () => {
    const small = logoff('0x5a1f0', 1);
    const events: string[] = [];
    for (let k = 0; events.join('\n').length < 1.5 * STEPPED_PARSE_CHARS; k++) events.push(logon(`0x${(0x100000 + k).toString(16)}`, k + 2));
    events.push(logon('0x5a1f0', 99999));
    const big = events.join('\n');
    const { lens } = lensOver([['file:///small.xml', small], ['file:///big.xml', big]]);
    const opened = lens.opened('file:///big.xml');
    assert.deepEqual(lens.reading(), { done: 0, total: 1 }, 'a big document being parsed counts as being read');
    // The small document answers without parsing the big one, and says a session may be in it.
    const hover = (lens.hover('file:///small.xml', at(small, '0x5a1f0', 2))!.contents as { value: string }).value;
    assert.match(hover, /Still reading event files \(0 of 1\)/);
    assert.notEqual(lens.reading(), undefined, 'still parsing in steps');
    await opened;
    assert.equal(lens.reading(), undefined);
    assert.equal(lens.definition('file:///small.xml', at(small, '0x5a1f0', 2))?.uri, 'file:///big.xml');

    // Asked for it before the steps are done, a document is parsed at once, and gives the same answers.
    const eager = lensOver([['file:///big.xml', big]]).lens;
    void eager.opened('file:///big.xml');
    assert.deepEqual(eager.problems('file:///big.xml', true), lens.problems('file:///big.xml', true));
    assert.equal(eager.reading(), undefined);
  });

  it('says the workspace\'s files are still being found before any is read, never that a session is absent', () => {
    const small = logoff('0x5a1f0', 1);
    const { lens } = lensOver([['file:///small.xml', small]], { reading: () => ({ done: 0, total: 0 }) });
    const hover = (lens.hover('file:///small.xml', at(small, '0x5a1f0', 2))!.contents as { value: string }).value;
    assert.match(hover, /Still finding the workspace's event files: this session's 4624 may be in one not read yet/);
    assert.doesNotMatch(hover, /No 4624|linking/);
  });

  it('links a workspace\'s sessions and findings a step at a time: hovers do not wait, navigation waits for the index, the result is the same', async () => {
    // A workspace file of a few steps' worth of events, the logon of the open document's logoff last.
    const events = Array.from({ length: 3 * ITEMS_PER_STEP }, (_, k) => logon(`0x${(0x100000 + k).toString(16)}`, k + 2));
    const fileText = [...events, logon('0x5a1f0', 99999)].join('\n');
    const known = new Map<string, KnownFile>([['file:///ws/a.xml', { doc: parseEventDocument(fileText), positions: TextDocument.create('file:///ws/a.xml', 'xml', 0, fileText) }]]);
    const remote = securityEvent(4624, '<Data Name="TargetUserName">bob</Data><Data Name="TargetLogonId">0x5b000</Data><Data Name="LogonType">3</Data><Data Name="IpAddress">10.0.0.9</Data>', { record: 3, time: '2024-03-04T09:00:00.0000000Z' });
    const open = logoff('0x5a1f0', 1) + logoff('0x999', 2) + remote;
    let pauses = 0;
    const { lens } = lensOver([['file:///open.xml', open]], { knownFiles: () => known, afterLinkingStep: () => void pauses++ });
    const prepared = lens.prepareSessions();
    assert.equal(lens.preparingSessions(), true);
    const hover = (lens.hover('file:///open.xml', at(open, '0x5a1f0', 2))!.contents as { value: string }).value;
    assert.match(hover, /Still linking the sessions of 1 event file: hover again in a moment/, 'the hover did not build the sessions');
    assert.doesNotMatch(hover, /No 4624/);
    // A logon's source may be one end of a hop: that hover does not build the sessions either.
    assert.equal(lens.hover('file:///open.xml', at(open, '10.0.0.9', 2)), null, 'no hop is known yet');
    // Nor do lenses, hints and highlights: they show what is built, and are asked again later.
    assert.deepEqual(lens.codeLenses('file:///open.xml'), []);
    assert.deepEqual(lens.highlights('file:///open.xml', at(open, '0x5a1f0', 2)), []);
    const hints = lens.inlayHints('file:///open.xml', { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } });
    assert.ok(hints.some(h => String(h.label) === 'Network'), 'hints that need no sessions are shown');
    let indexed = false;
    const whenIndexed = lens.whenSessionsIndexed().then(() => (indexed = true));
    await new Promise(resolve => setImmediate(resolve));
    assert.equal(indexed, false, 'one step does not build the index');
    await whenIndexed;
    assert.equal(lens.definition('file:///open.xml', at(open, '0x5a1f0', 2))?.uri, 'file:///ws/a.xml');
    await prepared;
    assert.equal(lens.preparingSessions(), false);
    // The host is told of each pause (the server collects garbage then): a few steps' worth of events.
    assert.ok(pauses >= 3, `${pauses} pauses`);
    assert.match((lens.hover('file:///open.xml', at(open, '0x5a1f0', 2))!.contents as { value: string }).value, /Session of `CORP\\svc_backup`/);
    assert.equal(lens.codeLenses('file:///open.xml').length, 1, 'the lens of the open 4624');

    // The same findings as a service that builds everything at once.
    const atOnce = lensOver([['file:///open.xml', open]], { knownFiles: () => known }).lens;
    const found = lens.problems('file:///open.xml', true)!;
    assert.deepEqual(found.map(p => p.code), ['orphan-logoff']);
    assert.deepEqual(found, atOnce.problems('file:///open.xml', true));
    assert.deepEqual(lens.fileDiagnostics('file:///ws/a.xml'), atOnce.fileDiagnostics('file:///ws/a.xml'));

    // A change while linking drops the build: what is asked next is built then, and is the same.
    const again = lens.prepareSessions();
    lens.changed();
    assert.equal(lens.preparingSessions(), false);
    await again;
    assert.deepEqual(lens.problems('file:///open.xml', true), found);
  });
});
