// Window rules: first the tracker alone, fed a million failed logons (a brute force against one
// account, a spray from one source, background failures from many users and sources, one every
// 50 ms), with its live heap after each 200,000: it must stay flat. Then exports of the same
// traffic, of growing size, through `logon-lens check`: time, peak RSS and the window findings
// (the command line's first pass also keeps a few numbers per event, for sessions).
//   node --expose-gc bench/windows-bench.mjs [--sizes 64,256,1024] [--keep]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCore } from './loadCore.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'dist', 'cli.js');
const sizes = (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : '64,256,1024').split(',').map(Number);
const keep = process.argv.includes('--keep');
const dir = mkdtempSync(path.join(tmpdir(), 'logon-lens-windows-bench-'));
const MB = 2 ** 20;
const BASE = Date.UTC(2024, 2, 4);

function failure(record, ms, user, ip, subStatus) {
  const time = new Date(BASE + ms).toISOString().replace('Z', '0000Z');
  return `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4625</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='${time}'/><EventRecordID>${record}</EventRecordID><Correlation/><Execution ProcessID='636' ThreadID='2200'/><Channel>Security</Channel><Computer>FILE01.corp.example.com</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-0-0</Data><Data Name='SubjectUserName'>-</Data><Data Name='SubjectDomainName'>-</Data><Data Name='SubjectLogonId'>0x0</Data><Data Name='TargetUserSid'>S-1-0-0</Data><Data Name='TargetUserName'>${user}</Data><Data Name='TargetDomainName'>CORP</Data><Data Name='Status'>0xc000006d</Data><Data Name='FailureReason'>%%2313</Data><Data Name='SubStatus'>${subStatus}</Data><Data Name='LogonType'>3</Data><Data Name='LogonProcessName'>NtLmSsp </Data><Data Name='AuthenticationPackageName'>NTLM</Data><Data Name='WorkstationName'>-</Data><Data Name='TransmittedServices'>-</Data><Data Name='LmPackageName'>-</Data><Data Name='KeyLength'>0</Data><Data Name='ProcessId'>0x0</Data><Data Name='ProcessName'>-</Data><Data Name='IpAddress'>${ip}</Data><Data Name='IpPort'>49152</Data></EventData></Event>\n`;
}

/** About `mb` MB of failures: every 50 ms one, cycling through attack and background patterns. */
function writeExport(file, mb) {
  const out = openSync(file, 'w');
  let size = 0;
  let record = 1;
  let ms = 0;
  let seed = 7;
  const random = n => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
  let batch = '';
  while (size < mb * MB) {
    const phase = Math.floor(ms / 600_000) % 6;
    let event;
    if (phase === 0) event = failure(record, ms, 'alice', '10.0.0.66', '0xc000006a'); // a brute force
    else if (phase === 1) event = failure(record, ms, `user${record % 5000}`, '10.0.0.77', record % 4 === 0 ? '0xc0000064' : '0xc000006a'); // a spray
    else event = failure(record, ms, `user${random(20000)}`, `10.${random(200)}.${random(250)}.${1 + random(250)}`, '0xc000006a'); // background
    record++;
    ms += 50;
    batch += event;
    size += event.length;
    if (batch.length > 4 * MB) {
      writeSync(out, batch);
      batch = '';
    }
  }
  writeSync(out, batch);
  closeSync(out);
  return record - 1;
}

/** The n-th attempt of the generated traffic, as the tracker takes it. */
function attemptOf(n, random) {
  const ms = n * 50;
  const phase = Math.floor(ms / 600_000) % 6;
  const [user, source, reason] = phase === 0 ? ['alice', '10.0.0.66', 'bad password (0xc000006a)']
    : phase === 1 ? [`user${n % 5000}`, '10.0.0.77', 'bad password (0xc000006a)']
    : [`user${random(20000)}`, `10.${random(200)}.${random(250)}.${1 + random(250)}`, 'bad password (0xc000006a)'];
  return { kind: 'failure', uri: 'bench.xml', offset: n * 1000, start: n * 1000 + 10, end: n * 1000 + 15, time: BASE + ms, computer: 'file01', account: { user, domain: 'CORP' }, accountKey: `corp\\${user}`, source, reason };
}

if (typeof globalThis.gc === 'function') {
  const { WindowTracker } = await loadCore();
  const tracker = new WindowTracker({});
  let seed = 7;
  const random = n => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * n);
  let findings = 0;
  console.log('The tracker alone:\n| failed logons fed | live heap after GC | findings so far |\n|---|---|---|');
  const t0 = performance.now();
  for (let n = 1; n <= 1_000_000; n++) {
    findings += tracker.add(attemptOf(n, random)).length;
    if (n % 200_000 === 0) {
      globalThis.gc();
      console.log(`| ${n.toLocaleString('en-US')} | ${(process.memoryUsage().heapUsed / MB).toFixed(1)} MB | ${findings} |`);
    }
  }
  findings += tracker.finish().length;
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s for a million, ${findings} findings in all)\n`);
} else {
  console.log('(run with node --expose-gc to measure the tracker alone)\n');
}

try {
  console.log('| export | failed logons | check: time, peak RSS | window findings (burst / spray / after) |\n|---|---|---|---|');
  for (const size of sizes) {
    const file = path.join(dir, `failures-${size}.xml`);
    const events = writeExport(file, size);
    const t0 = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'check', file, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1024 * MB });
    const seconds = (performance.now() - t0) / 1000;
    if (result.status !== 0) throw new Error(result.stderr.slice(-500));
    const rss = Number(result.stderr.trim().split('\n').at(-1)) / 1024;
    const findings = JSON.parse(result.stdout);
    const count = code => findings.filter(f => f.code === code).length;
    console.log(`| ${(statSync(file).size / MB).toFixed(0)} MB | ${events.toLocaleString('en-US')} | ${seconds.toFixed(1)} s, ${rss.toFixed(0)} MB | ${count('failed-logon-burst')} / ${count('password-spray')} / ${count('logon-after-failures')} |`);
    if (!keep) rmSync(file);
  }
} finally {
  if (keep) console.log(`kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
