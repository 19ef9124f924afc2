import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DocumentSymbol, FoldingRange, SymbolInformation } from 'vscode-languageserver-protocol';
import { Overview, OVERVIEW_REQUEST, SESSION_EVENTS_REQUEST, SESSION_TREE_PATH_REQUEST, SESSION_TREE_REQUEST, SessionEvents, SESSIONS_CSV_REQUEST, SessionTreeNode } from '../../server/src/core/contract';
import { securityEvent } from '../helpers/corpus';
import { LspTestClient } from '../helpers/lspClient';

// Hand-made events: an RDP logon and its 4672, pretty-printed, opened; a network logon on another computer on disk.
const opened = securityEvent(4624, [
  '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1105</Data>', '<Data Name="TargetUserName">alice</Data>',
  '<Data Name="TargetDomainName">CORP</Data>', '<Data Name="TargetLogonId">0x5a1f0</Data>',
  '<Data Name="LogonType">10</Data>', '<Data Name="IpAddress">10.1.2.3</Data>',
].join('\n'), { time: '2019-02-07T11:37:52.6280000Z', record: 32366 })
  + securityEvent(4672, '<Data Name="SubjectUserName">alice</Data>\n<Data Name="SubjectDomainName">CORP</Data>\n<Data Name="SubjectLogonId">0x5a1f0</Data>', { time: '2019-02-07T11:37:52.6290000Z', record: 32367 });
const onDisk = securityEvent(4624, [
  '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1300</Data>', '<Data Name="TargetUserName">svc_sql</Data>',
  '<Data Name="TargetDomainName">CORP</Data>', '<Data Name="TargetLogonId">0x7777</Data>', '<Data Name="LogonType">3</Data>',
  '<Data Name="IpAddress">10.9.9.9</Data>',
].join('\n'), { time: '2019-02-07T12:00:00.0000000Z', record: 5, computer: 'SQL01.corp.example.com' });

