import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../helpers/corpus';
import { RULE_CATALOG } from '../../server/src/core/ruleCatalog';

/** Every TypeScript file under a folder of the source, with its import specifiers. */
function importsUnder(folder: string): { file: string; imports: string[] }[] {
  const found: { file: string; imports: string[] }[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const imports = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g)].map(m => m[1] ?? m[2] ?? m[3]!);
        found.push({ file: path.relative(ROOT, full), imports });
      }
    }
  };
  walk(path.join(ROOT, folder));
  return found;
}

/** The boundaries ARCHITECTURE.md promises, checked on the source. */
describe('architecture boundaries', () => {
  it('core/ imports no file system, no process, no LSP connection and no vscode', () => {
    const core = importsUnder('server/src/core');
    assert.ok(core.length > 30);
    for (const { file, imports } of core) {
      for (const specifier of imports) {
        assert.ok(!/^(node:)?(fs|fs\/promises|child_process|net|http|https|os)$/.test(specifier), `${file} imports ${specifier}`);
        assert.ok(!/^vscode-languageserver(\/node)?$/.test(specifier) && specifier !== 'vscode', `${file} imports ${specifier}`);
        assert.ok(!specifier.startsWith('.') || path.resolve(path.dirname(path.join(ROOT, file)), specifier).startsWith(path.join(ROOT, 'server', 'src', 'core')), `${file} reaches out of core: ${specifier}`);
      }
    }
  });

  it('the command line imports only core/, its own files, the package root and the native CRC-32, never the editor\'s server', () => {
    const cli = [...importsUnder('server/src/cli'), { file: 'server/src/cli.ts', imports: importsUnder('server/src').find(f => f.file === path.join('server', 'src', 'cli.ts'))!.imports }];
    const src = path.join(ROOT, 'server', 'src');
    for (const { file, imports } of cli) {
      for (const specifier of imports.filter(s => s.startsWith('.'))) {
        const target = path.relative(src, path.resolve(path.dirname(path.join(ROOT, file)), specifier));
        assert.ok(/^(core|cli)[\\/]/.test(target) || target === 'packageRoot' || target === 'nativeCrc32', `${file} imports ${specifier}`);
      }
    }
  });

  it('the client imports only vscode, its language client, its own modules, the sniffer, the contract and the webview\'s messages', () => {
    for (const { file, imports } of importsUnder('client/src')) {
      for (const specifier of imports) {
        const allowed = specifier === 'vscode' || specifier.startsWith('vscode-languageclient') || /^\.\/[A-Za-z]+(\.js)?$/.test(specifier)
          || specifier.endsWith('server/src/core/parse/sniff') || specifier.endsWith('server/src/core/contract') || specifier.endsWith('webview/src/messages');
        assert.ok(allowed, `${file} imports ${specifier}`);
      }
    }
  });

  it('the webview imports only d3\'s drawing modules, its own modules and the contract\'s types', () => {
    for (const { file, imports } of importsUnder('webview/src')) {
      for (const specifier of imports) {
        const allowed = /^d3-(scale|selection|zoom|force)$/.test(specifier) || /^\.\/[A-Za-z]+$/.test(specifier) || specifier.endsWith('server/src/core/contract');
        assert.ok(allowed, `${file} imports ${specifier}`);
      }
    }
  });

  it('every diagnostic code has one entry in the registry, a docs page, and a place in the policy schema', () => {
    const ids = RULE_CATALOG.map(r => r.id);
    assert.equal(new Set(ids).size, ids.length, 'no code twice');
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'logon-policy.schema.json'), 'utf8')) as { properties: { rules: { propertyNames: { enum: string[] } } } };
    assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), [...ids].sort());
    for (const id of ids) assert.ok(fs.existsSync(path.join(ROOT, 'docs', 'rules', `${id}.md`)), `docs/rules/${id}.md`);
  });
});
