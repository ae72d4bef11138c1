// Small traces written by hand in Go's raw text format, whose utilization and
// MMU follow from their events by reasoning given beside each case; and a
// broken trace, whose MMU must be that of its events up to the last Sync.
import { readFileSync } from "node:fs";
import { fixtures } from "@gotrace/conformance";
import { TraceReader } from "@gotrace/reader";
import { describe, expect, it } from "vitest";
import { textTrace } from "./testing/text-trace.js";
import { analyzeMMU } from "./mmu-trace.js";
import { MMUCurve, sampleMMUCurve } from "./mmu.js";
import { UtilFlags, UtilizationBuilder, parseUtilFlags, utilFlagNames } from "./utilization.js";

/**
 * One generation, one P, clock 1 GHz (1 tick = 1 ns) from batch time 0: G1 runs on P`p` (0); at
 * t=100 GOMAXPROCS is set to `procs`, then `events` follow.
 */
function oneGeneration(procs: number, events: string[], p = 0): Uint8Array {
  return textTrace([
    {
      header: "EventBatch gen=1 m=0 time=0",
      events: [
        `ProcStatus dt=10 p=${p} pstatus=1`,
        "GoStatus dt=0 g=1 m=0 gstatus=2",
        `ProcsChange dt=90 procs_value=${procs} stack=0`,
        ...events,
      ],
    },
    { header: "EventBatch gen=1 m=18446744073709551615 time=0", events: ["Frequency freq=1000000000"] },
    { header: "EventBatch gen=1 m=18446744073709551615 time=0", events: ["Stacks"] },
    {
      header: "EventBatch gen=1 m=18446744073709551615 time=0",
      events: ["Strings", 'String id=1\n\tdata="GC sweep termination"'],
    },
  ]);
}

/**
 * One STW for GC of 500 ns from t=1100 to t=1600, then a no-op GOMAXPROCS at t=10099; the reader
 * closes the generation with a Sync one tick after its last event, at t=10100, the trace's end.
 */
const stwTrace = oneGeneration(1, [
  "STWBegin dt=1000 kind_string=1 stack=0",
  "STWEnd dt=500",
  "ProcsChange dt=8499 procs_value=1 stack=0",
]);

/** GOMAXPROCS 2 and a 400 ns mark assist of G1 on P0 from t=1100 to t=1500; the trace ends at t=10100 (as above). */
const assistTrace = oneGeneration(2, [
  "GCMarkAssistBegin dt=1000 stack=0",
  "GCMarkAssistEnd dt=400",
  "ProcsChange dt=8599 procs_value=2 stack=0",
]);

function build(bytes: Uint8Array, flags: number) {
  const b = new UtilizationBuilder(flags);
  const r = new TraceReader();
  r.push(bytes);
  r.finish();
  for (let ev = r.nextShared(); ev !== null; ev = r.nextShared()) b.event(ev);
  return b.finish();
}

