import { visibleLabel } from '../text/display';

/** An account as events name it. */
export interface Account {
  user?: string;
  domain?: string;
  sid?: string;
}

/** `DOMAIN\user`, or `user`, or the SID: for messages, so invisible characters are written out and long names cut. */
export function accountLabel(account: Account): string {
  if (account.user === undefined) return visibleLabel(account.sid ?? '(unknown account)', 80);
  return account.domain !== undefined ? `${visibleLabel(account.domain, 60)}\\${visibleLabel(account.user, 60)}` : visibleLabel(account.user, 60);
}

/**
 * Whether a configured name matches the account, without case: a SID matches the event's SID
 * field (never a user name that looks like one), `DOMAIN\user` matches both parts, `*\user` the
 * user in any domain. A bare `user` matches in any domain too, unless `bare` is 'never': an
 * exception must say what it exempts, so a forged event with no domain cannot widen it.
 */
export function accountMatches(account: Account, configured: string, bare: 'any-domain' | 'never' = 'any-domain'): boolean {
  const name = configured.trim().toLowerCase();
  if (name.startsWith('s-1-')) return account.sid?.trim().toLowerCase() === name;
  const slash = name.indexOf('\\');
  const user = account.user?.toLowerCase();
  if (slash < 0) return bare === 'any-domain' && user === name;
  const domain = name.slice(0, slash);
  return user === name.slice(slash + 1) && (domain === '*' || account.domain?.toLowerCase() === domain);
}

export function matchesAny(account: Account, configured: readonly string[] | undefined, bare: 'any-domain' | 'never' = 'any-domain'): boolean {
  return configured?.some(name => accountMatches(account, name, bare)) ?? false;
}

/**
 * The name a quick fix writes to except this account: `DOMAIN\user` when the event names both,
 * else the SID when the event's SID field gives one; nothing when the event cannot say precisely.
 */
export function exceptionLabel(account: Account): string | undefined {
  // No Windows account or domain name is this long; a value that is would only bloat every diagnostic.
  if ((account.user?.length ?? 0) > 256 || (account.domain?.length ?? 0) > 256 || (account.sid?.length ?? 0) > 256) return undefined;
  if (account.user !== undefined && account.domain !== undefined) return `${account.domain}\\${account.user}`;
  return account.sid !== undefined && /^S-1-/i.test(account.sid) ? account.sid.trim() : undefined;
}

/** The user part of an account name as events write it (`DOMAIN\user`, `user@REALM`), without case: one account however it is written. */
export function userPart(name: string): string {
  const user = name.slice(name.lastIndexOf('\\') + 1);
  const at = user.indexOf('@');
  return (at > 0 ? user.slice(0, at) : user).toLowerCase();
}
