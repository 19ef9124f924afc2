import { describeSid } from '../../knowledge/sids';
import { accountLabel } from '../account';
import { Rule, targetAccount } from '../rule';
import { Schedule } from '../policy';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday and minutes since midnight of `ms` in the schedule's time zone. */
function localTime(ms: number, timeZone: string): { day: string; minutes: number } | undefined {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      return undefined; // an unknown time zone: the policy file reports it
    }
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map(p => [p.type, p.value]));
  return { day: String(parts.weekday).slice(0, 3).toLowerCase(), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether a local time lies within the schedule (an end before the start spans midnight). */
export function withinSchedule(ms: number, schedule: Schedule): boolean | undefined {
  const local = localTime(ms, schedule.timeZone ?? 'UTC');
  if (local === undefined) return undefined;
  const days = (schedule.days ?? ['mon', 'tue', 'wed', 'thu', 'fri']).map(d => d.slice(0, 3).toLowerCase());
  const start = minutesOf(schedule.start);
  const end = minutesOf(schedule.end);
  const inHours = start <= end ? local.minutes >= start && local.minutes < end : local.minutes >= start || local.minutes < end;
  return days.includes(local.day) && inHours;
}

export const logonOutsideHours: Rule = {
  id: 'logon-outside-hours',
  defaultSeverity: 'warning',
  summary: 'A logon outside the configured working hours, in the configured time zone.',
  events: [4624],
  check(event, { policy }) {
    const schedule = policy.workingHours;
    if (schedule === undefined || event.session === undefined) return undefined;
    const account = targetAccount(event.event.record);
    // Machines and virtual accounts log on at any hour; the rule is about people.
    if (account.user?.endsWith('$') || (account.sid !== undefined && describeSid(account.sid).kind !== 'domain')) return undefined;
    const time = event.event.record.system.TimeCreated;
    if (time === undefined || withinSchedule(event.session.start, schedule) !== false) return undefined;
    const local = localTime(event.session.start, schedule.timeZone ?? 'UTC')!;
    const clock = `${DAYS.includes(local.day) ? local.day[0]!.toUpperCase() + local.day.slice(1) : local.day} ${String(Math.floor(local.minutes / 60)).padStart(2, '0')}:${String(local.minutes % 60).padStart(2, '0')}`;
    return { field: time, account, message: `${accountLabel(account)} logged on at ${clock} (${schedule.timeZone ?? 'UTC'}), outside working hours (${schedule.start}–${schedule.end}).` };
  },
};
