import { eventPage } from './sources';

export const SECURITY_PROVIDER = 'Microsoft-Windows-Security-Auditing';
export const EVENTLOG_PROVIDER = 'Microsoft-Windows-Eventlog';

export interface EventInfo {
  id: number;
  provider: string;
  title: string;
  /** Audit category › subcategory, as the Advanced Audit Policy names it. */
  category: string;
  source: string;
}

// Categories, as Microsoft's auditing reference groups the events.
const LOGON = 'Logon/Logoff › Logon';
const LOGOFF = 'Logon/Logoff › Logoff';
const SPECIAL_LOGON = 'Logon/Logoff › Special Logon';
const OTHER_LOGON = 'Logon/Logoff › Other Logon/Logoff Events';
const STATE = 'System › Security State Change';
const EXTENSION = 'System › Security System Extension';
const INTEGRITY = 'System › System Integrity';
const OTHER_SYSTEM = 'System › Other System Events';
const OBJECT = 'Object Access › File System, Registry, Kernel Object';
const OTHER_OBJECT = 'Object Access › Other Object Access Events';
const WFP = 'Object Access › Filtering Platform';
const SHARE = 'Object Access › File Share';
const PRIVILEGE = 'Privilege Use › Sensitive Privilege Use';
const PROCESS = 'Detailed Tracking › Process Creation and Termination';
const DPAPI = 'Detailed Tracking › DPAPI Activity';
const AUTHZ_POLICY = 'Policy Change › Authorization Policy Change';
const AUTHN_POLICY = 'Policy Change › Authentication Policy Change';
const AUDIT_POLICY = 'Policy Change › Audit Policy Change';
const OTHER_POLICY = 'Policy Change › Other Policy Change Events';
const USERS = 'Account Management › User Account Management';
const GROUPS = 'Account Management › Security Group Management';
const DISTRIBUTION = 'Account Management › Distribution Group Management';
const COMPUTERS = 'Account Management › Computer Account Management';
const APP_GROUPS = 'Account Management › Application Group Management';
const OTHER_ACCOUNT = 'Account Management › Other Account Management Events';
const KERBEROS = 'Account Logon › Kerberos Authentication Service';
const TICKETS = 'Account Logon › Kerberos Service Ticket Operations';
const CREDENTIALS = 'Account Logon › Credential Validation';
const EVENT_LOG = 'Event Log service';

