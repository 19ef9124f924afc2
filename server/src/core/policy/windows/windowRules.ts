import { formatDuration } from '../../parse/systemTime';
import { Problem, Severity } from '../../parse/model';
import { visibleLabel } from '../../text/display';
import { Account, accountLabel, exceptionLabel, matchesAny } from '../account';
import { inCidr, isValidCidr } from '../cidr';
import { Policy, ruleExceptions, ruleLevel, ruleSettings } from '../policy';
import { Attempt } from './attempt';

/**
 * Window rules: patterns over many events of one computer, found in one pass over its attempts in
 * time order (the editor sorts them; the command line reads them as a log is written, oldest
 * first). Memory is bounded by the activity within a window, not by the events: each key keeps
 * its last `threshold` failures, the accounts tried within the window, and the episode it is in.
 */

export interface WindowRuleInfo {
  id: string;
  defaultSeverity: Severity;
  summary: string;
  /** Attempts within `windowMinutes` that make the pattern. */
  threshold: number;
  windowMinutes: number;
}

export const FAILED_LOGON_BURST: WindowRuleInfo = {
  id: 'failed-logon-burst', defaultSeverity: 'warning', threshold: 10, windowMinutes: 5,
  summary: 'Many failed logons (4625, 4771, 4776) against one account, or from one source, within a few minutes: password guessing.',
};
export const PASSWORD_SPRAY: WindowRuleInfo = {
  id: 'password-spray', defaultSeverity: 'warning', threshold: 10, windowMinutes: 10,
  summary: 'One source failing to log on as many accounts, or one account giving many accounts\' credentials (4648), within minutes.',
};
export const LOGON_AFTER_FAILURES: WindowRuleInfo = {
  id: 'logon-after-failures', defaultSeverity: 'warning', threshold: 1, windowMinutes: 5,
  summary: 'A successful logon for an account, or from a source, right after a burst of failed logons: the guessing worked.',
};

export const KERBEROASTING_BURST: WindowRuleInfo = {
  id: 'kerberoasting-burst', defaultSeverity: 'warning', threshold: 5, windowMinutes: 10,
  summary: 'One account asking for RC4 service tickets (4769) to many user services within minutes: Kerberoasting tools ask for every SPN at once.',
};

export const WINDOW_RULES: readonly WindowRuleInfo[] = [FAILED_LOGON_BURST, PASSWORD_SPRAY, LOGON_AFTER_FAILURES, KERBEROASTING_BURST];

/** Related events listed with a window finding; the rest are counted. */
export const MAX_RELATED = 20;
const MINUTE = 60_000;

/** A window finding, placed on the attempt that completed its pattern. */
export interface WindowFinding {
  problem: Problem;
  /** Where it is: the attempt it is placed on. */
  at: Attempt;
  /** The other attempts it lists (capped at MAX_RELATED). */
  others: Attempt[];
}

interface Settings {
  level: Severity | 'off';
  exceptions: readonly string[];
  threshold: number;
  window: number;
}

function settingsOf(policy: Policy, rule: WindowRuleInfo): Settings {
  const settings = ruleSettings(policy, rule.id);
  return {
    level: ruleLevel(policy, rule.id, rule.defaultSeverity),
    exceptions: ruleExceptions(policy, rule.id),
    threshold: settings?.threshold ?? rule.threshold,
    window: (settings?.windowMinutes ?? rule.windowMinutes) * MINUTE,
  };
}

/** What one episode (a burst, a spray) has gathered so far. */
class Episode {
  count = 0;
  first: number;
  last: number;
  completing: Attempt | undefined;
  readonly others: Attempt[] = [];
  readonly reasons = new Map<string, number>();
  readonly sources = new Map<string, number>();
  readonly accounts = new Map<string, Account>();

  constructor(start: Attempt) {
    this.first = start.time;
    this.last = start.time;
  }

  add(attempt: Attempt): void {
    this.count++;
    this.first = Math.min(this.first, attempt.time);
    this.last = Math.max(this.last, attempt.time);
    if (this.others.length < MAX_RELATED + 1) this.others.push(attempt);
    tally(this.reasons, attempt.reason ?? 'no reason given');
    if (attempt.source !== undefined) tally(this.sources, attempt.source);
    if (this.accounts.size < 1000) this.accounts.set(attempt.accountKey, attempt.account);
  }
}