describe("utilization of hand-written traces", () => {
  it("one STW: utilization 1, then 0 for the pause, then 1, then the closing 0", () => {
    const u = build(stwTrace, UtilFlags.STW);
    // The series starts at the GOMAXPROCS metric (t=100) and ends at the last event, the closing Sync (t=10100).
    expect(u.series).toEqual([
      [
        { time: 100, util: 1 },
        { time: 1100, util: 0 },
        { time: 1600, util: 1 },
        { time: 10100, util: 0 },
      ],
    ]);
    // Without the STW flag the pause is not the GC's: utilization stays 1 until the end.
    expect(build(stwTrace, UtilFlags.Assist).series).toEqual([
      [
        { time: 100, util: 1 },
        { time: 10100, util: 0 },
      ],
    ]);
  });

  it("one STW: MMU(w) is 0 up to the pause's 500 ns, then (w - 500) / w", () => {
    const curve = new MMUCurve(build(stwTrace, UtilFlags.STW).series);
    // A window inside the pause has utilization 0.
    expect(curve.mmu(100)).toBe(0);
    expect(curve.mmu(500)).toBe(0);
    // A longer window is worst when it holds the whole pause: 500 ns of its w lost.
    for (const w of [501, 1000, 2000, 5000, 10000]) expect(curve.mmu(w)).toBeCloseTo((w - 500) / w, 12);
    // Go's curve reads 0 at a window of 0.
    expect(curve.mmu(0)).toBe(0);
    // The worst 500 ns window is the pause itself, from t=1100.
    expect(curve.examples(500, 3)[0]).toEqual({ time: 1100, mutatorUtil: 0 });
    // The worst 10 µs window is the whole trace (the only one), from t=100.
    expect(curve.examples(10000, 3)).toEqual([{ time: 100, mutatorUtil: 0.95 }]);
  });

  it("one STW: Go's MUD is the MMU at every quantile; the fed distribution is the pause's triangle", () => {
    const curve = new MMUCurve(build(stwTrace, UtilFlags.STW).series);
    // Go's accumulator returns before recording any window in the distribution (nWorst is 0),
    // so its MUD falls back to the MMU for every quantile; the goldens show the same on every fixture.
    expect(curve.mud(500, [0, 0.001, 0.01, 0.05])).toEqual([0, 0, 0, 0]);
    expect(curve.mud(1000, [0, 0.05])).toEqual([curve.mmu(1000), curve.mmu(1000)]);
    // Windows of 500 ns start anywhere in [100, 9600]: 9500 ns of mass. The utilization of the
    // window at t is |t - 1100| / 500 within 500 ns of the pause's start, else 1, so the time
    // with utilization ≤ x is 1000x: quantile q is at 9500q / 1000 = 9.5q (for q ≤ 1/9.5).
    const [q0, q1, q2, q3] = curve.mud(500, [0, 0.001, 0.01, 0.05], { distribution: true });
    expect(q0).toBe(0);
    expect(q1).toBeCloseTo(0.0095, 12);
    expect(q2).toBeCloseTo(0.095, 12);
    expect(q3).toBeCloseTo(0.475, 12);
  });

  it("a mark assist on one of two Ps: half the system, all of its P", () => {
    // System-wide: one P of two busy, so 0.5 for 400 ns.
    const system = build(assistTrace, UtilFlags.Assist);
    expect(system.series).toEqual([
      [
        { time: 100, util: 1 },
        { time: 1100, util: 0.5 },
        { time: 1500, util: 1 },
        { time: 10100, util: 0 },
      ],
    ]);
    const sc = new MMUCurve(system.series);
    expect(sc.mmu(400)).toBe(0.5);
    // A 1000 ns window holding the assist loses half of 400 ns: 0.8.
    expect(sc.mmu(1000)).toBeCloseTo(0.8, 12);
    // Per P: P0 is at 0 during the assist, P1 never is; each series runs from 100 to 10100.
    const perP = build(assistTrace, UtilFlags.Assist | UtilFlags.PerProc);
    expect(perP.series).toEqual([
      [
        { time: 100, util: 1 },
        { time: 1100, util: 0 },
        { time: 1500, util: 1 },
        { time: 10100, util: 0 },
      ],
      [
        { time: 100, util: 1 },
        { time: 10100, util: 0 },
      ],
    ]);
    const pc = new MMUCurve(perP.series);
    expect(pc.mmu(400)).toBe(0);
    expect(pc.mmu(1000)).toBeCloseTo(0.6, 12);
    // Without the assist flag nothing counts.
    expect(new MMUCurve(build(assistTrace, UtilFlags.STW).series).mmu(400)).toBe(1);
  });

  it("where Go's code would fail: an assist on a P beyond GOMAXPROCS, a series of one instant", () => {
    // The assist of the assist trace, on P3 while GOMAXPROCS is 2: Go indexes its P table out of
    // range; here the assist counts on no P, so the utilization stays 1 until the closing 0.
    const beyond = oneGeneration(
      2,
      ["GCMarkAssistBegin dt=1000 stack=0", "GCMarkAssistEnd dt=400", "ProcsChange dt=8599 procs_value=2 stack=0"],
      3,
    );
    expect(build(beyond, UtilFlags.Assist).series).toEqual([
      [
        { time: 100, util: 1 },
        { time: 10100, util: 0 },
      ],
    ]);
    // No window fits in a series of one instant; Go's curve fails on it, ours has no window there.
    const instant = new MMUCurve([[{ time: 5, util: 0 }]]);
    expect(instant.mmu(1000)).toBe(1);
    expect(instant.examples(1000, 5)).toEqual([]);
  });

  it("no series (no GOMAXPROCS metric seen): MMU 1, no examples, as Go's", () => {
    const curve = new MMUCurve([]);
    expect(curve.mmu(1000)).toBe(1);
    expect(curve.examples(1000, 5)).toEqual([]);
    expect(curve.mud(1000, [0, 0.5])).toEqual([1, 1]);
  });

  it("sampleMMUCurve: log-spaced windows from 1 µs to the end", () => {
    const curve = new MMUCurve(build(stwTrace, UtilFlags.STW).series);
    const pts = sampleMMUCurve(curve, 10000, { samples: 5 });
    // 1000 · 10^(i/4) truncated to whole ns as the /mmu page does: exp(log(1000)) is
    // 999.9999999999998 in float64, so the first is 999; then 1778, 3162, 5623, 10000.
    expect(Math.exp(Math.log(1000))).toBeLessThan(1000);
    expect(pts.map((p) => p.window)).toEqual([999, 1778, 3162, 5623, 10000]);
    for (const p of pts) expect(p.mmu).toBeCloseTo((p.window - 500) / p.window, 12);
  });

  it("flag names round-trip", () => {
    expect(utilFlagNames(7)).toEqual(["stw", "background", "assist"]);
    expect(parseUtilFlags(["sweep", "perProc"])).toBe(24);
    expect(() => parseUtilFlags(["nope"])).toThrow(/unknown utilization flag/);
  });
});

