import { SOURCES } from './sources';

export interface LogonType {
  value: number;
  name: string;
  meaning: string;
  /** What a defender should know about this type, where there is something. */
  securityNote?: string;
}

/** Logon types of 4624, 4625 and 4634. Source: the 4624 page's "Logon types and descriptions". */
export const LOGON_TYPES_SOURCE = SOURCES.logonTypes;

export const LOGON_TYPES: readonly LogonType[] = [
  { value: 0, name: 'System', meaning: 'Used only by the SYSTEM account at start-up: the first logon after 4608.' },
  { value: 2, name: 'Interactive', meaning: 'A user logged on at this computer’s console.' },
  { value: 3, name: 'Network', meaning: 'A user or computer logged on to this computer from the network (SMB, RPC, and the like).' },
  { value: 4, name: 'Batch', meaning: 'Used by batch servers, such as scheduled tasks, that run on behalf of a user without their direct intervention.', securityNote: 'A member of a domain administrative group should never log on as Batch.' },
  { value: 5, name: 'Service', meaning: 'A service was started by the Service Control Manager.', securityNote: 'A member of a domain administrative group should never log on as Service.' },
  { value: 7, name: 'Unlock', meaning: 'This workstation was unlocked.' },
  { value: 8, name: 'NetworkCleartext', meaning: 'A user logged on from the network, and the password crossed the network unhashed (IIS Basic authentication, for example).', securityNote: 'The password was sent in clear text.' },
  { value: 9, name: 'NewCredentials', meaning: 'A caller cloned its current token and gave it new credentials for outbound connections (`runas /netonly`). The TargetOutbound* fields name those credentials.', securityNote: 'Outbound connections use different credentials from the local identity: a common step in lateral movement.' },
  { value: 10, name: 'RemoteInteractive', meaning: 'A user logged on with Terminal Services or Remote Desktop.', securityNote: 'RDP logon: check RestrictedAdminMode and RemoteCredentialGuard, and the source address.' },
  { value: 11, name: 'CachedInteractive', meaning: 'A user logged on with network credentials stored locally; the domain controller was not contacted.' },
  { value: 12, name: 'CachedRemoteInteractive', meaning: 'Same as RemoteInteractive (10), used for internal auditing.' },
  { value: 13, name: 'CachedUnlock', meaning: 'A workstation was unlocked with cached credentials.' },
];

/** Values Windows defines no logon type for. */
export const UNUSED_LOGON_TYPES: readonly number[] = [1, 6];

const BY_VALUE = new Map(LOGON_TYPES.map(t => [t.value, t]));

export function logonType(value: number): LogonType | undefined {
  return BY_VALUE.get(value);
}
