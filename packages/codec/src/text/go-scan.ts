// The character-level rules of Go's raw text reader: what counts as white
// space (unicode.IsSpace), where a token starts and ends (white space and
// `#` end it), strings.TrimSpace, and %q quoting for error messages. They
// work on string indices so that reading a line allocates only its values.
import { goQuote } from "../gofmt/quote.js";

const utf8 = /*@__PURE__*/ new TextEncoder();

/**
 * unicode.IsSpace for one UTF-16 code unit. Every White_Space character is
 * in the BMP, so a surrogate is never space, just as the rune it belongs to
 * is not.
 */
export function isGoSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const HASH = 0x23;

/**
 * Where the next token of s starts at or after `from`, or -1 when there is
 * none: only white space is left, or the first non-space is `#` (the rest
 * is a comment).
 */
export function tokenStart(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === HASH) return -1;
    if (!isGoSpace(c)) return i;
  }
  return -1;
}

/** Where the token starting at `start` ends: at white space, `#`, or the end of s. */
export function tokenEnd(s: string, start: number): number {
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === HASH || isGoSpace(c)) return i;
  }
  return s.length;
}

/** True when s holds only white space from `from` on (a `#` is not white space). */
export function onlySpaceFrom(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (!isGoSpace(s.charCodeAt(i))) return false;
  return true;
}

/** strings.TrimSpace. */
export function trimGoSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Go's %q of a string: strconv.Quote of its UTF-8 bytes. */
export function quoteGoString(s: string): string {
  return goQuote(utf8.encode(s));
}
