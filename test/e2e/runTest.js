// The real-editor suite's entry, on @vscode/test-electron. Here (no internet) VS Code is code-server,
// reached through codeShim.sh. Where VS Code can be downloaded, LOGON_LENS_DOWNLOAD_VSCODE=1 makes
// test-electron download VS Code 1.100.3 and runs the same suite in it, the .vsix installed the same way.
const cp = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '..', '..');
const vsix = (process.env.VSIX ??= path.join(root, 'logon-lens.vsix'));

(async () => {
  // The suite writes logon-policy.json: give it a copy of the workspace.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-ws-'));
  fs.cpSync(path.join(__dirname, 'workspace'), workspace, { recursive: true });
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-ext-'));
  let vscodeExecutablePath = path.join(__dirname, 'codeShim.sh'); // installs VSIX itself
  if (process.env.LOGON_LENS_DOWNLOAD_VSCODE) {
    vscodeExecutablePath = await downloadAndUnzipVSCode('1.100.3');
    const [cli, ...args] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const installed = cp.spawnSync(cli, [...args, '--extensions-dir', extensionsDir, '--install-extension', vsix], { stdio: 'inherit' });
    if (installed.status !== 0) throw new Error('could not install the .vsix');
  }
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: path.join(__dirname, 'host'),
      extensionTestsPath: path.join(root, 'out', 'test', 'e2e', 'suite', 'index.js'),
      launchArgs: [workspace, `--extensions-dir=${extensionsDir}`],
    });
  } finally {
    for (const dir of [workspace, extensionsDir]) fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('real-editor tests passed');
})().catch((error) => {
  console.error('real-editor tests failed:', error.message ?? error);
  process.exit(1);
});