/** [id, title, category] for events of the Security-Auditing provider. Titles are Microsoft's page titles. */
const SECURITY_EVENTS: readonly (readonly [number, string, string])[] = [
  [4608, 'Windows is starting up.', STATE],
  [4609, 'Windows is shutting down.', STATE],
  [4610, 'An authentication package has been loaded by the Local Security Authority.', EXTENSION],
  [4611, 'A trusted logon process has been registered with the Local Security Authority.', EXTENSION],
  [4612, 'Internal resources allocated for the queuing of audit messages have been exhausted, leading to the loss of some audits.', INTEGRITY],
  [4614, 'A notification package has been loaded by the Security Account Manager.', EXTENSION],
  [4615, 'Invalid use of LPC port.', INTEGRITY],
  [4616, 'The system time was changed.', STATE],
  [4618, 'A monitored security event pattern has occurred.', INTEGRITY],
  [4621, 'Administrator recovered system from CrashOnAuditFail.', STATE],
  [4622, 'A security package has been loaded by the Local Security Authority.', EXTENSION],
  [4624, 'An account was successfully logged on.', LOGON],
  [4625, 'An account failed to log on.', LOGON],
  [4626, 'User/Device claims information.', 'Logon/Logoff › User / Device Claims'],
  [4627, 'Group membership information.', 'Logon/Logoff › Group Membership'],
  [4634, 'An account was logged off.', LOGOFF],
  [4647, 'User initiated logoff.', LOGOFF],
  [4648, 'A logon was attempted using explicit credentials.', LOGON],
  [4649, 'A replay attack was detected.', OTHER_LOGON],
  [4656, 'A handle to an object was requested.', OBJECT],
  [4657, 'A registry value was modified.', 'Object Access › Registry'],
  [4658, 'The handle to an object was closed.', OBJECT],
  [4660, 'An object was deleted.', OBJECT],
  [4661, 'A handle to an object was requested.', 'Object Access › SAM / DS Access'],
  [4662, 'An operation was performed on an object.', 'DS Access › Directory Service Access'],
  [4663, 'An attempt was made to access an object.', OBJECT],
  [4664, 'An attempt was made to create a hard link.', OBJECT],
  [4670, 'Permissions on an object were changed.', AUTHZ_POLICY],
  [4672, 'Special privileges assigned to new logon.', SPECIAL_LOGON],
  [4673, 'A privileged service was called.', PRIVILEGE],
  [4674, 'An operation was attempted on a privileged object.', PRIVILEGE],
  [4688, 'A new process has been created.', PROCESS],
  [4689, 'A process has exited.', PROCESS],
  [4690, 'An attempt was made to duplicate a handle to an object.', 'Object Access › Handle Manipulation'],
  [4691, 'Indirect access to an object was requested.', OTHER_OBJECT],
  [4692, 'Backup of data protection master key was attempted.', DPAPI],
  [4693, 'Recovery of data protection master key was attempted.', DPAPI],
  [4694, 'Protection of auditable protected data was attempted.', DPAPI],
  [4695, 'Unprotection of auditable protected data was attempted.', DPAPI],
  [4696, 'A primary token was assigned to process.', PROCESS],
  [4697, 'A service was installed in the system.', EXTENSION],
  [4698, 'A scheduled task was created.', OTHER_OBJECT],
  [4699, 'A scheduled task was deleted.', OTHER_OBJECT],
  [4700, 'A scheduled task was enabled.', OTHER_OBJECT],
  [4701, 'A scheduled task was disabled.', OTHER_OBJECT],
  [4702, 'A scheduled task was updated.', OTHER_OBJECT],
  [4703, 'A user right was adjusted.', AUTHZ_POLICY],
  [4704, 'A user right was assigned.', AUTHZ_POLICY],
  [4705, 'A user right was removed.', AUTHZ_POLICY],
  [4706, 'A new trust was created to a domain.', AUTHN_POLICY],
  [4707, 'A trust to a domain was removed.', AUTHN_POLICY],
  [4713, 'Kerberos policy was changed.', AUTHN_POLICY],
  [4714, 'Encrypted data recovery policy was changed.', OTHER_POLICY],
  [4715, 'The audit policy (SACL) on an object was changed.', AUDIT_POLICY],
  [4716, 'Trusted domain information was modified.', AUTHN_POLICY],
  [4717, 'System security access was granted to an account.', AUTHN_POLICY],
  [4718, 'System security access was removed from an account.', AUTHN_POLICY],
  [4719, 'System audit policy was changed.', AUDIT_POLICY],
  [4720, 'A user account was created.', USERS],
  [4722, 'A user account was enabled.', USERS],
  [4723, 'An attempt was made to change an account’s password.', USERS],
  [4724, 'An attempt was made to reset an account’s password.', USERS],
  [4725, 'A user account was disabled.', USERS],
  [4726, 'A user account was deleted.', USERS],
  [4727, 'A security-enabled global group was created.', GROUPS],
  [4728, 'A member was added to a security-enabled global group.', GROUPS],
  [4729, 'A member was removed from a security-enabled global group.', GROUPS],
  [4730, 'A security-enabled global group was deleted.', GROUPS],
  [4731, 'A security-enabled local group was created.', GROUPS],
  [4732, 'A member was added to a security-enabled local group.', GROUPS],
  [4733, 'A member was removed from a security-enabled local group.', GROUPS],
  [4734, 'A security-enabled local group was deleted.', GROUPS],
  [4735, 'A security-enabled local group was changed.', GROUPS],
  [4737, 'A security-enabled global group was changed.', GROUPS],
  [4738, 'A user account was changed.', USERS],
  [4739, 'Domain Policy was changed.', AUTHN_POLICY],
  [4740, 'A user account was locked out.', USERS],
  [4741, 'A computer account was created.', COMPUTERS],
  [4742, 'A computer account was changed.', COMPUTERS],
  [4743, 'A computer account was deleted.', COMPUTERS],
  [4744, 'A security-disabled local group was created.', DISTRIBUTION],
  [4745, 'A security-disabled local group was changed.', DISTRIBUTION],
  [4746, 'A member was added to a security-disabled local group.', DISTRIBUTION],
  [4747, 'A member was removed from a security-disabled local group.', DISTRIBUTION],
  [4748, 'A security-disabled local group was deleted.', DISTRIBUTION],
  [4749, 'A security-disabled global group was created.', DISTRIBUTION],
  [4750, 'A security-disabled global group was changed.', DISTRIBUTION],
  [4751, 'A member was added to a security-disabled global group.', DISTRIBUTION],
  [4752, 'A member was removed from a security-disabled global group.', DISTRIBUTION],
  [4753, 'A security-disabled global group was deleted.', DISTRIBUTION],
  [4754, 'A security-enabled universal group was created.', GROUPS],
  [4755, 'A security-enabled universal group was changed.', GROUPS],
  [4756, 'A member was added to a security-enabled universal group.', GROUPS],
  [4757, 'A member was removed from a security-enabled universal group.', GROUPS],
  [4758, 'A security-enabled universal group was deleted.', GROUPS],
  [4759, 'A security-disabled universal group was created.', DISTRIBUTION],
  [4760, 'A security-disabled universal group was changed.', DISTRIBUTION],
  [4761, 'A member was added to a security-disabled universal group.', DISTRIBUTION],
  [4762, 'A member was removed from a security-disabled universal group.', DISTRIBUTION],
  [4763, 'A security-disabled universal group was deleted.', DISTRIBUTION],
  [4764, 'A group’s type was changed.', GROUPS],
  [4765, 'SID History was added to an account.', USERS],
  [4766, 'An attempt to add SID History to an account failed.', USERS],
  [4767, 'A user account was unlocked.', USERS],
  [4768, 'A Kerberos authentication ticket (TGT) was requested.', KERBEROS],
  [4769, 'A Kerberos service ticket was requested.', TICKETS],
  [4770, 'A Kerberos service ticket was renewed.', TICKETS],
  [4771, 'Kerberos pre-authentication failed.', KERBEROS],
  [4772, 'A Kerberos authentication ticket request failed.', KERBEROS],
  [4773, 'A Kerberos service ticket request failed.', TICKETS],
  [4774, 'An account was mapped for logon.', CREDENTIALS],
  [4775, 'An account could not be mapped for logon.', CREDENTIALS],
  [4776, 'The computer attempted to validate the credentials for an account.', CREDENTIALS],
  [4777, 'The domain controller failed to validate the credentials for an account.', CREDENTIALS],
  [4778, 'A session was reconnected to a Window Station.', OTHER_LOGON],
  [4779, 'A session was disconnected from a Window Station.', OTHER_LOGON],
  [4780, 'The ACL was set on accounts which are members of administrators groups.', USERS],
  [4781, 'The name of an account was changed.', USERS],
  [4782, 'The password hash of an account was accessed.', OTHER_ACCOUNT],
  [4783, 'A basic application group was created.', APP_GROUPS],
  [4784, 'A basic application group was changed.', APP_GROUPS],
  [4785, 'A member was added to a basic application group.', APP_GROUPS],
  [4786, 'A member was removed from a basic application group.', APP_GROUPS],
  [4787, 'A non-member was added to a basic application group.', APP_GROUPS],
  [4788, 'A non-member was removed from a basic application group.', APP_GROUPS],
  [4789, 'A basic application group was deleted.', APP_GROUPS],
  [4790, 'An LDAP query group was created.', APP_GROUPS],
  [4791, 'An LDAP query group was changed.', APP_GROUPS],
  [4792, 'An LDAP query group was deleted.', APP_GROUPS],
  [4793, 'The Password Policy Checking API was called.', OTHER_ACCOUNT],
  [4794, 'An attempt was made to set the Directory Services Restore Mode administrator password.', USERS],
  [4797, 'An attempt was made to query the existence of a blank password for an account.', USERS],
  [4798, 'A user’s local group membership was enumerated.', USERS],
  [4799, 'A security-enabled local group membership was enumerated.', GROUPS],
  [4800, 'The workstation was locked.', OTHER_LOGON],
  [4801, 'The workstation was unlocked.', OTHER_LOGON],
  [4802, 'The screen saver was invoked.', OTHER_LOGON],
  [4803, 'The screen saver was dismissed.', OTHER_LOGON],
  [4826, 'Boot Configuration Data loaded.', OTHER_POLICY],
  [4902, 'The Per-user audit policy table was created.', AUDIT_POLICY],
  [4904, 'An attempt was made to register a security event source.', AUDIT_POLICY],
  [4905, 'An attempt was made to unregister a security event source.', AUDIT_POLICY],
  [4906, 'The CrashOnAuditFail value has changed.', AUDIT_POLICY],
  [4907, 'Auditing settings on object were changed.', AUDIT_POLICY],
  [4908, 'Special Groups Logon table modified.', AUDIT_POLICY],
  [4912, 'Per User Audit Policy was changed.', AUDIT_POLICY],
  [4964, 'Special groups have been assigned to a new logon.', SPECIAL_LOGON],
  [5024, 'The Windows Firewall Service has started successfully.', OTHER_SYSTEM],
  [5025, 'The Windows Firewall Service has been stopped.', OTHER_SYSTEM],
  [5033, 'The Windows Firewall Driver has started successfully.', OTHER_SYSTEM],
  [5056, 'A cryptographic self-test was performed.', INTEGRITY],
  [5058, 'Key file operation.', OTHER_SYSTEM],
  [5059, 'Key migration operation.', OTHER_SYSTEM],
  [5061, 'Cryptographic operation.', INTEGRITY],
  [5140, 'A network share object was accessed.', SHARE],
  [5145, 'A network share object was checked to see whether client can be granted desired access.', 'Object Access › Detailed File Share'],
  [5152, 'The Windows Filtering Platform blocked a packet.', WFP],
  [5154, 'The Windows Filtering Platform has permitted an application or service to listen on a port for incoming connections.', WFP],
  [5156, 'The Windows Filtering Platform has permitted a connection.', WFP],
  [5157, 'The Windows Filtering Platform has blocked a connection.', WFP],
  [5158, 'The Windows Filtering Platform has permitted a bind to a local port.', WFP],
  [5379, 'Credential Manager credentials were read.', USERS],
  [5890, 'An object was added to the COM+ Catalog.', OTHER_OBJECT],
];

