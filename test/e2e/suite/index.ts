// The suite's entry, loaded by VS Code through extensionTestsPath: the same contract as with
// @vscode/test-electron (export run(); a rejection fails the run). It runs inside the real
// extension host, with Logon Lens installed from the built .vsix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import type MochaType from 'mocha';

// code-server's test mode swallows console output in the extension host: write to the file
// descriptors directly, which code-server relays to its log.
for (const [method, fd] of [['log', 1], ['info', 1], ['error', 2], ['warn', 2]] as const) {
  Object.defineProperty(console, method, { value: (...args: unknown[]) => fs.writeSync(fd, `${util.format(...args)}\n`), writable: true, configurable: true });
}

export function run(): Promise<void> {
  // Loaded here, not imported: mocha's reporter keeps the console.log it finds when it loads.
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => mocha.run(failures => (failures > 0 ? reject(new Error(`${failures} real-editor test(s) failed`)) : resolve())));
}
