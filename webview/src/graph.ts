import { forceCenter, forceCollide, forceLink, forceManyBody, forceSimulation, SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import { select } from 'd3-selection';
import { zoom, ZoomBehavior, zoomIdentity, ZoomTransform } from 'd3-zoom';
import type { DrawnOverview } from './messages';
import { logonTypeColour, logonTypeName, Palette } from './theme';
import { CanvasFrames } from './canvasFrames';
import { Tooltip } from './tooltip';

interface Node extends SimulationNodeDatum {
  what: 'account' | 'computer';
  /** Index into the overview's accounts or computers. */
  index: number;
  label: string;
  sessions: number;
  privileged: boolean;
  radius: number;
}

interface Edge extends SimulationLinkDatum<Node> {
  source: Node;
  target: Node;
  logonType: number | undefined;
  count: number;
  /** A hop: a logon from one computer to another (4648 -> 4624). */
  hop: boolean;
  /** Offset of parallel edges between the same two nodes. */
  lane: number;
}

/** The most account nodes drawn (those with the most sessions); the rest are counted in the caption. */
const MAX_ACCOUNTS = 150;
const MAX_COMPUTERS = 100;

/**
 * The graph, as LogonTracer draws it: accounts and computers as nodes, logons as edges weighted by
 * count and coloured by logon type, and hops between hosts (a 4648 on one, the 4624 it caused on
 * the other) as arrows. Laid out once by a force simulation; wheel zooms, drag pans. A click on a
 * node filters the Logon Sessions view to that account or computer. Names are DOM text.
 */
export class Graph {
  private nodes: Node[] = [];
  private edges: Edge[] = [];
  private transform: ZoomTransform = zoomIdentity;
  private readonly zoomBehaviour: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly frames: CanvasFrames;
  private hidden = { accounts: 0, computers: 0 };
  private pending: DrawnOverview | undefined;
  /** The user zoomed or panned since the last fit. */
  private moved = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly labels: HTMLElement,
    private readonly tooltip: Tooltip,
    private palette: Palette,
    private readonly filter: (what: 'account' | 'computer', index: number) => void,
  ) {
    this.frames = new CanvasFrames(canvas, (g, width, height) => this.draw(g, width, height));
    this.zoomBehaviour = zoom<HTMLCanvasElement, unknown>().scaleExtent([0.1, 8]).on('zoom', event => {
      this.transform = event.transform;
      if (event.sourceEvent !== null) this.moved = true;
      this.schedule();
    });
    select(canvas).call(this.zoomBehaviour).on('dblclick.zoom', null);
    canvas.addEventListener('mousemove', event => this.hover(event));
    canvas.addEventListener('mouseleave', () => tooltip.hide());
    canvas.addEventListener('click', event => {
      const node = this.nodeAt(event.offsetX, event.offsetY);
      if (node !== undefined) this.filter(node.what, node.index);
    });
    // Resized (the editor split, the panel moved): fitted again, unless the user has zoomed or panned.
    new ResizeObserver(() => (this.moved ? this.schedule() : this.fit())).observe(canvas);
  }

  /** What the caption says of nodes left out. */
  get omitted(): { accounts: number; computers: number } {
    this.layout();
    return this.hidden;
  }

  /** Takes a new overview; it is laid out when the graph is first shown (the timeline draws first). */
  show(overview: DrawnOverview): void {
    this.pending = overview;
  }

  private layout(): void {
    const overview = this.pending;
    if (overview === undefined) return;
    this.pending = undefined;
    const started = performance.now();
    const accountSessions = new Map<number, { count: number; privileged: boolean }>();
    const computerSessions = new Map<number, { count: number; privileged: boolean }>();
    const bump = (map: Map<number, { count: number; privileged: boolean }>, key: number, privileged: boolean): void => {
      const known = map.get(key);
      if (known === undefined) map.set(key, { count: 1, privileged });
      else {
        known.count++;
        known.privileged ||= privileged;
      }
    };
    for (const s of overview.sessions) {
      bump(accountSessions, s.account, s.privileged);
      bump(computerSessions, s.computer, false);
    }
    for (const hop of overview.hops) {
      if (!computerSessions.has(hop.from)) computerSessions.set(hop.from, { count: 0, privileged: false });
      if (!computerSessions.has(hop.to)) computerSessions.set(hop.to, { count: 0, privileged: false });
    }
    const top = <T>(map: Map<number, T & { count: number }>, max: number): [number, T & { count: number }][] => [...map].sort((a, b) => b[1].count - a[1].count).slice(0, max);
    const accounts = top(accountSessions, MAX_ACCOUNTS);
    const computers = top(computerSessions, MAX_COMPUTERS);
    this.hidden = { accounts: accountSessions.size - accounts.length, computers: computerSessions.size - computers.length };
    const radius = (count: number): number => 5 + Math.min(14, Math.sqrt(count) * 1.5);
    const accountNodes = new Map(accounts.map(([index, v]) => [index, { what: 'account', index, label: overview.accounts[index]!, sessions: v.count, privileged: v.privileged, radius: radius(v.count) } as Node]));
    const computerNodes = new Map(computers.map(([index, v]) => [index, { what: 'computer', index, label: overview.computers[index]!, sessions: v.count, privileged: false, radius: radius(v.count) + 2 } as Node]));
    this.nodes = [...computerNodes.values(), ...accountNodes.values()];

    const edges = new Map<string, Edge>();
    for (const s of overview.sessions) {
      const source = accountNodes.get(s.account);
      const target = computerNodes.get(s.computer);
      if (source === undefined || target === undefined) continue;
      const key = `${s.account}>${s.computer}>${s.logonType}`;
      const edge = edges.get(key);
      if (edge === undefined) edges.set(key, { source, target, logonType: s.logonType, count: 1, hop: false, lane: 0 });
      else edge.count++;
    }
    for (const hop of overview.hops) {
      const source = computerNodes.get(hop.from);
      const target = computerNodes.get(hop.to);
      if (source === undefined || target === undefined || source === target) continue;
      const key = `hop ${hop.from}>${hop.to}`;
      const edge = edges.get(key);
      if (edge === undefined) edges.set(key, { source, target, logonType: undefined, count: 1, hop: true, lane: 0 });
      else edge.count++;
    }
    this.edges = [...edges.values()];
    // Parallel edges (one per logon type) are drawn side by side.
    const pairs = new Map<string, number>();
    for (const edge of this.edges) {
      const key = `${edge.source.what}${edge.source.index}-${edge.target.what}${edge.target.index}`;
      const n = pairs.get(key) ?? 0;
      edge.lane = n % 2 === 0 ? n / 2 : -(n + 1) / 2;
      pairs.set(key, n + 1);
    }

    const simulation = forceSimulation(this.nodes)
      .force('link', forceLink<Node, Edge>(this.edges).distance(e => 40 + e.source.radius + e.target.radius).strength(0.4))
      .force('charge', forceManyBody<Node>().strength(-160))
      .force('center', forceCenter(0, 0))
      .force('collide', forceCollide<Node>(n => n.radius + 6))
      .stop();
    const ticks = Math.ceil(Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay()));
    for (let k = 0; k < ticks; k++) simulation.tick();
    performance.clearMeasures('graph layout');
    performance.measure('graph layout', { start: started });
  }

  setPalette(palette: Palette): void {
    this.palette = palette;
    this.schedule();
  }

  /** After new data: laid out again, and fitted unless the user has zoomed or panned (their view is kept). */
  refresh(): void {
    if (this.moved) {
      this.layout();
      this.schedule();
    } else {
      this.fit();
    }
  }

  /** Zooms and pans so every node is in view. */
  fit(): void {
    this.layout();
    const width = this.canvas.clientWidth || 800;
    const height = this.canvas.clientHeight || 600;
    if (this.nodes.length === 0) return this.schedule();
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    let labelRoom = 0;
    for (const n of this.nodes) {
      x0 = Math.min(x0, n.x! - n.radius);
      y0 = Math.min(y0, n.y! - n.radius);
      x1 = Math.max(x1, n.x! + n.radius);
      y1 = Math.max(y1, n.y! + n.radius + 8);
      labelRoom = Math.max(labelRoom, Math.min(224, n.label.length * 6.5 + 8));
    }
    // Names are drawn at their size whatever the zoom: room is kept for them on the right.
    const k = Math.min(2, 0.92 * Math.min((width - labelRoom) / Math.max(1, x1 - x0), height / Math.max(1, y1 - y0)));
    const t = zoomIdentity.translate((width - labelRoom) / 2 - (k * (x0 + x1)) / 2, height / 2 - (k * (y0 + y1)) / 2).scale(k);
    select(this.canvas).call(this.zoomBehaviour.transform, t);
    this.moved = false;
    this.schedule();
  }


  /** Draws now; else draws are batched to the next animation frame. */
  drawNow(): void {
    this.frames.drawNow();
  }

  private schedule(): void {
    this.frames.schedule();
  }

  private draw(g: CanvasRenderingContext2D, width: number, height: number): void {
    const started = performance.now();
    const { palette, transform: t } = this;
    g.translate(t.x, t.y);
    g.scale(t.k, t.k);
    for (const edge of this.edges) {
      const { source: a, target: b } = edge;
      const dx = b.x! - a.x!;
      const dy = b.y! - a.y!;
      const length = Math.hypot(dx, dy) || 1;
      const [nx, ny] = [-dy / length, dx / length];
      const bend = edge.lane * 10;
      const [cx, cy] = [(a.x! + b.x!) / 2 + nx * bend, (a.y! + b.y!) / 2 + ny * bend];
      g.strokeStyle = edge.hop ? palette.red : logonTypeColour(palette, edge.logonType);
      g.lineWidth = (edge.hop ? 2 : 1) + Math.log2(edge.count);
      g.globalAlpha = edge.hop ? 1 : 0.7;
      g.setLineDash(edge.hop ? [6, 4] : []);
      g.beginPath();
      g.moveTo(a.x!, a.y!);
      g.quadraticCurveTo(cx, cy, b.x!, b.y!);
      g.stroke();
      g.setLineDash([]);
      if (edge.hop) {
        // An arrowhead at the target's edge.
        const angle = Math.atan2(b.y! - cy, b.x! - cx);
        const [tx, ty] = [b.x! - Math.cos(angle) * (b.radius + 2), b.y! - Math.sin(angle) * (b.radius + 2)];
        g.fillStyle = palette.red;
        g.beginPath();
        g.moveTo(tx, ty);
        g.lineTo(tx - 10 * Math.cos(angle - 0.4), ty - 10 * Math.sin(angle - 0.4));
        g.lineTo(tx - 10 * Math.cos(angle + 0.4), ty - 10 * Math.sin(angle + 0.4));
        g.fill();
      }
    }
    g.globalAlpha = 1;
    for (const node of this.nodes) {
      g.fillStyle = node.what === 'computer' ? palette.muted : palette.foreground;
      g.strokeStyle = node.privileged ? palette.yellow : palette.background;
      g.lineWidth = node.privileged ? 3 : 1.5;
      g.beginPath();
      if (node.what === 'computer') g.rect(node.x! - node.radius, node.y! - node.radius, node.radius * 2, node.radius * 2);
      else g.arc(node.x!, node.y!, node.radius, 0, Math.PI * 2);
      g.fill();
      g.stroke();
    }
    this.placeLabels(width, height);
    // The last draw's time, as a User Timing measure (the bench reads it).
    performance.clearMeasures('graph draw');
    performance.measure('graph draw', { start: started });
  }

  /** Node names as DOM text beside each node in view; a click on one filters the Sessions view. */
  private placeLabels(width: number, height: number): void {
    const t = this.transform;
    const shown = t.k < 0.35 ? this.nodes.filter(n => n.what === 'computer') : this.nodes;
    const inView = shown.filter(n => {
      const [x, y] = t.apply([n.x!, n.y!]);
      return x > -200 && x < width && y > -20 && y < height + 20;
    });
    while (this.labels.childElementCount < inView.length) {
      const label = this.labels.appendChild(document.createElement('button'));
      label.className = 'node-label';
      label.addEventListener('click', () => {
        const what = label.dataset.what === 'computer' ? 'computer' : 'account';
        this.filter(what, Number(label.dataset.index));
      });
    }
    while (this.labels.childElementCount > inView.length) this.labels.lastElementChild!.remove();
    inView.forEach((node, k) => {
      const label = this.labels.children[k] as HTMLButtonElement;
      if (label.textContent !== node.label) label.textContent = node.label;
      label.dataset.what = node.what;
      label.dataset.index = String(node.index);
      label.title = `${node.what === 'computer' ? 'Computer' : 'Account'} ${node.label}: ${node.sessions} session${node.sessions === 1 ? '' : 's'}. Click to show them in the Logon Sessions view.`;
      const [x, y] = t.apply([node.x!, node.y!]);
      label.style.left = `${x + node.radius * t.k + 4}px`;
      label.style.top = `${y - 9}px`;
    });
  }

  private nodeAt(px: number, py: number): Node | undefined {
    const [x, y] = this.transform.invert([px, py]);
    let best: Node | undefined;
    for (const node of this.nodes) if (Math.hypot(node.x! - x, node.y! - y) <= node.radius + 3) best = node;
    return best;
  }

  private edgeSummary(node: Node): string {
    const types = new Map<string, number>();
    let peers = 0;
    for (const edge of this.edges) {
      if (edge.hop || (edge.source !== node && edge.target !== node)) continue;
      peers++;
      const name = logonTypeName(edge.logonType);
      types.set(name, (types.get(name) ?? 0) + edge.count);
    }
    return `${[...types].map(([name, count]) => `${count} ${name}`).join(', ') || 'no logons'} (${peers} link${peers === 1 ? '' : 's'})`;
  }

  private hover(event: MouseEvent): void {
    const node = this.nodeAt(event.offsetX, event.offsetY);
    if (node === undefined) {
      this.tooltip.hide();
      this.canvas.style.cursor = 'default';
      return;
    }
    this.canvas.style.cursor = 'pointer';
    this.tooltip.show(event.clientX, event.clientY, [
      node.label,
      `${node.what === 'computer' ? 'Computer' : 'Account'} · ${node.sessions} session${node.sessions === 1 ? '' : 's'}${node.privileged ? ' · privileged' : ''}`,
      this.edgeSummary(node),
      'Click to show its sessions in the Logon Sessions view',
    ]);
  }
}
