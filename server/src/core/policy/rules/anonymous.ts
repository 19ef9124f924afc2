import { EventRecord } from '../../parse/model';
import { dataValue } from '../../parse/model';


/**
 * An ANONYMOUS LOGON (S-1-5-7) null session exchanges no credentials, and Windows reports it as
 * NTLM V1 with a 0-bit key whatever the NTLM settings: there is no hash to weaken.
 */
export function isAnonymous(record: EventRecord): boolean {
  return dataValue(record, 'TargetUserSid')?.toUpperCase() === 'S-1-5-7';
}
