import { ProgressStream } from '../progress';

/** What a command may do to the world: write output and messages. Tests and the entry point supply it. */
export interface CliContext {
  out(text: string): void;
  /** Writes bytes to standard output; resolves when it may be written to again. */
  outBytes(bytes: Uint8Array): Promise<void>;
  warn(message: string): void;
  /** Where a progress bar may be drawn (drawn only if it is a terminal). */
  progress: ProgressStream;
  /** Whether output goes to a terminal that shows colour. */
  colour: boolean;
  /** Whether standard output is a terminal (where control characters from the data must not reach). */
  outIsTerminal: boolean;
  version: string;
}
