import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, SAMPLES } from '../helpers/corpus';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the npm package', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-pack-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('installs the logon-lens command, which needs nothing else at run time', () => {
    // Pack the bundles as built (no prepack rebuild: other tests are running dist/cli.js).
    const packed = spawnSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const [{ filename, files }] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const paths = files.map(f => f.path);
    for (const needed of ['package.json', 'dist/cli.js', 'dist/server.js', 'dist/THIRD_PARTY_NOTICES.md', 'docs/rules/orphan-logoff.md', 'LICENSE', 'README.md']) {
      assert.ok(paths.includes(needed), `the package holds ${needed}`);
    }
    assert.ok(!paths.some(p => /^(server|client|test|bench|samples|node_modules)\//.test(p)), `no sources, tests or samples: ${paths.join(', ')}`);

    // Installed from the tarball alone, offline: it has no dependencies to fetch.
    const prefix = path.join(dir, 'prefix');
    const installed = spawnSync(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(dir, filename)], { encoding: 'utf8' });
    assert.equal(installed.status, 0, installed.stderr);
    const bin = path.join(prefix, 'bin', 'logon-lens');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    const checked = spawnSync(bin, ['check', SAMPLES, '--fail-on', 'error', '--format', 'sarif'], { encoding: 'utf8', cwd: dir });
    assert.equal(checked.status, 0, checked.stderr);
    const sarif = JSON.parse(checked.stdout) as { runs: { tool: { driver: { rules: { id: string; help: { markdown?: string } }[] } } }[] };
    assert.ok(sarif.runs[0]!.tool.driver.rules.every(r => r.help.markdown !== undefined), 'each rule page is found beside the installed bundle');
  });
});
