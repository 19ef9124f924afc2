import { describeSid } from '../knowledge/sids';
import { Account, matchesAny } from './account';
import { Policy } from './policy';
import { Evidence, RuleSession } from './rule';

/** Well-known members of domain administrative groups: RIDs 512, 518, 519 and BUILTIN\Administrators. */
const ADMIN_GROUP_RIDS: ReadonlySet<number> = new Set([512, 518, 519]);
const BUILTIN_ADMINISTRATORS = 'S-1-5-32-544';

/** SYSTEM, LOCAL SERVICE, NETWORK SERVICE and IUSR. */
const WINDOWS_ACCOUNTS: ReadonlySet<string> = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-17']);
/**
 * The identities Windows makes for itself: NT SERVICE\… (80), IIS APPPOOL\… (82), NT VIRTUAL
 * MACHINE\… (83), Window Manager\DWM-n (90), Font Driver Host\UMFD-n (96) and VIRTUAL USERS\…
 * (111, OpenSSH's sshd_… for one).
 */
const WINDOWS_IDENTITY_PATTERN = /^S-1-5-(80|82|83|90|96|111)-/;

/**
 * Whether a SID is one of Windows' own identities: they receive special privileges (4672) and
 * list BUILTIN\Administrators as a matter of course, without being anyone's administrator. The
 * one definition unexpected-privileges and privileged-batch-service-logon share.
 */
export function isWindowsIdentity(sid: string | undefined): boolean {
  const upper = sid?.trim().toUpperCase();
  return upper !== undefined && (WINDOWS_ACCOUNTS.has(upper) || WINDOWS_IDENTITY_PATTERN.test(upper));
}

/**
 * Why an account (and, for a logon, its session) is known to be in a domain administrative
 * group, or undefined if nothing in view or in the policy says so. Needs no configuration:
 * RID 500, a 4627 listing an administrative group for the session, or a 4672 for it. The session
 * is asked for only when the answer depends on it: the command line settles, in its first pass,
 * the logons whose rules never ask.
 */
export function privilegeEvidence(account: Account, sessionOf: () => RuleSession | undefined, policy: Policy): Evidence | string | undefined {
  if (matchesAny(account, policy.privileged?.accounts)) return 'the policy lists this account as privileged';
  const sid = account.sid === undefined ? undefined : describeSid(account.sid);
  if (sid?.kind === 'domain' && sid.rid === 500) return 'it is the built-in Administrator account (RID 500)';
  // Windows' own identities get 4672s and list BUILTIN\Administrators without being members of a
  // domain administrative group; other SIDs that are no account's (well-known groups) are none either.
  if (isWindowsIdentity(account.sid) || (sid !== undefined && sid.kind !== 'domain')) return undefined;
  const session = sessionOf();
  if (session === undefined) return undefined;

  const configuredGroups = new Set((policy.privileged?.groupSids ?? []).map(g => g.toUpperCase()));
  for (const { sid: group, site } of session.groups()) {
    const described = describeSid(group);
    const administrative = group === BUILTIN_ADMINISTRATORS || configuredGroups.has(group)
      || (described.kind === 'domain' && ADMIN_GROUP_RIDS.has(described.rid));
    if (administrative) {
      const name = described.kind === 'domain' ? described.ridFact?.name ?? 'a configured group' : group === BUILTIN_ADMINISTRATORS ? 'BUILTIN\\Administrators' : 'a configured group';
      return { site, message: `4627 lists ${group} (${name}) for this session` };
    }
  }
  if (session.privileges !== undefined && policy.privileged?.trustSpecialPrivileges !== false) {
    return { site: session.privileges, message: '4672: special privileges were assigned to this session' };
  }
  return undefined;
}
