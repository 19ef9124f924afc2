import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../helpers/corpus';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'evtx');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20, timeout: 120_000 });
  assert.equal(result.error, undefined, String(result.error));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A JSON finding without where it is: an .evtx names records, XML lines. */
function withoutPlace(finding: object): object {
  const { file: _file, record: _record, line: _line, column: _column, endLine: _endLine, endColumn: _endColumn, related, ...rest } = finding as Record<string, unknown> & { related?: { message: string }[] };
  return { ...rest, related: related?.map(r => r.message) };
}

describe('the command line on .evtx', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-evtx-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds in an .evtx what it finds in the XML that logon-lens xml made of it, and lists the same sessions', () => {
    for (const name of ['velocidex-security.evtx', 'pyevtx-security.evtx', 'omer-Security_with_size_t.evtx']) {
      const evtx = path.join(FIXTURES, name);
      const xml = path.join(dir, name.replace(/\.evtx$/, '.xml'));
      const written = cli('xml', evtx, '-o', xml);
      assert.equal(written.status, 0, written.stderr);
      const fromEvtx = JSON.parse(cli('check', evtx, '--format', 'json', '--fail-on', 'none').stdout) as { code: string; record?: number }[];
      const fromXml = JSON.parse(cli('check', xml, '--format', 'json', '--fail-on', 'none').stdout) as { code: string }[];
      // The log's own damage (a dirty flag) is told of the .evtx only.
      const ofEvents = fromEvtx.filter(f => f.code !== 'evtx-damaged');
      assert.ok(ofEvents.length > 0, name);
      assert.deepEqual(ofEvents.map(withoutPlace), fromXml.map(withoutPlace), name);
      assert.ok(ofEvents.every(f => Number.isInteger(f.record)), 'findings in an .evtx name their record');
      // The same sessions, apart from where each 4624 is: a record in the log, a line in the XML.
      const sessionsOf = (file: string): { logon: string }[] => JSON.parse(cli('sessions', file, '--format', 'json').stdout) as { logon: string }[];
      const [fromLog, fromText] = [sessionsOf(evtx), sessionsOf(xml)];
      assert.deepEqual(fromLog.map(s => ({ ...s, logon: undefined })), fromText.map(s => ({ ...s, logon: undefined })), name);
      assert.ok(fromLog.every(s => /\.evtx#record=\d+$/.test(s.logon)) && fromText.every(s => /\.xml:\d+:1$/.test(s.logon)), name);
    }
  });

  it('names the record in text output, and reads a gzipped .evtx and one with another name', () => {
    const evtx = path.join(FIXTURES, 'velocidex-security.evtx');
    const text = cli('check', evtx, '--fail-on', 'none').stdout;
    assert.match(text, /velocidex-security\.evtx#record=\d+ warning unexpected-privileges /);
    const gz = path.join(dir, 'Security.evtx.gz');
    fs.writeFileSync(gz, gzipSync(fs.readFileSync(evtx)));
    const renamed = path.join(dir, 'folder', 'collected.bin');
    fs.mkdirSync(path.dirname(renamed));
    fs.copyFileSync(evtx, renamed);
    // The same sessions, wherever the log is and whatever its name (each names its 4624's record).
    const sessions = (file: string): unknown => (JSON.parse(cli('sessions', file, '--format', 'json').stdout) as { logon: string }[]).map(s => ({ ...s, logon: s.logon.replace(/^.*#/, '#') }));
    assert.deepEqual(sessions(gz), sessions(evtx));
    assert.deepEqual(sessions(path.dirname(renamed)), sessions(evtx), 'a folder picks up an event log by its signature, not its name');
  });

  it('links sessions across .evtx and XML files', () => {
    // The 4624s in one file, everything else in the other.
    const xml = cli('xml', path.join(FIXTURES, 'velocidex-security.evtx')).stdout;
    const events = xml.split('\n').filter(l => l.startsWith('<Event '));
    const logons = events.filter(e => e.includes('<EventID>4624</EventID>'));
    fs.writeFileSync(path.join(dir, 'logons.xml'), logons.join('\n'));
    const both = JSON.parse(cli('sessions', path.join(dir, 'logons.xml'), path.join(FIXTURES, 'velocidex-security.evtx'), '--format', 'json').stdout) as { events: number }[];
    const alone = JSON.parse(cli('sessions', path.join(FIXTURES, 'velocidex-security.evtx'), '--format', 'json').stdout) as { events: number }[];
    assert.equal(both.length, alone.length, 'the same 4624 in both files is one session');
  });

  it('writes out, on a terminal, the control characters Windows wrote in values, and keeps them in a file', () => {
    const log = path.join(FIXTURES, 'pyevtx-security.evtx');
    const file = path.join(dir, 'controls.xml');
    assert.equal(cli('xml', log, '-o', file).status, 0);
    assert.ok(fs.readFileSync(file, 'utf8').includes('\u0003'), 'the file keeps the raw U+0003 Windows wrote');
    const terminal = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} xml ${JSON.stringify(log)}`, '/dev/null'], { encoding: 'utf8', input: '', maxBuffer: 256 * 2 ** 20, timeout: 120_000 });
    assert.equal(terminal.error, undefined, String(terminal.error));
    assert.ok(terminal.stdout.includes('\\u0003'), 'written out on a terminal');
    assert.ok(!terminal.stdout.includes('\u0003'), 'never raw on a terminal');
    assert.match(terminal.stdout, /<Events>\r?\n<Event xmlns=/);
  });

  it('writes SARIF that names the record and the record\'s bytes', () => {
    const sarif = JSON.parse(cli('check', path.join(FIXTURES, 'velocidex-security.evtx'), '--format', 'sarif', '--fail-on', 'none').stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'unexpected-privileges');
    assert.match(result.message.text, /\(record \d+\)$/);
    assert.match(result.locations[0].logicalLocations[0].name, /^record \d+$/);
    assert.ok(result.locations[0].physicalLocation.region.byteOffset > 4096);
    assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'evtx-damaged'));
  });

  it('reports damage as evtx-damaged findings and goes on; xml refuses what is not an event log', () => {
    const damaged = cli('check', path.join(FIXTURES, 'omer-sample-with-zero-data-size-event.evtx'), '--fail-on', 'none');
    assert.equal(damaged.status, 0);
    assert.match(damaged.stdout, /#record=\d+ error evtx-damaged record \d+ in chunk \d+/);
    assert.match(damaged.stdout, /#chunk=0 warning evtx-damaged chunk 0's records checksum does not match/);
    assert.match(damaged.stderr, /1 file, \d{3} events: /);
    const folder = cli('xml', path.join(ROOT, 'samples'));
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /samples' is a folder; name one \.evtx file/);
    const notLog = cli('xml', path.join(ROOT, 'samples', 'omer-post-Security.xml'));
    assert.equal(notLog.status, 2);
    assert.match(notLog.stderr, /is not a binary event log/);
  });

  it('writes the same bytes to a file as to standard output, damage and all, and says plainly when it cannot write', () => {
    for (const name of ['pyevtx-security.evtx', 'omer-sample-with-zero-data-size-event.evtx', 'omer-2-vss_7-System.evtx']) {
      const log = path.join(FIXTURES, name);
      const file = path.join(dir, `${name}.xml`);
      const written = cli('xml', log, '-o', file);
      const piped = spawnSync(process.execPath, [CLI, 'xml', log], { maxBuffer: 256 * 2 ** 20, timeout: 120_000 });
      assert.equal(written.status, 0, written.stderr);
      assert.ok(fs.readFileSync(file).equals(piped.stdout), name);
      assert.equal(written.stderr.replace(/ written to .*\.$/m, '.'), piped.stderr.toString(), name);
    }
    const log = path.join(FIXTURES, 'velocidex-security.evtx');
    const noFolder = cli('xml', log, '-o', path.join(dir, 'missing', 'out.xml'));
    assert.equal(noFolder.status, 2, 'a usage error, not a crash');
    assert.match(noFolder.stderr, /^logon-lens xml: cannot write '.*missing.out\.xml': its folder does not exist\.$/m);
    assert.doesNotMatch(noFolder.stderr, /\n\s+at /, 'no stack trace');
    const folder = cli('xml', log, '-o', dir);
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /cannot write '.*': it is a folder; name a file\./);
  });
});