function tally(counts: Map<string, number>, key: string): void {
  // A few hundred distinct keys are plenty to name the top ones.
  if (counts.size < 500 || counts.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The keys of a map by count, most first, as "a (12), b (3) and 4 others". */
function top(counts: ReadonlyMap<string, number>, show = 3): string {
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const named = sorted.slice(0, show).map(([key, n]) => `${visibleLabel(key, 60)} (${n})`);
  const rest = sorted.length - show;
  return rest > 0 ? `${named.join(', ')} and ${rest} other${rest === 1 ? '' : 's'}` : named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0] ?? '';
}

/** Per key: recent failure times, accounts tried within the window, and the episode it is in. */
interface KeyState {
  /** The last `threshold` failures, oldest first. */
  recent: Attempt[];
  /** The latest attempt for each account tried within the window. */
  tried: Map<string, Attempt>;
  episode: Episode | undefined;
  /** The last episode, once over: a success within the window after it is reported. */
  ended: Episode | undefined;
  lastSeen: number;
}

/**
 * Finds failed-logon bursts, password sprays, logons after failures and Kerberoasting bursts in attempts given in time
 * order, one computer at a time or mixed: keys include the computer. Findings come out as
 * episodes end (or at `finish`).
 */
export class WindowTracker {
  private readonly burst: Settings;
  private readonly spray: Settings;
  private readonly after: Settings;
  private readonly roast: Settings;
  private readonly byAccount = new Map<string, KeyState>();
  private readonly bySource = new Map<string, KeyState>();
  private readonly bySubject = new Map<string, KeyState>();
  /** Who asked for roastable service tickets: the services they asked for within the window. */
  private readonly byRequester = new Map<string, KeyState>();
  private readonly findings: WindowFinding[] = [];
  private now = -Infinity;
  private swept = -Infinity;

  constructor(policy: Policy) {
    this.burst = settingsOf(policy, FAILED_LOGON_BURST);
    this.spray = settingsOf(policy, PASSWORD_SPRAY);
    this.after = settingsOf(policy, LOGON_AFTER_FAILURES);
    this.roast = settingsOf(policy, KERBEROASTING_BURST);
  }

  /** Takes the next attempt; gives the findings of the episodes it ended. */
  add(attempt: Attempt): WindowFinding[] {
    this.now = Math.max(this.now, attempt.time);
    const computer = attempt.computer;
    const accountKey = `${computer}|${attempt.accountKey}`;
    const sourceKey = attempt.source === undefined ? undefined : `${computer}|${attempt.source.toLowerCase()}`;
    if (attempt.kind === 'failure') {
      this.failure(this.byAccount, accountKey, attempt, this.burst, 'count');
      if (sourceKey !== undefined) {
        this.failure(this.bySource, sourceKey, attempt, this.burst, 'count');
        this.failure(this.bySource, `spray|${sourceKey}`, attempt, this.spray, 'distinct');
      }
    } else if (attempt.kind === 'explicit') {
      if (sourceKey !== undefined) this.failure(this.bySubject, sourceKey, attempt, this.spray, 'distinct');
    } else if (attempt.kind === 'ticket') {
      if (sourceKey !== undefined) this.failure(this.byRequester, sourceKey, attempt, this.roast, 'distinct');
    } else {
      this.success(accountKey, sourceKey, attempt);
    }
    // Once a window's time has passed, episodes no longer within reach are ended and their keys
    // forgotten: memory follows a window's activity, and sweeping costs little per attempt.
    const reach = Math.max(this.burst.window, this.spray.window, this.after.window, this.roast.window);
    if (this.now - this.swept > reach) {
      this.sweep(this.now - 2 * reach);
      this.swept = this.now;
    }
    return this.findings.splice(0);
  }

  /** Ends every episode: the findings still held. */
  finish(): WindowFinding[] {
    this.sweep(Infinity);
    return this.findings.splice(0);
  }

  /**
   * Counts an attempt (a failure, or a 4648's credentials) toward its key: by how many there were
   * (`count`) or by how many accounts they named (`distinct`) within the window.
   */
  private failure(keys: Map<string, KeyState>, key: string, attempt: Attempt, settings: Settings, measure: 'count' | 'distinct'): void {
    if (settings.level === 'off') return;
    let state = keys.get(key);
    if (state === undefined) keys.set(key, (state = { recent: [], tried: new Map(), episode: undefined, ended: undefined, lastSeen: attempt.time }));
    // An episode goes on while attempts keep coming within the window of its last one.
    if (state.episode !== undefined && attempt.time - state.episode.last > settings.window) this.end(keys, key, state);
    state.lastSeen = attempt.time;
    if (state.episode !== undefined) {
      state.episode.add(attempt);
      return;
    }
    let leading: Attempt[];
    if (measure === 'count') {
      state.recent.push(attempt);
      if (state.recent.length > settings.threshold) state.recent.shift();
      if (state.recent.length < settings.threshold || attempt.time - state.recent[0]!.time > settings.window) return;
      leading = state.recent;
    } else {
      state.tried.delete(attempt.accountKey); // re-inserted last: the map stays in time order
      state.tried.set(attempt.accountKey, attempt);
      for (const [account, earlier] of state.tried) {
        if (attempt.time - earlier.time <= settings.window) break;
        state.tried.delete(account);
      }
      if (state.tried.size < settings.threshold) return;
      leading = [...state.tried.values()];
    }
    // The pattern is complete: an episode begins, with what led up to it, placed on this attempt.
    const episode = new Episode(leading[0]!);
    for (const earlier of leading) episode.add(earlier);
    episode.completing = attempt;
    state.episode = episode;
    state.recent = [];
    state.tried.clear();
  }

  private success(accountKey: string, sourceKey: string | undefined, attempt: Attempt): void {
    if (this.after.level === 'off') return;
    const byAccount = this.byAccount.get(accountKey);
    const bySource = sourceKey === undefined ? undefined : this.bySource.get(sourceKey);
    for (const [state, what] of [[byAccount, 'account'], [bySource, 'source']] as const) {
      const episode = state?.episode ?? state?.ended;
      if (episode === undefined || episode.count < this.burst.threshold) continue;
      if (attempt.time < episode.first || attempt.time - episode.last > this.after.window) continue;
      this.report(LOGON_AFTER_FAILURES, this.after, attempt, episode.others.slice(-MAX_RELATED), attempt.account, afterMessage(attempt, episode, what));
      // Once: the same success is not reported for its source too.
      return;
    }
  }

  private end(keys: Map<string, KeyState>, key: string, state: KeyState): void {
    const episode = state.episode!;
    state.episode = undefined;
    state.ended = episode;
    const at = episode.completing!;
    const others = episode.others.filter(o => o !== at).slice(0, MAX_RELATED);
    if (keys === this.byAccount) {
      this.report(FAILED_LOGON_BURST, this.burst, at, others, at.account, burstMessage(episode, 'account', at));
    } else if (keys === this.byRequester) {
      this.report(KERBEROASTING_BURST, this.roast, at, others, requesterOf(at.source ?? ''), roastMessage(episode, at));
    } else if (keys === this.bySubject) {
      this.report(PASSWORD_SPRAY, this.spray, at, others, { user: at.source }, sprayMessage(episode, at, 'subject'), at.source);
    } else if (key.startsWith('spray|')) {
      this.report(PASSWORD_SPRAY, this.spray, at, others, undefined, sprayMessage(episode, at, 'source'), at.source);
    } else if (episode.accounts.size > 1 && episode.accounts.size < this.spray.threshold) {
      // One account is the account's own burst; many accounts are a spray, reported as one.
      this.report(FAILED_LOGON_BURST, this.burst, at, others, undefined, burstMessage(episode, 'source', at), at.source);
    }
  }

  private report(rule: WindowRuleInfo, settings: Settings, at: Attempt, others: Attempt[], account: Account | undefined, message: string, source?: string): void {
    if (settings.level === 'off') return;
    if (account !== undefined && matchesAny(account, settings.exceptions, 'never')) return;
    // A source is excepted by its address or range, or by its workstation name.
    if (source !== undefined && settings.exceptions.some(e => (isValidCidr(e) ? inCidr(source, e) : e.toLowerCase() === source.toLowerCase()))) return;
    this.findings.push({
      at,
      others,
      problem: {
        start: at.start,
        end: at.end,
        code: rule.id,
        severity: settings.level,
        message,
        account: account === undefined ? undefined : exceptionLabel(account),
        related: others.map(o => ({ uri: o.uri, start: o.start, end: o.end, message: relatedMessage(o) })),
      },
    });
  }

  private sweep(before: number): void {
    for (const keys of [this.byAccount, this.bySource, this.bySubject, this.byRequester]) {
      for (const [key, state] of keys) {
        if (state.episode !== undefined && state.episode.last < before) this.end(keys, key, state);
        if (state.episode === undefined && state.lastSeen < before) keys.delete(key);
      }
    }
  }
}

function span(episode: Episode): string {
  return formatDuration(episode.last - episode.first);
}

function burstMessage(episode: Episode, key: 'account' | 'source', at: Attempt): string {
  const reasons = episode.reasons.size > 0 ? `; ${dominant(episode.reasons)}` : '';
  if (key === 'account') {
    const from = episode.sources.size > 0 ? `, from ${top(episode.sources)}` : '';
    return `${episode.count} failed logons for ${accountLabel(at.account)} within ${span(episode)}${from}${reasons}. Many failures for one account in minutes are password guessing; look for a success after them (logon-after-failures).`;
  }
  const accounts = [...episode.accounts.values()].slice(0, 3).map(accountLabel).join(', ');
  return `${episode.count} failed logons from ${visibleLabel(at.source ?? '', 60)} within ${span(episode)}, as ${episode.accounts.size} accounts (${accounts}${episode.accounts.size > 3 ? ', …' : ''})${reasons}.`;
}

function sprayMessage(episode: Episode, at: Attempt, key: 'source' | 'subject'): string {
  const reasons = key === 'source' && episode.reasons.size > 0 ? `; ${dominant(episode.reasons)}` : '';
  const accounts = [...episode.accounts.values()].slice(0, 3).map(accountLabel).join(', ');
  const many = `${episode.accounts.size} accounts (${accounts}${episode.accounts.size > 3 ? ', …' : ''})`;
  return key === 'source'
    ? `${visibleLabel(at.source ?? '', 60)} failed to log on as ${many} within ${span(episode)}, ${episode.count} attempts${reasons}: a password spray tries one password against many accounts.`
    : `${visibleLabel(at.source ?? '', 60)} gave the credentials of ${many} within ${span(episode)} (4648, ${episode.count} times): one account trying many others' credentials is a password spray or credential stuffing from this host.`;
}

function roastMessage(episode: Episode, at: Attempt): string {
  const services = [...episode.accounts.values()].slice(0, 3).map(a => visibleLabel(a.user ?? '', 60)).join(', ');
  return `${visibleLabel(at.source ?? '', 60)} asked for RC4 service tickets to ${episode.accounts.size} user services (${services}${episode.accounts.size > 3 ? ', …' : ''}) within ${span(episode)}, ${episode.count} tickets: Kerberoasting tools ask for every service account's ticket at once, to crack them offline. Find what ran as this account on its source, and give the service accounts long random passwords and AES only.`;
}

/** `DOMAIN\user` (as a ticket attempt's source is written) as an account. */
function requesterOf(label: string): Account {
  const at = label.indexOf('\\');
  return at < 0 ? { user: label } : { domain: label.slice(0, at), user: label.slice(at + 1) };
}

function afterMessage(attempt: Attempt, episode: Episode, key: 'account' | 'source'): string {
  const whose = key === 'account' ? `for ${accountLabel(attempt.account)}` : `from ${visibleLabel(attempt.source ?? '', 60)}`;
  return `${accountLabel(attempt.account)} logged on ${formatDuration(attempt.time - episode.last)} after ${episode.count} failed logons ${whose} within ${span(episode)}: the guessing may have worked. Check this session, and reset the password.`;
}

/** The most common reason, in words: "mostly bad password (0xc000006a), 46 of 47". */
function dominant(reasons: ReadonlyMap<string, number>): string {
  const [reason, n] = [...reasons].sort((a, b) => b[1] - a[1])[0]!;
  let total = 0;
  for (const count of reasons.values()) total += count;
  return n === total ? `all ${reason}` : `mostly ${reason}, ${n} of ${total}`;
}

function relatedMessage(attempt: Attempt): string {
  if (attempt.kind === 'ticket') return `${new Date(attempt.time).toISOString()} RC4 service ticket (4769) for ${visibleLabel(attempt.account.user ?? '', 80)}, asked by ${visibleLabel(attempt.source ?? '', 60)}`;
  const what = attempt.kind === 'failure' ? `failed logon${attempt.reason !== undefined ? ` (${attempt.reason})` : ''}` : attempt.kind === 'explicit' ? 'explicit credentials (4648)' : 'logon';
  return `${new Date(attempt.time).toISOString()} ${what}: ${accountLabel(attempt.account)}${attempt.source !== undefined ? ` from ${visibleLabel(attempt.source, 60)}` : ''}`;
}
