// Strings in a trace are bytes. Go's -d=parsed quotes most of them (%q turns
// invalid UTF-8 into \xNN) but prints stack frames' function and file names
// raw. The crafted traces put invalid UTF-8 (and a BOM, a real U+FFFD, control
// and non-printable runes) in every string of two real traces; Go 1.27.3's
// output for them must come out of formatEventBytes byte for byte.
import { readFileSync } from "node:fs";
import { craftedTraces } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { decodeText, decodedExactly } from "../generation/text.js";
import { TraceReader } from "../reader.js";
import { formatEvent, formatEventBytes, formatEventExact } from "./format.js";

const enc = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("formatEventBytes on traces with invalid UTF-8 (Go 1.27.3 -d=parsed)", () => {
  const crafted = craftedTraces();

  it("has the crafted traces", () => {
    expect(crafted.map((c) => c.name)).toEqual(["utf8-annotations-go1.22", "utf8-stackgrowth-go1.27"]);
    for (const c of crafted) expect(c.parsed.exit).toBe(0);
  });

  for (const c of crafted) {
    it(`${c.name}: every byte as Go prints it`, () => {
      const want = new Uint8Array(readFileSync(c.parsed.stdoutPath));
      const reader = new TraceReader(new Uint8Array(readFileSync(c.tracePath)));
      const parts: Uint8Array[] = [];
      const nl = enc.encode("\n");
      let raw = 0;
      let lossyText = 0;
      for (let ev = reader.next(); ev !== null; ev = reader.next()) {
        parts.push(formatEventBytes(ev), nl);
        const exact = formatEventExact(ev);
        if (typeof exact === "string") {
          // When the text is exact, it is what formatEvent gives.
          expect(exact).toBe(formatEvent(ev));
        } else {
          raw++;
          // formatEvent stays a string: the raw bytes it cannot hold read as U+FFFD.
          const text = formatEvent(ev);
          expect(text).toContain("\uFFFD");
          expect(enc.encode(text)).not.toEqual(exact);
          lossyText++;
        }
      }
      const got = concat(parts);
      expect(got.length).toBe(want.length);
      expect(Buffer.compare(Buffer.from(got), Buffer.from(want))).toBe(0);
      // The traces do exercise both paths.
      expect(raw).toBeGreaterThan(10);
      expect(lossyText).toBe(raw);
    });
  }
});

describe("decodeText", () => {
  it("keeps a leading BOM, as Go does", () => {
    const bytes = Uint8Array.of(0xef, 0xbb, 0xbf, 0x61);
    const text = decodeText(bytes);
    expect(text).toBe("\uFEFFa");
    expect(enc.encode(text)).toEqual(bytes);
    expect(decodedExactly(text, bytes)).toBe(true);
  });

  it("tells a genuine U+FFFD from a replaced byte", () => {
    const genuine = Uint8Array.of(0x61, 0xef, 0xbf, 0xbd);
    const invalid = Uint8Array.of(0x61, 0xff);
    expect(decodedExactly(decodeText(genuine), genuine)).toBe(true);
    expect(decodeText(invalid)).toBe("a\uFFFD");
    expect(decodedExactly(decodeText(invalid), invalid)).toBe(false);
  });
});
