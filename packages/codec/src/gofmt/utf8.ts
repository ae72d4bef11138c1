// UTF-8 decoding with Go's rules (unicode/utf8.DecodeRune): overlong forms, surrogate
// halves and values above U+10FFFF are invalid, and every invalid or truncated sequence
// counts as one bad byte, so the caller can resume at the very next byte.

/** U+FFFD, the rune Go substitutes for undecodable input. */
export const RUNE_ERROR = 0xfffd;

/** Bit position of the width in a value returned by {@link decodeRuneAt}. */
const WIDTH_SHIFT = 21;

/**
 * Decodes the rune starting at `bytes[i]` (`i` must be in range) and returns it packed as
 * `width << 21 | rune`, so that decoding allocates nothing. Invalid input decodes as
 * {@link RUNE_ERROR} with width 1; a valid encoding of U+FFFD has width 3.
 * Unpack with {@link runeOf} and {@link widthOf}.
 */
export function decodeRuneAt(bytes: Uint8Array, i: number): number {
  const n = bytes.length;
  const b0 = bytes[i]!;
  if (b0 < 0x80) return (1 << WIDTH_SHIFT) | b0;
  const bad = (1 << WIDTH_SHIFT) | RUNE_ERROR;
  if (b0 < 0xc2 || b0 > 0xf4) return bad; // continuation byte, overlong lead, or > U+10FFFF
  if (i + 1 >= n) return bad;
  const b1 = bytes[i + 1]!;
  // The second byte's range depends on the lead: it is where overlongs, surrogates
  // (ED A0..BF) and values past U+10FFFF (F4 90..) are excluded.
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 === 0xe0) lo = 0xa0;
  else if (b0 === 0xed) hi = 0x9f;
  else if (b0 === 0xf0) lo = 0x90;
  else if (b0 === 0xf4) hi = 0x8f;
  if (b1 < lo || b1 > hi) return bad;
  if (b0 < 0xe0) return (2 << WIDTH_SHIFT) | ((b0 & 0x1f) << 6) | (b1 & 0x3f);
  if (i + 2 >= n) return bad;
  const b2 = bytes[i + 2]!;
  if ((b2 & 0xc0) !== 0x80) return bad;
  if (b0 < 0xf0) return (3 << WIDTH_SHIFT) | ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
  if (i + 3 >= n) return bad;
  const b3 = bytes[i + 3]!;
  if ((b3 & 0xc0) !== 0x80) return bad;
  return (4 << WIDTH_SHIFT) | ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
}

/** The rune of a value packed by {@link decodeRuneAt}. */
export function runeOf(packed: number): number {
  return packed & ((1 << WIDTH_SHIFT) - 1);
}

/** The byte width (1..4) of a value packed by {@link decodeRuneAt}. */
export function widthOf(packed: number): number {
  return packed >>> WIDTH_SHIFT;
}
