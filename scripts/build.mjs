// Bundles the entry points with esbuild: one command per entry, like rust-analyzer's editors/code.
// Also writes dist/THIRD_PARTY_NOTICES.md: the licence of every package the bundles contain.
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: process.argv.includes('--sourcemap'),
  minify: process.argv.includes('--minify'),
  metafile: true,
  logLevel: 'warning',
  // Prefer ES modules: jsonc-parser's UMD build requires files by computed paths a bundle cannot follow.
  mainFields: ['module', 'main'],
  // The version in package.json, for `logon-lens --version` and the server's serverInfo.
  define: { PACKAGE_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

const results = await Promise.all([
  // The extension entry stays tiny: it only sniffs documents and loads the client bundle on demand.
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './client.js'] }),
  build({ ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The timeline and graph webview: a browser bundle (d3's modules) and its style, loaded from the extension's files.
  build({ ...common, platform: 'browser', format: 'iife', target: 'chrome120', define: {}, entryPoints: ['webview/src/overview.ts'], outfile: 'dist/overview.js' }),
  build({ ...common, platform: 'browser', define: {}, entryPoints: ['webview/overview.css'], outfile: 'dist/overview.css' }),
]);

// The packages the bundles contain, from esbuild's record of its inputs.
const packages = new Map();
for (const { metafile } of results) {
  for (const input of Object.keys(metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(match[1], input.slice(0, match.index + match[0].length));
  }
}
const sections = [...packages].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = licenceFile ? readFileSync(path.join(dir, licenceFile), 'utf8').trim() : `Licensed under ${manifest.license}.`;
  return `## ${name} ${manifest.version} (${manifest.license})\n\n${text}\n`;
});
writeFileSync('dist/THIRD_PARTY_NOTICES.md', `# Third-party notices\n\nLogon Lens bundles these packages.\n\n${sections.join('\n')}`);
