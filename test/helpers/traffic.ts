import { securityEvent } from './corpus';

/**
 * Generated logon traffic, attack and benign, as Windows writes it: failed logons (4625) with
 * their Status and SubStatus, successes (4624), explicit credentials (4648). Every event here is
 * made for the tests, not written by Windows.
 */
export interface Traffic {
  events: string[];
  record: number;
}

export function traffic(): Traffic {
  return { events: [], record: 1 };
}

const BASE = Date.UTC(2024, 2, 4, 9, 0, 0);
const at = (seconds: number): string => new Date(BASE + seconds * 1000).toISOString().replace('Z', '0000Z');

export function failed(t: Traffic, seconds: number, o: { user: string; domain?: string; ip?: string; workstation?: string; subStatus?: string; type?: number; computer?: string }): void {
  t.events.push(securityEvent(4625, [
    '<Data Name="SubjectUserSid">S-1-0-0</Data>',
    `<Data Name="TargetUserSid">S-1-0-0</Data>`,
    `<Data Name="TargetUserName">${o.user}</Data>`,
    `<Data Name="TargetDomainName">${o.domain ?? 'CORP'}</Data>`,
    `<Data Name="Status">0xc000006d</Data>`,
    `<Data Name="SubStatus">${o.subStatus ?? '0xc000006a'}</Data>`,
    `<Data Name="LogonType">${o.type ?? 3}</Data>`,
    `<Data Name="WorkstationName">${o.workstation ?? '-'}</Data>`,
    `<Data Name="IpAddress">${o.ip ?? '-'}</Data>`,
  ].join('\n'), { time: at(seconds), record: t.record++, computer: o.computer ?? 'FILE01.corp.example.com' }));
}

export function succeeded(t: Traffic, seconds: number, o: { user: string; domain?: string; ip?: string; type?: number; id?: string; computer?: string }): void {
  t.events.push(securityEvent(4624, [
    `<Data Name="TargetUserSid">S-1-5-21-1-2-3-${1000 + (o.user.length * 7) % 97}</Data>`,
    `<Data Name="TargetUserName">${o.user}</Data>`,
    `<Data Name="TargetDomainName">${o.domain ?? 'CORP'}</Data>`,
    `<Data Name="TargetLogonId">${o.id ?? `0x${(0x10000 + t.record).toString(16)}`}</Data>`,
    `<Data Name="LogonType">${o.type ?? 3}</Data>`,
    `<Data Name="AuthenticationPackageName">NTLM</Data>`,
    `<Data Name="IpAddress">${o.ip ?? '-'}</Data>`,
  ].join('\n'), { time: at(seconds), record: t.record++, computer: o.computer ?? 'FILE01.corp.example.com' }));
}

export function explicit(t: Traffic, seconds: number, o: { subject: string; target: string; server?: string }): void {
  t.events.push(securityEvent(4648, [
    '<Data Name="SubjectUserSid">S-1-5-21-1-2-3-1105</Data>',
    `<Data Name="SubjectUserName">${o.subject}</Data>`,
    '<Data Name="SubjectDomainName">CORP</Data>',
    '<Data Name="SubjectLogonId">0x3e7aa</Data>',
    `<Data Name="TargetUserName">${o.target}</Data>`,
    '<Data Name="TargetDomainName">CORP</Data>',
    `<Data Name="TargetServerName">${o.server ?? 'FILE02.corp.example.com'}</Data>`,
  ].join('\n'), { time: at(seconds), record: t.record++, computer: 'WKS07.corp.example.com' }));
}

export function text(t: Traffic): string {
  return t.events.join('');
}

/** A service ticket (4769) as a domain controller writes it: who asked (user@REALM), for which service, with which encryption. */
export function ticket(t: Traffic, seconds: number, o: { requester: string; service: string; encryption?: string; ip?: string; status?: string }): void {
  t.events.push(securityEvent(4769, [
    `<Data Name="TargetUserName">${o.requester}@CORP.EXAMPLE.COM</Data>`,
    '<Data Name="TargetDomainName">CORP.EXAMPLE.COM</Data>',
    `<Data Name="ServiceName">${o.service}</Data>`,
    '<Data Name="ServiceSid">S-1-5-21-1-2-3-4444</Data>',
    '<Data Name="TicketOptions">0x40810000</Data>',
    `<Data Name="TicketEncryptionType">${o.encryption ?? '0x17'}</Data>`,
    `<Data Name="IpAddress">::ffff:${o.ip ?? '10.0.0.66'}</Data>`,
    '<Data Name="IpPort">49711</Data>',
    `<Data Name="Status">${o.status ?? '0x0'}</Data>`,
  ].join('\n'), { time: at(seconds), record: t.record++, computer: 'DC01.corp.example.com' }));
}
