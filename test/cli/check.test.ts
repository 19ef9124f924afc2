import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ROOT, SAMPLES, securityEvent } from '../helpers/corpus';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return cliWith({}, ...args);
}

function cliWith(options: { input?: Buffer | string; cwd?: string }, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8', input: options.input, cwd: options.cwd ?? ROOT });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('logon-lens check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-cli-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks the bundled samples folder: no errors, and only findings that can be explained', () => {
    const run = cli('check', SAMPLES, '--fail-on', 'error');
    assert.equal(run.status, 0);
    assert.equal(cli('check', SAMPLES).status, 1, 'warnings fail by default');
    // Six XML exports, and one .evtx (the binary original of omer-post-Security.xml), read natively.
    assert.match(run.stderr, /^7 files, 3899 events: 0 errors, 68 warnings, 0 information\.$/m);
    const lines = run.stdout.trim().split('\n');
    // The two logoffs flushed after a 1100 (omer-Security_with_size_t) end sessions of their boot.
    assert.equal(lines.filter(l => / orphan-logoff /.test(l)).length, 0);
    // Special privileges for the local administrators of the sample machines.
    const privileged = new Set(lines.filter(l => / warning unexpected-privileges /.test(l)).map(l => /unexpected-privileges (\S+) was assigned/.exec(l)![1]));
    assert.deepEqual([...privileged].sort(), ['John-PC\\John', 'TESTCOMPUTER\\test', 'WIN-03DLIIOFRRA\\archir', 'WIN-03DLIIOFRRA\\fsir', 'WIN-L0ZZQ76PMUF\\Administrator']);
    // And one cleared Security log, a real 1102 in velocidex-security.xml.
    assert.deepEqual(lines.filter(l => / log-cleared /.test(l)).map(l => l.replace(/^.*velocidex-security\.xml/, '').replace(/ at .*/, '')), [':21:24 warning log-cleared TESTCOMPUTER\\test cleared the Security log']);
    assert.equal(lines.length, 68);
    // The .evtx gives the same finding as its XML twin, placed by record.
    assert.deepEqual(lines.filter(l => l.includes('.evtx')).map(l => l.replace(/^\S+ /, '')), lines.filter(l => l.includes('omer-post-Security.xml')).map(l => l.replace(/^\S+ /, '')));
    assert.match(lines.find(l => l.includes(".evtx"))!, /omer-post-Security\.evtx#record=120 warning unexpected-privileges /);
  });

  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const file = path.join(dir, 'broken.xml');
    fs.writeFileSync(file, securityEvent(4624, '<Data Name="LogonType">42</Data>\n<Data Name="X">1</Dta>'));
    const run = cli('check', file);
    assert.equal(run.status, 1);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}:13:24 warning unknown-logon-type Unknown logon type '42'`));
    assert.match(lines[1]!, /:14:17 error xml-malformed Expected <\/Data>/);
  });

  it('reads UTF-16 exports with a BOM', () => {
    const file = path.join(dir, 'utf16.xml');
    const text = securityEvent(4624, '<Data Name="LogonType">42</Data>');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const run = cli('check', file, '--fail-on', 'error');
    assert.equal(run.status, 0);
    assert.match(run.stdout, /:13:24 warning unknown-logon-type/);
  });

  it('skips files that are not event XML, and says so', () => {
    const file = path.join(dir, 'pom.xml');
    fs.writeFileSync(file, '<project xmlns="http://maven.apache.org/POM/4.0.0"/>');
    const run = cli('check', file);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /no Windows event XML found .* skipped/);
  });

  it('exits 2 with a clear message on bad usage and bad paths', () => {
    assert.equal(cli().status, 2);
    assert.match(cli('frobnicate').stderr, /unknown command 'frobnicate'/);
    assert.match(cli('check', '--nope', SAMPLES).stderr, /unknown option '--nope'/);
    const missing = cli('check', path.join(dir, 'missing.xml'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing\.xml' does not exist/);
    assert.equal(cli('check').status, 2);
  });

  it('answers --help and --version', () => {
    assert.match(cli('--help').stdout, /Usage: logon-lens <command>/);
    for (const command of ['check', 'sessions', 'explain']) assert.match(cli(command, '--help').stdout, new RegExp(`Usage: logon-lens ${command}`));
    assert.match(cli('--version').stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('logon-lens check: formats, thresholds and inputs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-cli2-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // Hand-made: a cleartext logon (warning) and a forbidden account (error, with a policy).
  const text = securityEvent(4624, '<Data Name="TargetUserName">guest</Data><Data Name="TargetDomainName">CORP</Data><Data Name="TargetLogonId">0x10</Data><Data Name="LogonType">8</Data>');
  const file = path.join(dir, 'export.xml');
  fs.writeFileSync(file, text);
  const policy = path.join(dir, 'policy.json');
  fs.writeFileSync(policy, '{ "forbiddenAccounts": ["guest"] }');

  it('sets the exit code by --fail-on', () => {
    assert.equal(cli('check', file).status, 1);
    assert.equal(cli('check', file, '--fail-on', 'error').status, 0);
    assert.equal(cli('check', file, '--fail-on', 'error', '--policy', policy).status, 1);
    assert.equal(cli('check', file, '--fail-on', 'none', '--policy', policy).status, 0);
    assert.equal(cli('check', file, '--fail-on', 'loud').status, 2);
  });

  it('writes JSON with 1-based positions', () => {
    const run = cli('check', file, '--format', 'json', '--policy', policy);
    const findings = JSON.parse(run.stdout) as { file: string; line: number; column: number; code: string; severity: string }[];
    assert.deepEqual(findings.map(f => [f.code, f.severity, f.line]), [['forbidden-account-logon', 'error', 13], ['cleartext-logon', 'warning', 13]]);
    assert.equal(findings[0]!.column, text.split('\n')[12]!.indexOf('guest') + 1);
  });

  it('writes SARIF 2.1.0 that validates against the SARIF schema, with rules, help and regions', () => {
    const run = cliWith({ cwd: dir }, 'check', 'export.xml', '--format', 'sarif', '--policy', 'policy.json');
    const sarif = JSON.parse(run.stdout);
    const Ajv = require('ajv');
    const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const { rules } = sarif.runs[0].tool.driver;
    assert.ok(rules.some((r: { id: string; help: { markdown?: string } }) => r.id === 'privileged-batch-service-logon' && r.help.markdown?.startsWith('# privileged-batch-service-logon')));
    const [first] = sarif.runs[0].results;
    assert.equal(first.ruleId, 'forbidden-account-logon');
    assert.equal(first.level, 'error');
    assert.equal(rules[first.ruleIndex].id, 'forbidden-account-logon');
    assert.deepEqual(first.locations[0].physicalLocation.artifactLocation, { uri: 'export.xml' });
    assert.equal(first.locations[0].physicalLocation.region.startLine, 13);
    assert.equal(first.locations[0].physicalLocation.region.endColumn - first.locations[0].physicalLocation.region.startColumn, 'guest'.length);
  });

  it('reads gzip, standard input, and .xml.gz files in folders', () => {
    const gz = path.join(dir, 'nested', 'export.xml.gz');
    fs.mkdirSync(path.dirname(gz), { recursive: true });
    fs.writeFileSync(gz, gzipSync(Buffer.from(text)));
    assert.match(cli('check', path.join(dir, 'nested')).stdout, /export\.xml\.gz:13:\d+ warning cleartext-logon/);
    const stdin = cliWith({ input: text }, 'check', '-');
    assert.match(stdin.stdout, /^<stdin>:13:\d+ warning cleartext-logon/);
    assert.match(cliWith({ input: gzipSync(Buffer.from(text)) }, 'check', '-').stdout, /cleartext-logon/);
  });

  it('reports a broken policy file with its position, and exits 2', () => {
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{ "workingHours": { "start": "8am", "end": "18:00" } }');
    const run = cli('check', file, '--policy', broken);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /broken\.json:1:30 workingHours\.start: 'start' is a time of day/);
  });
});

describe('logon-lens sessions and explain', () => {
  it('lists the sessions of the samples, correlated across files, in three formats', () => {
    const text = cli('sessions', SAMPLES);
    assert.equal(text.status, 0);
    assert.match(text.stdout, /^COMPUTER\s+ACCOUNT\s+LOGON ID\s+TYPE\s+SOURCE\s+START\s+END\s+DURATION\s+ENDED\s+PRIV\s+EVENTS\s+LOGON EVENT\s+CAUSED BY$/m);
    const json = JSON.parse(cli('sessions', SAMPLES, '--format', 'json').stdout) as { account: string; ended: string; privileged: boolean; logon: string }[];
    assert.ok(json.length > 100);
    // Each session names its 4624: by line and column in XML, by record in an .evtx.
    assert.ok(json.every(s => /\.xml:\d+:\d+$|\.evtx#record=\d+$/.test(s.logon)), json.map(s => s.logon).join(' '));
    const first = json.find(s => s.logon.endsWith('.xml:14449:1'));
    assert.match(fs.readFileSync(path.join(SAMPLES, 'omer-Security_with_size_t.xml'), 'utf8').split('\n')[14448]!, /^<Event /);
    assert.equal(first?.account, 'NT AUTHORITY\\ANONYMOUS LOGON');
    assert.ok(json.some(s => s.ended === 'ended with the shutdown (1100)'));
    const csv = cli('sessions', SAMPLES, '--format', 'csv', '--computer', 'TestComputer', '--logon-type', 'Interactive', '--account', 'TESTCOMPUTER\\user').stdout.trim().split('\n');
    assert.equal(csv[0], 'computer,account,logonId,logonType,source,start,end,duration,ended,privileged,events,logon,causedBy');
    assert.ok(csv.length > 1 && csv.slice(1).every(row => row.startsWith('"TestComputer","TESTCOMPUTER\\user",') && row.includes(',"2 Interactive",')));
    const since = JSON.parse(cli('sessions', SAMPLES, '--format', 'json', '--since', '2019-02-07', '--until', '2019-02-08T00:00Z').stdout) as { start: string }[];
    assert.ok(since.length > 0 && since.every(s => s.start >= '2019-02-07' && s.start < '2019-02-08T00:00:01'));
    assert.equal(cli('sessions', SAMPLES, '--logon-type', 'Teleport').status, 2);
    assert.equal(cli('sessions', SAMPLES, '--since', 'yesterday').status, 2);
  });

  it('explains values from the hover tables', () => {
    assert.match(cli('explain', '10').stdout, /^Logon type 10: RemoteInteractive/);
    assert.match(cli('explain', '4624').stdout, /^4624: An account was successfully logged on\./);
    assert.match(cli('explain', '1102').stdout, /The audit log was cleared/);
    assert.match(cli('explain', 'S-1-5-21-1-2-3-512').stdout, /RID 512: Domain Admins \(administrative\)/);
    assert.match(cli('explain', '%%1842').stdout, /^%%1842: Yes/);
    assert.match(cli('explain', '0xc000006a').stdout, /misspelled or bad password/);
    assert.match(cli('explain', '0x3e7').stdout, /SYSTEM/);
    assert.match(cli('explain', '--as', 'logon-id', '999').stdout, /0x3e7/);
    // `--` ends the options, as in every POSIX tool.
    assert.match(cli('explain', '--', '9').stdout, /^Logon type 9: NewCredentials/);
    assert.match(cli('explain', '--as', 'event', '--', '4625').stdout, /^4625: An account failed to log on/);
    assert.equal(cli('explain', 'banana').status, 2);
  });
});
