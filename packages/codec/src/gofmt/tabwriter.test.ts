import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TabWriterOptions } from "./tabwriter.js";
import { FOOTPRINT_TABWRITER_OPTIONS, formatTable, TabWriter } from "./tabwriter.js";

// text/tabwriter results printed by tools/unicode/oracles/tabwriter.go.txt: a first line
// with the configurations, then one {config, in, out} object per case.
const [header, ...lines] = readFileSync(new URL("./__fixtures__/tabwriter.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.length > 0);
const configs = (JSON.parse(header!) as { configs: TabWriterOptions[] }).configs;
const cases = lines.map((l) => JSON.parse(l) as { config: number; in: string; out: string });

/** Runs `input` through a TabWriter, written in the given pieces, then flushed. */
function run(opts: TabWriterOptions, pieces: readonly string[]): string {
  let out = "";
  const w = new TabWriter((t) => {
    out += t;
  }, opts);
  for (const p of pieces) w.write(p);
  w.flush();
  return out;
}

describe("TabWriter", () => {
  it("matches Go's text/tabwriter for every configuration and input", () => {
    expect(configs.length).toBe(8);
    expect(cases.length).toBeGreaterThan(300);
    const mismatches = cases
      .map((c) => ({ ...c, got: run(configs[c.config]!, [c.in]) }))
      .filter((c) => c.got !== c.out);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it("does not depend on how the text is split into writes", () => {
    for (const c of cases) {
      // Cut the input at every 3rd code unit (also inside a surrogate pair, which only
      // matters if the writer mishandled it).
      const pieces: string[] = [];
      for (let i = 0; i < c.in.length; i += 3) pieces.push(c.in.slice(i, i + 3));
      expect(run(configs[c.config]!, pieces)).toBe(c.out);
    }
  });

  it("uses the footprint configuration of cmd/trace", () => {
    expect(configs[0]).toMatchObject(FOOTPRINT_TABWRITER_OPTIONS);
    expect(
      formatTable(
        [
          ["Event", "Bytes", "%"],
          ["-", "-", "-"],
          ["日本", "1", "2"],
          ["", "12345678", "x"],
        ],
        FOOTPRINT_TABWRITER_OPTIONS,
      ),
    ).toBe(
      // Column 0: widest cell "Event" (5 runes) + 2 = 7, so "日本" (2 runes, 6 UTF-8
      // bytes) gets 5 spaces. Column 1: "12345678" + 2 = 10. The last column is not padded.
      "Event  Bytes     %\n-      -         -\n日本     1         2\n       12345678  x\n",
    );
  });

  it("emits a line as soon as a tab-less line ends the column block", () => {
    const chunks: string[] = [];
    const w = new TabWriter((t) => chunks.push(t), FOOTPRINT_TABWRITER_OPTIONS);
    w.write("a\tb\n");
    expect(chunks).toEqual([]);
    w.write("plain\n");
    expect(chunks.join("")).toBe("a  b\nplain\n");
  });

  it("rejects negative sizes and multi-character padding", () => {
    expect(() => new TabWriter(() => {}, { ...FOOTPRINT_TABWRITER_OPTIONS, padding: -1 })).toThrow(RangeError);
    expect(() => new TabWriter(() => {}, { ...FOOTPRINT_TABWRITER_OPTIONS, padchar: "ab" })).toThrow(RangeError);
  });
});
