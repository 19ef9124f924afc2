import * as fs from 'node:fs';

/**
 * How the command line ends. Exit codes mean one thing each, so a pipeline can trust them:
 * 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 internal error (a bug),
 * 130 interrupted (Ctrl-C), 143 terminated, 141 the reader of standard output went away.
 */
export const EXIT = { clean: 0, findings: 1, usage: 2, internal: 3, outputClosed: 141, interrupted: 130, terminated: 143 } as const;

/** Folders to remove however the process ends (the copy of standard input). */
const leftovers = new Set<string>();

export function removeOnExit(folder: string): () => void {
  leftovers.add(folder);
  return () => {
    leftovers.delete(folder);
    fs.rmSync(folder, { recursive: true, force: true });
  };
}

function removeLeftovers(): void {
  for (const folder of leftovers) {
    try {
      fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  leftovers.clear();
}

/**
 * Installs the handlers: leftovers are removed on every exit; Ctrl-C and SIGTERM exit with their
 * codes; a closed standard output (`| head -1`) ends the run quietly instead of with a stack trace.
 */
export function installExitHandlers(): void {
  process.on('exit', removeLeftovers);
  process.on('SIGINT', () => process.exit(EXIT.interrupted));
  process.on('SIGTERM', () => process.exit(EXIT.terminated));
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'EPIPE') process.exit(EXIT.outputClosed);
      throw error;
    });
  }
}
