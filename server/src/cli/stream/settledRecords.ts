/**
 * What the first pass over one input learns for the second: which records' events it settled
 * (found nothing that the rest of the data could change: see `ExportVisitor.event`), so that the
 * second pass need not read them again, and, for an .evtx, how long each record's line of text
 * is, so that the events it does read keep their offsets. Records are counted in the order they
 * are read, which the same bytes always give (in event XML, each event is one): 5 bytes a record.
 */
export class SettledRecords {
  private lengths = new Uint32Array(1024);
  private settled = new Uint8Array(1024);
  /** First pass: the number of the record whose event the visitor is being told. */
  reading = 0;

  /** First pass: record `k` takes `length` characters of text, and `settled` says whether its event did. */
  note(k: number, length: number, settled: boolean): void {
    if (k >= this.lengths.length) {
      const size = Math.max(k + 1, this.lengths.length * 2);
      const lengths = new Uint32Array(size);
      lengths.set(this.lengths);
      const flags = new Uint8Array(size);
      flags.set(this.settled);
      this.lengths = lengths;
      this.settled = flags;
    }
    this.lengths[k] = length;
    this.settled[k] = settled ? 1 : 0;
  }

  /** After the first pass: record `k` is read again after all. */
  unsettle(k: number): void {
    if (k < this.settled.length) this.settled[k] = 0;
  }

  /** Second pass: whether record `k` can be skipped. A record the first pass never noted cannot. */
  isSettled(k: number): boolean {
    return this.settled[k] === 1;
  }

  /** Second pass: the length of record `k`'s line of text. */
  lengthOf(k: number): number {
    return this.lengths[k] ?? 0;
  }
}
