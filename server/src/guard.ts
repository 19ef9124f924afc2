import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/**
 * Keeps one failing handler from taking the server down. A request that throws is answered with
 * an error; a timer or notification that throws is dropped; either is logged once (the same
 * failure again is counted, not repeated), and the server goes on serving.
 */
export class Guard {
  private readonly seen = new Map<string, number>();
  /** When a request last came in (performance.now()): background work waits for a quiet moment. */
  lastRequestAt = -Infinity;

  constructor(private readonly log: (message: string) => void) {}

  /** Records a failure: logged the first time, counted after. */
  report(where: string, error: unknown): void {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const key = `${where}\n${text}`;
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    if (count === 1) {
      const stack = error instanceof Error && error.stack !== undefined ? `\n${error.stack}` : '';
      this.log(`Logon Lens: internal error in ${where}: ${text}${stack}\nThe server goes on; please report this (see SECURITY.md).`);
    }
  }

  /** Wraps a request handler: a throw or a rejection becomes an error response. */
  request<A extends unknown[], R>(where: string, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      this.lastRequestAt = performance.now();
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        this.report(where, error);
        throw new ResponseError(ErrorCodes.InternalError, `Logon Lens could not answer ${where}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
  }

  /** Wraps a timer, notification or other callback: a throw or a rejection is reported and dropped. */
  run<A extends unknown[]>(where: string, callback: (...args: A) => unknown): (...args: A) => void {
    return (...args: A) => {
      try {
        const result = callback(...args);
        if (result instanceof Promise) result.catch(error => this.report(where, error));
      } catch (error) {
        this.report(where, error);
      }
    };
  }
}
