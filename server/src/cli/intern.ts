import { detachedCopy } from '../core/parse/detachedCopy';

/**
 * Keeps one copy of each distinct string (and object, by key). Values read from an event are slices of the text being
 * read, and a slice keeps its whole parent text alive; an interned copy keeps only itself, and
 * account names, SIDs and addresses repeat across thousands of events.
 */
export class Interner {
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, object>();

  intern(value: string): string;
  intern(value: string | undefined): string | undefined;
  intern(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    let kept = this.strings.get(value);
    if (kept === undefined) {
      kept = detachedCopy(value);
      this.strings.set(kept, kept);
    }
    return kept;
  }

  /** One object per distinct key, made the first time the key is seen (keep such objects unchanged). */
  shared<T extends object>(key: string, make: () => T): T {
    let kept = this.objects.get(key) as T | undefined;
    if (kept === undefined) this.objects.set(key, (kept = make()));
    return kept;
  }
}
