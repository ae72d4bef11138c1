// Every fixture (and the sample) exported and read back with the same schema:
// the P tracks' running time per goroutine is Go 1.27.3's summarizer's
// execution time; every task, region and log of Go's summary is there once at
// its times; every GC range of the reader's stream once; times are the trace
// clock's nanoseconds.
import { readFileSync } from "node:fs";
import { analysisGolden, fixtures, samplePath } from "@gotrace/conformance";
import { analyzeHeap } from "@gotrace/heap";
import { EventKind, ResourceKind, readTrace } from "@gotrace/reader";
import { describe, expect, it } from "vitest";
import { exportPerfetto, perfettoChunks } from "./export.js";
import { type DecodedTrace, decodePerfetto, groupOf } from "./testing/decode.js";

/** Per-case limit: exporting the largest fixtures takes seconds on a quiet machine and far longer on a busy one; it only ends a hang. */
const SLOW = 600_000;

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  { name: "sample", path: samplePath() },
];

/** What the reader's own stream says, up to its error: the facts the output is checked against. */
async function readerFacts(bytes: Uint8Array) {
  const facts = {
    first: Number.NaN,
    last: Number.NaN,
    gcBegins: [] as string[],
    gcEnds: [] as string[],
    samples: 0,
    clocks: [] as { trace: bigint; wall: bigint; mono: bigint }[],
  };
  try {
    for await (const ev of readTrace(bytes)) {
      const t = ev.time;
      if (Number.isNaN(facts.first)) facts.first = t;
      facts.last = t;
      if (ev.kind === EventKind.RangeBegin || ev.kind === EventKind.RangeEnd) {
        const r = ev.range();
        if (r.scope.kind === ResourceKind.None || r.name.startsWith("stop-the-world"))
          (ev.kind === EventKind.RangeBegin ? facts.gcBegins : facts.gcEnds).push(`${r.name}@${t}`);
      } else if (ev.kind === EventKind.StackSample) facts.samples++;
      else if (ev.kind === EventKind.Sync) {
        const c = ev.sync().clockSnapshot;
        if (c !== null)
          facts.clocks.push({ trace: c.trace, wall: c.wall.sec * 1_000_000_000n + c.wall.nsec, mono: c.mono });
      }
    }
  } catch {
    // A broken trace: the facts up to the error, as the export covers.
  }
  return facts;
}

const cache = new Map<string, { out: DecodedTrace; bytes: Uint8Array }>();
async function exported(t: { name: string; path: string }) {
  let c = cache.get(t.name);
  if (c === undefined) {
    const bytes = new Uint8Array(readFileSync(t.path));
    const out = decodePerfetto(await exportPerfetto(bytes, { keepPartial: true }));
    c = { out, bytes };
    cache.set(t.name, c);
  }
  return c;
}

/** The first and last track event times. */
function extent(out: DecodedTrace): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of out.packets) {
    if (p.data.case !== "trackEvent") continue;
    const t = Number(p.timestamp);
    if (t < min) min = t;
    if (t > max) max = t;
  }
  return [min, max];
}

const goroutineOf = (label: string): number => Number(/^G(\d+)/.exec(label)?.[1] ?? Number.NaN);

