import { Finding } from '../checkExports';

/** Writes findings as they come, so output never waits for (or holds) all of them. */
export interface FindingWriter {
  write(finding: Finding): void;
  end(): void;
}

/** Gathers small writes into larger ones: one write per finding would be slow. */
export function buffered(out: (text: string) => void, size = 64 * 1024): { write(text: string): void; flush(): void } {
  let pending = '';
  return {
    write(text) {
      pending += text;
      if (pending.length >= size) {
        out(pending);
        pending = '';
      }
    },
    flush() {
      if (pending !== '') out(pending);
      pending = '';
    },
  };
}
