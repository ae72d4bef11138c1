// Checks against what `go tool pprof` (Go 1.27) said about a profile we made,
// recorded by tools/pprof-oracle/make.mjs. CI needs no Go: we check that we
// still produce the very bytes Go read, and that Go read the input's numbers.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { encodeHeapProfile, PROFILE_COMMENT, SAMPLE_TYPES, type PprofInput, type PprofSample } from "./index.js";

const dir = new URL("../../__fixtures__/pprof/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir));
const text = (name: string) => read(name).toString("utf8");

const json = JSON.parse(text("synthetic.input.json"));
// JSON has no bigint; the wall time is stored as a string.
const input: PprofInput = { ...json, timeNanos: BigInt(json.timeNanos) };
const VALUES = ["allocObjects", "allocBytes", "inuseObjects", "inuseBytes"] as const;
const FILE_KIND = { "<type>": "type", "<goroutine>": "group", "<task>": "task" } as const;

/** The frame names of a sample, leaf first, as they should appear in pprof. */
const stackOf = (s: PprofSample) => [s.type, s.group, ...(s.task ? [s.task] : [])];

describe("go tool pprof oracle (__fixtures__/pprof)", () => {
  it("reproduces the committed profile byte for byte", () => {
    const committed = gunzipSync(read("synthetic.pb.gz"));
    // Buffer.equals first for speed; on failure show where they differ.
    const ours = Buffer.from(encodeHeapProfile(input));
    if (!ours.equals(committed)) expect(ours.toString("hex")).toBe(committed.toString("hex"));
  });

  it("was read by Go as the input's samples, stacks, time and comments (-raw)", () => {
    const raw = text("synthetic.raw.txt");
    const lines = raw.split("\n");
    expect(lines.filter((l) => l.startsWith("Comment: ")).map((l) => l.slice(9))).toEqual([
      PROFILE_COMMENT,
      ...(input.comments ?? []),
    ]);
    expect(raw).toContain("PeriodType: space bytes\nPeriod: 1\n");
    expect(raw).toContain(`Time: ${goTimeUTC(BigInt(input.timeNanos))}\n`);
    expect(raw).toContain(`${SAMPLE_TYPES.map(([t, u]) => `${t}/${u}`).join(" ")}[dflt]\n`);

    // Locations: "  id: 0x0 M=1 NAME FILE:0:0 s=0()"; names may hold spaces.
    const locs = new Map<number, { name: string; kind: string }>();
    for (const l of lines) {
      const m = /^\s*(\d+): 0x0 M=1 (.*) (<type>|<goroutine>|<task>):0:0 s=0\(\)$/.exec(l);
      if (m) locs.set(Number(m[1]), { name: m[2]!, kind: FILE_KIND[m[3] as keyof typeof FILE_KIND] });
    }
    // Samples: "  v1 v2 v3 v4: loc loc ...".
    const samples = lines
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+):((?: \d+)+) $/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({
        values: m.slice(1, 5).map(Number),
        stack: m[5]!
          .trim()
          .split(" ")
          .map((id) => locs.get(Number(id))),
      }));
    expect(samples).toEqual(
      input.samples.map((s) => ({
        values: VALUES.map((k) => s[k]),
        stack: stackOf(s).map((name, i) => ({ name, kind: ["type", "group", "task"][i] })),
      })),
    );
  });

  for (const [index, col] of SAMPLE_TYPES.map(([t], i) => [t, VALUES[i]!] as const)) {
    it(`has Go's -top totals, flat and cum for ${index}`, () => {
      const top = text(`synthetic.top.${index}.txt`);
      expect(top).toContain(`Type: ${index}\n`);
      const total = input.samples.reduce((sum, s) => sum + s[col], 0);
      const m = /Total samples = (\d+)B? \n/.exec(top);
      expect(m, "Total samples line").not.toBeNull();
      expect(Number(m![1])).toBe(total);
      expect(top).toContain(`Showing nodes accounting for ${fmt(index, total)}, 100% of ${fmt(index, total)} total\n`);

      // pprof -top merges frames by function name: flat counts the leaf, cum
      // each sample once if the name is anywhere on its stack.
      const want = new Map<string, { flat: number; cum: number }>();
      for (const s of input.samples) {
        const stack = stackOf(s);
        for (const name of new Set(stack)) {
          const e = want.get(name) ?? { flat: 0, cum: 0 };
          e.cum += s[col];
          if (name === stack[0]) e.flat += s[col];
          want.set(name, e);
        }
      }
      const rows = top.split("\n").slice(top.split("\n").findIndex((l) => /^\s+flat\s+flat%/.test(l)) + 1);
      const got = new Map<string, { flat: number; cum: number }>();
      for (const row of rows.filter((r) => r.trim() !== "")) {
        const r = /^\s*(\d+)B?\s+\S+\s+\S+\s+(\d+)B?\s+\S+\s+(.*)$/.exec(row);
        expect(r, row).not.toBeNull();
        got.set(r![3]!, { flat: Number(r![1]), cum: Number(r![2]) });
      }
      // pprof leaves out nodes whose cum is 0.
      expect(got).toEqual(new Map([...want].filter(([, v]) => v.cum > 0)));
    });
  }
});

describe("go tool pprof oracle, empty profile", () => {
  it("reproduces the committed bytes Go read as zero samples", () => {
    const ours = Buffer.from(encodeHeapProfile({ samples: [], timeNanos: 0, durationNanos: 0 }));
    expect(ours.toString("hex")).toBe(gunzipSync(read("empty.pb.gz")).toString("hex"));
    expect(text("empty.raw.txt")).toMatch(/\nSamples:\nalloc_objects\/count .*\[dflt\]\nLocations\n/);
    expect(text("empty.top.txt")).toContain("Type: inuse_space\nShowing nodes accounting for 0, 0% of 0 total\n");
  });
});

/** pprof's number with -unit=B for bytes, plain for counts. */
function fmt(index: string, n: number): string {
  return index.endsWith("_space") ? `${n}B` : `${n}`;
}

/** Go's time.Time.String() of Unix nanoseconds in UTC, as pprof -raw prints it. */
function goTimeUTC(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const frac = ns % 1_000_000_000n;
  const iso = new Date(Number(sec) * 1000).toISOString().slice(0, 19).replace("T", " ");
  const nanos = frac === 0n ? "" : `.${frac.toString().padStart(9, "0").replace(/0+$/, "")}`;
  return `${iso}${nanos} +0000 UTC`;
}
