import { scaleUtc, ScaleTime } from 'd3-scale';
import { select } from 'd3-selection';
import { zoom, ZoomBehavior, zoomIdentity, ZoomTransform } from 'd3-zoom';
import type { DrawnOverview } from './messages';
import { logonTypeColour, logonTypeName, Palette } from './theme';
import { CanvasFrames } from './canvasFrames';
import { Tooltip } from './tooltip';

/** Lanes are one per computer, or one per computer and account, as the user chooses. */
export type LaneMode = 'computer' | 'account';

interface Lane {
  /** Its place in the lanes, top down. */
  index: number;
  label: string;
  /** Sessions (indexes) in rows that do not overlap, each row in start order. */
  rows: number[][];
  marks: number[];
  top: number;
  height: number;
}

const LABEL_WIDTH = 220;
const AXIS_HEIGHT = 26;
const ROW_HEIGHT = 9;
const ROW_GAP = 2;
const LANE_PADDING = 5;
/** Rows per lane at most: past that, sessions overlap in the last row (the tooltip still finds each). */
const MAX_ROWS = 8;

/**
 * The timeline: sessions as bars on a time axis, one lane per computer (or per computer and
 * account), coloured by logon type; marks for privileged sessions (4672), failed-logon bursts and
 * other findings; lines for boots and shutdowns. Drawn on a canvas (thousands of bars stay fast);
 * lane names are DOM text, never markup. Wheel zooms time, drag pans, shift+wheel (or the wheel
 * over the lane names) scrolls the lanes; a click opens the session's 4624 or the mark's event.
 */
