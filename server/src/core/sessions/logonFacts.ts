import { dataValue, EventRecord } from '../parse/model';
import { Account } from '../policy/account';
import { logonTypeOf } from './eventFacts';

/** Where a logon came from, as its 4624 says. */
export interface LogonSource {
  ip?: string;
  workstation?: string;
}

/** What a session shows of the 4624 that began it. */
export interface LogonFacts {
  account: Account;
  logonType?: number;
  source: LogonSource;
}

/** Reads a Data value; the command line passes one that interns the strings it keeps. */
export type ValueReader = (record: EventRecord, name: string) => string | undefined;

const plain: ValueReader = dataValue;

/** The account a logon event is about: its Target* fields. The one place they are read. */
export function targetAccount(record: EventRecord, value: ValueReader = plain): Account {
  return { user: value(record, 'TargetUserName'), domain: value(record, 'TargetDomainName'), sid: value(record, 'TargetUserSid') };
}

/** Where a logon event came from: its IpAddress and WorkstationName. The one place they are read. */
export function logonSource(record: EventRecord, value: ValueReader = plain): LogonSource {
  return { ip: value(record, 'IpAddress'), workstation: value(record, 'WorkstationName') };
}

/** What a session shows of its 4624, for every face: the account, the logon type, the source. */
export function readLogon(record: EventRecord, value: ValueReader = plain): LogonFacts {
  return { account: targetAccount(record, value), logonType: logonTypeOf(record), source: logonSource(record, value) };
}
