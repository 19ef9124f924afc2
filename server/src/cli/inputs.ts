import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
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
 * Files and folders (searched for .xml and .xml.gz) as given; `-` is standard input. Standard input
 * is copied to a temporary file as it arrives, because checking reads every export twice.
 */
export async function openInputs(paths: readonly string[]): Promise<Inputs> {
  const files: InputFile[] = [];
  let spooled: string | undefined;
  const dispose = (): void => {
    if (spooled !== undefined) fs.rmSync(path.dirname(spooled), { recursive: true, force: true });
  };
  try {
    for (const given of paths) {
      if (given === '-') {
        if (spooled !== undefined) throw new UsageError("'-' (standard input) can be given only once.");
        spooled = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logon-lens-')), 'stdin.xml');
        await pipeline(process.stdin, fs.createWriteStream(spooled));
        files.push({ name: '<stdin>', file: spooled, size: fs.statSync(spooled).size });
        continue;
      }
      if (!fs.existsSync(given)) throw new UsageError(`'${given}' does not exist. Check the path and try again.`);
      const found = fs.statSync(given).isDirectory() ? exportsUnder(given) : [given];
      if (found.length === 0) throw new UsageError(`'${given}' holds no .xml or .xml.gz files.`);
      for (const file of found) files.push({ name: file, file, size: fs.statSync(file).size });
    }
  } catch (error) {
    dispose();
    throw error;
  }
  return { files, dispose };
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
