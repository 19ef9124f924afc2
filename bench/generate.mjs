// Writes a large, realistic Security export: logon sessions (4624 + 4672 + 4627, activity, 4634),
// failures, reboots (4608/1100), several computers, in the pretty double-quoted evtxexport shape
// or the compact single-quoted wevtutil shape.
//   node bench/generate.mjs OUT.xml [--mb 50] [--compact] [--crlf] [--seed 1] [--computers 3]
import { writeFileSync } from 'node:fs';

export function generateExport({ targetBytes = 50 * 2 ** 20, compact = false, crlf = false, seed = 1, computers = 3, firstComputer = 1, wrap = false } = {}) {
  let state = seed >>> 0 || 1;
  const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const hosts = Array.from({ length: computers }, (_, i) => `WS${String(firstComputer + i).padStart(3, '0')}.corp.example.com`);
  const users = ['alice', 'bob', 'carol', 'dave', 'svc_backup', 'svc_sql', 'Administrator', 'eve'];
  const domainSid = 'S-1-5-21-3623811015-3361044348-30300820';
  const q = compact ? "'" : '"';
  const nl = compact ? '' : crlf ? '\r\n' : '\n';
  const ind = (n) => (compact ? '' : '  '.repeat(n));
  let time = Date.UTC(2024, 0, 8, 6, 0, 0);
  let record = 100000;
  const nextLogonId = new Map(hosts.map((h) => [h, 0x3e7 + 0x10000]));

  const event = (host, id, data, provider = 'Microsoft-Windows-Security-Auditing') => {
    time += Math.floor(rand() * 4000);
    record++;
    const iso = new Date(time).toISOString().replace('Z', '0000Z');
    const lines = [
      `<Event xmlns=${q}http://schemas.microsoft.com/win/2004/08/events/event${q}>`,
      `${ind(1)}<System>`,
      `${ind(2)}<Provider Name=${q}${provider}${q} Guid=${q}{54849625-5478-4994-A5BA-3E3B0328C30D}${q}/>`,
      `${ind(2)}<EventID>${id}</EventID>`,
      `${ind(2)}<Version>2</Version>`,
      `${ind(2)}<Level>0</Level>`,
      `${ind(2)}<Task>12544</Task>`,
      `${ind(2)}<Opcode>0</Opcode>`,
      `${ind(2)}<Keywords>0x8020000000000000</Keywords>`,
      `${ind(2)}<TimeCreated SystemTime=${q}${iso}${q}/>`,
      `${ind(2)}<EventRecordID>${record}</EventRecordID>`,
      `${ind(2)}<Correlation/>`,
      `${ind(2)}<Execution ProcessID=${q}636${q} ThreadID=${q}${700 + Math.floor(rand() * 90)}${q}/>`,
      `${ind(2)}<Channel>Security</Channel>`,
      `${ind(2)}<Computer>${host}</Computer>`,
      `${ind(2)}<Security/>`,
      `${ind(1)}</System>`,
    ];
    if (data) {
      lines.push(`${ind(1)}<EventData>`);
      for (const [name, value] of data) lines.push(`${ind(2)}<Data Name=${q}${name}${q}>${value}</Data>`);
      lines.push(`${ind(1)}</EventData>`);
    } else {
      lines.push(`${ind(1)}<EventData/>`);
    }
    lines.push('</Event>');
    return lines.join(nl) + nl + (compact ? '\n' : '');
  };

  const parts = wrap ? ['<Events>\n'] : [];
  let bytes = 0;
  const push = (s) => { parts.push(s); bytes += s.length; };
  while (bytes < targetBytes) {
    const host = pick(hosts);
    if (rand() < 0.01) {
      push(event(host, 1100, null, 'Microsoft-Windows-Eventlog'));
      push(event(host, 4608, null));
      nextLogonId.set(host, 0x3e7 + 0x10000);
      continue;
    }
    const user = pick(users);
    const rid = user === 'Administrator' ? 500 : 1100 + users.indexOf(user);
    const logonId = '0x' + (nextLogonId.get(host) + Math.floor(rand() * 0x4000)).toString(16);
    nextLogonId.set(host, nextLogonId.get(host) + 0x4001);
    const type = pick([2, 3, 3, 3, 4, 5, 7, 10, 11]);
    const sid = `${domainSid}-${rid}`;
    const subject = [['SubjectUserSid', 'S-1-5-18'], ['SubjectUserName', host.split('.')[0] + '$'], ['SubjectDomainName', 'CORP'], ['SubjectLogonId', '0x3e7']];
    if (rand() < 0.08) {
      push(event(host, 4625, [...subject, ['TargetUserSid', 'S-1-0-0'], ['TargetUserName', user], ['TargetDomainName', 'CORP'],
        ['Status', '0xc000006d'], ['FailureReason', '%%2313'], ['SubStatus', pick(['0xc000006a', '0xc0000064', '0xc0000234'])],
        ['LogonType', type], ['LogonProcessName', 'NtLmSsp '], ['AuthenticationPackageName', 'NTLM'], ['WorkstationName', 'KALI'],
        ['TransmittedServices', '-'], ['LmPackageName', '-'], ['KeyLength', '0'], ['ProcessId', '0x0'], ['ProcessName', '-'],
        ['IpAddress', `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`], ['IpPort', String(40000 + Math.floor(rand() * 20000))]]));
      continue;
    }
    if (user === 'Administrator' || rand() < 0.2) {
      push(event(host, 4672, [['SubjectUserSid', sid], ['SubjectUserName', user], ['SubjectDomainName', 'CORP'], ['SubjectLogonId', logonId],
        ['PrivilegeList', 'SeSecurityPrivilege\n\t\t\tSeBackupPrivilege\n\t\t\tSeRestorePrivilege\n\t\t\tSeDebugPrivilege']]));
    }
    push(event(host, 4624, [...subject, ['TargetUserSid', sid], ['TargetUserName', user], ['TargetDomainName', 'CORP'], ['TargetLogonId', logonId],
      ['LogonType', type], ['LogonProcessName', type === 3 ? 'NtLmSsp ' : 'User32 '], ['AuthenticationPackageName', type === 3 ? 'NTLM' : 'Negotiate'],
      ['WorkstationName', 'CLIENT' + Math.floor(rand() * 40)], ['LogonGuid', '{00000000-0000-0000-0000-000000000000}'], ['TransmittedServices', '-'],
      ['LmPackageName', type === 3 ? 'NTLM V2' : '-'], ['KeyLength', type === 3 ? '128' : '0'], ['ProcessId', '0x2a8'],
      ['ProcessName', 'C:\\Windows\\System32\\svchost.exe'], ['IpAddress', `10.0.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`],
      ['IpPort', '0'], ['ImpersonationLevel', '%%1833'], ['RestrictedAdminMode', '-'], ['TargetOutboundUserName', '-'],
      ['TargetOutboundDomainName', '-'], ['VirtualAccount', '%%1843'], ['TargetLinkedLogonId', '0x0'], ['ElevatedToken', '%%1842']]));
    const actions = Math.floor(rand() * 3);
    for (let a = 0; a < actions; a++) {
      push(event(host, 4688, [['SubjectUserSid', sid], ['SubjectUserName', user], ['SubjectDomainName', 'CORP'], ['SubjectLogonId', logonId],
        ['NewProcessId', '0x' + Math.floor(rand() * 0xffff).toString(16)], ['NewProcessName', pick(['C:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\explorer.exe', 'C:\\Program Files\\App &amp; Tools\\app.exe'])],
        ['TokenElevationType', '%%1936'], ['ProcessId', '0x1f4'], ['CommandLine', ''], ['TargetUserSid', 'S-1-0-0'], ['TargetUserName', '-'],
        ['TargetDomainName', '-'], ['TargetLogonId', '0x0'], ['ParentProcessName', 'C:\\Windows\\explorer.exe'], ['MandatoryLabel', 'S-1-16-8192']]));
    }
    if (rand() < 0.85) {
      push(event(host, 4634, [['TargetUserSid', sid], ['TargetUserName', user], ['TargetDomainName', 'CORP'], ['TargetLogonId', logonId], ['LogonType', type]]));
    }
  }
  if (wrap) parts.push('</Events>\n');
  return parts.join('');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--'));
  const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : fallback; };
  if (!out) { console.error('usage: node bench/generate.mjs OUT.xml [--mb 50] [--compact] [--crlf] [--seed N] [--computers N]'); process.exit(2); }
  const text = generateExport({ targetBytes: opt('--mb', 50) * 2 ** 20, compact: args.includes('--compact'), crlf: args.includes('--crlf'), seed: opt('--seed', 1), computers: opt('--computers', 3), wrap: args.includes('--wrap') });
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${(text.length / 2 ** 20).toFixed(1)} MB`);
}
