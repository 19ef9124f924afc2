import type { Position } from 'vscode-languageserver-types';

/** What features need of a document's text to name places: line and character of an offset. */
export interface Positions {
  readonly uri: string;
  positionAt(offset: number): Position;
}

/**
 * Line positions of a text that arrives in pieces, without the text: the offset where each line
 * begins, counting line breaks as TextDocument does (LF, CRLF, or a lone CR). For workspace files,
 * whose text is never joined into one string (see parsePieces.ts).
 */
export class LineIndex implements Positions {
  /**
   * Line starts, in blocks of BLOCK (the first grows to it): a file of a million lines never has
   * its starts copied into an array twice as big, which held requests for tens of milliseconds.
   */
  private starts: Float64Array[] = [new Float64Array(1024)];
  /** Per line start but the first: the length of the line break before it (1, or 2 for CRLF). */
  private breaks: Uint8Array[] = [new Uint8Array(1024)];
  private count = 1; // line 0 begins at 0
  private length = 0;
  /** The last piece ended with a CR: a LF at the start of the next one belongs to it. */
  private pendingCr = false;

  constructor(readonly uri: string) {}

  /** Takes the next piece of the text. */
  add(piece: string): void {
    let i = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (piece.charCodeAt(0) === 0x0a) i = 1;
      this.push(this.length + i, i + 1);
    }
    // Most exports end lines with LF alone: then indexOf finds them, several times faster than a
    // loop over every character.
    if (piece.indexOf('\r', i) < 0) {
      for (let at = piece.indexOf('\n', i); at >= 0; at = piece.indexOf('\n', at + 1)) this.push(this.length + at + 1, 1);
      this.length += piece.length;
      return;
    }
    for (; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (c === 0x0a) this.push(this.length + i + 1, 1);
      else if (c === 0x0d) {
        if (i + 1 === piece.length) this.pendingCr = true;
        else if (piece.charCodeAt(i + 1) === 0x0a) this.push(this.length + ++i + 1, 2);
        else this.push(this.length + i + 1, 1);
      }
    }
    this.length += piece.length;
  }

  /** The text has ended (a CR at its very end still ends a line). */
  end(): this {
    if (this.pendingCr) {
      this.pendingCr = false;
      this.push(this.length, 1);
    }
    return this;
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.length));
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.startOf(middle) > at) high = middle;
      else low = middle + 1;
    }
    const line = low - 1;
    const start = this.startOf(line);
    // Inside a CRLF, as TextDocument does: the position is before the line break.
    let character = at - start;
    if (line + 1 < this.count && this.breakBefore(line + 1) === 2 && at === this.startOf(line + 1) - 1 && at > start) character--;
    return { line, character };
  }

  private startOf(line: number): number {
    return this.starts[line >>> BLOCK_BITS]![line & (BLOCK - 1)]!;
  }

  private breakBefore(line: number): number {
    return this.breaks[line >>> BLOCK_BITS]![line & (BLOCK - 1)]!;
  }

  private push(start: number, breakLength: number): void {
    const block = this.count >>> BLOCK_BITS;
    const at = this.count & (BLOCK - 1);
    if (block === this.starts.length) {
      this.starts.push(new Float64Array(BLOCK));
      this.breaks.push(new Uint8Array(BLOCK));
    } else if (at === this.starts[block]!.length) {
      // Only the first block grows (small files stay small): doubled, up to BLOCK.
      const starts = new Float64Array(at * 2);
      starts.set(this.starts[block]!);
      this.starts[block] = starts;
      const breaks = new Uint8Array(at * 2);
      breaks.set(this.breaks[block]!);
      this.breaks[block] = breaks;
    }
    this.breaks[block]![at] = breakLength;
    this.starts[block]![at] = start;
    this.count++;
  }
}

const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
