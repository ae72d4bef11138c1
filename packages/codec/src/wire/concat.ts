// Joining byte chunks into one array: a stream read whole, a deflated stream, a
// line spliced from raw fields. Every package that collects chunks ends with it.

/** The chunks, in order, as one new Uint8Array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
