// Leak suspects: types whose bytes found live by the GC keep growing from
// cycle to cycle over the trace. The series is each GC cycle's survivors
// (model/survivors.ts), not the live count at some moment, so garbage
// waiting for a sweep never looks like growth, and forced GCs at the end of
// a program (flat cycles back to back) do not hide a leak: the rule looks
// at the trend over all cycles, not at the last steps.
import type { HeapAnalyzer } from "../model/heap-model.js";
import type { LeakSuspect } from "./types.js";
import type { EndScan } from "./end-scan.js";
import { kendallTau, theilSenSlope } from "./trend.js";

/** The thresholds of the rule; the heap README and LeakSuspect's doc say what each means. */
export const LEAK_RULE = {
  /** GC cycles with known survivors the trace must have. */
  minCycles: 3,
  /** Steps from one cycle to the next in which the survivor bytes rose: growth that happened once is not a trend. */
  minRises: 2,
  /** Kendall's tau of the survivor bytes against the cycle: how consistently they rise (1: every pair of cycles). */
  minTrend: 0.5,
  /** Median survivor bytes of the later half of the cycles over the earlier half's. */
  minHalfRatio: 1.25,
  /** Survivor bytes of the last cycle minus the first. */
  minGrowthBytes: 1024,
  /** Cycles the statistics look at, evenly spaced over the trace (they cost the square of it). */
  maxPoints: 200,
} as const;

/** What the rule computes for one type's series, and whether it calls it growing. */
export interface Trend {
  trend: number;
  slopeBytesPerCycle: number;
  halfRatio: number | null;
  growthBytes: number;
  growing: boolean;
}

/** The rule on one survivor-bytes series, oldest cycle first. */
export function trendOf(bytes: readonly number[]): Trend {
  const n = bytes.length;
  const first = bytes[0] ?? 0;
  const last = bytes[n - 1] ?? 0;
  const growthBytes = last - first;
  const half = n >> 1;
  const early = median(bytes.slice(0, half));
  const late = median(bytes.slice(n - half));
  const halfRatio = early > 0 ? late / early : late > 0 ? null : 1;
  const quiet = { trend: 0, slopeBytesPerCycle: 0, halfRatio, growthBytes, growing: false };
  // The cheap tests first: most types fail them, and the quadratic ones never run.
  if (n < LEAK_RULE.minCycles || growthBytes < LEAK_RULE.minGrowthBytes) return quiet;
  if (halfRatio !== null && halfRatio < LEAK_RULE.minHalfRatio) return quiet;
  let rises = 0;
  for (let i = 1; i < n; i++) if ((bytes[i] as number) > (bytes[i - 1] as number)) rises++;
  if (rises < LEAK_RULE.minRises) return quiet;
  const points = evenlySpaced(bytes, LEAK_RULE.maxPoints);
  const trend = kendallTau(points);
  // The slope is per cycle of the whole series, whatever the sampling.
  const slopeBytesPerCycle = (theilSenSlope(points) * (points.length - 1)) / (n - 1);
  const growing = trend >= LEAK_RULE.minTrend && slopeBytesPerCycle > 0;
  return { trend, slopeBytesPerCycle, halfRatio, growthBytes, growing };
}

/** The report's leak suspects: the types the rule (trendOf) calls growing, largest growth first, at most `limit`. */
export function leakSuspects(a: HeapAnalyzer, scan: EndScan, limit = 20): LeakSuspect[] {
  const cycles = a.survivors.cycles;
  const rows: LeakSuspect[] = [];
  if (cycles.length < LEAK_RULE.minCycles) return rows;
  const snaps = a.liveAtGcBegin;
  for (let k = 0; k < a.types.names.length; k++) {
    const end = a.counters.liveObjects[k] ?? 0;
    if (end === 0) continue;
    const bytes = cycles.map((c) => c.bytes[k] ?? 0);
    const t = trendOf(bytes);
    if (!t.growing) continue;
    const objects = cycles.map((c) => c.objects[k] ?? 0);
    const liveAfterGc = snaps.map((s) => s[k] ?? 0);
    let run = 0;
    for (let i = liveAfterGc.length - 1; i > 0 && (liveAfterGc[i] as number) > (liveAfterGc[i - 1] as number); i--)
      run++;
    const groups = [...(scan.typeGroups.get(k) ?? new Map<string, [number, number]>()).entries()]
      .map(([type, [o, b]]) => ({ type, objects: o, bytes: b }))
      .sort((x, y) => y.bytes - x.bytes || (x.type < y.type ? -1 : 1));
    rows.push({
      type: a.types.names[k] as string,
      liveAfterGc,
      growingCycles: run,
      liveObjectsAtEnd: end,
      liveBytesAtEnd: a.counters.liveBytes[k] ?? 0,
      byGoroutineGroup: groups,
      gcSeqs: cycles.map((c) => c.seq),
      survivingObjects: objects,
      survivingBytes: bytes,
      growthBytes: t.growthBytes,
      growthObjects: (objects[objects.length - 1] as number) - (objects[0] as number),
      growthRatio:
        (bytes[0] as number) > 0 ? round((bytes[bytes.length - 1] as number) / (bytes[0] as number), 3) : null,
      halfRatio: t.halfRatio === null ? null : round(t.halfRatio, 3),
      trend: round(t.trend, 3),
      slopeBytesPerCycle: Math.round(t.slopeBytesPerCycle),
    });
  }
  return rows.sort((x, y) => y.growthBytes - x.growthBytes || (x.type < y.type ? -1 : 1)).slice(0, limit);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** At most `max` values, evenly spaced, keeping the first and the last. */
function evenlySpaced(values: readonly number[], max: number): readonly number[] {
  if (values.length <= max) return values;
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(values[Math.round((i * (values.length - 1)) / (max - 1))] as number);
  return out;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
