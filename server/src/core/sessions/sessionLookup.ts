import { ComputerNumbers } from './computerNumbers';
import { SessionRow, WalkedEvent, walkOrder } from './correlate';

/**
 * The session a logon or logoff names, found again from what the walk found (its sessions, and
 * where each boot began) rather than from a table kept per event: the command line's second pass
 * asks it of each event it reads again. It answers as the walk attached them (correlate.ts):
 * - a 4624's TargetLogonId names the session it began (or, read twice, began the first time);
 * - a logoff names the latest session of its Logon ID begun before it in the same boot.
 * Memory: 40 bytes per session (typed arrays, sorted by computer, Logon ID and walk order), and a
 * few numbers per boot.
 */
export class SessionLookup {
  /** Per computer: where boots 1, 2, … began, in walk order. */
  private readonly boots: WalkedEvent[][];
  // Per session, sorted by computer, then Logon ID, then walk order (the session's id).
  private computer = new Int32Array(0);
  private logonId = new Float64Array(0);
  private boot = new Int32Array(0);
  private time = new Float64Array(0);
  private recordId = new Float64Array(0);
  private added = new Float64Array(0);
  private id = new Int32Array(0);

  /** `computers`: the walk's numbering of computer names, every name already met. */
  constructor(private readonly computers: ComputerNumbers) {
    this.boots = computers.names.map(() => []);
  }

  /** As the walk tells it (`CorrelationListener.bootBegins`), in walk order. */
  bootBegins(computer: number, at: WalkedEvent): void {
    this.boots[computer]!.push(at);
  }

  /** The sessions the walk returned, in its order (ids 0, 1, …). */
  setSessions(rows: readonly SessionRow[]): void {
    const order = Int32Array.from(rows.keys()).sort((a, b) => rows[a]!.computer - rows[b]!.computer || rows[a]!.logonId - rows[b]!.logonId || a - b);
    const n = order.length;
    this.computer = new Int32Array(n);
    this.logonId = new Float64Array(n);
    this.boot = new Int32Array(n);
    this.time = new Float64Array(n);
    this.recordId = new Float64Array(n);
    this.added = new Float64Array(n);
    this.id = new Int32Array(n);
    order.forEach((k, at) => {
      const row = rows[k]!;
      this.computer[at] = row.computer;
      this.logonId[at] = row.logonId;
      this.boot[at] = row.boot;
      this.time[at] = row.logon.time;
      this.recordId[at] = row.logon.recordId;
      this.added[at] = row.logon.event;
      this.id[at] = row.id;
    });
  }

  /**
   * The id of the session that the Logon ID value names, in an event the walk placed as
   * `added` (on `computer`, a lower-cased name, at `time`); undefined for none.
   */
  sessionOf(role: 'logon' | 'logoff', logonId: number, computer: string, time: number, recordId: number, added: number): number | undefined {
    const c = this.computers.find(computer);
    if (c === undefined) return undefined;
    const boot = this.bootAt(c, time, recordId, added);
    // The sessions of this computer and Logon ID end just before the first entry past them.
    for (let k = this.firstAfter(c, logonId) - 1; k >= 0 && this.computer[k] === c && this.logonId[k] === logonId; k--) {
      if (this.boot[k] !== boot) continue;
      const begun = role === 'logon'
        ? this.time[k] === time && this.recordId[k] === recordId
        : walkOrder(this.time[k]!, this.recordId[k]!, this.added[k]!, time, recordId, added) < 0;
      if (begun) return this.id[k];
    }
    return undefined;
  }

  /** The first entry past (computer, Logon ID) in the sort order. */
  private firstAfter(computer: number, logonId: number): number {
    let low = 0;
    let high = this.id.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.computer[middle]! < computer || (this.computer[middle] === computer && this.logonId[middle]! <= logonId)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The boot an event falls in: how many boots after the first began at it or before it. */
  private bootAt(computer: number, time: number, recordId: number, added: number): number {
    const boots = this.boots[computer]!;
    let low = 0;
    let high = boots.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const at = boots[middle]!;
      if (walkOrder(at.time, at.recordId, at.event, time, recordId, added) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
