import { EvtxListener } from './stream/readExport';

/** Where a finding or its evidence is in an .evtx: the record, and its bytes in the file. */
export interface RecordPlace {
  record: number;
  byteOffset: number;
  byteLength: number;
}

/**
 * The .evtx record of each streamed event, by where its text begins. Entries are taken as events
 * are read, so only the events of the chunk being read are held.
 */
export class EvtxPlaces {
  private readonly byTextOffset = new Map<number, RecordPlace>();
  /** True once the input turned out to be an .evtx. */
  isEvtx = false;

  listener(problem?: EvtxListener['problem']): EvtxListener {
    return {
      event: (textOffset, event) => {
        this.isEvtx = true;
        this.byTextOffset.set(textOffset, { record: event.recordId, byteOffset: event.offset, byteLength: event.size });
      },
      problem: p => {
        this.isEvtx = true;
        problem?.(p);
      },
    };
  }

  /** The record of the event whose text begins at `textOffset`, forgotten once asked for. */
  take(textOffset: number): RecordPlace | undefined {
    const place = this.byTextOffset.get(textOffset);
    this.byTextOffset.delete(textOffset);
    return place;
  }
}
