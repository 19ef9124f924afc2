import { Severity } from '../parse/model';

/** A rule's severity as configured: a severity, or off. */
export type RuleLevel = Severity | 'off';

export interface RuleSettings {
  severity?: RuleLevel;
  /** Accounts (`DOMAIN\user`, `user`) or SIDs this rule never reports (window rules: sources too, by address, range or name). */
  exceptions?: string[];
  /** Window rules: how many attempts (or accounts) within the window make the pattern. */
  threshold?: number;
  /** Window rules: the window, in minutes. */
  windowMinutes?: number;
}

/** Working hours: logons outside them are reported by `logon-outside-hours`. */
export interface Schedule {
  /** An IANA time zone, e.g. "Europe/Berlin". Default UTC. */
  timeZone?: string;
  /** Days of the week that are working days: "mon" … "sun". Default Monday to Friday. */
  days?: string[];
  /** "HH:MM", local to the time zone. */
  start: string;
  end: string;
}

/**
 * The policy: what Microsoft's monitoring recommendations need the user to say. Everything is
 * optional; with nothing configured, only the rules that need no list run.
 */
export interface Policy {
  rules?: Record<string, RuleLevel | RuleSettings>;
  privileged?: {
    /** Accounts or SIDs that are members of a domain administrative group. */
    accounts?: string[];
    /** Group SIDs whose members are administrative (beyond RIDs 512, 518, 519 and S-1-5-32-544). */
    groupSids?: string[];
    /** Whether a 4672 for a session makes it privileged. Default true. */
    trustSpecialPrivileges?: boolean;
  };
  highValueAccounts?: string[];
  forbiddenAccounts?: string[];
  /** Account or SID (user or group) -> the logon types it may use. */
  allowedLogonTypes?: Record<string, number[]>;
  workingHours?: Schedule;
  /** Account -> the IP ranges (CIDR) and workstation names it may log on from. */
  allowedSources?: Record<string, string[]>;
  /** Account domains expected in logons. Empty or absent: the rule is off. */
  knownDomains?: string[];
  /** Accounts whose RDP (type 10) logons must use Restricted Admin mode. */
  requireRestrictedAdmin?: string[];
  /** Accounts expected to receive special privileges (4672), beyond SYSTEM, LOCAL SERVICE and NETWORK SERVICE. */
  admins?: string[];
}

export const EMPTY_POLICY: Policy = {};

/** The severity a rule runs at under this policy, or 'off'. */
export function ruleLevel(policy: Policy, ruleId: string, fallback: Severity): RuleLevel {
  const setting = policy.rules?.[ruleId];
  if (typeof setting === 'string') return setting;
  return setting?.severity ?? fallback;
}

/** A rule's settings object, when the policy gives one. */
export function ruleSettings(policy: Policy, ruleId: string): RuleSettings | undefined {
  const setting = policy.rules?.[ruleId];
  return typeof setting === 'object' ? setting : undefined;
}

export function ruleExceptions(policy: Policy, ruleId: string): string[] {
  const setting = policy.rules?.[ruleId];
  return typeof setting === 'object' ? setting.exceptions ?? [] : [];
}
