// Trace strings are raw bytes, not necessarily UTF-8: Go copies them from the
// program (task, region and log strings, labels) or from its own symbol
// tables. JS strings cannot hold invalid UTF-8, so decoding is where bytes can
// be lost; these helpers decode and say whether anything was lost.

// ignoreBOM keeps a leading U+FEFF: the default decoder would drop it, which
// Go never does.
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
const strict = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });

/** The bytes as text; each invalid UTF-8 sequence becomes U+FFFD (lossy). */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Whether `text`, decoded from `bytes`, encodes back to exactly those bytes. */
export function decodedExactly(text: string, bytes: Uint8Array): boolean {
  // A U+FFFD in the text is the only sign of a replacement; it can also be a
  // genuine one, so only then look at the bytes again (rare).
  if (!text.includes("\uFFFD")) return true;
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
