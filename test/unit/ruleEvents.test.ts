import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseEventDocument } from '../../server/src/core/parse/eventDocument';
import { Policy } from '../../server/src/core/policy/policy';
import { checkEvent } from '../../server/src/core/policy/evaluatePolicy';
import { RuleSession } from '../../server/src/core/policy/rule';
import { POLICY_RULES } from '../../server/src/core/policy/rules';
import { eventFacts } from '../../server/src/core/sessions/eventFacts';
import { SAMPLES, securityEvent } from '../helpers/corpus';

/** Every setting a rule can need, so that none stops early for want of configuration. */
const NAMES = ['alice', 'eve', 'bob', 'ANONYMOUS LOGON', 'Administrator', 'test', 'John'];
const POLICY: Policy = {
  privileged: { accounts: NAMES, groupSids: ['S-1-5-32-544'] },
  highValueAccounts: NAMES,
  forbiddenAccounts: NAMES,
  allowedLogonTypes: Object.fromEntries(NAMES.map(name => [name, []])),
  workingHours: { days: [], start: '00:00', end: '00:01' },
  allowedSources: Object.fromEntries(NAMES.map(name => [name, ['192.0.2.0/24']])),
  knownDomains: ['NOWHERE'],
  requireRestrictedAdmin: NAMES,
};

const SESSION: RuleSession = {
  start: Date.UTC(2024, 0, 6, 3),
  privileges: { uri: 'x', start: 0, end: 1 },
  groups: () => [{ sid: 'S-1-5-21-1-2-3-512', site: { uri: 'x', start: 0, end: 1 } }],
};

/** Records made to set rules off: logons of every kind, and the other events rules look at. */
function synthetic(): string[] {
  const data = (fields: Record<string, string>): string => Object.entries(fields).map(([name, value]) => `<Data Name="${name}">${value}</Data>`).join('\n');
  const logons = ['2', '3', '4', '5', '8', '9', '10'].flatMap(type => ['S-1-5-21-1-2-3-500', 'S-1-5-21-1-2-3-1106', 'S-1-5-7'].map(sid => data({
    SubjectUserSid: 'S-1-5-21-1-2-3-1107', SubjectUserName: 'eve', SubjectDomainName: 'CORP', SubjectLogonId: '0x3e7',
    TargetUserSid: sid, TargetUserName: sid.endsWith('-7') ? 'ANONYMOUS LOGON' : 'alice', TargetDomainName: 'EVIL', TargetLogonId: '0x5001',
    LogonType: type, LogonProcessName: 'seclogo', AuthenticationPackageName: 'NTLM', LmPackageName: 'NTLM V1', KeyLength: '56',
    IpAddress: '127.0.0.1', WorkstationName: 'WS9', RestrictedAdminMode: '-', TargetOutboundUserName: 'bob', TargetOutboundDomainName: 'CORP',
    Status: '0x0', PreAuthType: '0', TicketEncryptionType: '0x17', ServiceName: 'MSSQLSvc', ServiceSid: 'S-1-5-21-1-2-3-1108',
    TargetServerName: 'sql01.corp.example.com', TargetSid: sid, ProcessName: 'C:\\x.exe',
  })));
  return logons.map(fields => securityEvent(4624, fields));
}

describe('rules are asked only of the events they name', () => {
  it('find nothing in any other event, Security or not, where they find something in theirs', () => {
    // Through checkEvent, as every caller asks: a rule's check does not test the event's ID itself.
    const texts = [...fs.readdirSync(SAMPLES).filter(name => name.endsWith('.xml')).map(name => fs.readFileSync(path.join(SAMPLES, name), 'utf8')), ...synthetic()];
    const events = texts.flatMap(text => parseEventDocument(text).events);
    const ids = [...new Set([...events.map(e => eventFacts(e.record).eventId), ...POLICY_RULES.flatMap(rule => rule.events ?? [])])];
    for (const rule of POLICY_RULES) {
      if (rule.events === undefined) continue;
      const alone = [{ rule, level: rule.defaultSeverity, exceptions: [] }];
      const ask = (event: (typeof events)[number], security: boolean, eventId: number): unknown =>
        checkEvent({ uri: 'x', event, facts: { ...eventFacts(event.record), security, eventId }, session: SESSION, orphanLogoff: event.record.data[0] }, alone, POLICY)[0];
      // The events it finds something in, as one of its own; then as any other.
      const finds = events.flatMap(event => rule.events!.filter(id => ask(event, true, id) !== undefined).map(() => event));
      assert.ok(finds.length > 0, `${rule.id} finds something in one of its own events`);
      for (const event of finds) {
        for (const id of ids) if (!rule.events.includes(id)) assert.equal(ask(event, true, id), undefined, `${rule.id} on a ${id}`);
        for (const id of rule.events) assert.equal(ask(event, false, id), undefined, `${rule.id} on a non-Security ${id}`);
      }
    }
  });
});
