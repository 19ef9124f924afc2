/** Where progress is drawn: standard error, or a stand-in in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Quiet for this long, so quick runs print nothing. */
const DELAY_MS = 500;
const REDRAW_MS = 100;

/**
 * A one-line progress bar on a terminal: `[##########----------]  52%  checking 2/2  0.1 of 1.9 GB`. Drawn
 * only when the stream is a terminal and the run lasts past half a second; redrawn at most ten
 * times a second; erased when done, so the output around it is unchanged. Piped, it draws nothing.
 */
export class Progress {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /**
   * `fraction` of the work is done; `label` says what is being done and `detail` how far (dropped
   * first, then the bar narrowed, when the terminal is too narrow for all of it).
   */
  update(fraction: number, label: string, detail = ''): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.started < DELAY_MS || t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.drawn = true;
    const done = Math.max(0, Math.min(1, fraction));
    const room = (this.stream.columns || 80) - 1; // 0 when the terminal does not say
    const percent = `${String(Math.floor(done * 100)).padStart(3)}%`;
    const full = `${percent}  ${label}${detail === '' ? '' : `  ${detail}`}`;
    const text = full.length + 12 <= room ? full : `${percent}  ${label}`;
    const width = Math.max(0, Math.min(20, room - text.length - 3));
    const filled = Math.round(done * width);
    const line = width >= 10 ? `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}` : text;
    this.stream.write(`\r${line.slice(0, room)}\x1b[K`);
  }

  /** Erases the bar, if one was drawn. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** A byte count for people: `512 KB`, `23.4 MB`, `1.9 GB`. */
export function size(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`;
  return `${Math.round(bytes / 2 ** 10)} KB`;
}
