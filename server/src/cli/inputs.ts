import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decodeBytes } from '../core/parse/decodeBytes';
import { EventDocument, parseEventDocument } from '../core/parse/eventDocument';
import { isEventXml } from '../core/parse/sniff';
import { UsageError } from './usageError';

/** One export read for analysis: its name as given, its parsed events, and positions for output. */
export interface Input {
  name: string;
  doc: EventDocument;
  positions: TextDocument;
}

/** Files and folders (searched for .xml and .xml.gz) as given; `-` is standard input. */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    if (given === '-') {
      files.push(given);
      continue;
    }
    if (!fs.existsSync(given)) throw new UsageError(`'${given}' does not exist. Check the path and try again.`);
    files.push(...(fs.statSync(given).isDirectory() ? exportsUnder(given) : [given]));
  }
  return files;
}

function exportsUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...exportsUnder(full));
    else if (entry.isFile() && /\.xml(\.gz)?$/i.test(entry.name)) found.push(full);
  }
  return found;
}

/** Reads an export: gzip (by content, whatever its name), UTF-8 or UTF-16 with or without BOM. */
export function readInput(file: string, warn: (message: string) => void): Input | undefined {
  let bytes: Buffer;
  try {
    bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  } catch (error) {
    throw new UsageError(`cannot read '${file}': ${(error as Error).message}`);
  }
  const text = decodeBytes(bytes);
  const name = file === '-' ? '<stdin>' : file;
  if (!isEventXml(text)) {
    warn(`${name}: no Windows event XML found (the event namespace is missing); skipped.`);
    return undefined;
  }
  return { name, doc: parseEventDocument(text), positions: TextDocument.create(file === '-' ? 'stdin:' : path.resolve(file), 'xml', 1, text) };
}
