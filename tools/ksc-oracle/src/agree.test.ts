// The differential check: kaitai-struct-compiler's parsers of spec/*.ksy and
// @gotrace/codec must read every valid v2 trace the same way: the header
// version, every event (type, every argument exactly, data bytes) in file
// order, batch headers included, and every AllocFree payload.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { codecEvents, compareEvents, type Comparison } from "./compare.js";
import { compileSpec, defaultSpecDir, type Ksy } from "./compile.js";
import { goldenTraces, type OracleTrace, ourFixtures, type SkippedTrace } from "./fixtures.js";
import { type FlatEvent, kaitaiBatched } from "./flatten.js";
import { checkTrace, compareAllocFree, makeOracle, type Oracle, type TraceReport } from "./oracle.js";
import { syntheticTrace } from "./synthetic.js";

let oracle: Oracle;

beforeAll(async () => {
  oracle = makeOracle(await compileSpec());
}, 60_000);

interface Totals {
  traces: number;
  bytes: number;
  /** Events equal between the go_trace parser (or go_trace_events where go_trace explains its rejection) and the codec. */
  events: number;
  flatEvents: number;
  allocFreeBatches: number;
  explained: string[];
}
const totals: Record<string, Totals> = {};
const skippedAll: SkippedTrace[] = [];

function record(group: string, name: string, bytes: number, r: TraceReport): void {
  let t = totals[group];
  if (t === undefined) {
    t = { traces: 0, bytes: 0, events: 0, flatEvents: 0, allocFreeBatches: 0, explained: [] };
    totals[group] = t;
  }
  t.traces++;
  t.bytes += bytes;
  t.events += r.batched.compared;
  t.flatEvents += r.flat.compared;
  t.allocFreeBatches += r.allocFreeBatches;
  if (r.batchedRejectionExplained !== undefined)
    t.explained.push(`${name}: go_trace rejects it: ${r.batchedRejectionExplained}`);
  if (r.flatRejectionExplained !== undefined)
    t.explained.push(`${name}: go_trace_events rejects it: ${r.flatRejectionExplained}`);
}

function checkFile(group: string, t: OracleTrace): void {
  const bytes = new Uint8Array(readFileSync(t.path));
  const r = checkTrace(oracle, bytes);
  expect(r.problems, `${t.name} (${t.path})`).toEqual([]);
  expect(r.kaitaiHeader.version).toBe(t.version);
  record(group, t.name, bytes.length, r);
}

const golden = goldenTraces();
const ours = ourFixtures();
skippedAll.push(...golden.skipped, ...ours.skipped);

describe("kaitai-struct-compiler", () => {
  it("compiles spec/ and loads the parsers", () => {
    expect(oracle.parsers.compilerVersion).toMatch(/^0\.1[1-9]/);
    for (const f of ["GoTrace.js", "GoTraceEvents.js", "AllocFree.js", "Uvarint.js"]) {
      expect(Object.keys(oracle.parsers.sources)).toContain(f);
    }
    // Every event type of the enum that has a body in the switch has a plan.
    expect(oracle.plan.steps.filter((s) => s !== undefined).length).toBeGreaterThan(50);
  });
});

