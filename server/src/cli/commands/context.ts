/** What a command may do to the world: write output and messages. Tests and the entry point supply it. */
export interface CliContext {
  out(text: string): void;
  warn(message: string): void;
  /** Whether output goes to a terminal that shows colour. */
  colour: boolean;
  version: string;
}
