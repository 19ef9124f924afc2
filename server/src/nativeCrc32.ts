import * as zlib from 'node:zlib';
import { useNativeCrc32 } from './core/evtx/crc32';

/** Gives the .evtx reader Node's native CRC-32 (zlib.crc32, Node 20.15 and later) when there is one. */
export function installNativeCrc32(): void {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (typeof native === 'function') useNativeCrc32(native);
}
