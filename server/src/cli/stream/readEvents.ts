import { Position } from 'vscode-languageserver-types';
import { ReadContent, isEvtx } from '../../core/evtx/evtxFile';
import { EvtxRecordStream } from '../../core/evtx/evtxStream';
import { readEventRecord, ReadRecord } from '../../core/evtx/eventRecord';
import { MAX_RENDERED } from '../../core/evtx/render';
import { EVTX_READ_SIZE, EvtxListener, readBytes, readExport } from './readExport';
import { SettledRecords } from './settledRecords';
import { ExportVisitor, streamExport } from './streamExport';

/**
 * The events of an input, parsed, given to the visitor one by one in bounded memory. Event XML is
 * read as text (`streamExport` over `readExport`). An .evtx's records are read straight into event
 * records, with no text made and parsed again, one event a line, each record's text at its own
 * offset (RECORD_TEXT_SPAN). A record that cannot be read so (see eventRecord.ts) is rendered and
 * parsed as its text. Returns false when the input holds no event XML.
 *
 * The positions given for an .evtx's records are on their line; output names the record instead.
 *
 * Two passes over an .evtx share `settled`: the first (`learn`) notes which records' events the
 * visitor settled, the second (`skip`) does not read those again, and tells `visitor.skipped`.
 */
export async function readEvents(file: string, onBytes: (bytesRead: number) => void, visitor: ExportVisitor, evtx: EvtxListener = {}, settled?: { learn: SettledRecords } | { skip: SettledRecords }): Promise<boolean> {
  if (!(await isEvtxFile(file))) return streamExport(readExport(file, onBytes, evtx, true), visitor);

  evtx.start?.();
  const learning = settled !== undefined && 'learn' in settled ? settled.learn : undefined;
  const skipping = settled !== undefined && 'skip' in settled ? settled.skip : undefined;
  let reads = 0;
  const records = new EvtxRecordStream<Read>((chunk, start, end) => {
    const k = reads++;
    if (skipping?.isSettled(k)) return { k, content: undefined };
    const content = readContent(chunk, start, end);
    return content === undefined ? undefined : { k, content };
  });
  let line = 0;
  const take = async ({ records: found, problems }: ReturnType<typeof records.push>): Promise<void> => {
    for (const problem of problems) evtx.problem?.(problem);
    for (const record of found) {
      const { k, content } = record.content;
      if (content === undefined) {
        line++;
        visitor.skipped?.();
        continue;
      }
      const base = k * RECORD_TEXT_SPAN;
      evtx.event?.(base, record);
      const at = line;
      if (learning !== undefined) learning.reading = k;
      if (content.record !== undefined) {
        const settles = visitor.event({ offset: base, record: content.record }, offset => ({ line: at, character: offset - base }));
        learning?.note(k, settles === true);
      } else {
        // Read as text, alone: its offsets and lines moved to where it is among the others.
        const shift = (position: Position): Position => ({ line: position.line + at, character: position.character });
        await streamExport(once(`${content.xml}\n`), {
          event: (event, positionAt) => void visitor.event({ offset: event.offset + base, record: event.record }, offset => shift(positionAt(offset - base))),
          gap: (problems, positionAt) => visitor.gap?.(problems.map(p => ({ ...p, start: p.start + base, end: p.end + base })), offset => shift(positionAt(offset - base))),
        }, { sniff: false });
        // Its text may hold any number of events, or none: it is always read again.
        learning?.note(k, false);
      }
      line++;
    }
  };
  for await (const piece of readBytes(file, onBytes, EVTX_READ_SIZE, true)) await take(records.push(piece));
  await take(records.end());
  return true;
}

/**
 * Where the text of record `k` begins, as the command line numbers an .evtx's text: records lie
 * this far apart, more than any record's text (MAX_RENDERED), so that an event's offsets are the
 * same whichever records a pass skips, and no pass needs to remember how long each record was.
 */
export const RECORD_TEXT_SPAN = 2 ** 24;
if (RECORD_TEXT_SPAN <= MAX_RENDERED + 1) throw new Error('RECORD_TEXT_SPAN must exceed MAX_RENDERED');

/** A record read (`content`), or skipped as settled (no content); `k` counts the records read so far. */
interface Read {
  k: number;
  content: ReadRecord | undefined;
}

/** Whether a file (gunzipped, if it is gzip) begins as an .evtx does. */
export async function isEvtxFile(file: string): Promise<boolean> {
  let head = Buffer.alloc(0);
  for await (const piece of readBytes(file)) {
    head = Buffer.concat([head, piece]);
    if (head.length >= 8) break; // leaving the loop closes the file
  }
  return isEvtx(head);
}

/** A record read into an event record, or as text when it must be; undefined when it holds no event. */
const readContent: ReadContent<ReadRecord> = (chunk, start, end) => {
  const read = readEventRecord(chunk, start, end);
  return read.xml !== undefined && read.xml.trim() === '' ? undefined : read;
};

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}
