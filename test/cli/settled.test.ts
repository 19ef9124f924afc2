import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { checkExports, Finding } from '../../server/src/cli/checkExports';
import { correlateExports } from '../../server/src/cli/correlateExports';
import { FirstLook } from '../../server/src/cli/firstLook';
import { openInputs } from '../../server/src/cli/inputs';
import { findingsFor } from '../../server/src/core/findings';
import { EMPTY_POLICY, Policy } from '../../server/src/core/policy/policy';
import { FIXTURES, ROOT, SAMPLES, securityEvent } from '../helpers/corpus';

/** `check`'s findings, with the first pass settling what it can (as `check` runs), or settling nothing. */
async function checked(paths: readonly string[], policy: Policy, settle: boolean): Promise<Finding[]> {
  const inputs = await openInputs(paths);
  try {
    const look = settle ? new FirstLook(findingsFor(policy)) : undefined;
    const correlation = await correlateExports(inputs.files, () => undefined, () => undefined, look);
    look?.unsettleNamed(correlation.names);
    const found: Finding[] = [];
    await checkExports(correlation, policy, finding => found.push(finding), () => undefined);
    return found;
  } finally {
    inputs.dispose();
  }
}

/** Rules that ask for sessions, windows, sources and hours: every kind of check a logon can meet. */
const DEMANDING: Policy = {
  privileged: { accounts: ['CORP\\alice'], trustSpecialPrivileges: true },
  allowedLogonTypes: { 'S-1-5-21-1-2-3-512': [2], 'CORP\\bob': [2, 10] },
  workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00', timeZone: 'UTC' },
  allowedSources: { 'CORP\\carol': ['10.0.0.0/8'] },
  knownDomains: ['CORP'],
  admins: ['CORP\\dave'],
  highValueAccounts: ['CORP\\Administrator'],
};

