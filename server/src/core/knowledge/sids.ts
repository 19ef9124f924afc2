import { SOURCES } from './sources';

export interface SidFact {
  name: string;
  meaning?: string;
  /** Membership that makes a session administrative (used by policy rules). */
  administrative?: boolean;
  source: string;
}

const W = SOURCES.wellKnownSids;
const S = SOURCES.securityIdentifiers;

/** SIDs that mean the same thing on every Windows computer. */
export const WELL_KNOWN_SIDS: Readonly<Record<string, SidFact>> = {
  'S-1-0-0': { name: 'NULL SID', meaning: 'No security principal: the field has no account (e.g. the target of a failed logon for an unknown user).', source: W },
  'S-1-1-0': { name: 'Everyone', source: W },
  'S-1-2-0': { name: 'LOCAL', meaning: 'Users who log on to terminals locally connected to the system.', source: W },
  'S-1-2-1': { name: 'CONSOLE LOGON', meaning: 'Users who log on at the physical console.', source: S },
  'S-1-3-0': { name: 'CREATOR OWNER', source: W },
  'S-1-3-1': { name: 'CREATOR GROUP', source: W },
  'S-1-3-4': { name: 'OWNER RIGHTS', source: S },
  'S-1-5-1': { name: 'NT AUTHORITY\\DIALUP', source: W },
  'S-1-5-2': { name: 'NT AUTHORITY\\NETWORK', meaning: 'Users logged on through the network.', source: W },
  'S-1-5-3': { name: 'NT AUTHORITY\\BATCH', meaning: 'Users logged on as a batch job.', source: W },
  'S-1-5-4': { name: 'NT AUTHORITY\\INTERACTIVE', meaning: 'Users logged on interactively.', source: W },
  'S-1-5-6': { name: 'NT AUTHORITY\\SERVICE', meaning: 'Accounts logged on as a service.', source: W },
  'S-1-5-7': { name: 'NT AUTHORITY\\ANONYMOUS LOGON', meaning: 'A user who connected without a user name and password.', source: W },
  'S-1-5-9': { name: 'NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS', source: W },
  'S-1-5-10': { name: 'NT AUTHORITY\\SELF', source: W },
  'S-1-5-11': { name: 'NT AUTHORITY\\Authenticated Users', source: W },
  'S-1-5-12': { name: 'NT AUTHORITY\\RESTRICTED', source: W },
  'S-1-5-13': { name: 'NT AUTHORITY\\TERMINAL SERVER USER', source: W },
  'S-1-5-14': { name: 'NT AUTHORITY\\REMOTE INTERACTIVE LOGON', meaning: 'Users logged on through Remote Desktop.', source: S },
  'S-1-5-15': { name: 'NT AUTHORITY\\This Organization', source: S },
  'S-1-5-17': { name: 'NT AUTHORITY\\IUSR', meaning: 'The default Internet Information Services (IIS) user.', source: S },
  'S-1-5-18': { name: 'NT AUTHORITY\\SYSTEM', meaning: 'The operating system itself; also the computer account acting on the network.', source: W },
  'S-1-5-19': { name: 'NT AUTHORITY\\LOCAL SERVICE', source: W },
  'S-1-5-20': { name: 'NT AUTHORITY\\NETWORK SERVICE', source: W },
  'S-1-5-32-544': { name: 'BUILTIN\\Administrators', administrative: true, source: W },
  'S-1-5-32-545': { name: 'BUILTIN\\Users', source: W },
  'S-1-5-32-546': { name: 'BUILTIN\\Guests', source: W },
  'S-1-5-32-547': { name: 'BUILTIN\\Power Users', source: W },
  'S-1-5-32-548': { name: 'BUILTIN\\Account Operators', source: W },
  'S-1-5-32-549': { name: 'BUILTIN\\Server Operators', source: W },
  'S-1-5-32-550': { name: 'BUILTIN\\Print Operators', source: W },
  'S-1-5-32-551': { name: 'BUILTIN\\Backup Operators', source: W },
  'S-1-5-32-552': { name: 'BUILTIN\\Replicators', source: W },
  'S-1-5-32-555': { name: 'BUILTIN\\Remote Desktop Users', source: S },
  'S-1-5-32-558': { name: 'BUILTIN\\Performance Monitor Users', source: S },
  'S-1-5-32-559': { name: 'BUILTIN\\Performance Log Users', source: S },
  'S-1-5-32-562': { name: 'BUILTIN\\Distributed COM Users', source: S },
  'S-1-5-32-568': { name: 'BUILTIN\\IIS_IUSRS', source: S },
  'S-1-5-32-569': { name: 'BUILTIN\\Cryptographic Operators', source: S },
  'S-1-5-32-573': { name: 'BUILTIN\\Event Log Readers', source: S },
  'S-1-5-32-578': { name: 'BUILTIN\\Hyper-V Administrators', source: S },
  'S-1-5-32-580': { name: 'BUILTIN\\Remote Management Users', source: S },
  'S-1-5-64-10': { name: 'NT AUTHORITY\\NTLM Authentication', meaning: 'The session was authenticated with NTLM.', source: W },
  'S-1-5-64-14': { name: 'NT AUTHORITY\\SChannel Authentication', source: W },
  'S-1-5-64-21': { name: 'NT AUTHORITY\\Digest Authentication', source: W },
  'S-1-5-80-0': { name: 'NT SERVICE\\ALL SERVICES', source: S },
  'S-1-5-83-0': { name: 'NT VIRTUAL MACHINE\\Virtual Machines', source: S },
  'S-1-5-90-0': { name: 'Window Manager\\Window Manager Group', source: S },
  'S-1-5-113': { name: 'NT AUTHORITY\\Local account', meaning: 'Any local (not domain) account.', source: S },
  'S-1-5-114': { name: 'NT AUTHORITY\\Local account and member of Administrators group', source: S },
  'S-1-16-0': { name: 'Mandatory Label\\Untrusted Mandatory Level', source: W },
  'S-1-16-4096': { name: 'Mandatory Label\\Low Mandatory Level', source: W },
  'S-1-16-8192': { name: 'Mandatory Label\\Medium Mandatory Level', source: W },
  'S-1-16-8448': { name: 'Mandatory Label\\Medium Plus Mandatory Level', source: W },
  'S-1-16-12288': { name: 'Mandatory Label\\High Mandatory Level', meaning: 'An elevated (administrator) token.', source: W },
  'S-1-16-16384': { name: 'Mandatory Label\\System Mandatory Level', source: W },
  'S-1-16-20480': { name: 'Mandatory Label\\Protected Process Mandatory Level', source: W },
  'S-1-18-1': { name: 'Authentication authority asserted identity', source: S },
  'S-1-18-2': { name: 'Service asserted identity', source: S },
};

