import { Finding } from '../checkExports';

/**
 * Where a finding is, after its file: `record=12345` (or `chunk=3`) in an .evtx, or undefined for
 * event XML, placed by line and column. Undefined too for damage to a whole .evtx file.
 */
export function recordFragment(place: Finding['place']): string | undefined {
  if (place?.record !== undefined) return `record=${place.record}`;
  if (place?.chunk !== undefined) return `chunk=${place.chunk}`;
  return undefined;
}

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