describe('check reads again only what its first pass could not settle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-settled-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const evtx = fs.readdirSync(path.join(FIXTURES, 'evtx')).filter(name => name.endsWith('.evtx')).map(name => path.join(FIXTURES, 'evtx', name));
  const samples = fs.readdirSync(SAMPLES).filter(name => /\.(xml|evtx)$/.test(name)).map(name => path.join(SAMPLES, name));

  it('finds the same, in the same order, on every .evtx and sample, damaged ones too', async () => {
    for (const file of [...evtx, ...samples, path.join(FIXTURES, 'handmade-shapes.xml')]) {
      for (const policy of [EMPTY_POLICY, DEMANDING]) {
        assert.deepEqual(await checked([file], policy, true), await checked([file], policy, false), path.relative(ROOT, file));
      }
    }
  });

  it('finds the same in a gzipped .evtx, read as a stream', async () => {
    const gzipped = path.join(dir, 'security.evtx.gz');
    fs.writeFileSync(gzipped, gzipSync(fs.readFileSync(path.join(SAMPLES, 'omer-post-Security.evtx'))));
    for (const policy of [EMPTY_POLICY, DEMANDING]) {
      const found = await checked([gzipped], policy, true);
      assert.deepEqual(found, await checked([gzipped], policy, false));
      assert.ok(found.length > 0);
    }
  });

  it('finds the same when sessions and names span files, and on generated logs with attacks', async () => {
    const { generateExport } = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as { generateExport(options: object): string };
    const generated = path.join(dir, 'generated.xml');
    fs.writeFileSync(generated, generateExport({ targetBytes: 2 * 2 ** 20, seed: 7, computers: 3 }));
    for (const policy of [EMPTY_POLICY, DEMANDING]) {
      const all = [...samples, generated];
      const settledFindings = await checked(all, policy, true);
      assert.deepEqual(settledFindings, await checked(all, policy, false));
      assert.ok(settledFindings.length > 100, 'the generated log has findings of every kind');
    }
  });

  it('finds the same window findings: every attempt is read again, in order', async () => {
    // Ten wrong passwords for bob from one address, then his logon from there (a burst, then a
    // logon after failures); one address trying ten accounts (a spray); a logon no rule flags.
    const at = (second: number): string => new Date(Date.UTC(2024, 2, 1, 10, 0, second)).toISOString().replace('Z', '000000Z');
    const events: string[] = [];
    let record = 0;
    const failure = (user: string, ip: string): void => void events.push(securityEvent(4625, [
      '<Data Name="TargetUserSid">S-1-0-0</Data>', `<Data Name="TargetUserName">${user}</Data>`, '<Data Name="TargetDomainName">CORP</Data>',
      '<Data Name="Status">0xc000006d</Data>', '<Data Name="SubStatus">0xc000006a</Data>', '<Data Name="LogonType">3</Data>', `<Data Name="IpAddress">${ip}</Data>`,
    ].join('\n'), { record: ++record, time: at(record) }));
    const success = (user: string, rid: number, ip: string, logonId: string): void => void events.push(securityEvent(4624, [
      `<Data Name="TargetUserSid">S-1-5-21-1000-2000-3000-${rid}</Data>`, `<Data Name="TargetUserName">${user}</Data>`, '<Data Name="TargetDomainName">CORP</Data>',
      `<Data Name="TargetLogonId">${logonId}</Data>`, '<Data Name="LogonType">3</Data>', '<Data Name="AuthenticationPackageName">Kerberos</Data>', `<Data Name="IpAddress">${ip}</Data>`,
    ].join('\n'), { record: ++record, time: at(record) }));
    for (let k = 0; k < 10; k++) failure('bob', '10.0.0.9');
    success('bob', 1106, '10.0.0.9', '0x5001');
    for (let k = 0; k < 10; k++) failure(`user${k}`, '10.0.0.66');
    success('carol', 1107, '10.0.0.7', '0x5002');
    const file = path.join(dir, 'attempts.xml');
    fs.writeFileSync(file, `<Events>\n${events.join('')}</Events>\n`);

    const found = await checked([file], EMPTY_POLICY, true);
    assert.deepEqual(found, await checked([file], EMPTY_POLICY, false));
    assert.deepEqual([...new Set(found.map(f => f.problem.code))].sort(), ['failed-logon-burst', 'logon-after-failures', 'password-spray']);
  });

  it('reads again a logon account-name-mismatch flags only once every name is known', async () => {
    // alice's SID is named alice by three events; the one 4624 that names it mallory comes first,
    // and is settled when read (a logon type no rule looks at), before the names that flag it.
    const sid = 'S-1-5-21-1000-2000-3000-1105';
    const logon = (record: number, user: string): string => securityEvent(4624, [
      `<Data Name="TargetUserSid">${sid}</Data>`, `<Data Name="TargetUserName">${user}</Data>`, '<Data Name="TargetDomainName">CORP</Data>',
      '<Data Name="TargetLogonId">0x1234</Data>', '<Data Name="LogonType">12</Data>', '<Data Name="IpAddress">-</Data>',
    ].join('\n'), { record, time: `2024-03-01T10:00:0${record}.000000000Z` });
    const naming = (record: number): string => securityEvent(4738, [
      `<Data Name="TargetSid">${sid}</Data>`, '<Data Name="TargetUserName">alice</Data>', '<Data Name="TargetDomainName">CORP</Data>',
    ].join('\n'), { record, time: `2024-03-01T10:00:0${record}.000000000Z` });
    const file = path.join(dir, 'renamed.xml');
    fs.writeFileSync(file, `<Events>\n${logon(1, 'mallory')}${naming(2)}${naming(3)}${naming(4)}</Events>\n`);

    const inputs = await openInputs([file]);
    try {
      const look = new FirstLook(findingsFor(EMPTY_POLICY));
      const correlation = await correlateExports(inputs.files, () => undefined, () => undefined, look);
      const settled = correlation.settled.get(inputs.files[0]!)!;
      assert.ok(settled.isSettled(0), 'the 4624 was settled as it was read');
      look.unsettleNamed(correlation.names);
      assert.ok(!settled.isSettled(0), 'and is read again once the names flag it');
    } finally {
      inputs.dispose();
    }
    const found = await checked([file], EMPTY_POLICY, true);
    assert.deepEqual(found.map(f => f.problem.code), ['account-name-mismatch']);
    assert.deepEqual(found, await checked([file], EMPTY_POLICY, false));
  });
});
