// Loaded with `node --require` into a command under measurement. At exit it writes, as JSON to the
// file named by LOGON_LENS_PEAK_FILE, its peak resident set size (exact, from the kernel) and, when
// run with --expose-gc, its peak live heap: the heap in use right after a full collection forced
// every 100 ms (what the command really keeps, not the garbage V8 has yet to collect).
const fs = require('node:fs');

let peakLiveHeap = 0;
if (typeof global.gc === 'function') {
  setInterval(() => {
    global.gc();
    peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
  }, 100).unref();
}
process.on('exit', () => {
  const report = { peakLiveHeapBytes: peakLiveHeap, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  fs.writeFileSync(process.env.LOGON_LENS_PEAK_FILE, JSON.stringify(report));
});
