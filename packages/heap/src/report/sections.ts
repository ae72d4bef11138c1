// The report's sections, each computed from the finished model.
import type { HeapAnalyzer } from "../model/heap-model.js";
import { COARSE_UPPER_NS, coarseCounts } from "../model/lifetimes.js";
import type { AllocRow, GcCycle, LifetimeRow, SizeClassRow, SpanChurn, StackGrowth, TypeBytes } from "./types.js";
import { BEFORE_TRACE_KEY } from "./types.js";
import type { EndScan } from "./end-scan.js";

/** Rows of per-type values, largest bytes first, zero rows left out. */
export function typeRows(a: HeapAnalyzer, objects: readonly number[], bytes: readonly number[]): TypeBytes[] {
  const rows: TypeBytes[] = [];
  for (let k = 0; k < objects.length; k++) {
    const o = objects[k] as number;
    if (o !== 0) rows.push({ type: a.types.names[k] as string, objects: o, bytes: bytes[k] as number });
  }
  return rows.sort((x, y) => y.bytes - x.bytes || y.objects - x.objects || (x.type < y.type ? -1 : 1));
}

export function topTypes(end: readonly TypeBytes[], peak: readonly TypeBytes[], n: number): string[] {
  const score = new Map<string, number>();
  for (const r of [...end, ...peak]) score.set(r.type, Math.max(score.get(r.type) ?? 0, r.bytes));
  return [...score.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, n)
    .map(([t]) => t);
}

export function gcCycles(a: HeapAnalyzer): GcCycle[] {
  return a.gc.cycles.map((c) => ({
    seq: c.seq,
    beginNs: c.beginNs,
    endNs: c.endNs,
    liveBytesAtBegin: c.liveBytesAtBegin,
    liveBytesAtEnd: c.liveBytesAtEnd,
    heapAllocAtEnd: c.heapAllocAtEnd,
    sweptObjects: c.sweptObjects,
    sweptBytes: c.sweptBytes,
    sweepEndNs: c.lastSweptNs,
    survivingBytes: c.liveBytesAtEnd !== null && c.sweepClosed ? c.liveBytesAtEnd - c.sweptBytes : null,
  }));
}

export function sizeClassRows(a: HeapAnalyzer, scan: EndScan): SizeClassRow[] {
  const rows: SizeClassRow[] = [];
  const table = a.sizeClasses;
  const page = a.layout.pageSize;
  const classes = new Set<number>();
  a.spans.perClass.forEach((c, sc) => {
    if (c.spans > 0) classes.add(sc);
  });
  for (const sc of scan.classObjects.keys()) if (sc >= 0) classes.add(sc);
  for (const sc of [...classes].sort((x, y) => x - y)) {
    const c = a.spans.perClass[sc] ?? { spans: 0, pages: 0 };
    const sizeClass = sc >> 1;
    rows.push({
      sizeClass,
      objectSize: sizeClass === 0 ? 0 : (table.objectSize[sizeClass] ?? 0),
      noscan: (sc & 1) === 1,
      spans: c.spans,
      spanBytes: c.pages * page,
      slots: sizeClass === 0 ? c.spans : c.spans * (table.objectsPerSpan[sizeClass] ?? 0),
      liveObjects: scan.classObjects.get(sc) ?? 0,
      liveBytes: scan.classBytes.get(sc) ?? 0,
    });
  }
  // Objects in spans the trace never showed: no class, no span; listed so that the rows add up.
  const unspanned = scan.classObjects.get(-1) ?? 0;
  if (unspanned > 0) {
    rows.push({
      sizeClass: -1,
      objectSize: 0,
      noscan: false,
      spans: 0,
      spanBytes: 0,
      slots: 0,
      liveObjects: unspanned,
      liveBytes: scan.classBytes.get(-1) ?? 0,
    });
  }
  return rows;
}

function allocRows(
  entries: Iterable<[string, number, number]>,
  live: Map<string, [number, number]>,
  seconds: number,
): AllocRow[] {
  const merged = new Map<string, AllocRow>();
  for (const [key, objects, bytes] of entries) {
    if (objects === 0) continue;
    const row = merged.get(key);
    if (row === undefined) {
      const l = live.get(key) ?? [0, 0];
      merged.set(key, { key, objects, bytes, bytesPerSecond: 0, liveObjects: l[0], liveBytes: l[1] });
    } else {
      row.objects += objects;
      row.bytes += bytes;
    }
  }
  const rows = [...merged.values()];
  for (const r of rows) r.bytesPerSecond = seconds > 0 ? Math.round(r.bytes / seconds) : 0;
  return rows.sort((x, y) => y.bytes - x.bytes || y.objects - x.objects || (x.key < y.key ? -1 : 1));
}

/** The rows, with the `<before the trace>` row last when objects from before the trace are live. */
function withBeforeTrace(rows: AllocRow[], scan: EndScan): AllocRow[] {
  const [liveObjects, liveBytes] = scan.beforeTrace;
  if (liveObjects === 0) return rows;
  rows.push({ key: BEFORE_TRACE_KEY, objects: 0, bytes: 0, bytesPerSecond: 0, liveObjects, liveBytes });
  return rows;
}

