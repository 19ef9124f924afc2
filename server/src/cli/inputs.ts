import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isEvtx } from '../core/evtx/evtxFile';
import { removeOnExit } from './exit';
import { terminalText } from './formats/safeText';
import { UsageError } from './usageError';

/** An export to read: its name as shown in output, the file that holds it, and its size in bytes. */
export interface InputFile {
  name: string;
  file: string;
  size: number;
}

/** Inputs, and how to remove what reading them left behind (standard input is kept in a temporary file). */
export interface Inputs {
  files: InputFile[];
  dispose(): void;
}

/**
 * Files and folders (searched for .xml, .evtx and gzipped exports) as given; `-` is standard input. Standard input
 * is copied to a temporary file as it arrives, because checking reads every export twice.
 */
export async function openInputs(paths: readonly string[], tell: (message: string) => void = () => undefined): Promise<Inputs> {
  const files: InputFile[] = [];
  let spooled: string | undefined;
  let remove: (() => void) | undefined;
  const dispose = (): void => remove?.();
  try {
    for (const given of paths) {
      if (given === '-') {
        if (spooled !== undefined) throw new UsageError("'-' (standard input) can be given only once.");
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-'));
        remove = removeOnExit(folder); // removed on every exit, Ctrl-C included
        spooled = path.join(folder, 'stdin.xml');
        if (process.stdin.isTTY === true) tell('logon-lens: reading events from standard input (the terminal); end with Ctrl-D, or give a file instead of -.');
        await pipeline(process.stdin, fs.createWriteStream(spooled));
        files.push({ name: '<stdin>', file: spooled, size: fs.statSync(spooled).size });
        continue;
      }
      if (!fs.existsSync(given)) throw new UsageError(`'${terminalText(given)}' does not exist. Check the path and try again.`);
      const stat = fs.statSync(given);
      if (!stat.isDirectory() && !stat.isFile()) throw new UsageError(`'${terminalText(given)}' is not a file or a folder (a pipe or a device); use '-' to read standard input.`);
      const found = stat.isDirectory() ? exportsUnder(given) : [given];
      if (found.length === 0) throw new UsageError(`'${terminalText(given)}' holds no .xml, .evtx or gzipped export.`);
      for (const file of found) files.push({ name: file, file, size: fs.statSync(file).size });
    }
  } catch (error) {
    dispose();
    throw error;
  }
  return { files, dispose };
}

/**
 * The exports in a folder and its subfolders: .xml, .evtx (and either gzipped) by name, and any
 * other file that begins as an event log does (an .evtx renamed, or with no extension).
 */
function exportsUnder(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...exportsUnder(full));
    else if (entry.isFile() && (/\.(xml|evtx)(\.gz)?$/i.test(entry.name) || startsAsEventLog(full))) found.push(full);
  }
  return found;
}

function startsAsEventLog(file: string): boolean {
  let handle: number | undefined;
  try {
    handle = fs.openSync(file, 'r');
    const head = Buffer.alloc(8);
    return fs.readSync(handle, head, 0, 8, 0) === 8 && isEvtx(head);
  } catch {
    return false;
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}
