import { SessionRow, WalkedEvent, walkOrder } from './correlate';

/** Where a session's 4624 stands in the walk, and the session. */
interface Begun {
  boot: number;
  time: number;
  recordId: number;
  added: number;
  id: number;
}

/**
 * The session a logon or logoff names, found again from what the walk found (its sessions, and
 * where each boot began) rather than from a table kept per event: the command line's second pass
 * asks it of each event it reads again. It answers as the walk attached them (correlate.ts):
 * - a 4624's TargetLogonId names the session it began (or, read twice, began the first time);
 * - a logoff names the latest session of its Logon ID begun before it in the same boot.
 * Memory: a few numbers per session and per boot.
 */
export class SessionLookup {
  private readonly computerIndex = new Map<string, number>();
  /** Per computer: where boots 1, 2, … began, in walk order. */
  private readonly boots: WalkedEvent[][];
  /** Per computer, per Logon ID: its sessions in walk order. */
  private readonly begun: Map<number, Begun[]>[];

  /** `computers`: the walk's computer names, by number. */
  constructor(computers: readonly string[]) {
    computers.forEach((name, n) => this.computerIndex.set(name, n));
    this.boots = computers.map(() => []);
    this.begun = computers.map(() => new Map());
  }

  /** As the walk tells it (`CorrelationListener.bootBegins`), in walk order. */
  bootBegins(computer: number, at: WalkedEvent): void {
    this.boots[computer]!.push(at);
  }

  /** The sessions the walk returned, in its order. */
  addSessions(rows: readonly SessionRow[]): void {
    for (const { id, computer, boot, logonId, logon } of rows) {
      const byLogonId = this.begun[computer]!;
      let list = byLogonId.get(logonId);
      if (list === undefined) byLogonId.set(logonId, (list = []));
      list.push({ boot, time: logon.time, recordId: logon.recordId, added: logon.event, id });
    }
  }

  /**
   * The id of the session that the Logon ID value names, in an event the walk placed as
   * `added` (on `computer`, a lower-cased name, at `time`); undefined for none.
   */
  sessionOf(role: 'logon' | 'logoff', logonId: number, computer: string, time: number, recordId: number, added: number): number | undefined {
    const c = this.computerIndex.get(computer);
    const list = c === undefined ? undefined : this.begun[c]!.get(logonId);
    if (list === undefined) return undefined;
    const boot = this.bootAt(c!, time, recordId, added);
    for (let k = list.length - 1; k >= 0; k--) {
      const begun = list[k]!;
      if (begun.boot !== boot) continue;
      if (role === 'logon' ? begun.time === time && begun.recordId === recordId : walkOrder(begun.time, begun.recordId, begun.added, time, recordId, added) < 0) return begun.id;
    }
    return undefined;
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