describe("a broken trace", () => {
  // The fixture with the most generations, cut in the middle of its bytes.
  const fixture = fixtures()
    .map((f) => ({ f, bytes: readFileSync(f.tracePath) }))
    .filter(({ f }) => !f.name.includes("go1.21") && !f.name.includes("rejected"))
    .sort((a, b) => b.bytes.length - a.bytes.length)[0];

  it("covers the events up to its last Sync, exactly as a build over those events alone", async () => {
    if (fixture === undefined) throw new Error("no fixture");
    const cut = fixture.bytes.subarray(0, Math.floor(fixture.bytes.length * 0.6));
    const flags = UtilFlags.STW | UtilFlags.Background | UtilFlags.Assist | UtilFlags.Sweep;
    for (const f of [flags, flags | UtilFlags.PerProc]) {
      const a = await analyzeMMU(cut, { flags: f, keepPartial: true });
      expect(a.error, "the cut trace fails").not.toBeNull();
      expect(a.utilization.events).toBeGreaterThan(0);
      expect(a.utilization.events).toBeLessThan(a.eventsRead);
      expect(a.limits[0]).toMatch(/up to the last Sync/);
      // The reference, Go's definition: a fresh builder given only the first `events` events the reader gives for the cut trace.
      const ref = new UtilizationBuilder(f);
      const r = new TraceReader();
      let n = 0;
      try {
        r.push(cut);
        r.finish();
        for (let ev = r.nextShared(); ev !== null && n < a.utilization.events; ev = r.nextShared(), n++) ref.event(ev);
      } catch {
        // The error comes after the last Sync, past the events wanted.
      }
      expect(n).toBe(a.utilization.events);
      const want = ref.finish();
      expect(a.utilization.series).toEqual(want.series);
      expect(a.utilization.endTime).toBe(want.endTime);
    }
    await expect(analyzeMMU(cut)).rejects.toThrow();
  });
});
