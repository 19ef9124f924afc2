/** A value kept for one record, and the next record with the same record id. */
interface Kept<T> {
  computer: string;
  time: number;
  value: T;
  next: Kept<T> | undefined;
}

/**
 * Values kept per record the first time it is read: the same record read again (two exports of
 * one log, a log copied into another) is known by its computer, record id and time, and keeps
 * nothing more. Keyed by record id, with the few records that share one (other computers, other
 * logs) chained, so that no key is made per record.
 */
export class FirstByRecord<T> {
  private readonly byRecordId = new Map<number, Kept<T>>();

  /** Keeps `make()` for the record, unless a value was kept for it before. */
  keep(computer: string, recordId: number, time: number, make: () => T): void {
    const first = this.byRecordId.get(recordId);
    if (find(first, computer, time) === undefined) this.byRecordId.set(recordId, { computer, time, value: make(), next: first });
  }

  get(computer: string, recordId: number, time: number): T | undefined {
    return find(this.byRecordId.get(recordId), computer, time)?.value;
  }

  clear(): void {
    this.byRecordId.clear();
  }
}

function find<T>(kept: Kept<T> | undefined, computer: string, time: number): Kept<T> | undefined {
  for (let k = kept; k !== undefined; k = k.next) if (k.computer === computer && k.time === time) return k;
  return undefined;
}
