/**
 * What the first pass over one input learns for the second: which records' events it settled
 * (found nothing that the rest of the data could change: see `ExportVisitor.event`), so that the
 * second pass need not read them again. Records are counted in the order they are read, which the
 * same bytes always give (in event XML, each event is one): one bit a record.
 */
export class SettledRecords {
  private settled = new Uint8Array(1024);
  /** First pass: the number of the record whose event the visitor is being told. */
  reading = 0;

  /** First pass: whether record `k`'s event was settled. */
  note(k: number, settled: boolean): void {
    const byte = k >>> 3;
    if (byte >= this.settled.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.settled.length * 2));
      grown.set(this.settled);
      this.settled = grown;
    }
    const bit = 1 << (k & 7);
    this.settled[byte] = settled ? this.settled[byte]! | bit : this.settled[byte]! & ~bit;
  }

  /** After the first pass: record `k` is read again after all. */
  unsettle(k: number): void {
    if (k >>> 3 < this.settled.length) this.note(k, false);
  }

  /** Second pass: whether record `k` can be skipped. A record the first pass never noted cannot. */
  isSettled(k: number): boolean {
    return ((this.settled[k >>> 3] ?? 0) & (1 << (k & 7))) !== 0;
  }
}
