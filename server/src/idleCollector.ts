/**
 * Typing in a big export leaves a whole copy of its text behind per edit (the document's string is
 * rebuilt, then read flat), and V8 collects such garbage late: the server's memory climbs to
 * several times what it holds, and stays there after typing stops. When the process may collect
 * (started with --expose-gc, as the VS Code client starts it), one full collection runs once edits
 * pause, if enough text was replaced since the last one, and a second once they have stayed paused
 * (see `settleMs`). Elsewhere this does nothing.
 */
export class IdleCollector {
  private replaced = 0;
  private timer: NodeJS.Timeout | undefined;
  private settle: NodeJS.Timeout | undefined;

  constructor(
    private readonly collect: (() => void) | undefined = (globalThis as { gc?: () => void }).gc,
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
      this.collect!();
      // V8 keeps its young generation's room (some 30 MB) while it judges allocation busy, which it
      // does from the last five seconds: only a collection after that gives the room back.
      this.settle = setTimeout(() => this.collect!(), this.settleMs);
      this.settle.unref();
    }, this.pauseMs);
    this.timer.unref();
  }
}
