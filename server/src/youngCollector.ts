/** V8's collector, as --expose-gc gives it: `type: 'minor'` collects only the young generation. */
type Collect = (options?: { type?: 'minor' | 'major' }) => void;

/**
 * Reading a big workspace file makes objects that nearly all survive (its parsed events). V8
 * collects its young generation when some 16 MB of them have piled up, copying them all at once:
 * a request that comes then waits 25–45 ms. Collected between the reader's steps instead, every
 * few steps, each collection copies less and takes a few milliseconds, while no request is being
 * answered. Needs --expose-gc (the VS Code client starts the server with it); else does nothing.
 */
export function youngCollector(everySteps = 6, collect = (globalThis as { gc?: Collect }).gc): () => void {
  if (collect === undefined) return () => undefined;
  let steps = 0;
  return () => {
    if (++steps % everySteps === 0) collect({ type: 'minor' });
  };
}