export class Timeline {
  private overview: DrawnOverview | undefined;
  private lanes: Lane[] = [];
  private mode: LaneMode = 'computer';
  private base: ScaleTime<number, number> = scaleUtc();
  private transform: ZoomTransform = zoomIdentity;
  private scrollTop = 0;
  private contentHeight = 0;
  private readonly zoomBehaviour: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly frames: CanvasFrames;
  /** The last moment each computer's data shows: a session still open is drawn up to it (not to the end of every log). */
  private lastSeen: number[] = [];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly labels: HTMLElement,
    private readonly tooltip: Tooltip,
    private palette: Palette,
    private readonly open: (what: 'session' | 'mark', index: number) => void,
  ) {
    this.frames = new CanvasFrames(canvas, (g, width, height) => this.draw(g, width, height));
    this.zoomBehaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, 5e6])
      // Shift+wheel scrolls the lanes instead (below).
      .filter(event => !event.button && (event.type !== 'wheel' || !event.shiftKey) && (!event.ctrlKey || event.type === 'wheel'))
      .on('zoom', event => {
        const source = event.sourceEvent as MouseEvent | null;
        if (source?.type === 'mousemove') this.scrollBy(-source.movementY);
        this.transform = event.transform;
        this.schedule();
      });
    select(canvas).call(this.zoomBehaviour).on('dblclick.zoom', null);
    canvas.addEventListener('wheel', event => {
      if (!event.shiftKey) return;
      event.preventDefault();
      this.scrollBy(event.deltaY || event.deltaX);
    }, { passive: false });
    labels.addEventListener('wheel', event => {
      event.preventDefault();
      this.scrollBy(event.deltaY);
    }, { passive: false });
    // A double-click on a lane, or a click on its name, zooms to that lane's events.
    canvas.addEventListener('dblclick', event => {
      const lane = this.laneAt(event.offsetY);
      if (lane !== undefined) this.zoomToLane(lane);
    });
    labels.addEventListener('click', event => {
      const index = Number((event.target as HTMLElement).dataset.lane);
      if (Number.isInteger(index) && this.lanes[index] !== undefined) this.zoomToLane(this.lanes[index]!);
    });
    canvas.addEventListener('mousemove', event => this.hover(event));
    canvas.addEventListener('mouseleave', () => this.tooltip.hide());
    canvas.addEventListener('click', event => {
      const hit = this.hitAt(event.offsetX, event.offsetY);
      if (hit !== undefined) this.open(hit.what, hit.index);
    });
    new ResizeObserver(() => this.schedule()).observe(canvas);
  }

  show(overview: DrawnOverview): void {
    this.overview = overview;
    let min = Infinity;
    let max = -Infinity;
    for (const s of overview.sessions) {
      min = Math.min(min, s.start);
      max = Math.max(max, s.end ?? s.start);
    }
    for (const m of overview.marks) {
      min = Math.min(min, m.time);
      max = Math.max(max, m.time);
    }
    if (!Number.isFinite(min)) min = max = Date.now();
    this.lastSeen = overview.computers.map(() => -Infinity);
    const seen = (computer: number, time: number): void => {
      this.lastSeen[computer] = Math.max(this.lastSeen[computer]!, time);
    };
    for (const s of overview.sessions) seen(s.computer, s.end ?? s.start);
    for (const m of overview.marks) seen(m.computer, m.time);
    const pad = Math.max(60_000, (max - min) * 0.02);
    this.base = scaleUtc().domain([min - pad, max + pad]);
    this.layout();
    this.schedule();
  }

  setMode(mode: LaneMode): void {
    this.mode = mode;
    this.layout();
    this.schedule();
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.schedule();
  }

  resetZoom(): void {
    select(this.canvas).call(this.zoomBehaviour.transform, zoomIdentity);
    this.scrollTop = 0;
    this.schedule();
  }

  /** Zooms time by a factor around the middle (keyboard: + and -). */
  zoomBy(factor: number): void {
    select(this.canvas).call(this.zoomBehaviour.scaleBy, factor);
  }

  panBy(pixels: number): void {
    select(this.canvas).call(this.zoomBehaviour.translateBy, pixels, 0);
  }

  scrollBy(pixels: number): void {
    const visible = this.canvas.clientHeight - AXIS_HEIGHT;
    this.scrollTop = Math.max(0, Math.min(this.scrollTop + pixels, Math.max(0, this.contentHeight - visible)));
    this.schedule();
  }


  /** Draws now; else draws are batched to the next animation frame. */
  drawNow(): void {
    this.frames.drawNow();
  }

  private schedule(): void {
    this.frames.schedule();
  }

  /** Lanes, their rows and heights, for the chosen mode. */
  private layout(): void {
    const overview = this.overview;
    this.lanes = [];
    if (overview === undefined) return;
    const byKey = new Map<string, Lane & { ends: number[] }>();
    const laneOf = (computer: number, account?: number): Lane & { ends: number[] } => {
      const key = account === undefined ? `${computer}` : `${computer}/${account}`;
      let lane = byKey.get(key);
      if (lane === undefined) {
        const label = account === undefined ? overview.computers[computer]! : `${overview.computers[computer]} · ${overview.accounts[account]}`;
        byKey.set(key, (lane = { index: 0, label, rows: [], marks: [], top: 0, height: 0, ends: [] }));
      }
      return lane;
    };
    // Sessions come in start order: each goes in the first row free at its start.
    overview.sessions.forEach((s, k) => {
      const lane = laneOf(s.computer, this.mode === 'account' ? s.account : undefined);
      const end = this.endOf(s);
      let row = lane.ends.findIndex(e => e <= s.start);
      if (row < 0) row = lane.ends.length < MAX_ROWS ? lane.ends.length : MAX_ROWS - 1;
      (lane.rows[row] ??= []).push(k);
      lane.ends[row] = Math.max(lane.ends[row] ?? 0, end);
    });
    // Marks go on their computer's lanes (every account's lane of it, in account mode).
    const lanesOfComputer = new Map<number, Lane[]>();
    for (const [key, lane] of byKey) {
      const computer = Number(key.split('/')[0]);
      lanesOfComputer.set(computer, [...(lanesOfComputer.get(computer) ?? []), lane]);
    }
    overview.marks.forEach((m, k) => {
      const lanes = lanesOfComputer.get(m.computer) ?? [laneOf(m.computer)];
      if (!lanesOfComputer.has(m.computer)) lanesOfComputer.set(m.computer, lanes);
      for (const lane of lanes) lane.marks.push(k);
    });
    this.lanes = [...byKey.values()].sort((a, b) => a.label.localeCompare(b.label));
    let top = 0;
    for (const [index, lane] of this.lanes.entries()) {
      lane.index = index;
      lane.top = top;
      lane.height = LANE_PADDING * 2 + Math.max(1, lane.rows.length) * (ROW_HEIGHT + ROW_GAP);
      top += lane.height;
    }
    this.contentHeight = top;
    // New data keeps the user's place, within the new lanes.
    this.scrollBy(0);
  }

  /** When a session ends on the axis: its end, or (still open) the last moment its computer's data shows. */
  private endOf(s: DrawnOverview['sessions'][number]): number {
    return s.end ?? Math.max(s.start, this.lastSeen[s.computer] ?? s.start);
  }

  private x(): ScaleTime<number, number> {
    const width = this.canvas.clientWidth;
    return this.transform.rescaleX(this.base.copy().range([LABEL_WIDTH, Math.max(LABEL_WIDTH + 10, width - 12)]));
  }

  private draw(g: CanvasRenderingContext2D, width: number, height: number): void {
    const started = performance.now();
    const { palette } = this;
    const overview = this.overview;
    if (overview === undefined) return;
    const x = this.x();
    const [left, right] = [LABEL_WIDTH, width - 12];
    const visible = this.lanes.filter(l => l.top + l.height > this.scrollTop && l.top < this.scrollTop + height - AXIS_HEIGHT);

    g.save();
    g.beginPath();
    g.rect(left, AXIS_HEIGHT, right - left, height - AXIS_HEIGHT);
    g.clip();
    visible.forEach(lane => {
      const top = AXIS_HEIGHT + lane.top - this.scrollTop;
      if (lane.index % 2 === 0) {
        g.globalAlpha = 0.06;
        g.fillStyle = palette.foreground;
        g.fillRect(left, top, right - left, lane.height);
        g.globalAlpha = 1;
      }
      lane.rows.forEach((row, r) => {
        const y = top + LANE_PADDING + r * (ROW_HEIGHT + ROW_GAP);
        for (const k of row) {
          const s = overview.sessions[k]!;
          const x1 = x(s.start);
          const x2 = x(this.endOf(s));
          if (x2 < left || x1 > right) continue;
          g.fillStyle = logonTypeColour(palette, s.logonType);
          g.globalAlpha = s.end === undefined ? 0.55 : 0.9;
          g.fillRect(x1, y, Math.max(2, x2 - x1), ROW_HEIGHT);
          g.globalAlpha = 1;
          if (s.problems > 0) {
            g.strokeStyle = palette.red;
            g.lineWidth = palette.highContrast ? 2 : 1.5;
            g.strokeRect(x1 + 0.5, y + 0.5, Math.max(2, x2 - x1) - 1, ROW_HEIGHT - 1);
          }
          if (s.privileged) {
            // The 4672: a small notch at the start of the bar.
            g.fillStyle = palette.yellow;
            g.beginPath();
            g.moveTo(x1, y - 1);
            g.lineTo(x1 + 5, y - 1);
            g.lineTo(x1, y + 5);
            g.fill();
          }
        }
      });
      for (const k of lane.marks) {
        const m = overview.marks[k]!;
        const mx = x(m.time);
        if (mx < left - 6 || mx > right + 6) continue;
        this.drawMark(g, m.kind, mx, top, lane.height);
      }
    });
    g.restore();

    this.drawAxis(g, x, width);
    this.placeLabels(visible, height);
    // The last draw's time, as a User Timing measure (the bench reads it).
    performance.clearMeasures('timeline draw');
    performance.measure('timeline draw', { start: started });
  }

  private drawMark(g: CanvasRenderingContext2D, kind: DrawnOverview['marks'][number]['kind'], x: number, top: number, height: number): void {
    const { palette } = this;
    switch (kind) {
      case 'boot':
      case 'shutdown':
        g.strokeStyle = kind === 'boot' ? palette.green : palette.muted;
        g.lineWidth = 1.5;
        g.setLineDash(kind === 'boot' ? [] : [3, 3]);
        g.beginPath();
        g.moveTo(x, top);
        g.lineTo(x, top + height);
        g.stroke();
        g.setLineDash([]);
        break;
      case 'burst':
        g.fillStyle = palette.red;
        g.beginPath();
        g.moveTo(x - 5, top + 1);
        g.lineTo(x + 5, top + 1);
        g.lineTo(x, top + 9);
        g.fill();
        break;
      case 'finding':
        g.fillStyle = palette.orange;
        g.beginPath();
        g.moveTo(x, top + 1);
        g.lineTo(x + 4, top + 5);
        g.lineTo(x, top + 9);
        g.lineTo(x - 4, top + 5);
        g.fill();
        break;
    }
  }

  private drawAxis(g: CanvasRenderingContext2D, x: ScaleTime<number, number>, width: number): void {
    const { palette } = this;
    g.fillStyle = palette.background;
    g.fillRect(0, 0, width, AXIS_HEIGHT);
    g.strokeStyle = palette.lines;
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(LABEL_WIDTH, AXIS_HEIGHT - 0.5);
    g.lineTo(width, AXIS_HEIGHT - 0.5);
    g.stroke();
    const ticks = x.ticks(Math.max(2, Math.floor((width - LABEL_WIDTH) / 130)));
    const format = x.tickFormat();
    g.fillStyle = palette.muted;
    g.font = '11px var(--vscode-font-family, sans-serif)';
    g.textBaseline = 'middle';
    for (const tick of ticks) {
      const tx = Math.round(x(tick)) + 0.5;
      if (tx < LABEL_WIDTH || tx > width) continue;
      g.beginPath();
      g.moveTo(tx, AXIS_HEIGHT - 6);
      g.lineTo(tx, AXIS_HEIGHT);
      g.stroke();
      g.fillText(format(tick), tx + 3, AXIS_HEIGHT / 2 - 1);
    }
    g.fillText('UTC', 8, AXIS_HEIGHT / 2 - 1);
  }

  /** Lane names as DOM text beside the canvas, for the lanes in view. */
  private placeLabels(visible: Lane[], height: number): void {
    const wanted = visible.length;
    while (this.labels.childElementCount < wanted) this.labels.appendChild(document.createElement('div')).className = 'lane-label';
    while (this.labels.childElementCount > wanted) this.labels.lastElementChild!.remove();
    visible.forEach((lane, k) => {
      const element = this.labels.children[k] as HTMLElement;
      if (element.textContent !== lane.label) {
        element.textContent = lane.label;
        element.title = `${lane.label}: click to zoom to its events`;
      }
      element.dataset.lane = String(lane.index);
      element.style.top = `${AXIS_HEIGHT + lane.top - this.scrollTop}px`;
      element.style.height = `${lane.height}px`;
    });
    this.labels.style.height = `${height}px`;
  }

  private laneAt(py: number): Lane | undefined {
    const y = py - AXIS_HEIGHT + this.scrollTop;
    return py < AXIS_HEIGHT ? undefined : this.lanes.find(l => y >= l.top && y < l.top + l.height);
  }

  /** Zooms time to a lane's sessions and marks, with a little room on each side. */
  private zoomToLane(lane: Lane): void {
    const overview = this.overview;
    if (overview === undefined) return;
    let [first, last] = [Infinity, -Infinity];
    for (const row of lane.rows) for (const k of row) {
      const s = overview.sessions[k]!;
      first = Math.min(first, s.start);
      last = Math.max(last, this.endOf(s));
    }
    for (const k of lane.marks) {
      first = Math.min(first, overview.marks[k]!.time);
      last = Math.max(last, overview.marks[k]!.time);
    }
    if (!Number.isFinite(first)) return;
    const pad = Math.max(30_000, (last - first) * 0.04);
    const base = this.base.copy().range([LABEL_WIDTH, Math.max(LABEL_WIDTH + 10, this.canvas.clientWidth - 12)]);
    const [x0, x1] = [base(first - pad), base(last + pad)];
    const k = Math.min(5e6, (base.range()[1]! - base.range()[0]!) / Math.max(1e-9, x1 - x0));
    select(this.canvas).call(this.zoomBehaviour.transform, zoomIdentity.translate(LABEL_WIDTH - k * x0, 0).scale(k));
  }

  private hitAt(px: number, py: number): { what: 'session' | 'mark'; index: number } | undefined {
    const overview = this.overview;
    if (overview === undefined || px < LABEL_WIDTH || py < AXIS_HEIGHT) return undefined;
    const lane = this.laneAt(py);
    if (lane === undefined) return undefined;
    const y = py - AXIS_HEIGHT + this.scrollTop;
    const x = this.x();
    // Marks first: they sit over the bars. Bursts and findings at the top of the lane, boots across it.
    let best: { index: number; distance: number } | undefined;
    for (const k of lane.marks) {
      const m = overview.marks[k]!;
      const distance = Math.abs(x(m.time) - px);
      const reach = m.kind === 'boot' || m.kind === 'shutdown' ? 3 : 6;
      const inBand = m.kind === 'boot' || m.kind === 'shutdown' || y - lane.top < 12;
      if (distance <= reach && inBand && (best === undefined || distance < best.distance)) best = { index: k, distance };
    }
    if (best !== undefined && !(overview.marks[best.index]!.kind === 'boot' || overview.marks[best.index]!.kind === 'shutdown')) return { what: 'mark', index: best.index };
    const row = Math.floor((y - lane.top - LANE_PADDING) / (ROW_HEIGHT + ROW_GAP));
    const sessions = lane.rows[row];
    if (sessions !== undefined) {
      // The latest-starting bar under the pointer: it is drawn on top.
      for (let i = sessions.length - 1; i >= 0; i--) {
        const s = overview.sessions[sessions[i]!]!;
        const x1 = x(s.start);
        const x2 = x(this.endOf(s));
        if (px >= x1 - 2 && px <= Math.max(x1 + 2, x2) + 2) return { what: 'session', index: sessions[i]! };
      }
    }
    return best === undefined ? undefined : { what: 'mark', index: best.index };
  }

  private hover(event: MouseEvent): void {
    const overview = this.overview;
    const hit = this.hitAt(event.offsetX, event.offsetY);
    if (overview === undefined || hit === undefined) {
      this.tooltip.hide();
      this.canvas.style.cursor = 'default';
      return;
    }
    this.canvas.style.cursor = 'pointer';
    if (hit.what === 'session') {
      const s = overview.sessions[hit.index]!;
      this.tooltip.show(event.clientX, event.clientY, [
        s.title,
        `${overview.computers[s.computer]} · ${logonTypeName(s.logonType)}`,
        `${iso(s.start)} → ${s.end === undefined ? 'still open as far as the data shows' : `${iso(s.end)} (${s.ended})`}`,
        ...(s.problems > 0 ? [`${s.problems} problem${s.problems === 1 ? '' : 's'}`] : []),
        'Click to open its 4624',
      ]);
    } else {
      const m = overview.marks[hit.index]!;
      this.tooltip.show(event.clientX, event.clientY, [m.label, `${overview.computers[m.computer]} · ${iso(m.time)}`, 'Click to open the event']);
    }
  }
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '?' : date.toISOString().replace('T', ' ').replace('Z', ' UTC');
}