export function allocation(a: HeapAnalyzer, scan: EndScan) {
  const seconds = (a.endNs - a.startNs) / 1e9;
  // Live per type of the objects allocated in the trace: the live counts less those from before it.
  const typeLive = new Map<string, [number, number]>();
  a.counters.liveObjects.forEach((o, k) => {
    const before = scan.typeGroups.get(k)?.get(BEFORE_TRACE_KEY) ?? [0, 0];
    const name = a.types.names[k] as string;
    const old = typeLive.get(name) ?? [0, 0];
    typeLive.set(name, [old[0] + o - before[0], old[1] + (a.counters.liveBytes[k] as number) - before[1]]);
  });
  const perType = a.typeAllocations();
  const byType = allocRows(
    a.types.names.map((n, k) => [n, perType.objects[k] ?? 0, perType.bytes[k] ?? 0]),
    typeLive,
    seconds,
  );
  const byGoroutineGroup = allocRows(
    a.goroutines.byIndex.map((g) => [a.goroutines.groupOf(g.index), g.allocObjects, g.allocBytes]),
    scan.groups,
    seconds,
  ).filter((r) => r.key !== BEFORE_TRACE_KEY);
  const named = (names: string[], counts: { objects: number[]; bytes: number[] }) =>
    counts.objects.map((o, k) => [names[k] as string, o, counts.bytes[k] as number] as [string, number, number]);
  return {
    objects: a.allocObjects,
    bytes: a.allocBytes,
    byType: withBeforeTrace(byType, scan),
    byGoroutineGroup: withBeforeTrace(byGoroutineGroup, scan),
    byTask: withBeforeTrace(allocRows(named(a.tasks.names, a.taskAlloc), scan.tasks, seconds), scan),
    byRegion: withBeforeTrace(allocRows(named(a.regions.names, a.regionAlloc), scan.regions, seconds), scan),
  };
}

export function lifetimes(
  a: HeapAnalyzer,
  scan: EndScan,
): {
  byType: LifetimeRow[];
  histogram: {
    bucketUpperNs: number[];
    counts: number[];
    liveAtEnd: number;
  };
} {
  const byType: LifetimeRow[] = [];
  a.types.names.forEach((type, k) => {
    const lt = a.lifetimes[k];
    const live = a.counters.liveObjects[k] ?? 0;
    if (lt === undefined && live === 0) return;
    byType.push({
      type,
      freed: lt?.freed ?? 0,
      p50Ns: lt?.quantile(0.5) ?? 0,
      p90Ns: lt?.quantile(0.9) ?? 0,
      p99Ns: lt?.quantile(0.99) ?? 0,
      maxNs: lt?.maxNs ?? 0,
      meanCyclesSurvived: lt !== undefined && lt.freed > 0 ? lt.cyclesSurvived / lt.freed : 0,
      liveAtEnd: live,
      maxCyclesSurvivedLive: scan.maxCycles.get(k) ?? 0,
    });
  });
  byType.sort((x, y) => y.freed + y.liveAtEnd - (x.freed + x.liveAtEnd) || (x.type < y.type ? -1 : 1));
  return {
    byType,
    histogram: {
      bucketUpperNs: [...COARSE_UPPER_NS],
      counts: coarseCounts(a.lifetimes),
      liveAtEnd: scan.allocatedInTrace,
    },
  };
}

export function spanChurn(a: HeapAnalyzer): SpanChurn {
  const s = a.spans;
  const classes = new Set<number>([...s.churnAlloc.keys(), ...s.churnFree.keys()]);
  return {
    allocated: s.allocated,
    freed: s.freed,
    allocatedBytes: s.allocatedPages * a.layout.pageSize,
    freedBytes: s.freedPages * a.layout.pageSize,
    bySizeClass: [...classes]
      .sort((x, y) => x - y)
      .map((sc) => ({
        sizeClass: sc < 0 ? -1 : sc >> 1,
        noscan: sc >= 0 && (sc & 1) === 1,
        allocated: s.churnAlloc.get(sc) ?? 0,
        freed: s.churnFree.get(sc) ?? 0,
      })),
  };
}

export function stackGrowth(a: HeapAnalyzer): StackGrowth {
  const sizes = [...a.stackAllocsBySize.entries()].sort((x, y) => x[0] - y[0]);
  let largest = 0;
  for (const size of a.stacks.values()) if (size > largest) largest = size;
  for (const [size] of sizes) if (size > largest) largest = size;
  return {
    allocated: a.stacksAllocated,
    freed: a.stacksFreed,
    liveAtEnd: a.stacks.size,
    liveBytesAtEnd: a.stackBytes,
    peakBytes: a.peakStackBytes,
    allocatedBySize: sizes.map(([bytes, count]) => ({ bytes, count })),
    largestBytes: largest,
  };
}
