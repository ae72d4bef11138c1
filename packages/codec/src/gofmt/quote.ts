// strconv.Quote for byte strings: the form Go prints for %q and for quoted strings in
// `go tool trace` output.
import { goIsPrint } from "./isprint.js";
import { decodeRuneAt, runeOf, widthOf } from "./utf8.js";

const HEX = "0123456789abcdef";

// Runs of bytes that are copied verbatim are always whole, valid UTF-8 sequences, so a
// non-fatal decoder is exact here. ignoreBOM keeps a leading U+FEFF (never copied, it is
// not printable, but better safe) from being swallowed.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

/** Below this length, an ASCII-only run is cheaper to convert without TextDecoder. */
const SHORT_RUN = 64;

/** The text of bytes[start:end], a run of whole, valid UTF-8 sequences. */
function verbatim(bytes: Uint8Array, start: number, end: number, ascii: boolean): string {
  if (ascii && end - start < SHORT_RUN) {
    // Typed arrays are array-like, which is all apply needs.
    return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
}

/** Escape for a byte below 0x80 that is not copied verbatim. */
function escapeAscii(b: number): string {
  switch (b) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
    case 0x22:
      return '\\"';
    case 0x5c:
      return "\\\\";
    default:
      // The other C0 controls and DEL.
      return `\\x${HEX[b >> 4]}${HEX[b & 0xf]}`;
  }
}

/** Escape for a valid, non-ASCII rune that Go does not consider printable. */
function escapeRune(r: number): string {
  return r < 0x10000 ? `\\u${r.toString(16).padStart(4, "0")}` : `\\U${r.toString(16).padStart(8, "0")}`;
}

/** True for ASCII bytes that Quote copies as they are: printable and not `"` or `\`. */
function isPlainAscii(b: number): boolean {
  return b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c;
}

/**
 * Returns exactly what Go 1.27's `strconv.Quote(string(bytes))` returns: a double-quoted Go
 * string literal. Printable runes (per {@link goIsPrint}) are kept as characters, the
 * usual control characters use `\a \b \f \n \r \t \v`, `"` and `\` are backslashed,
 * other runes become `\uXXXX` / `\UXXXXXXXX`, and each byte of invalid UTF-8 becomes
 * `\xNN` (lowercase hex). The result is a JS string; written out as UTF-8 it has Go's bytes.
 */
export function goQuote(bytes: Uint8Array): string {
  const n = bytes.length;
  let out = '"';
  let runStart = 0; // first byte of the pending verbatim run
  let runAscii = true; // whether that run is ASCII only
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      // Fast path: plain ASCII just extends the run.
      if (isPlainAscii(b)) {
        i++;
        continue;
      }
      if (runStart < i) out += verbatim(bytes, runStart, i, runAscii);
      out += escapeAscii(b);
      runStart = ++i;
      runAscii = true;
      continue;
    }
    const packed = decodeRuneAt(bytes, i);
    const width = widthOf(packed);
    const r = runeOf(packed);
    // Width 1 at a byte >= 0x80 can only mean invalid UTF-8.
    if (width > 1 && goIsPrint(r)) {
      i += width;
      runAscii = false;
      continue;
    }
    if (runStart < i) out += verbatim(bytes, runStart, i, runAscii);
    out += width === 1 ? `\\x${HEX[b >> 4]}${HEX[b & 0xf]}` : escapeRune(r);
    i += width;
    runStart = i;
    runAscii = true;
  }
  if (runStart < n) out += verbatim(bytes, runStart, n, runAscii);
  return `${out}"`;
}
