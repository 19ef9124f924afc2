import { setFlagsFromString } from 'node:v8';

/**
 * Typing in a big export leaves a whole copy of its text behind per edit (the document's string is
 * rebuilt, then read flat), and V8 collects such garbage late: the server's memory climbs to
 * several times what it holds, and stays there after typing stops. When the process may collect
 * (started with --expose-gc, as the VS Code client starts it), one full collection runs once edits
 * pause, if enough text was replaced since the last one, and a second, compacting one once they
 * have stayed paused (see `settleMs`). Elsewhere this does nothing.
 */
export class IdleCollector {
  private replaced = 0;
  private timer: NodeJS.Timeout | undefined;
  private settle: NodeJS.Timeout | undefined;

  constructor(
    /** A full collection; `compact`: one that also moves the old generation's objects together. */
    private readonly collect: ((compact: boolean) => void) | undefined = fullCollection(),
    /** How long edits must pause. */
    private readonly pauseMs = 2000,
    /** Characters of text replaced (a document's length per edit) before a collection is worth its pause. */
    private readonly worthChars = 64 * 2 ** 20,
    /** How long after that collection a second one runs, if edits are still paused. */
    private readonly settleMs = 6000,
  ) {}

  /** A document of this length was edited. */
  edited(documentLength: number): void {
    if (this.collect === undefined) return;
    clearTimeout(this.settle);
    this.replaced += documentLength;
    if (this.replaced < this.worthChars) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.replaced = 0;
      this.collect!(false);
      // V8 keeps its young generation's room (some 30 MB) while it judges allocation busy, which it
      // does from the last five seconds: only a collection after that gives the room back. It
      // compacts too: a big export's parse leaves the old generation's pages part-empty (some 10 MB
      // of 70), which V8 itself gives back only some 30 s after activity stops.
      this.settle = setTimeout(() => this.collect!(true), this.settleMs);
      this.settle.unref();
    }, this.pauseMs);
    this.timer.unref();
  }
}

/** V8's full collection, when --expose-gc gives it; else undefined. */
function fullCollection(): ((compact: boolean) => void) | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  return compact => {
    if (!compact) return gc();
    // A collection compacts only pages it finds badly fragmented, unless told otherwise; the flag
    // is read by each collection, and set back at once.
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}
