/**
 * Keeps one copy of each distinct string. Values read from an event are slices of the text being
 * read, and a slice keeps its whole parent text alive; an interned copy keeps only itself, and
 * account names, SIDs and addresses repeat across thousands of events.
 */
export class Interner {
  private readonly strings = new Map<string, string>();

  intern(value: string): string;
  intern(value: string | undefined): string | undefined;
  intern(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    let kept = this.strings.get(value);
    if (kept === undefined) {
      // Flattened into a string of its own (V8 copies a concatenation before slicing it).
      kept = ` ${value}`.slice(1);
      this.strings.set(kept, kept);
    }
    return kept;
  }
}
