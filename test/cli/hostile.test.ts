import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ROOT, securityEvent } from '../helpers/corpus';

const CLI = path.join(ROOT, 'dist', 'cli.js');

/** A hung child fails its own test, with its name, instead of stalling the whole file. */
const CHILD_TIMEOUT_MS = 30_000;

function run(args: string[], options: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv } = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: options.cwd ?? ROOT, input: options.input, env: options.env ?? process.env, timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
  assert.equal(result.error, undefined, `logon-lens ${args.join(' ')}: ${String(result.error)}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Resolves with the exit code once the child has ended, even if it ended before the call. */
function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise(resolve => child.once('exit', code => resolve(code)));
}

/** A cleartext logon (a warning) whose account, domain, workstation and IP carry `hostile`. */
function hostileLogon(hostile: string, record = 1): string {
  return securityEvent(4624, [
    `<Data Name="TargetUserName">${hostile}</Data>`, `<Data Name="TargetDomainName">${hostile}</Data>`,
    '<Data Name="TargetLogonId">0x4343</Data>', '<Data Name="LogonType">8</Data>',
    `<Data Name="WorkstationName">${hostile}</Data>`, '<Data Name="IpAddress">10.0.0.1</Data>',
  ].join('\n'), { record });
}

describe('the command line, given hostile evidence', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-hostile-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ignores an evidence folder\'s own logon-policy.json, and always says which policy it used', () => {
    const evidence = path.join(dir, 'evidence');
    fs.mkdirSync(evidence);
    fs.writeFileSync(path.join(evidence, 'export.xml'), hostileLogon('alice'));
    fs.writeFileSync(path.join(evidence, 'logon-policy.json'), '{ "rules": { "cleartext-logon": "off" } }');
    const inside = run(['check', 'export.xml'], { cwd: evidence });
    assert.equal(inside.status, 1, 'the folder\'s file did not turn the finding off');
    assert.match(inside.stderr, /^policy: none \(built-in defaults/m);
    const project = run(['check', 'export.xml', '--project', '.'], { cwd: evidence });
    assert.equal(project.status, 0);
    assert.match(project.stderr, new RegExp(`^policy: ${path.join(fs.realpathSync(evidence), 'logon-policy.json').replace(/[.\\/]/g, '\\$&')}$`, 'm'));
  });

  it('exits 2, never hangs or crashes, on a FIFO, a folder or a deeply nested policy', () => {
    const file = path.join(dir, 'a.xml');
    fs.writeFileSync(file, hostileLogon('alice'));
    const fifo = path.join(dir, 'fifo.json');
    spawnSync('mkfifo', [fifo]);
    assert.ok(fs.statSync(fifo).isFIFO());
    const deep = path.join(dir, 'deep.json');
    fs.writeFileSync(deep, `{"rules":${'['.repeat(20000)}${']'.repeat(20000)}}`);
    const typed = path.join(dir, 'typed.json');
    fs.writeFileSync(typed, '{"forbiddenAccounts":"alice"}');
    for (const [policy, message] of [[fifo, /not a regular file/], [dir, /is a folder/], [deep, /nests deeper than/], [typed, /forbiddenAccounts: Expected a list of accounts/]] as const) {
      const result = run(['check', file, '--policy', policy]);
      assert.equal(result.status, 2, `${policy}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('writes control characters in values out, so they cannot drive the terminal or forge a finding line', () => {
    const hostile = 'x\u001b]0;pwned\u0007\u001b[2K\rfake.xml:1:1 error forged-finding gotcha\n\u202Eevil';
    const file = path.join(dir, 'controls.xml');
    fs.writeFileSync(file, hostileLogon(hostile.replace(/[\u0000-\u001f]/g, c => `&#x${c.charCodeAt(0).toString(16)};`).replace(/\u001b/g, '')));
    for (const args of [['check', file], ['sessions', file]]) {
      const result = run(args);
      const printed = result.stdout + result.stderr;
      assert.doesNotMatch(printed, /[\u0007\u001b\r\u202E]/, args[0]);
      assert.equal(result.stdout.split('\n').filter(line => /forged-finding/.test(line) && /^fake\.xml/.test(line)).length, 0, 'no line of its own');
    }
    assert.match(run(['check', file]).stdout, /\\u000D/);
  });

  it('quotes CSV cells and neutralises formulas, as OWASP recommends', () => {
    const file = path.join(dir, 'formula.xml');
    fs.writeFileSync(file, hostileLogon('=1+1') + hostileLogon('@SUM(A1:A2)', 2).replace('0x4343', '0x4444'));
    const rows = run(['sessions', file, '--format', 'csv']).stdout.trim().split('\n').slice(1);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.ok(row.split(',').every(cell => /^".*"$/.test(cell) || /^"[^"]*$|^[^"]*"$/.test(cell)), row);
      assert.doesNotMatch(row, /(^|,)"[=@+-]/, `no cell starts with a formula: ${row}`);
      assert.match(row, /"'(=1\+1|@SUM)/);
    }
  });

  it('ends quietly when its reader closes the pipe, and removes the copy of standard input on Ctrl-C', async () => {
    const big = path.join(dir, 'many.xml');
    fs.writeFileSync(big, Array.from({ length: 3000 }, (_, k) => hostileLogon(`user${k}`, k + 1).replace('0x4343', `0x${(0x10000 + k).toString(16)}`)).join(''));
    const piped = spawnSync('bash', ['-c', `set -o pipefail; node ${JSON.stringify(CLI)} check ${JSON.stringify(big)} | head -1`], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
    assert.equal(piped.error, undefined, String(piped.error));
    assert.equal(piped.stdout.split('\n').filter(Boolean).length, 1);
    assert.doesNotMatch(piped.stderr, /EPIPE|\n\s+at /);
    assert.equal(piped.status, 141);

    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const child = spawn(process.execPath, [CLI, 'check', '-'], { env: { ...process.env, TMPDIR: tmp }, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = exitOf(child);
    try {
      child.stdin.write(hostileLogon('alice'));
      // Wait for the copy to exist (the child may start slowly on a busy machine), then interrupt.
      const deadline = Date.now() + 20_000;
      while (fs.readdirSync(tmp).length === 0 && Date.now() < deadline && child.exitCode === null) await new Promise(resolve => setTimeout(resolve, 25));
      assert.equal(fs.readdirSync(tmp).length, 1, 'the copy of standard input exists while reading');
      child.kill('SIGINT');
      assert.equal(await exited, 130);
    } finally {
      // Never leave a child that holds the test file open.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      child.stdin.destroy();
    }
    assert.deepEqual(fs.readdirSync(tmp), [], 'removed on Ctrl-C');
    run(['check', '-'], { input: hostileLogon('alice'), env: { ...process.env, TMPDIR: tmp } });
    assert.deepEqual(fs.readdirSync(tmp), [], 'removed after a normal run');
  });

  it('refuses a gzip bomb quickly, with exit 2', () => {
    const bomb = path.join(dir, 'bomb.xml.gz');
    fs.writeFileSync(bomb, gzipSync(Buffer.concat([Buffer.from(hostileLogon('alice')), Buffer.alloc(96 * 1024 * 1024, 0x20)])));
    const result = run(['check', bomb]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /expands more than \d+-fold.*gzip bomb/);
  });

  it('writes SARIF whose artifact URIs are valid, percent-encoded, for any file name', () => {
    const names = ['with space.xml', 'per%cent.xml', 'hash#.xml', 'quest?.xml', 'naïve-日本.xml'];
    const folder = path.join(dir, 'names');
    fs.mkdirSync(folder);
    for (const name of names) fs.writeFileSync(path.join(folder, name), hostileLogon('alice'));
    const result = run(['check', '.', '--format', 'sarif'], { cwd: folder });
    const sarif = JSON.parse(result.stdout);
    const Ajv = require('ajv');
    const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false, format: 'full' });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    const validate = ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    const uris = new Set<string>(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.equal(uris.size, names.length);
    for (const uri of uris) {
      assert.match(uri, /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/]+$/, `only URI characters: ${uri}`);
      assert.ok(names.includes(decodeURIComponent(uri)), uri);
      assert.equal(new URL(uri, 'file:///base/').pathname.split('/').pop(), uri);
    }
  });

  it('says that it waits when standard input is a terminal', () => {
    // Ctrl-D waits in the terminal until the command reads it; --foreground lets it read at all.
    const script = spawnSync('script', ['-qec', `timeout --foreground 20 node ${JSON.stringify(CLI)} check -`, '/dev/null'], { encoding: 'utf8', input: '\u0004', timeout: CHILD_TIMEOUT_MS, killSignal: 'SIGKILL' });
    assert.equal(script.error, undefined, String(script.error));
    assert.match(script.stdout, /reading events from standard input \(the terminal\); end with Ctrl-D/);
  });
});