describe('the overview over stdio: outline, folding, workspace symbols', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-overview-'));
  fs.writeFileSync(path.join(folder, 'sql01.xml'), onDisk);
  const uri = pathToFileURL(path.join(folder, 'ws01.xml')).toString();
  const diskUri = pathToFileURL(path.join(folder, 'sql01.xml')).toString();
  const client = new LspTestClient();

  before(async () => {
    await client.initialize([{ uri: pathToFileURL(folder).toString(), name: 'case' }]);
    await client.waitForLog(/^Indexed 1 event file /);
    await client.open(uri, opened);
  });
  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('outlines one symbol per event, named like a log line, its fields as children', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map(s => s.name), [
      '4624 Logon · CORP\\alice · 10 RemoteInteractive · 2019-02-07 11:37:52 · #32366',
      '4672 Special privileges · CORP\\alice · 2019-02-07 11:37:52 · #32367',
    ]);
    assert.deepEqual(symbols[0]!.children!.map(c => `${c.name}=${c.detail}`), [
      'TargetUserSid=S-1-5-21-1-2-3-1105', 'TargetUserName=alice', 'TargetDomainName=CORP', 'TargetLogonId=0x5a1f0', 'LogonType=10', 'IpAddress=10.1.2.3',
    ]);
    assert.equal(symbols[0]!.range.start.line, 0);
    assert.ok(symbols[1]!.range.start.line > symbols[0]!.range.end.line - 1, 'the second event begins where the first ends');
  });

  it('folds each event and its sections, whatever their indentation', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const lines = opened.split('\n');
    const lineOf = (needle: string, from = 0): number => lines.findIndex((l, k) => k >= from && l.includes(needle));
    const second = lineOf('<Event ', 1);
    assert.deepEqual(ranges.map(r => [r.startLine, r.endLine]), [
      [0, lineOf('</Event>')], [lineOf('<System>'), lineOf('</System>')], [lineOf('<EventData>'), lineOf('</EventData>')],
      [second, lineOf('</Event>', second)], [lineOf('<System>', second), lineOf('</System>', second)], [lineOf('<EventData>', second), lineOf('</EventData>', second)],
    ]);
  });

  it('finds accounts, computers, SIDs, Logon IDs and sources across the workspace, each at its first logon', async () => {
    const all = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'sql' });
    assert.deepEqual(all.map(s => [s.name, s.containerName!.split(' · ')[0]]), [['CORP\\svc_sql', 'account'], ['SQL01.corp.example.com', 'computer']]);
    assert.equal(all[0]!.location.uri, diskUri, 'a workspace file not open');
    const ip = await client.request<SymbolInformation[]>('workspace/symbol', { query: '10.1.2' });
    assert.deepEqual(ip.map(s => [s.name, s.location.uri, s.location.range.start.line]), [['10.1.2.3', uri, opened.split('\n').findIndex(l => l.includes('0x5a1f0'))]]);
    const logonId = await client.request<SymbolInformation[]>('workspace/symbol', { query: '0x7777' });
    assert.equal(logonId[0]?.containerName?.startsWith('Logon ID on SQL01.corp.example.com'), true);
  });

  it('lists a session\'s events as readable rows: which event, when, where', async () => {
    const line = opened.split('\n').findIndex(l => l.includes('SubjectLogonId'));
    const found = await client.request<SessionEvents | null>(SESSION_EVENTS_REQUEST, { uri, position: { line, character: opened.split('\n')[line]!.indexOf('0x5a1f0') + 2 } });
    assert.equal(found?.title, 'CORP\\alice · RemoteInteractive · from 10.1.2.3 · still open · 2 events · privileged');
    const logonLine = opened.split('\n').findIndex(l => l.includes('TargetLogonId'));
    assert.deepEqual(found?.logon?.range.start, { line: logonLine, character: opened.split('\n')[logonLine]!.indexOf('0x5a1f0') });
    // Anywhere in the event, not only on its Logon ID: its EventID, say.
    const eventIdLine = opened.split('\n').findIndex((l, k) => k > line - 12 && k < line && l.includes('<EventID>4672'));
    const fromEventId = await client.request<SessionEvents | null>(SESSION_EVENTS_REQUEST, { uri, position: { line: eventIdLine, character: 14 } });
    assert.deepEqual(fromEventId, found);
    assert.deepEqual(found!.events.map(e => [e.label, e.uri, e.range.start.line]), [
      ['4624 Logon · 2019-02-07 11:37:52.628 · #32366', uri, opened.split('\n').findIndex(l => l.includes('TargetLogonId'))],
      ['4672 Special privileges · 2019-02-07 11:37:52.629 · #32367', uri, line],
    ]);
  });

  it('gives the Logon Sessions view a level at a time: computers, boots, sessions, events', async () => {
    const level = (parent?: string) => client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent });
    const computers = await level();
    assert.deepEqual(computers.map(c => [c.label, c.description]), [['SQL01.corp.example.com', '1 session'], ['WS01.corp.example.com', '1 session']]);
    const boots = await level(computers[1]!.id);
    assert.deepEqual(boots.map(b => b.label), ['Boot 1']);
    const [session] = await level(boots[0]!.id);
    assert.deepEqual([session!.kind, session!.label, session!.description, session!.privileged], ['session', 'CORP\\alice · RemoteInteractive', '2019-02-07 11:37:52 · still open · privileged · 1 problem', true]);
    assert.equal(session!.location?.uri, uri);
    const events = await level(session!.id);
    assert.deepEqual(events.map(e => e.label), ['4624 Logon · 2019-02-07 11:37:52.628 · #32366', '4672 Special privileges · 2019-02-07 11:37:52.629 · #32367']);
    assert.ok(events.every(e => !e.hasChildren && e.location?.uri === uri));

    // Filtered: by account, by logon type, privileged only; counts follow.
    const filtered = (filter: object) => client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { filter });
    assert.deepEqual((await filtered({ account: 'SVC_' })).map(c => c.label), ['SQL01.corp.example.com']);
    assert.deepEqual((await filtered({ logonType: 10 })).map(c => c.label), ['WS01.corp.example.com']);
    assert.deepEqual((await filtered({ privileged: true })).map(c => c.label), ['WS01.corp.example.com']);
    assert.deepEqual(await filtered({ logonType: 2 }), []);
    assert.deepEqual((await filtered({ account: 42, logonType: 'x' })).length, 2, 'a malformed filter is no filter');
  });

  it('counts each session\'s problems, and filters by computer and by problems', async () => {
    const filtered = (filter: object) => client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { filter });
    // alice's RDP session has one finding (its 4672: special privileges for an account not in the policy's admins); svc_sql's none.
    assert.deepEqual((await filtered({ withProblems: true })).map(c => c.label), ['WS01.corp.example.com']);
    assert.deepEqual((await filtered({ computer: 'sql01.CORP.example.com' })).map(c => c.label), ['SQL01.corp.example.com'], 'a computer without case');
    assert.deepEqual(await filtered({ computer: 'SQL01', withProblems: true }), []);
    const [computer] = await filtered({ withProblems: true });
    const [boot] = await client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent: computer!.id });
    const [session] = await client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent: boot!.id });
    assert.equal(session!.problems, 1);
    assert.match(session!.tooltip!, /1 problem on its events/);
  });

  it('gives the path down to the session of the event at the cursor, for Reveal in Sessions View', async () => {
    const lines = opened.split('\n');
    // On the 4672's SubjectUserName: not a Logon ID, yet the event belongs to alice's session.
    const line = lines.findIndex(l => l.includes('SubjectUserName'));
    const path = await client.request<SessionTreeNode[] | null>(SESSION_TREE_PATH_REQUEST, { uri, position: { line, character: 5 } });
    assert.deepEqual(path?.map(n => [n.kind, n.label]), [['computer', 'WS01.corp.example.com'], ['boot', 'Boot 1'], ['session', 'CORP\\alice · RemoteInteractive']]);
    // Each node is the one the view itself gives under its parent.
    const children = await client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent: path![1]!.id });
    assert.deepEqual(children.map(c => c.id), [path![2]!.id]);
    // A filter that hides the session: no path.
    assert.equal(await client.request(SESSION_TREE_PATH_REQUEST, { uri, position: { line, character: 5 }, filter: { logonType: 3 } }), null);
    assert.equal(await client.request(SESSION_TREE_PATH_REQUEST, { uri: 'file:///nowhere.xml', position: { line: 0, character: 0 } }), null);
  });

  it('exports the sessions the view shows as CSV, in the command line\'s columns', async () => {
    const csv = await client.request<string>(SESSIONS_CSV_REQUEST, {});
    const rows = csv.trimEnd().split('\n');
    assert.equal(rows[0], 'computer,account,logonId,logonType,source,start,end,duration,ended,privileged,events,logon,causedBy');
    assert.equal(rows.length, 3);
    assert.match(rows[1]!, /^"WS01\.corp\.example\.com","CORP\\alice","0x5a1f0","10 RemoteInteractive","10\.1\.2\.3","2019-02-07T11:37:52\.628Z","","","still open as far as the data shows","true","2",".*ws01\.xml:1:1",""$/);
    assert.match(rows[2]!, /sql01\.xml:1:1",""$/);
    const only = await client.request<string>(SESSIONS_CSV_REQUEST, { filter: { account: 'svc' } });
    assert.equal(only.trimEnd().split('\n').length, 2);
  });

  it('gives the timeline and graph their overview: sessions, marks, names', async () => {
    const overview = await client.request<Overview>(OVERVIEW_REQUEST, {});
    assert.deepEqual(overview.computers.sort(), ['SQL01.corp.example.com', 'WS01.corp.example.com']);
    assert.equal(overview.sessions.length, 2);
    const alice = overview.sessions.find(s => overview.accounts[s.account] === 'CORP\\alice')!;
    assert.deepEqual([alice.logonType, alice.privileged, alice.problems, alice.ended, alice.source], [10, true, 1, 'open', '10.1.2.3']);
    assert.equal(alice.location?.uri, uri);
    assert.deepEqual(overview.marks.map(m => [m.kind, m.label.split(':')[0]]), [['finding', 'unexpected-privileges']]);
    assert.deepEqual(overview.omitted, { sessions: 0, marks: 0 });
  });

  it('tells the view to ask again after typing, and then shows what was typed', async () => {
    const changed = client.nextSessionsChanged();
    // alice's LogonType 10 becomes 2, typed over in the open document.
    const lines = opened.split('\n');
    const line = lines.findIndex(l => l.includes('"LogonType">10'));
    const character = lines[line]!.indexOf('>10') + 1;
    await client.change(uri, 2, [{ range: { start: { line, character }, end: { line, character: character + 2 } }, text: '2' }]);
    await changed;
    const [computer] = await client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { filter: { account: 'alice' } });
    const [boot] = await client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent: computer!.id, filter: { account: 'alice' } });
    const sessions = await client.request<SessionTreeNode[]>(SESSION_TREE_REQUEST, { parent: boot!.id, filter: { account: 'alice' } });
    assert.deepEqual(sessions.map(s => s.label), ['CORP\\alice · Interactive']);
  });
});
