import { parseBinXml } from '../../core/evtx/binxml';
import { EvtxRecordStream } from '../../core/evtx/evtxStream';
import { renderRecordUtf8, Utf8Sink } from '../../core/evtx/renderUtf8';
import { EVTX_READ_SIZE, EvtxListener, readBytes } from './readExport';

/**
 * An .evtx's events as event XML in UTF-8, one event a line, a batch for each piece of the file
 * read: what `readExport` gives as text, written as bytes with no JavaScript strings between
 * (see renderUtf8.ts). Damage and events are told to `evtx` as they are met. `blocking`: as
 * readBytes.
 */
export async function* readEvtxXml(file: string, evtx: EvtxListener = {}, blocking = false): AsyncGenerator<Uint8Array> {
  const sink = new Utf8Sink();
  const records = new EvtxRecordStream((chunk, start, end) => (renderRecordUtf8(chunk, parseBinXml(chunk, start, end), sink) ? true : undefined));
  const take = ({ records: found, problems }: ReturnType<typeof records.push>): Uint8Array => {
    for (const problem of problems) evtx.problem?.(problem);
    for (const record of found) evtx.event?.(-1, record);
    return sink.take();
  };
  for await (const piece of readBytes(file, undefined, EVTX_READ_SIZE, blocking)) yield take(records.push(piece));
  yield take(records.end());
}
