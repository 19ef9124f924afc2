/** An account as events name it. */
export interface Account {
  user?: string;
  domain?: string;
  sid?: string;
}

/** `DOMAIN\user`, or `user`, or the SID. */
export function accountLabel(account: Account): string {
  if (account.user !== undefined) return account.domain !== undefined ? `${account.domain}\\${account.user}` : account.user;
  return account.sid ?? '(unknown account)';
}

/**
 * Whether a configured name matches the account: a SID matches the SID, `DOMAIN\user` matches
 * both parts, a bare `user` matches the user in any domain. Without case.
 */
export function accountMatches(account: Account, configured: string): boolean {
  const name = configured.trim().toLowerCase();
  if (name.startsWith('s-1-')) return account.sid?.toLowerCase() === name;
  const slash = name.indexOf('\\');
  const user = account.user?.toLowerCase();
  if (slash < 0) return user === name;
  return user === name.slice(slash + 1) && account.domain?.toLowerCase() === name.slice(0, slash);
}

export function matchesAny(account: Account, configured: readonly string[] | undefined): boolean {
  return configured?.some(name => accountMatches(account, name)) ?? false;
}
