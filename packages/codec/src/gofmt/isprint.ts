// Go's notion of a printable rune (strconv.IsPrint, which matches unicode.IsPrint): letters,
// marks, numbers, punctuation, symbols and U+0020 space. Other spaces, controls, format
// characters, surrogates, private use and unassigned code points are not printable.
import { IS_NOT_PRINT_16, IS_NOT_PRINT_32, IS_PRINT_16, IS_PRINT_32 } from "./isprint-tables.js";

/** Index of the first element of `table` that is >= `v` (table.length if none). */
function lowerBound(table: Uint16Array | Uint32Array, v: number): number {
  let lo = 0;
  let hi = table.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether `v` falls inside one of the inclusive [lo, hi] pairs stored flat in `ranges`. */
function inRanges(ranges: Uint16Array | Uint32Array, v: number): boolean {
  const i = lowerBound(ranges, v);
  // i points at either the start or the end of the pair that could hold v.
  return i < ranges.length && ranges[i & ~1]! <= v && v <= ranges[i | 1]!;
}

/** Whether the sorted `table` holds `v`. */
function contains(table: Uint16Array, v: number): boolean {
  const i = lowerBound(table, v);
  return i < table.length && table[i] === v;
}

/**
 * Reports whether the code point `r` is printable by the definition of Go 1.27's
 * `strconv.IsPrint` (Unicode 17.0). Values outside 0..0x10FFFF are not printable.
 */
export function goIsPrint(r: number): boolean {
  // Latin-1 is answered directly: it is by far the most common input.
  if (r <= 0xff) {
    if (r >= 0x20 && r <= 0x7e) return true;
    // U+00AD SOFT HYPHEN is a format character (Cf), hence not printable.
    if (r >= 0xa1) return r !== 0xad;
    return false;
  }
  if (r < 0x10000) {
    return inRanges(IS_PRINT_16, r) && !contains(IS_NOT_PRINT_16, r);
  }
  if (!inRanges(IS_PRINT_32, r)) return false;
  // The exception list only covers the Supplementary Multilingual Plane: above it,
  // every rune inside a printable range is printable.
  return r >= 0x20000 || !contains(IS_NOT_PRINT_32, r - 0x10000);
}