describe("Go 1.27 golden traces that Go's raw reader accepts", () => {
  it("has traces", () => expect(golden.traces.length).toBeGreaterThan(30));
  for (const t of golden.traces) it(t.name.replace(/^golden\//, ""), () => checkFile("golden", t));
});

describe("project fixtures (packages/conformance/fixtures)", () => {
  if (ours.traces.length === 0) {
    it.skip("no fixture traces yet", () => {});
  }
  for (const t of ours.traces) it(t.name.replace(/^fixtures\//, ""), () => checkFile("fixtures", t), 60_000);
});

describe("synthetic traces (AllocFree payloads, stack frames, values up to 2^64-1, padded uvarints)", () => {
  for (const version of [22, 23, 25, 26]) {
    it(`go 1.${version}`, () => {
      const bytes = syntheticTrace({ version, seed: version });
      const r = checkTrace(oracle, bytes, { whole: true });
      expect(r.problems).toEqual([]);
      expect(r.kaitaiHeader.version).toBe(version);
      expect(r.whole?.compared).toBe(r.batched.compared);
      // An info batch, then one type table per generation (two generations).
      expect(r.allocFreeBatches).toBe(version >= 23 ? 3 : 0);
      record("synthetic", `go1.${version}`, bytes.length, r);
    });
  }
});

describe("self-check: disagreements are caught", () => {
  const bytes = syntheticTrace({ version: 26, seed: 3, generations: 1, timedBatches: 2 });
  const codecList = (): FlatEvent[] => [...codecEvents(bytes).events];
  const kaitaiList = (): FlatEvent[] => [...kaitaiBatched(oracle.parsers, oracle.plan, bytes).events];
  const firstMismatch = (c: Comparison) => c.mismatch?.index;

  it("identical lists agree", () => {
    const c = compareEvents(kaitaiList(), codecList());
    expect(c.mismatch).toBeUndefined();
    expect(c.compared).toBeGreaterThan(100);
  });

  it("a changed argument, type, data byte, missing or extra event is reported where it is", () => {
    const base = codecList();
    const big = base.findIndex((e) => e.args.some((a) => a > 2n ** 53n));
    const withData = base.findIndex((e) => e.data !== null && e.data.length > 0);
    expect(big).toBeGreaterThanOrEqual(0);
    expect(withData).toBeGreaterThan(0);
    const corruptions: [string, number, (l: FlatEvent[]) => void][] = [
      [
        "argument above 2^53 off by one",
        big,
        (l) => {
          const e = l[big] as FlatEvent;
          const i = e.args.findIndex((a) => a > 2n ** 53n);
          e.args[i] = (e.args[i] as bigint) ^ 1n;
        },
      ],
      ["type", 7, (l) => ((l[7] as FlatEvent).type ^= 1)],
      ["one data byte", withData, (l) => (((l[withData] as FlatEvent).data as Uint8Array)[0]! ^= 0x80)],
      ["an argument fewer", 9, (l) => (l[9] as FlatEvent).args.pop()],
      ["a lost event", 11, (l) => l.splice(11, 1)],
      ["an extra event at the end", base.length, (l) => l.push({ type: 17, args: [0n], data: null })],
    ];
    for (const [what, at, corrupt] of corruptions) {
      const list = codecList().map((e) => ({ ...e, args: [...e.args], data: e.data?.slice() ?? null }));
      corrupt(list);
      expect(firstMismatch(compareEvents(kaitaiList(), list)), what).toBe(at);
    }
  });

  it("a batch size that does not frame the batch fails the trace (the flat reader does not see it)", () => {
    // The first batch's size is padded to 10 bytes (synthetic gen 1): bump its low group.
    const first = codecEvents(bytes);
    const ev = first.events.next().value as FlatEvent;
    expect(ev.type).toBe(1);
    const sizeAt = (ev.offset as number) + (ev.length as number) - 10;
    const bad = bytes.slice();
    bad[sizeAt] = (bad[sizeAt] as number) + 1;
    const r = checkTrace(oracle, bad);
    expect(r.ok).toBe(false);
    expect(r.problems.join("\n")).toMatch(/go_trace parser/);
    expect(r.flat.mismatch).toBeUndefined();
  });

  it("a spec walk that reads fields in the wrong order fails the trace", () => {
    const GO_START = 16;
    const steps = oracle.plan.steps[GO_START] as unknown[];
    const swapped = { ...oracle, plan: { ...oracle.plan, steps: [...oracle.plan.steps] } };
    swapped.plan.steps[GO_START] = [steps[0], steps[2], steps[1]] as never;
    const gen = syntheticTrace({ version: 26, seed: 5, generations: 1, timedBatches: 3 });
    const r = checkTrace(swapped, gen);
    expect(r.ok).toBe(false);
    expect(r.batched.mismatch?.what).toMatch(/^argument [12]:/);
  });

  it("a spec that no longer matches the codec fails the trace (GoBlock without its stack argument)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ksc-oracle-spec-"));
    try {
      cpSync(defaultSpecDir(), dir, { recursive: true });
      const file = join(dir, "go_trace_events.ksy");
      const ksy = parseYaml(readFileSync(file, "utf8")) as Ksy;
      const seq = ksy.types?.ev_go_block?.seq;
      expect(seq?.map((f) => f.id)).toEqual(["dt", "reason_string", "stack"]);
      seq?.pop();
      writeFileSync(file, stringifyYaml(ksy));
      const mutated = makeOracle(await compileSpec(dir, false));
      const gen = syntheticTrace({ version: 26, seed: 11, generations: 1, timedBatches: 3 });
      expect(checkTrace(oracle, gen).ok).toBe(true);
      const r = checkTrace(mutated, gen);
      expect(r.ok).toBe(false);
      expect(r.problems.join("\n")).toMatch(/go_trace parser/);
      expect(r.problems.join("\n")).toMatch(/go_trace_events parser/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("a differing AllocFree payload is reported", () => {
    const k = kaitaiList().find((e) => e.allocFree?.kind === "types");
    expect(k).toBeDefined();
    const af = k?.allocFree;
    if (af?.kind !== "types") throw new Error("no type table");
    expect(compareAllocFree(af, k?.data as Uint8Array)).toBeUndefined();
    const renamed = { ...af, entries: af.entries.map((e, i) => (i === 1 ? { ...e, name: `${e.name}x` } : e)) };
    expect(compareAllocFree(renamed, k?.data as Uint8Array)).toMatch(/type entry 1\.name/);
    const moved = { ...af, entries: af.entries.map((e, i) => (i === 0 ? { ...e, address: e.address + 1n } : e)) };
    expect(compareAllocFree(moved, k?.data as Uint8Array)).toMatch(/type entry 0\.address/);
  });
});

describe("summary", () => {
  it("covered traces and events", () => {
    expect(totals.golden?.traces).toBe(golden.traces.length);
    expect(totals.golden?.events ?? 0).toBeGreaterThan(5000);
    expect(totals.fixtures?.traces ?? 0).toBe(ours.traces.length);
  });
});

afterAll(() => {
  const lines = ["ksc-oracle: Kaitai (kaitai-struct-compiler) vs @gotrace/codec"];
  for (const [group, t] of Object.entries(totals)) {
    lines.push(
      `  ${group}: ${t.traces} traces, ${(t.bytes / 1e6).toFixed(2)} MB, ${t.events} events equal (go_trace), ${t.flatEvents} (go_trace_events), ${t.allocFreeBatches} AllocFree payloads equal`,
    );
    for (const e of t.explained) lines.push(`    explained: ${e}`);
  }
  lines.push(`  fixture sources: ${ours.loader}`);
  lines.push(`  skipped: ${skippedAll.length} (${summarizeSkips(skippedAll)})`);
  for (const s of ours.skipped) lines.push(`    ${s.name}: ${s.why}`);
  console.log(lines.join("\n"));
});

function summarizeSkips(s: SkippedTrace[]): string {
  const by = new Map<string, number>();
  for (const x of s) {
    const k = x.why.replace(/exit \d+/g, "exit N").replace(/go 1\.\d+/g, "go 1.N");
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  return [...by].map(([k, n]) => `${n} ${k}`).join("; ");
}
