// Bundles the three entry points with esbuild: one command per entry, like rust-analyzer's editors/code.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: process.argv.includes('--sourcemap'),
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // Prefer ES modules: jsonc-parser's UMD build requires files by computed paths a bundle cannot follow.
  mainFields: ['module', 'main'],
};

await Promise.all([
  // The extension entry stays tiny: it only sniffs documents and loads the client bundle on demand.
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', './client.js'] }),
  build({ ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
