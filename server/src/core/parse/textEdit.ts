/** An edit of a text: the characters [start, end) replaced by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Where a run of edits changed a text: [start, oldEnd) of the old text became [start, newEnd) of the new. */
export interface ChangedRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * The one region that covers a run of edits, each given in the text as it was before it. Edits
 * while typing are close together, so one region is what a re-parse needs to read again.
 */
export function changedRegion(edits: readonly TextEdit[]): ChangedRegion | undefined {
  let region: ChangedRegion | undefined;
  for (const { start, end, text } of edits) {
    const growth = text.length - (end - start);
    if (region === undefined) {
      region = { start, oldEnd: end, newEnd: end + growth };
      continue;
    }
    // The region so far spans [region.start, region.newEnd) of the text this edit applies to. The
    // union's end maps back to the old text past the region, or to the region's old end.
    const last = Math.max(region.newEnd, end);
    region = { start: Math.min(region.start, start), oldEnd: region.oldEnd + (last - region.newEnd), newEnd: last + growth };
  }
  return region;
}
