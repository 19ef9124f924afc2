import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { accountOf } from '../../server/src/core/features/sessionSummary';
import { decodeBytes } from '../../server/src/core/parse/decodeBytes';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { buildSessionIndex } from '../../server/src/core/sessions/buildSessionIndex';
import { readSample, REAL_FILES, ROOT, securityEvent, SHAPES } from '../helpers/corpus';
import { lensOver } from '../helpers/lens';
import { explicit, failed, succeeded, text, ticket, traffic } from '../helpers/traffic';

const CLI = path.join(ROOT, 'dist', 'cli.js');

function run(args: readonly string[], nodeOptions: readonly string[] = []): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeOptions, CLI, ...args], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * What the editor shows for these files (its language service, as the server calls it), as `check
 * --format json` writes it. With every repeated finding shown, as the command line lists them.
 */
function editorFindings(files: readonly string[]): object[] {
  const { lens } = lensOver(files.map(file => [file, decodeBytes(fs.readFileSync(file))]), { groupRepeated: () => false });
  const lines = new Map(files.map(file => [file, lens.positionsOf(file)!]));
  return files.flatMap(file => {
    const problems = lens.problems(file, true)!;
    const at = lines.get(file)!;
    return problems.map(p => ({
      file,
      line: at.positionAt(p.start).line + 1,
      column: at.positionAt(p.start).character + 1,
      endLine: at.positionAt(p.end).line + 1,
      endColumn: at.positionAt(p.end).character + 1,
      severity: p.severity,
      code: p.code,
      message: p.message,
      account: p.account,
      related: p.related?.length ? p.related.map(r => ({ file: r.uri, line: lines.get(r.uri)!.positionAt(r.start).line + 1, column: lines.get(r.uri)!.positionAt(r.start).character + 1, message: r.message })) : undefined,
    }));
  });
}

