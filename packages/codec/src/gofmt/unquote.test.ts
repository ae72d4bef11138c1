import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goQuote } from "./quote.js";
import { goUnquote } from "./unquote.js";

const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

// strconv.Unquote results printed by tools/unicode/oracles/unquote.go.txt.
const rows = readFileSync(new URL("./__fixtures__/unquote.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as { in: string; ok: boolean; out: string });

/** Result of goUnquote as the oracle spells it: hex bytes, or the error message. */
function attempt(s: string): { ok: boolean; out: string } {
  try {
    return { ok: true, out: toHex(goUnquote(s)) };
  } catch (e) {
    return { ok: false, out: (e as Error).message };
  }
}

/** Deterministic byte source (xorshift32) for the round-trip test. */
function bytesSource(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return (n) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      // Mix uniform bytes with ASCII and UTF-8 lead/continuation bytes.
      const v = next();
      b[i] = v % 4 === 0 ? 0x80 | ((v >>> 8) & 0x7f) : v % 4 === 1 ? 0x20 + ((v >>> 8) % 0x5f) : (v >>> 8) & 0xff;
    }
    return b;
  };
}

describe("goUnquote", () => {
  it("matches Go's strconv.Unquote on every oracle case", () => {
    expect(rows.length).toBeGreaterThan(2000);
    expect(rows.filter((r) => r.ok).length).toBeGreaterThan(500);
    expect(rows.filter((r) => !r.ok).length).toBeGreaterThan(500);
    const mismatches = rows
      .map((r) => ({ in: r.in, want: r.ok ? r.out : "invalid syntax", got: attempt(r.in) }))
      .filter((r) => r.got.out !== r.want);
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("returns raw bytes for \\x and octal escapes, UTF-8 for runes", () => {
    expect(toHex(goUnquote('"\\xff\\377é\\u00e9"'))).toBe("ffffc3a9c3a9");
    expect(toHex(goUnquote("'\\xff'"))).toBe("ff");
  });

  it("rejects surrogates, out-of-range runes and \\' inside double quotes", () => {
    for (const bad of ['"\\ud800"', '"\\U00110000"', `"\\'"`, '"\\400"', '"a', '"a"b', "x"]) {
      expect(() => goUnquote(bad), bad).toThrow(/^invalid syntax$/);
    }
  });

  it("drops carriage returns from raw strings and keeps everything else", () => {
    expect(toHex(goUnquote("`a\r\nb\\n`"))).toBe("610a625c6e");
  });

  it("turns a lone surrogate (invalid UTF-8 for Go) into U+FFFD in quoted strings", () => {
    // Go's Unquote decodes undecodable bytes as utf8.RuneError and appends its encoding.
    expect(toHex(goUnquote('"a\ud800"'))).toBe("61efbfbd");
  });

  it("inverts goQuote on arbitrary bytes", () => {
    const gen = bytesSource(2027);
    for (let i = 0; i < 3000; i++) {
      const b = gen(i % 50);
      const back = goUnquote(goQuote(b));
      expect(toHex(back)).toBe(toHex(b));
    }
  });
});