/** SID families known by their shape rather than their exact value. The first match wins. */
export const SID_PATTERNS: readonly { pattern: RegExp; describe: (m: RegExpExecArray) => SidFact }[] = [
  { pattern: /^S-1-5-90-0-(\d+)$/, describe: m => ({ name: `Window Manager\\DWM-${m[1]}`, meaning: `The Desktop Window Manager of session ${m[1]}: a virtual account, not a person.`, source: S }) },
  { pattern: /^S-1-5-90-(\d+)$/, describe: m => ({ name: `Window Manager\\DWM-${m[1]}`, meaning: `The Desktop Window Manager of session ${m[1]} (older Windows builds).`, source: S }) },
  { pattern: /^S-1-5-96-0-(\d+)$/, describe: m => ({ name: `Font Driver Host\\UMFD-${m[1]}`, meaning: `The user-mode font driver host of session ${m[1]}: a virtual account, not a person.`, source: S }) },
  { pattern: /^S-1-5-80-\d+-\d+-\d+-\d+-\d+$/, describe: () => ({ name: 'NT SERVICE\\<service>', meaning: 'A per-service SID: the service’s virtual account, derived from its name.', source: SOURCES.serviceSids }) },
  { pattern: /^S-1-5-82-[\d-]+$/, describe: () => ({ name: 'IIS APPPOOL\\<pool>', meaning: 'An IIS application pool identity.', source: S }) },
  { pattern: /^S-1-5-83-1-[\d-]+$/, describe: () => ({ name: 'NT VIRTUAL MACHINE\\<vm>', meaning: 'A Hyper-V virtual machine’s worker process.', source: S }) },
  { pattern: /^S-1-5-111-[\d-]+$/, describe: () => ({ name: 'Virtual account', meaning: 'A virtual user account (S-1-5-111-…).', source: S }) },
  { pattern: /^S-1-5-5-(\d+)-(\d+)$/, describe: () => ({ name: 'Logon session SID', meaning: 'Identifies one logon session (NT AUTHORITY\\LogonSessionId_x_y).', source: W }) },
  { pattern: /^S-1-15-2-[\d-]+$/, describe: () => ({ name: 'App container', meaning: 'A Windows app (AppContainer) package SID.', source: S }) },
  { pattern: /^S-1-15-3-[\d-]+$/, describe: () => ({ name: 'App capability', meaning: 'An AppContainer capability SID.', source: S }) },
];

