import * as fs from 'node:fs';
import * as path from 'node:path';
import { EvtxProblem } from '../../core/evtx/evtxFile';
import { parseArgs } from '../args';
import { terminalText } from '../formats/safeText';
import { damageFinding } from '../checkExports';
import { textWriter } from '../formats/text';
import { openInputs } from '../inputs';
import { readExport, readFailure } from '../stream/readExport';
import { isEvtxFile } from '../stream/readEvents';
import { readEvtxXml } from '../stream/readEvtxXml';
import { UsageError } from '../usageError';
import { CliContext } from './context';

export const XML_HELP = `Usage: logon-lens xml <FILE.evtx> [-o FILE.xml]

Writes the events of a binary event log (.evtx, or gzipped) as event XML, the way
'wevtutil qe /f:xml' prints them: one event a line, inside <Events>. Streamed: a log of any size
is written in small memory. Damage (a bad checksum, a damaged record) is told on standard error
with the record's number; every other record is written.

-o FILE    write to FILE instead of standard output`;

export async function xml(args: readonly string[], context: CliContext): Promise<number> {
  const parsed = parseArgs(args, ['-o', '--output'], [], 'xml');
  if (parsed.positional.length !== 1) throw new UsageError("name one .evtx file, e.g. 'logon-lens xml Security.evtx -o Security.xml'.");
  const given = parsed.positional[0]!;
  const output = parsed.options.get('-o') ?? parsed.options.get('--output');
  // A folder would be searched for exports (openInputs gives its files): refuse it before.
  if (given !== '-' && fs.existsSync(given) && fs.statSync(given).isDirectory()) throw new UsageError(`'${terminalText(given)}' is a folder; name one .evtx file.`);
  const inputs = await openInputs([given]);
  try {
    const input = inputs.files[0]!;
    if (output !== undefined && fs.existsSync(output) && fs.realpathSync(output) === fs.realpathSync(input.file)) throw new UsageError('the output would overwrite the log it is read from; name another file.');
    if (!(await isEvtxFile(input.file).catch(error => readFailure(input.name, error)))) {
      throw new UsageError(`'${terminalText(input.name)}' is not a binary event log (.evtx); an XML export is read as it is.`);
    }
    let events = 0;
    // Damage is told as `check` tells it, on standard error, after the events read before it.
    const damage = textWriter(text => context.warn(text.trimEnd()), false);
    const problems: EvtxProblem[] = [];
    const listener = { event: () => void events++, problem: (p: EvtxProblem) => void problems.push(p) };
    const head = '<?xml version="1.0" encoding="utf-8"?>\n<Events>\n';
    const tail = '</Events>\n';
    try {
      if (context.outIsTerminal && output === undefined) {
        // Shown on a terminal, control characters from the log are written out (\u001B…), so a
        // log cannot drive the terminal; written elsewhere, the XML keeps them, as Windows wrote them.
        const write = (text: string): void => context.out(text.split('\n').map(line => terminalText(line, Infinity)).join('\n'));
        write(head);
        for await (const text of readExport(input.file, undefined, listener)) {
          write(text);
          problems.splice(0).forEach(p => damage.write(damageFinding(input.name, p)));
        }
        write(tail);
      } else {
        // Written as UTF-8 bytes straight from the log, a chunk's events at a time, so that memory
        // stays small however big the log. To a file, reads and writes block: the page cache serves
        // each at once, where streams left the thread idle between them (8% faster on a 64 MB log).
        // Standard output, often a pipe, waits while it catches up.
        const fd = output === undefined ? undefined : openOutput(output);
        const write = async (bytes: Uint8Array): Promise<void> => {
          if (fd === undefined) await context.outBytes(bytes);
          else writeAll(fd, bytes, output!);
        };
        try {
          await write(Buffer.from(head));
          for await (const bytes of readEvtxXml(input.file, listener, fd !== undefined)) {
            if (bytes.length > 0) await write(bytes);
            problems.splice(0).forEach(p => damage.write(damageFinding(input.name, p)));
          }
          await write(Buffer.from(tail));
        } finally {
          if (fd !== undefined) fs.closeSync(fd);
        }
      }
    } catch (error) {
      readFailure(input.name, error);
    }
    context.warn(`${events.toLocaleString('en-US')} events from ${terminalText(input.name)}${output === undefined ? '' : ` written to ${terminalText(path.resolve(output))}`}.`);
    return 0;
  } finally {
    inputs.dispose();
  }
}

/** The output file, opened for writing; a failure names it. */
function openOutput(output: string): number {
  try {
    return fs.openSync(output, 'w');
  } catch (error) {
    throw writeFailure(output, error);
  }
}

function writeAll(fd: number, bytes: Uint8Array, output: string): void {
  try {
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at);
  } catch (error) {
    throw writeFailure(output, error);
  }
}

/** A failure to write the output, in words that say what to do. */
function writeFailure(output: string, error: unknown): unknown {
  const { code, message } = error as Error & { code?: string };
  const why = code === 'ENOENT' ? 'its folder does not exist.'
    : code === 'EACCES' || code === 'EPERM' ? "permission denied. Check the folder's permissions."
    : code === 'EISDIR' ? 'it is a folder; name a file.'
    : code === 'ENOSPC' ? 'the disk is full.'
    : code === undefined ? undefined : message;
  return why === undefined ? error : new UsageError(`cannot write '${terminalText(output)}': ${why}`);
}
