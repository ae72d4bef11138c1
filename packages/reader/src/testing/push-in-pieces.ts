// Test helper: feeds a trace to a reader in pieces of `size` bytes (0: all at
// once), calling `drain` after every piece and once more after finish(), as
// a streaming consumer does. Errors the reader or drain throws propagate.
import type { TraceReader } from "../reader.js";

export function pushInPieces(r: TraceReader, bytes: Uint8Array, size: number, drain: () => void): void {
  const step = size === 0 ? Math.max(bytes.length, 1) : size;
  for (let i = 0; i < bytes.length; i += step) {
    r.push(bytes.subarray(i, i + step));
    drain();
  }
  r.finish();
  drain();
}