describe('the command line streams exports and agrees with the editor', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-stream-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds exactly what the editor finds, in every shape, with sessions linked across files', () => {
    for (const [shape, make] of Object.entries(SHAPES)) {
      const folder = path.join(dir, shape);
      fs.mkdirSync(folder);
      const files = REAL_FILES.map(({ name }) => path.join(folder, name)).sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
      for (const file of files) fs.writeFileSync(file, make(readSample(path.basename(file))));
      const checked = run(['check', folder, '--format', 'json', '--fail-on', 'none']);
      assert.equal(checked.status, 0, checked.stderr);
      const streamed = JSON.parse(checked.stdout) as object[];
      const expected = JSON.parse(JSON.stringify(editorFindings(files))) as object[];
      assert.ok(expected.length > 60, `${shape}: the corpus has findings to compare`);
      assert.deepEqual(streamed, expected, shape);
    }
  });

  it('finds the window rules\' bursts, sprays, logons after failures and Kerberoasting bursts as the editor does, streaming', () => {
    const t = traffic();
    for (let k = 0; k < 30; k++) failed(t, k * 3, { user: 'alice', ip: '10.0.0.66' });
    succeeded(t, 120, { user: 'alice', ip: '10.0.0.66' });
    for (let k = 0; k < 25; k++) failed(t, 600 + k * 12, { user: `user${k}`, ip: '10.0.0.77' });
    for (let k = 0; k < 6; k++) ticket(t, 1000 + k, { requester: 'eve', service: `svc_app${k}` });
    const file = path.join(dir, 'attacks.xml');
    fs.writeFileSync(file, text(t));
    const checked = run(['check', file, '--format', 'json', '--fail-on', 'none']);
    assert.equal(checked.status, 0, checked.stderr);
    // Window findings are written when their episode ends, so order aside, they are the editor's.
    const order = (list: { line: number; column: number; code: string }[]): object[] => [...list].sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
    const streamed = JSON.parse(checked.stdout) as { line: number; column: number; code: string }[];
    assert.deepEqual([...new Set(streamed.map(f => f.code))].sort(), ['failed-logon-burst', 'kerberoasting', 'kerberoasting-burst', 'logon-after-failures', 'password-spray']);
    assert.deepEqual(order(streamed), order(JSON.parse(JSON.stringify(editorFindings([file])))));
  });

  it('links a hop as the editor does: the 4648 on one host and the 4624 it led to on the other, in check and in sessions', () => {
    const folder = path.join(dir, 'hops');
    fs.mkdirSync(folder);
    const from = traffic();
    explicit(from, 0, { subject: 'helpdesk', target: 'alice', server: 'FILE02.corp.example.com' });
    const to = traffic();
    to.record = 500;
    succeeded(to, 2, { user: 'alice', ip: '10.0.0.7', computer: 'FILE02.corp.example.com' });
    const wks = path.join(folder, 'wks07.xml');
    const file02 = path.join(folder, 'file02.xml');
    fs.writeFileSync(wks, text(from));
    fs.writeFileSync(file02, text(to));
    const checked = run(['check', folder, '--format', 'json', '--fail-on', 'none']);
    assert.equal(checked.status, 0, checked.stderr);
    const streamed = JSON.parse(checked.stdout) as { code: string; related?: { file: string; line: number; message: string }[] }[];
    const explicitFinding = streamed.find(f => f.code === 'explicit-credentials');
    assert.deepEqual(explicitFinding?.related?.map(r => [r.file, r.line]), [[file02, 1]]);
    assert.match(explicitFinding!.related![0]!.message, /^Led to: CORP\\alice logging on to FILE02\.corp\.example\.com \(Network\) at 2024-03-04T09:00:02\.000Z, Logon ID 0x101f4$/);
    assert.deepEqual(streamed, JSON.parse(JSON.stringify(editorFindings([file02, wks]))));
    // The session on FILE02 says which 4648 caused it, in every format.
    const csv = run(['sessions', folder, '--format', 'csv']);
    assert.equal(csv.status, 0, csv.stderr);
    const [header, row] = csv.stdout.trimEnd().split('\n');
    assert.ok(header!.endsWith(',logon,causedBy'), header);
    assert.ok(row!.endsWith(`,"WKS07.corp.example.com ${wks}:1:1"`), row);
    // The editor's CSV export writes the same row.
    const { lens } = lensOver([file02, wks].map(file => [file, fs.readFileSync(file, 'utf8')]));
    assert.ok(lens.sessionsCsv().trimEnd().split('\n')[1]!.endsWith(`,"WKS07.corp.example.com ${wks}:1:1"`), 'the same place as the command line');
  });

  it('names a SID\'s other names as the editor does: account-name-mismatch learns them in the first pass', () => {
    // Hand-made events: the built-in Administrator's SID under its name on one host, under a made-up one on another.
    const folder = path.join(dir, 'names');
    fs.mkdirSync(folder);
    const logon = (user: string, record: number, computer: string): string => securityEvent(4624, [
      '<Data Name="TargetUserSid">S-1-5-21-1111-2222-3333-500</Data>', `<Data Name="TargetUserName">${user}</Data>`,
      '<Data Name="TargetDomainName">CORP</Data>', `<Data Name="TargetLogonId">0x${(0x700 + record).toString(16)}</Data>`, '<Data Name="LogonType">3</Data>',
    ].join('\n'), { time: `2024-03-04T10:00:0${record}.0000000Z`, record, computer });
    const dc = path.join(folder, 'dc.xml');
    const server = path.join(folder, 'srv.xml');
    fs.writeFileSync(dc, logon('Administrator', 1, 'DC01') + logon('Administrator', 2, 'DC01'));
    fs.writeFileSync(server, logon('fakeadmin', 3, 'SRV07'));
    const checked = run(['check', folder, '--format', 'json', '--fail-on', 'none']);
    assert.equal(checked.status, 0, checked.stderr);
    const streamed = JSON.parse(checked.stdout) as { code: string; file: string }[];
    assert.deepEqual(streamed.filter(f => f.code === 'account-name-mismatch').map(f => f.file), [server]);
    assert.deepEqual(streamed, JSON.parse(JSON.stringify(editorFindings([dc, server]))));
  });

  it('lists the sessions open when a log was cleared, as the editor does', () => {
    // Hand-made: three logons on DC01 (one logged off before the clearing), a logon on another host, then a 1102.
    const folder = path.join(dir, 'cleared');
    fs.mkdirSync(folder);
    const logon = (user: string, id: string, record: number, minute: number, computer = 'DC01.corp.example.com'): string => securityEvent(4624, [
      `<Data Name="TargetUserName">${user}</Data>`, '<Data Name="TargetDomainName">CORP</Data>', `<Data Name="TargetLogonId">${id}</Data>`, '<Data Name="LogonType">3</Data>',
    ].join('\n'), { time: `2024-03-04T10:0${minute}:00.0000000Z`, record, computer });
    const logoff = securityEvent(4634, '<Data Name="TargetLogonId">0x102</Data>', { time: '2024-03-04T10:05:00.0000000Z', record: 5, computer: 'DC01.corp.example.com' });
    const cleared = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Eventlog" Guid="{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}"/><EventID>1102</EventID><TimeCreated SystemTime="2024-03-04T10:08:00.0000000Z"/><EventRecordID>6</EventRecordID><Channel>Security</Channel><Computer>DC01.corp.example.com</Computer></System><UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog"><SubjectUserSid>S-1-5-21-1-2-3-1105</SubjectUserSid><SubjectUserName>mallory</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x101</SubjectLogonId></LogFileCleared></UserData></Event>\n';
    const before = path.join(folder, 'before.xml');
    const after = path.join(folder, 'after.xml');
    fs.writeFileSync(before, logon('mallory', '0x101', 1, 1) + logon('bob', '0x102', 2, 2) + logon('carol', '0x103', 3, 3) + logon('dave', '0x104', 4, 4, 'SRV02.corp.example.com') + logoff);
    fs.writeFileSync(after, cleared);
    const checked = run(['check', folder, '--format', 'json', '--fail-on', 'none']);
    assert.equal(checked.status, 0, checked.stderr);
    const streamed = JSON.parse(checked.stdout) as { code: string; message: string; related?: { file: string; message: string }[] }[];
    const finding = streamed.find(f => f.code === 'log-cleared')!;
    assert.match(finding.message, / 2 sessions on this computer began before it and were still open\.$/);
    assert.deepEqual(finding.related!.map(r => r.message.replace(/ · since.*/, '')), ['Open when cleared: CORP\\mallory · Network', 'Open when cleared: CORP\\carol · Network']);
    assert.ok(finding.related!.every(r => r.file === before));
    assert.deepEqual(streamed, JSON.parse(JSON.stringify(editorFindings([after, before]))));
  });

  it('places evidence from another file (a 4627 proving Domain Admins) exactly as the editor does', () => {
    // Hand-made events: a 4627 in one file, the Service logon of the same session in another.
    const folder = path.join(dir, 'evidence');
    fs.mkdirSync(folder);
    const groups = path.join(folder, 'groups.xml');
    const logons = path.join(folder, 'logons.xml');
    fs.writeFileSync(groups, securityEvent(4627, '<Data Name="TargetLogonId">0x4242</Data><Data Name="GroupMembership">\n\t\t%{S-1-5-21-1-2-3-513}\n\t\t%{S-1-5-21-1-2-3-512}</Data>', { time: '2024-03-04T09:59:59.9000000Z', record: 1 }));
    fs.writeFileSync(logons, securityEvent(4624, [
      '<Data Name="TargetUserSid">S-1-5-21-1-2-3-1300</Data>', '<Data Name="TargetUserName">svc_admin</Data>',
      '<Data Name="TargetDomainName">CORP</Data>', '<Data Name="TargetLogonId">0x4242</Data>', '<Data Name="LogonType">5</Data>',
    ].join('\n'), { time: '2024-03-04T10:00:00.0000000Z', record: 2 }));
    const checked = run(['check', folder, '--format', 'json']);
    assert.equal(checked.status, 1, checked.stderr);
    const streamed = JSON.parse(checked.stdout) as { code: string; related?: { file: string; line: number; column: number }[] }[];
    assert.deepEqual(streamed, JSON.parse(JSON.stringify(editorFindings([groups, logons]))));
    const finding = streamed.find(f => f.code === 'privileged-batch-service-logon');
    assert.deepEqual(finding?.related?.map(r => [r.file, r.line, r.column]), [[groups, 13, 70]]);
    const sarif = JSON.parse(run(['check', folder, '--format', 'sarif']).stdout) as { runs: { results: { ruleId: string; relatedLocations?: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[] };
    const result = sarif.runs[0]!.results.find(r => r.ruleId === 'privileged-batch-service-logon');
    assert.deepEqual(result?.relatedLocations?.map(l => l.physicalLocation.region), [{ startLine: 13, startColumn: 70, endLine: 15, endColumn: 24 }]);
  });

  it('reads UTF-16 (LE and BE, with or without BOM) and gzip across read pieces exactly as UTF-8', () => {
    const text = readSample('pyevtx-security.xml'); // 2 MB: dozens of pieces, characters cut between them
    const utf16be = (t: string): Buffer => Buffer.from(t, 'utf16le').swap16();
    const encodings: Record<string, Buffer> = {
      'utf8.xml': Buffer.from(text, 'utf8'),
      'utf16le-bom.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf16be-bom.xml': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]),
      'utf16be.xml': utf16be(text),
      'utf16le.xml.gz': gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    };
    const results = Object.entries(encodings).map(([name, bytes]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const checked = run(['check', file, '--format', 'json', '--fail-on', 'none']);
      assert.equal(checked.status, 0, `${name}: ${checked.stderr}`);
      return (JSON.parse(checked.stdout) as { file: string; related?: { file: string }[] }[]).map(f => ({ ...f, file: 'x', related: f.related?.map(r => ({ ...r, file: 'x' })) }));
    });
    assert.ok(results[0]!.length > 30);
    for (const result of results.slice(1)) assert.deepEqual(result, results[0]);
  });

  it('lists the same sessions as the editor’s session index', () => {
    const files = REAL_FILES.map(({ name }) => path.join(dir, 'pretty', name));
    const listed = run(['sessions', path.join(dir, 'pretty'), '--format', 'json']);
    assert.equal(listed.status, 0, listed.stderr);
    const rows = JSON.parse(listed.stdout) as { computer: string; account: string; logonId: string; start: string; end: string; events: number; privileged: boolean }[];
    const index = buildSessionIndex(files.map(file => [file, parseEventDocument(decodeBytes(fs.readFileSync(file)))]));
    const key = (s: { computer: string; account: string; logonId: string; start: string }): string => `${s.computer}|${s.account}|${s.logonId}|${s.start}`;
    const expected = index.sessions.map(s => ({
      key: key({ computer: s.computer, account: accountOf(s), logonId: `0x${s.logonId.toString(16)}`, start: new Date(Math.floor(s.start)).toISOString().replace('.000Z', 'Z') }),
      events: s.events.length,
      privileged: s.privileges !== undefined,
      ended: s.end !== undefined,
    })).sort((a, b) => a.key.localeCompare(b.key));
    const actual = rows.map(r => ({ key: key(r), events: r.events, privileged: r.privileged, ended: r.end !== '' })).sort((a, b) => a.key.localeCompare(b.key));
    assert.equal(actual.length, 177);
    assert.deepEqual(actual, expected);
  });

  it('checks an export larger than its memory allowance', async () => {
    // The heap is capped below the file's size: holding the text (or its records) would fail.
    const { generateExport } = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as { generateExport(options: object): string };
    const file = path.join(dir, 'large.xml');
    const out = fs.openSync(file, 'w');
    let events = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const text = generateExport({ targetBytes: 25 * 2 ** 20, seed, computers: 3 + seed });
      events += text.split('<Event ').length - 1;
      fs.writeSync(out, text);
    }
    fs.closeSync(out);
    const heapMb = 64;
    assert.ok(fs.statSync(file).size > 1.5 * heapMb * 2 ** 20);

    const checked = run(['check', file, '--fail-on', 'none'], [`--max-old-space-size=${heapMb}`]);
    assert.equal(checked.status, 0, checked.stderr.slice(0, 2000));
    assert.match(checked.stderr, new RegExp(`^1 file, ${events} events: 0 errors, [1-9]\\d* warnings`, 'm'));
    assert.doesNotMatch(checked.stderr, /\r|\x1b\[/, 'no progress bar when standard error is not a terminal');

    // On a terminal (a pseudo-terminal made by util-linux's script), the bar is drawn, then erased.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} check ${JSON.stringify(file)} --fail-on none > /dev/null`;
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', input: '', timeout: 120_000, killSignal: 'SIGKILL' });
    assert.equal(terminal.error, undefined, String(terminal.error));
    assert.equal(terminal.status, 0, terminal.stderr);
    assert.match(terminal.stdout, /\r\[#*-*\] +\d+%  reading 1\/2  [\d.]+ (KB|MB) of [\d.]+ MB\x1b\[K/);
    assert.match(terminal.stdout, /\r\[#*-*\] +\d+%  checking 2\/2 /);
    assert.match(terminal.stdout, /\r\x1b\[K1 file, \d+ events: /, 'the bar is erased before the summary');
  });
});
