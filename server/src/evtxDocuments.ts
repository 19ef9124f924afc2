import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { evtxFileUri } from './core/contract';
import { EvtxDocumentBuilder } from './core/evtx/evtxDocument';
import { isEvtx } from './core/evtx/evtxFile';
import { sliceOf } from './core/evtx/evtxSlice';
import { Problem } from './core/parse/model';

/**
 * The text of the read-only document the editor shows for an .evtx (its URI in the
 * logon-lens-evtx scheme): the log read from disk as a stream and rendered as the workspace index
 * renders it. The last one is kept, since the editor may ask for a document again.
 */
export class EvtxDocuments {
  private last: { file: string; query: string; mtimeMs: number; size: number; text: string } | undefined;
  /** The damage of each document rendered, as findings at its lines of the top comment. */
  private readonly notesByUri = new Map<string, Problem[]>();

  /** The damage of a log's document, once its text was asked for. */
  notes(documentUri: string): readonly Problem[] {
    return this.notesByUri.get(documentUri) ?? [];
  }

  async text(documentUri: string): Promise<string> {
    const fileUri = evtxFileUri(documentUri);
    if (fileUri === undefined) throw new Error(`${documentUri} is not the document of an event log`);
    const file = fileURLToPath(fileUri);
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new Error(`${file} is not a file`);
    // The part of the log picked by the user, if any (URLSearchParams decodes the query).
    const query = documentUri.includes('?') ? documentUri.slice(documentUri.indexOf('?') + 1) : '';
    if (this.last?.file === file && this.last.query === query && this.last.mtimeMs === stat.mtimeMs && this.last.size === stat.size) return this.last.text;
    const builder = new EvtxDocumentBuilder(sliceOf(query));
    let first = true;
    for await (const piece of fs.createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      if (first && !isEvtx(piece)) throw new Error(`${file} is not a binary event log (no "ElfFile" signature)`);
      first = false;
      builder.push(piece);
    }
    const { text, notes } = builder.end(path.basename(file));
    this.last = { file, query, mtimeMs: stat.mtimeMs, size: stat.size, text };
    this.notesByUri.set(documentUri, notes);
    return text;
  }
}
