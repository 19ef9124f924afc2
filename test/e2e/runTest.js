// The standard @vscode/test-electron entry point. Where VS Code can be downloaded, drop
// vscodeExecutablePath and it runs unchanged; here, codeShim.sh runs the suite in code-server.
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '..', '..');
process.env.VSIX ??= path.join(root, 'logon-lens.vsix');

runTests({
  vscodeExecutablePath: process.env.LOGON_LENS_VSCODE ?? path.join(__dirname, 'codeShim.sh'),
  extensionDevelopmentPath: path.join(__dirname, 'host'),
  extensionTestsPath: path.join(root, 'out', 'test', 'e2e', 'suite', 'index.js'),
  launchArgs: [path.join(__dirname, 'workspace')],
}).then(
  () => console.log('real-editor tests passed'),
  (error) => { console.error('real-editor tests failed:', error.message ?? error); process.exit(1); },
);
