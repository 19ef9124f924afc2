import { describeSid } from '../knowledge/sids';
import { Account, matchesAny } from './account';
import { Policy } from './policy';
import { Evidence, RuleSession } from './rule';

/** Well-known members of domain administrative groups: RIDs 512, 518, 519 and BUILTIN\Administrators. */
const ADMIN_GROUP_RIDS: ReadonlySet<number> = new Set([512, 518, 519]);
const BUILTIN_ADMINISTRATORS = 'S-1-5-32-544';

/**
 * Why an account (and, for a logon, its session) is known to be in a domain administrative
 * group, or undefined if nothing in view or in the policy says so. Needs no configuration:
 * RID 500, a 4627 listing an administrative group for the session, or a 4672 for it.
 */
export function privilegeEvidence(account: Account, session: RuleSession | undefined, policy: Policy): Evidence | string | undefined {
  if (matchesAny(account, policy.privileged?.accounts)) return 'the policy lists this account as privileged';
  const sid = account.sid === undefined ? undefined : describeSid(account.sid);
  if (sid?.kind === 'domain' && sid.rid === 500) return 'it is the built-in Administrator account (RID 500)';
  // Windows' own identities (SYSTEM, IUSR, service and virtual accounts) get 4672s and list
  // BUILTIN\Administrators without being members of a domain administrative group.
  if (session === undefined || (sid !== undefined && sid.kind !== 'domain')) return undefined;

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
