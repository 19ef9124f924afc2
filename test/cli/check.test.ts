import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, SAMPLES, securityEvent } from '../helpers/corpus';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('logon-lens check', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-cli-'));

  it('checks the bundled samples folder: no errors, and only findings that can be explained', () => {
    const run = cli('check', SAMPLES);
    assert.equal(run.status, 0);
    assert.match(run.stderr, /^6 files, 3773 events: 0 errors, 66 warnings, 2 information\.$/m);
    const lines = run.stdout.trim().split('\n');
    // The two logoffs logged after the 1100 that ended their logon's boot (omer-Security_with_size_t).
    assert.equal(lines.filter(l => / information orphan-logoff /.test(l)).length, 2);
    // Special privileges for the local administrators of the sample machines.
    const privileged = new Set(lines.filter(l => / warning unexpected-privileges /.test(l)).map(l => /unexpected-privileges (\S+) was assigned/.exec(l)![1]));
    assert.deepEqual([...privileged].sort(), ['John-PC\\John', 'TESTCOMPUTER\\test', 'WIN-03DLIIOFRRA\\archir', 'WIN-03DLIIOFRRA\\fsir', 'WIN-L0ZZQ76PMUF\\Administrator']);
    assert.equal(lines.length, 68);
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
    const run = cli('check', file);
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
    assert.match(cli('--help').stdout, /Usage: logon-lens check/);
    assert.match(cli('--version').stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
