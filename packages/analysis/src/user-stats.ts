// Per task type and per region type: how many, how long in total, quantiles
// and cmd/trace's log-scale duration histogram (internal/trace/traceviewer's
// TimeHistogram: five buckets per power of ten).
import type { FrameRef, TraceSummary } from "./types.js";

/** The quantiles of a set of durations (ns), by the nearest-rank rule (see {@link durationQuantiles}). */
export interface Quantiles {
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** One bucket of a {@link DurationHistogram}: durations d with minNs ≤ d < maxNs (as cmd/trace labels it). */
export interface HistogramBucket {
  /** Bucket index i: durations d > 0 with floor(ln d / ln 10^(1/5)) = i; 0 also takes d ≤ 0. */
  index: number;
  /** trunc(10^(i/5)) ns, cmd/trace's label of the bucket. */
  minNs: number;
  /** trunc(10^((i+1)/5)) ns, the next bucket's label. */
  maxNs: number;
  count: number;
}

/** cmd/trace's duration histogram: the buckets from its lowest to its highest, empty ones between included. */
export interface DurationHistogram {
  count: number;
  buckets: HistogramBucket[];
}

/** A task type (the name given to runtime/trace.NewTask). */
export interface TaskTypeStats {
  name: string;
  /** Tasks of this type in the trace, complete or not (cmd/trace's Count). */
  count: number;
  /** Those with both begin and end in the trace: only they have a duration. */
  complete: number;
  /** Sum of the complete tasks' durations (ns). */
  totalNs: number;
  /** Over the complete tasks; null when there is none. */
  quantiles: Quantiles | null;
  /** Of the complete tasks' durations, as cmd/trace's /usertasks page draws it. */
  histogram: DurationHistogram;
}

/** A region type: its name and the outermost frame of its start stack, as cmd/trace's /userregions page tells them apart. */
export interface RegionTypeStats {
  name: string;
  /** Null for regions whose start is not in the trace or has no stack. */
  frame: FrameRef | null;
  count: number;
  /** Sum of the durations (ns); a region missing its start or end is counted from the trace's start or to its end. */
  totalNs: number;
  quantiles: Quantiles | null;
  histogram: DurationHistogram;
}

/** Go's logDiv: the natural log of one fifth of a decade. */
const LOG_DIV = Math.log(10 ** (1 / 5));

/** cmd/trace's bucket of a duration: floor(ln d / ln 10^(1/5)) for d > 0, else 0. */
export function histogramBucket(d: number): number {
  return d > 0 ? Math.trunc(Math.log(d) / LOG_DIV) : 0;
}

/**
 * The histogram cmd/trace draws for these durations (ns), bucket for bucket. Like Go's, its
 * lowest bucket is the first one added after which the highest was still 0, or any lower one
 * added later (a Go quirk that only shows when durations ≤ 1 ns come first).
 */
export function durationHistogram(durations: Iterable<number>): DurationHistogram {
  const counts: number[] = [];
  let min = 0;
  let max = 0;
  let count = 0;
  for (const d of durations) {
    const b = histogramBucket(d);
    while (counts.length <= b) counts.push(0);
    counts[b] = (counts[b] as number) + 1;
    if (b < min || max === 0) min = b;
    if (b > max) max = b;
    count++;
  }
  const buckets: HistogramBucket[] = [];
  if (count > 0) {
    for (let i = min; i <= max; i++) {
      buckets.push({ index: i, minNs: bucketMin(i), maxNs: bucketMin(i + 1), count: counts[i] ?? 0 });
    }
  }
  return { count, buckets };
}

/** Go's BucketMin: time.Duration(math.Exp(i * logDiv)), truncated to whole ns. */
function bucketMin(i: number): number {
  return Math.trunc(Math.exp(i * LOG_DIV));
}

/**
 * Quantiles by the nearest-rank rule: with the n durations sorted ascending, the q-quantile is the
 * ⌈q·n⌉-th (1-based); min is the first and max the last. Null for none.
 */
export function durationQuantiles(durations: readonly number[]): Quantiles | null {
  const n = durations.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(durations).sort();
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * n) - 1)] as number;
  return { min: sorted[0] as number, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[n - 1] as number };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Task types by name: every task counts; complete ones give durations (end − begin). */
export function taskTypeStats(summary: TraceSummary): TaskTypeStats[] {
  const byName = new Map<string, { count: number; durations: number[] }>();
  for (const t of summary.tasks) {
    let e = byName.get(t.name);
    if (e === undefined) {
      e = { count: 0, durations: [] };
      byName.set(t.name, e);
    }
    e.count++;
    if (t.start !== null && t.end !== null) e.durations.push(t.end.time - t.start.time);
  }
  return [...byName]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, e]) => ({
      name,
      count: e.count,
      complete: e.durations.length,
      totalNs: e.durations.reduce((s, d) => s + d, 0),
      quantiles: durationQuantiles(e.durations),
      histogram: durationHistogram(e.durations),
    }));
}

/**
 * Region types (name and outermost start frame) over every goroutine's regions, sorted by name
 * then frame PC as cmd/trace sorts them. A region without a start counts from the trace's first
 * event, one without an end to its last.
 */
export function regionTypeStats(summary: TraceSummary): RegionTypeStats[] {
  type Entry = { name: string; frame: FrameRef | null; durations: number[] };
  // Keyed by name, then by frame function and PC: a string key made per region cost more than
  // the rest of this pass on traces with millions of regions.
  const byKey = new Map<string, Entry>();
  const byName = new Map<string, Map<string, Map<number, Entry>>>();
  for (const g of summary.goroutines) {
    for (const r of g.regions) {
      let byFunc = byName.get(r.name);
      if (byFunc === undefined) {
        byFunc = new Map();
        byName.set(r.name, byFunc);
      }
      const func = r.frame?.func ?? "";
      let byPc = byFunc.get(func);
      if (byPc === undefined) {
        byPc = new Map();
        byFunc.set(func, byPc);
      }
      const pc = r.frame?.pc ?? 0;
      let e = byPc.get(pc);
      if (e === undefined) {
        e = { name: r.name, frame: r.frame, durations: [] };
        byPc.set(pc, e);
        byKey.set(`${r.name}\u0000${func}\u0000${pc}`, e);
      }
      const start = r.start === null ? summary.startTime : r.start.time;
      const end = r.end === null ? summary.endTime : r.end.time;
      e.durations.push(end - start);
    }
  }
  return [...byKey.values()]
    .sort((a, b) => compareStrings(a.name, b.name) || (a.frame?.pc ?? 0) - (b.frame?.pc ?? 0))
    .map((e) => ({
      name: e.name,
      frame: e.frame,
      count: e.durations.length,
      totalNs: e.durations.reduce((s, d) => s + d, 0),
      quantiles: durationQuantiles(e.durations),
      histogram: durationHistogram(e.durations),
    }));
}