/** Events of the Event Log service, written to the Security channel. */
const EVENTLOG_EVENTS: readonly (readonly [number, string])[] = [
  [1100, 'The event logging service has shut down.'],
  [1101, 'Audit events have been dropped by the transport.'],
  [1102, 'The audit log was cleared.'],
  [1104, 'The security log is now full.'],
  [1105, 'Event log automatic backup.'],
  [1108, 'The event logging service encountered an error.'],
];

const CATALOG = new Map<string, EventInfo>();
for (const [id, title, category] of SECURITY_EVENTS) {
  CATALOG.set(`${SECURITY_PROVIDER}/${id}`, { id, provider: SECURITY_PROVIDER, title, category, source: eventPage(id) });
}
for (const [id, title] of EVENTLOG_EVENTS) {
  CATALOG.set(`${EVENTLOG_PROVIDER}/${id}`, { id, provider: EVENTLOG_PROVIDER, title, category: EVENT_LOG, source: eventPage(id) });
}

/** An event's meaning depends on its provider: other providers reuse the same numbers. */
export function eventInfo(provider: string, id: number): EventInfo | undefined {
  return CATALOG.get(`${provider}/${id}`);
}

/** The providers this catalog covers. */
export function isCatalogProvider(provider: string): boolean {
  return provider === SECURITY_PROVIDER || provider === EVENTLOG_PROVIDER;
}
