import { EventRecord } from '../../parse/model';
import { dataValue } from '../../parse/model';


/**
 * An ANONYMOUS LOGON (S-1-5-7) null session exchanges no credentials, and Windows reports it as
 * NTLM V1 whatever the NTLM settings, with a KeyLength of 0 or 128 (both are seen in real logs):
 * there is no hash to weaken.
 */
export function isAnonymous(record: EventRecord): boolean {
  return dataValue(record, 'TargetUserSid')?.toUpperCase() === 'S-1-5-7';
}
