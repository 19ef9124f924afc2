// Loaded with `node --require` into a command under measurement. At exit it writes, as JSON to the
// file named by LOGON_LENS_PEAK_FILE, its peak resident set size (exact, from the kernel) and, when
// run with --expose-gc, its peak live heap: the heap in use right after a forced full collection
// (what the command really keeps, not the garbage V8 has yet to collect). Collections are spaced
// ten times their own duration apart, so they take under a tenth of the run however big the heap.
const fs = require('node:fs');

let peakLiveHeap = 0;
if (typeof global.gc === 'function') {
  const collect = () => {
    const t0 = performance.now();
    global.gc();
    peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
    setTimeout(collect, Math.max(100, 10 * (performance.now() - t0))).unref();
  };
  setTimeout(collect, 100).unref();
}
process.on('exit', () => {
  const report = { peakLiveHeapBytes: peakLiveHeap, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  fs.writeFileSync(process.env.LOGON_LENS_PEAK_FILE, JSON.stringify(report));
});
