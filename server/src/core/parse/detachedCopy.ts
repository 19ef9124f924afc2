/**
 * `text[start, end)` as a string that shares no memory with `text`. V8 makes a slice of 13 or
 * more characters a view into its parent, which keeps the whole parent alive for as long as the
 * slice lives; concatenating forces a fresh flat copy when it is first read. A shorter slice is a
 * copy already.
 */
export function detachedCopy(text: string, start = 0, end = text.length): string {
  const piece = text.slice(start, end);
  return piece.length < 13 ? piece : (' ' + piece).slice(1);
}