export interface DomainRid {
  name: string;
  administrative?: boolean;
}

/** Relative IDs with a fixed meaning in every domain (and, for 500/501/503/504, every computer). Source: Security identifiers. */
export const DOMAIN_RIDS_SOURCE = S;

export const DOMAIN_RIDS: Readonly<Record<number, DomainRid>> = {
  500: { name: 'Administrator', administrative: true },
  501: { name: 'Guest' },
  502: { name: 'krbtgt (Key Distribution Center service account)' },
  503: { name: 'DefaultAccount' },
  504: { name: 'WDAGUtilityAccount' },
  512: { name: 'Domain Admins', administrative: true },
  513: { name: 'Domain Users' },
  514: { name: 'Domain Guests' },
  515: { name: 'Domain Computers' },
  516: { name: 'Domain Controllers' },
  517: { name: 'Cert Publishers' },
  518: { name: 'Schema Admins', administrative: true },
  519: { name: 'Enterprise Admins', administrative: true },
  520: { name: 'Group Policy Creator Owners' },
  521: { name: 'Read-only Domain Controllers' },
  522: { name: 'Cloneable Domain Controllers' },
  525: { name: 'Protected Users' },
  526: { name: 'Key Admins' },
  527: { name: 'Enterprise Key Admins' },
  553: { name: 'RAS and IAS Servers' },
  571: { name: 'Allowed RODC Password Replication Group' },
  572: { name: 'Denied RODC Password Replication Group' },
};

/** The grammar of a SID string: S-1-<authority>-<sub-authority>… (at most 15 sub-authorities). */
const SID_SYNTAX = /^S-1-(\d{1,13}|0x[0-9A-Fa-f]{12})(-\d{1,10}){0,15}$/;

export function isValidSid(text: string): boolean {
  if (!SID_SYNTAX.test(text)) return false;
  // Each sub-authority is a 32-bit unsigned number: only one of ten digits can be larger. (Every
  // SID of every event is checked: no array is made for it.)
  for (let dash = text.indexOf('-', 4); dash >= 0;) {
    const next = text.indexOf('-', dash + 1);
    const end = next < 0 ? text.length : next;
    if (end - dash - 1 === 10 && Number(text.slice(dash + 1, end)) > 0xffffffff) return false;
    dash = next;
  }
  return true;
}

export type SidDescription =
  | { kind: 'well-known'; fact: SidFact }
  | { kind: 'pattern'; fact: SidFact }
  | { kind: 'domain'; domainSid: string; rid: number; ridFact?: DomainRid }
  | { kind: 'unknown' };

/** What a SID is, from the tables alone (names learned from the data come from elsewhere). */
export function describeSid(sid: string): SidDescription {
  const upper = sid.toUpperCase();
  const known = WELL_KNOWN_SIDS[upper];
  if (known !== undefined) return { kind: 'well-known', fact: known };
  for (const { pattern, describe } of SID_PATTERNS) {
    const m = pattern.exec(upper);
    if (m !== null) return { kind: 'pattern', fact: describe(m) };
  }
  const domain = /^(S-1-5-21-\d+-\d+-\d+)-(\d+)$/.exec(upper);
  if (domain !== null) {
    const rid = Number(domain[2]);
    return { kind: 'domain', domainSid: domain[1]!, rid, ridFact: DOMAIN_RIDS[rid] };
  }
  return { kind: 'unknown' };
}

/** Data fields that hold one SID. Security/@UserID is handled with the System fields. */
export function isSidField(name: string): boolean {
  return name.endsWith('Sid') || name === 'UserSid' || name === 'MandatoryLabel';
}

/** Data fields that hold a list of SIDs (4627 GroupMembership is written as `%{S-1-…}` items). */
export const SID_LIST_FIELDS: ReadonlySet<string> = new Set(['GroupMembership', 'SidHistory']);
