// strconv.Unquote: the inverse of goQuote, also accepting every other form of Go string
// literal, returning the raw bytes the literal denotes.
import { decodeRuneAt, RUNE_ERROR, runeOf, widthOf } from "./utf8.js";

/** The message of Go's `strconv.ErrSyntax`, which goUnquote throws for every bad input. */
export const ERR_SYNTAX_MESSAGE = "invalid syntax";

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const CR = 0x0d;

const utf8Encoder = new TextEncoder();

function syntaxError(): Error {
  return new Error(ERR_SYNTAX_MESSAGE);
}

/** Value of one hex digit, or -1. */
function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Growable byte buffer; literals are usually short, so this starts small. */
class ByteSink {
  buf: Uint8Array;
  len = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }
  push(b: number): void {
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }
  /** Appends the UTF-8 encoding of a valid rune. */
  pushRune(r: number): void {
    if (r < 0x80) {
      this.push(r);
    } else if (r < 0x800) {
      this.push(0xc0 | (r >> 6));
      this.push(0x80 | (r & 0x3f));
    } else if (r < 0x10000) {
      this.push(0xe0 | (r >> 12));
      this.push(0x80 | ((r >> 6) & 0x3f));
      this.push(0x80 | (r & 0x3f));
    } else {
      this.push(0xf0 | (r >> 18));
      this.push(0x80 | ((r >> 12) & 0x3f));
      this.push(0x80 | ((r >> 6) & 0x3f));
      this.push(0x80 | (r & 0x3f));
    }
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * Decodes the escape sequence at `s[i]` (just after a backslash) inside a literal quoted
 * with `quote`, appends its bytes to `sink` and returns the index after it.
 * Throws on any sequence Go rejects.
 */
function unescapeAt(s: Uint8Array, i: number, quote: number, sink: ByteSink): number {
  if (i >= s.length) throw syntaxError();
  const c = s[i++]!;
  switch (c) {
    case 0x61: // a
      sink.push(0x07);
      return i;
    case 0x62: // b
      sink.push(0x08);
      return i;
    case 0x66: // f
      sink.push(0x0c);
      return i;
    case 0x6e: // n
      sink.push(0x0a);
      return i;
    case 0x72: // r
      sink.push(0x0d);
      return i;
    case 0x74: // t
      sink.push(0x09);
      return i;
    case 0x76: // v
      sink.push(0x0b);
      return i;
    case BACKSLASH:
      sink.push(BACKSLASH);
      return i;
    case 0x27: // '
    case 0x22: // "
      // Each quote may only be escaped inside literals that it delimits.
      if (c !== quote) throw syntaxError();
      sink.push(c);
      return i;
    case 0x78: // x: one byte, which need not be valid UTF-8 on its own
    case 0x75: // u
    case 0x55: {
      // U
      const digits = c === 0x78 ? 2 : c === 0x75 ? 4 : 8;
      if (i + digits > s.length) throw syntaxError();
      let v = 0;
      for (let k = 0; k < digits; k++) {
        const d = unhex(s[i + k]!);
        if (d < 0) throw syntaxError();
        v = v * 16 + d; // multiplication: 8 digits can exceed 2^31
      }
      i += digits;
      if (c === 0x78) {
        sink.push(v);
        return i;
      }
      // \u and \U must name a Unicode scalar value.
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw syntaxError();
      sink.pushRune(v);
      return i;
    }
    default: {
      // Octal: exactly three digits, at most \377.
      if (c < 0x30 || c > 0x37) throw syntaxError();
      if (i + 2 > s.length) throw syntaxError();
      let v = c - 0x30;
      for (let k = 0; k < 2; k++) {
        const d = s[i + k]! - 0x30;
        if (d < 0 || d > 7) throw syntaxError();
        v = (v << 3) | d;
      }
      if (v > 255) throw syntaxError();
      sink.push(v);
      return i + 2;
    }
  }
}

/** `"..."` or `'...'` with escapes; `s` holds the whole literal. */
function unquoteInterpreted(s: Uint8Array, quote: number): Uint8Array {
  const sink = new ByteSink(s.length);
  let i = 1;
  const n = s.length;
  while (i < n && s[i] !== quote) {
    const c = s[i]!;
    if (c === NEWLINE) throw syntaxError();
    if (c === BACKSLASH) {
      i = unescapeAt(s, i + 1, quote, sink);
    } else if (c < 0x80) {
      sink.push(c);
      i++;
    } else {
      // Undecodable bytes become U+FFFD, as in Go: only escapes can produce invalid UTF-8.
      const packed = decodeRuneAt(s, i);
      sink.pushRune(widthOf(packed) === 1 ? RUNE_ERROR : runeOf(packed));
      i += widthOf(packed);
    }
    // A rune literal holds exactly one character.
    if (quote === 0x27) break;
  }
  // The closing quote must be the last byte of the input.
  if (i !== n - 1 || s[i] !== quote) throw syntaxError();
  return sink.result();
}

/** Backquoted raw string: no escapes; carriage returns are dropped, as Go's lexer does. */
function unquoteRaw(s: Uint8Array): Uint8Array {
  const end = s.indexOf(0x60, 1);
  if (end !== s.length - 1) throw syntaxError();
  const body = s.subarray(1, end);
  return body.indexOf(CR) < 0 ? body.slice() : body.filter((b) => b !== CR);
}

/**
 * Behaves like Go's `strconv.Unquote`: interprets `s` as a double-quoted, backquoted or
 * single-quoted Go literal and returns the bytes it denotes (Go strings are bytes, so
 * `"\xff"` yields the single byte 0xff, while a literal `é` yields its UTF-8 encoding).
 * `s` stands for its UTF-8 encoding (as TextEncoder produces it, so a lone surrogate
 * becomes U+FFFD; Go does the same to invalid UTF-8 inside quoted literals).
 * Throws an Error with message {@link ERR_SYNTAX_MESSAGE} (`invalid syntax`) on bad input.
 */
export function goUnquote(s: string): Uint8Array {
  const bytes = utf8Encoder.encode(s);
  if (bytes.length < 2) throw syntaxError();
  const quote = bytes[0]!;
  if (quote === 0x60) return unquoteRaw(bytes);
  if (quote === 0x22 || quote === 0x27) return unquoteInterpreted(bytes, quote);
  throw syntaxError();
}
