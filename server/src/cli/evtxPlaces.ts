import { EvtxListener } from './stream/readExport';

/** Where a finding or its evidence is in an .evtx: the record, and its bytes in the file. */
export interface RecordPlace {
  record: number;
  byteOffset: number;
  byteLength: number;
}

/**
 * The .evtx record of each streamed event, by where its text begins. Records are told and events
 * taken in the same order (text offsets only grow), so they wait in a queue, and only the events
 * of the chunk being read are held. (A map, emptied one delete at a time, was rehashed so often
 * that it cost a tenth of `check`.)
 */
export class EvtxPlaces {
  private readonly offsets: number[] = [];
  private readonly places: RecordPlace[] = [];
  /** The first entry not taken. */
  private head = 0;
  /** True once the input turned out to be an .evtx. */
  isEvtx = false;

  listener(problem?: EvtxListener['problem']): EvtxListener {
    return {
      event: (textOffset, event) => {
        this.isEvtx = true;
        this.offsets.push(textOffset);
        this.places.push({ record: event.recordId, byteOffset: event.offset, byteLength: event.size });
      },
      problem: p => {
        this.isEvtx = true;
        problem?.(p);
      },
    };
  }

  /**
   * The record of the event whose text begins at `textOffset`, forgotten once asked for, with the
   * records before it (which held no event).
   */
  take(textOffset: number): RecordPlace | undefined {
    const { offsets, places } = this;
    while (this.head < offsets.length && offsets[this.head]! < textOffset) this.head++;
    let place: RecordPlace | undefined;
    if (this.head < offsets.length && offsets[this.head] === textOffset) place = places[this.head++];
    if (this.head === offsets.length) {
      // All taken: start again, so the queue holds one chunk's records at most.
      offsets.length = 0;
      places.length = 0;
      this.head = 0;
    }
    return place;
  }
}
