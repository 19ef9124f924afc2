import * as fs from 'node:fs';
import { once } from 'node:events';
import * as path from 'node:path';
import { EvtxProblem } from '../../core/evtx/evtxFile';
import { parseArgs } from '../args';
import { terminalText } from '../formats/safeText';
import { damageFinding } from '../checkExports';
import { textWriter } from '../formats/text';
import { openInputs } from '../inputs';
import { describeReadError, readExport } from '../stream/readExport';
import { UsageError } from '../usageError';
import { CliContext } from './context';

export const XML_HELP = `Usage: logon-lens xml <FILE.evtx> [-o FILE.xml]

Writes the events of a binary event log (.evtx, or gzipped) as event XML, the way
'wevtutil qe /f:xml' prints them: one event a line, inside <Events>. Streamed: a log of any size
is written in small memory. Damage (a bad checksum, a damaged record) is told on standard error
with the record's number; every other record is written.

-o FILE    write to FILE instead of standard output`;

/** About this many characters are written at a time. */
const BATCH_CHARS = 256 * 1024;

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
    let isEvtx = false;
    let events = 0;
    const problems: EvtxProblem[] = [];
    // Damage is told as `check` tells it, on standard error.
    const damage = textWriter(text => context.warn(text.trimEnd()), false);
    const tell = (problem: EvtxProblem): void => damage.write(damageFinding(input.name, problem));
    const pieces = readExport(input.file, undefined, { start: () => (isEvtx = true), event: () => void events++, problem: p => void problems.push(p) });
    // Written to a file, the XML keeps the control characters Windows wrote in values; shown on a
    // terminal, they are written out (\u001B…), so a log cannot drive the terminal.
    const write: (text: string) => void = context.outIsTerminal ? text => context.out(text.split('\n').map(line => terminalText(line, Infinity)).join('\n')) : context.out;
    let file: fs.WriteStream | undefined;
    let started = false;
    // Events are written in batches (one write per event costs more than the event), and reading
    // waits while the file catches up, so that memory stays small however big the log.
    let batch = '';
    const flush = async (): Promise<void> => {
      if (batch === '') return;
      const text = batch;
      batch = '';
      if (file !== undefined && !file.write(text)) await once(file, 'drain');
      else if (file === undefined) write(text);
    };
    try {
      for await (const text of pieces) {
        if (!isEvtx) throw new UsageError(`'${terminalText(input.name)}' is not a binary event log (.evtx); it is read as XML already.`);
        if (!started) {
          if (output !== undefined) file = fs.createWriteStream(output, { highWaterMark: 8 * BATCH_CHARS });
          batch = '<?xml version="1.0" encoding="utf-8"?>\n<Events>\n';
          started = true;
        }
        batch += text;
        if (batch.length >= BATCH_CHARS) await flush();
        if (problems.length > 0) {
          await flush();
          problems.splice(0).forEach(tell);
        }
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof UsageError || code === undefined) throw error;
      throw new UsageError(`cannot read '${terminalText(input.name)}': ${describeReadError(error as Error & { code?: string })}`);
    }
    if (!isEvtx) throw new UsageError(`'${terminalText(input.name)}' is not a binary event log (.evtx).`);
    if (!started) batch = '<?xml version="1.0" encoding="utf-8"?>\n<Events>\n';
    batch += '</Events>\n';
    await flush();
    problems.forEach(tell);
    if (file !== undefined) await new Promise<void>((resolve, reject) => file!.end((error?: Error | null) => (error ? reject(error) : resolve())));
    context.warn(`${events.toLocaleString('en-US')} events from ${terminalText(input.name)}${output === undefined ? '' : ` written to ${terminalText(path.resolve(output))}`}.`);
    return 0;
  } finally {
    inputs.dispose();
  }
}
