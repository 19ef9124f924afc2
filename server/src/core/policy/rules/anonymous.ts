import { EventRecord } from '../../parse/model';
import { value } from '../rule';

/**
 * An ANONYMOUS LOGON (S-1-5-7) null session exchanges no credentials, and Windows reports it as
 * NTLM V1 with a 0-bit key whatever the NTLM settings: there is no hash to weaken.
 */
export function isAnonymous(record: EventRecord): boolean {
  return value(record, 'TargetUserSid')?.toUpperCase() === 'S-1-5-7';
}
