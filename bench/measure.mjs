// What every benchmark shares: reading its options, and timing the best of several runs.

/** The number after `--name` on the command line, or the fallback. */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

export function flag(name) {
  return process.argv.slice(2).includes(name);
}

/** Runs fn `runs` times; the fastest time, and the last result. */
export function best(runs, fn) {
  let ms = Infinity;
  let result;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, result };
}
