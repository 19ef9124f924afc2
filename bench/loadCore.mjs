// Bundles the pure core once with esbuild so the benchmarks measure the same code the product ships.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function loadCore() {
  const outdir = path.join(here, '.build');
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, 'core.js');
  await build({ entryPoints: [path.join(here, 'core-entry.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
  return createRequire(import.meta.url)(outfile);
}
