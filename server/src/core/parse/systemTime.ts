/** A TimeCreated/@SystemTime value: epoch milliseconds, with the sub-millisecond digits kept. */
export interface SystemTime {
  /** Milliseconds since 1970-01-01 UTC, fractional below the millisecond. */
  ms: number;
  /** The digits after the seconds, as written (Windows writes 100 ns ticks: 7 digits, evtxexport 9). */
  fraction: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/;

/** The whole seconds of the last time read as Windows writes it (`…T11:37:52.`), and their epoch milliseconds. */
let lastSeconds = '';
let lastMs = 0;
const SEVEN_DIGITS = /^\d{7}$/;

/** Reads an ISO 8601 SystemTime. A time without a zone is taken as UTC, as Windows writes it. */
export function parseSystemTime(text: string): SystemTime | undefined {
  // A log's times come in runs within one second: the second is read once, then only the
  // fraction (the same arithmetic as below, so the same number).
  const windows = text.length === 28 && text.charCodeAt(19) === 0x2e /* . */ && text.charCodeAt(27) === 0x5a /* Z */ && SEVEN_DIGITS.test(text.slice(20, 27));
  if (windows && lastSeconds !== '' && text.startsWith(lastSeconds)) {
    const fraction = text.slice(20, 27);
    return { ms: lastMs + Number(`0.${fraction}`) * 1000, fraction };
  }
  const m = ISO.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  if (windows) {
    lastSeconds = text.slice(0, 20);
    lastMs = ms;
  }
  if (fraction !== '') ms += Number(`0.${fraction}`) * 1000;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return { ms, fraction };
}

/**
 * A time as the product shows it, in UTC: `2019-02-07 11:37:52`, or with `milliseconds`
 * `2019-02-07 11:37:52.628`. Undefined beyond what a Date holds (a forged or damaged time).
 */
export function formatUtc(ms: number, milliseconds = false): string | undefined {
  if (!(Math.abs(ms) <= 8.64e15)) return undefined;
  const iso = new Date(Math.floor(ms)).toISOString(); // 2019-02-07T11:37:52.628Z
  return `${iso.slice(0, 10)} ${iso.slice(11, milliseconds ? 23 : 19)}`;
}

/** A duration as people read it: "850 ms", "2.4 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1) return `${(abs * 1000).toFixed(0)} µs`;
  if (abs < 1000) return `${abs.toFixed(abs < 10 ? 1 : 0)} ms`;
  if (abs < 60_000) return `${(abs / 1000).toFixed(abs < 10_000 ? 2 : 1)} s`;
  const seconds = Math.round(abs / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 1440) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
