import { Position } from 'vscode-languageserver-types';

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Line and character of offsets in a document read piece by piece, counted as LSP and the editor
 * count them (CRLF, CR and LF each end a line; characters are UTF-16 code units). Each piece is
 * scanned once; the starts of lines before the part still asked about are forgotten, so memory
 * stays with the text held, not with the document.
 */
export class LineIndex {
  /** Absolute offsets where lines start, ascending; those before `first` are forgotten. */
  private starts: number[] = [];
  /** True where the line break before the line start is a CRLF. */
  private afterCrlf: boolean[] = [];
  private first = 0;
  /** Lines that started before the kept ones, and where the last of them started. */
  private forgotten = 0;
  private lastForgottenStart = 0;
  /** The previous piece ended with a CR that a leading LF of the next piece would complete. */
  private trailingCr = false;

  /** Notes the line breaks of the next piece of the document, which starts at absolute offset `base`. */
  add(piece: string, base: number): void {
    let from = 0;
    if (this.trailingCr) {
      this.trailingCr = false;
      if (piece.charCodeAt(0) === 0x0a) {
        this.starts[this.starts.length - 1] = base + 1;
        this.afterCrlf[this.afterCrlf.length - 1] = true;
        from = 1;
      }
    }
    LINE_BREAK.lastIndex = from;
    for (let m = LINE_BREAK.exec(piece); m !== null; m = LINE_BREAK.exec(piece)) {
      this.starts.push(base + m.index + m[0].length);
      this.afterCrlf.push(m[0].length === 2);
      if (m[0] === '\r' && m.index === piece.length - 1) this.trailingCr = true;
    }
  }

  /** Forgets what is before `offset`: no offset before it will be asked about again. */
  forget(offset: number): void {
    while (this.first < this.starts.length && this.starts[this.first]! <= offset) {
      this.lastForgottenStart = this.starts[this.first]!;
      this.first++;
      this.forgotten++;
    }
    if (this.first > 4096 && this.first * 2 > this.starts.length) {
      this.starts = this.starts.slice(this.first);
      this.afterCrlf = this.afterCrlf.slice(this.first);
      this.first = 0;
    }
  }

  positionAt(offset: number): Position {
    // The number of kept line starts at or before `offset`.
    let lo = this.first;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= offset) lo = mid + 1;
      else hi = mid;
    }
    const kept = lo - this.first;
    const lineStart = kept > 0 ? this.starts[lo - 1]! : this.lastForgottenStart;
    // Between the CR and LF of a CRLF is the end of the line, as the editor counts.
    const insideCrlf = lo < this.starts.length && this.afterCrlf[lo] === true && offset === this.starts[lo]! - 1;
    return { line: this.forgotten + kept, character: offset - lineStart - (insideCrlf ? 1 : 0) };
  }
}
