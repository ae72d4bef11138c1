import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goQuote } from "./quote.js";

const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, "hex"));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// strconv.Quote results printed by tools/unicode/oracles/quote.go.txt.
const rows = readFileSync(new URL("./__fixtures__/quote.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as { in: string; out: string });

describe("goQuote", () => {
  it("matches Go's strconv.Quote on every oracle case", () => {
    expect(rows.length).toBeGreaterThan(1500);
    const mismatches = rows
      .map((r) => ({ in: r.in, want: r.out, got: goQuote(fromHex(r.in)) }))
      .filter((r) => r.got !== r.want);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("uses the short escapes and backslashes quotes", () => {
    expect(goQuote(utf8('\x07\b\f\n\r\t\v\\"'))).toBe('"\\a\\b\\f\\n\\r\\t\\v\\\\\\""');
    expect(goQuote(utf8("it's"))).toBe(`"it's"`);
  });

  it("escapes other controls as \\xNN, and invalid UTF-8 byte by byte", () => {
    expect(goQuote(Uint8Array.of(0x00, 0x1f, 0x7f))).toBe('"\\x00\\x1f\\x7f"');
    // A truncated 3-byte sequence is two bad bytes; a surrogate encoding is three.
    expect(goQuote(Uint8Array.of(0xe2, 0x82, 0x41))).toBe('"\\xe2\\x82A"');
    expect(goQuote(Uint8Array.of(0xed, 0xa0, 0x80))).toBe('"\\xed\\xa0\\x80"');
    expect(goQuote(Uint8Array.of(0xff))).toBe('"\\xff"');
  });

  it("keeps printable non-ASCII runes and escapes the others with \\u or \\U", () => {
    expect(goQuote(utf8("héllo 日本 😀"))).toBe('"héllo 日本 😀"');
    expect(goQuote(utf8("\u0085\u00a0\u00ad\u2028\ufeff"))).toBe('"\\u0085\\u00a0\\u00ad\\u2028\\ufeff"');
    expect(goQuote(utf8("\u{e0001}\u{10ffff}"))).toBe('"\\U000e0001\\U0010ffff"');
    // The replacement character itself is printable when properly encoded.
    expect(goQuote(utf8("\ufffd"))).toBe('"\ufffd"');
  });

  it("handles long ASCII runs", () => {
    const text = "x".repeat(100_000);
    expect(goQuote(utf8(text))).toBe(`"${text}"`);
    expect(goQuote(new Uint8Array(0))).toBe('""');
  });
});