describe.each(traces)("$name", (t) => {
  it(
    "is a valid Perfetto trace: every END closes a BEGIN, every interned id is defined, every track declared",
    async () => {
      const { out } = await exported(t);
      expect(out.errors).toEqual([]);
      expect(out.packets.length).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    "the P tracks' running time per goroutine is Go's execution time",
    async () => {
      const { out, bytes } = await exported(t);
      const golden = analysisGolden(t.name);
      // A converted pre-1.22 trace starts with a Sync at -1 ns, and Go counts goroutines already
      // running then from it; Perfetto's timestamps are unsigned, so those slices start at 0 instead.
      const { first } = await readerFacts(bytes);
      const beforeZero = first < 0 ? -first : 0;
      const ran = new Map<number, number>();
      for (const s of out.slices) {
        if (groupOf(out, s.track) !== "Procs" || out.tracks.get(s.track)?.parent === null) continue;
        if (!/^P\d+$|^no P$/.test(out.tracks.get(s.track)?.name ?? "")) continue;
        const g = goroutineOf(s.name);
        ran.set(g, (ran.get(g) ?? 0) + s.dur + (s.ts === 0 ? beforeZero : 0));
      }
      const want = new Map(golden.goroutines.filter((g) => g.stats.execTime > 0).map((g) => [g.id, g.stats.execTime]));
      expect(new Map([...ran].filter(([, d]) => d > 0))).toEqual(want);
    },
    SLOW,
  );

  it(
    "has every task, region and log of Go's summary once, at its times",
    async () => {
      const { out } = await exported(t);
      const golden = analysisGolden(t.name);
      const [start, end] = extent(out);
      const count = <T>(xs: T[]) => {
        const m = new Map<T, number>();
        for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
        return m;
      };
      // Tasks: one slice on the task's own track, from its begin (or the trace's start) to its end (or the trace's end).
      const taskSlices = out.slices
        .filter((s) => groupOf(out, s.track) === "Tasks")
        .map((s) => `${out.tracks.get(s.track)?.name} ${s.ts}-${s.ts + s.dur}`);
      const wantTasks = golden.tasks
        .filter((x) => x.start !== null || x.end !== null)
        .map((x) => `${x.name} (task ${x.id}) ${x.start?.time ?? start}-${x.end?.time ?? end}`);
      expect(count(taskSlices)).toEqual(count(wantTasks));
      // Regions: nested slices on their goroutine's tracks; those it inherited at creation are Go's bookkeeping, not regions.
      const regionSlices = out.slices
        .filter((s) => / (user|regions begun before the trace)$/.test(out.tracks.get(s.track)?.name ?? ""))
        .map((s) => `G${goroutineOf(out.tracks.get(s.track)?.name ?? "")} ${s.name} ${s.ts}-${s.ts + s.dur}`);
      const wantRegions = golden.goroutines.flatMap((g) =>
        g.regions
          .filter((r) => r.start?.kind !== "StateTransition" && r.end?.kind !== "StateTransition")
          .map((r) => `G${g.id} ${r.name} ${r.start?.time ?? start}-${r.end?.time ?? end}`),
      );
      expect(count(regionSlices)).toEqual(count(wantRegions));
      // Logs: one instant each, with its category, message and task.
      const logs = out.instants
        .filter((i) => "message" in i.args)
        .map((i) => `${i.ts} ${i.args["task"]} ${i.args["category"]}=${i.args["message"]}`);
      const wantLogs = golden.tasks.flatMap((x) => x.logs.map((l) => `${l.time} ${x.id} ${l.category}=${l.message}`));
      expect(count(logs)).toEqual(count(wantLogs));
    },
    SLOW,
  );

  it(
    "has every GC range of the reader's stream once, CPU samples, flows and clocks",
    async () => {
      const { out, bytes } = await exported(t);
      const facts = await readerFacts(bytes);
      const gc = out.slices.filter((s) => groupOf(out, s.track) === "GC");
      const begins = gc.map((s) => `${s.name}@${s.ts}`);
      const ends = gc.map((s) => `${s.name}@${s.ts + s.dur}`);
      for (const b of facts.gcBegins)
        expect(
          begins.filter((x) => x === b),
          b,
        ).toHaveLength(1);
      for (const e of facts.gcEnds)
        expect(
          ends.filter((x) => x === e),
          e,
        ).toHaveLength(1);
      expect(out.instants.filter((i) => i.name === "CPU sample")).toHaveLength(facts.samples);
      // Each flow leaves one instant (the unblocking goroutine) and ends on one slice (the unblocked one's next state).
      const sources = out.instants.flatMap((i) => i.flows);
      const sinks = out.slices.flatMap((s) => s.terminatingFlows);
      expect(new Set(sources).size).toBe(sources.length);
      expect([...sinks].sort()).toEqual([...sources].sort());
      // Timestamps are the trace clock's nanoseconds: within the reader's first and last event times, and
      // every slice still open at the end closes at the last.
      const [first, last] = extent(out);
      expect(first).toBeGreaterThanOrEqual(Math.max(0, facts.first));
      expect(last).toBe(facts.last);
      // Wall-clock alignment: the trace's clock snapshots, one Perfetto ClockSnapshot each.
      const snaps = out.clockSnapshots.map((p) => {
        const c = p.data.case === "clockSnapshot" ? p.data.value.clocks : [];
        const byId = new Map(c.map((x) => [x.clockId, x.timestamp]));
        return { trace: byId.get(6), wall: byId.get(1), mono: byId.get(3) };
      });
      expect(snaps).toEqual(facts.clocks);
    },
    SLOW,
  );
});

it.each(traces.filter((t) => t.name === "sample" || fixtures().find((f) => f.name === t.name)?.allocFree))(
  "$name: the heap model's counters (live bytes, stack bytes, top types) at its timeline's points",
  async (t) => {
    const { out, bytes } = await exported(t);
    const { report } = await analyzeHeap(bytes, { keepPartial: true });
    const series = (name: string) => {
      const track = [...out.tracks.values()].find((x) => x.name === name);
      return out.counters.filter((c) => c.track === track?.uuid).map((c) => [c.ts, c.value]);
    };
    // Each series holds the timeline's values where they change.
    const changes = (values: number[]) =>
      report.timeline
        .map((p, i) => [Math.max(0, p.timeNs), values[i]!])
        .filter((x, i, all) => i === 0 || x[1] !== all[i - 1]![1]);
    expect(report.timeline.length).toBeGreaterThan(1);
    expect(series("Live heap bytes")).toEqual(changes(report.timeline.map((p) => p.liveBytes)));
    expect(series("Goroutine stack bytes")).toEqual(changes(report.timeline.map((p) => p.stackBytes)));
    for (const type of report.topTypes)
      expect(series(`Live heap: ${type}`), type).toEqual(changes(report.timeline.map((p) => p.byType[type] ?? 0)));
  },
  SLOW,
);

it(
  "a trace without alloc/free events has no heap model counters",
  async () => {
    const { out } = await exported(traces.find((t) => t.name === "sched-go1.27")!);
    expect([...out.tracks.values()].filter((x) => x.name.startsWith("Live heap"))).toEqual([]);
  },
  SLOW,
);

it(
  "the fixtures exercise what is checked: tasks, regions, logs, CPU samples, flows, clock snapshots",
  async () => {
    const all = await Promise.all(traces.map((t) => exported(t)));
    expect(all.some(({ out }) => out.slices.some((s) => groupOf(out, s.track) === "Tasks"))).toBe(true);
    expect(all.some(({ out }) => out.instants.some((i) => "message" in i.args))).toBe(true);
    expect(all.some(({ out }) => out.instants.some((i) => i.callstack !== null && i.callstack.length > 0))).toBe(true);
    expect(all.some(({ out }) => out.instants.some((i) => i.flows.length > 0))).toBe(true);
    expect(all.some(({ out }) => out.clockSnapshots.length > 0)).toBe(true);
  },
  SLOW,
);

it(
  "streams: small chunks are whole packets and add up to the whole output",
  async () => {
    const bytes = new Uint8Array(readFileSync(samplePath()));
    const whole = await exportPerfetto(bytes, { compression: "none" });
    const chunks: Uint8Array[] = [];
    for await (const c of perfettoChunks(bytes, { chunkBytes: 4096, compression: "none" })) chunks.push(c);
    expect(chunks.length).toBeGreaterThan(3);
    let packets = 0;
    for (const c of chunks) packets += decodePerfetto(c).packets.length;
    expect(packets).toBe(decodePerfetto(whole).packets.length);
    expect(Buffer.concat(chunks).equals(Buffer.from(whole))).toBe(true);
  },
  SLOW,
);
