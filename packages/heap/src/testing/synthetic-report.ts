// Synthetic HeapReports for the HTML tests and the screenshot, until the
// analysis produces real ones: a 2.4 s trace of a server whose heap saws up
// and down with each GC while two types leak. Deterministic (seeded), and it
// puts hostile type names (`</script>`, quotes, generics) where the page must
// escape them.

import {
  type AllocRow,
  BEFORE_TRACE_KEY,
  type GcCycle,
  type HeapReport,
  type LeakSuspect,
  type SizeClassRow,
  type TimelinePoint,
  type TypeBytes,
} from "../report/types.js";

const KiB = 1024;
const MiB = 1024 * KiB;
const MS = 1e6;

/** Type names meant to break naive HTML; `HOSTILE_TYPE` must show up as text and never run. */
export const HOSTILE_TYPE = `</script><script>window.__xss=1</script>`;
const TYPES = [
  "[]uint8",
  "*main.node",
  'map[string]*main.session "quoted"',
  "main.cache[string,*main.entry]",
  "[]*main.node",
  "string",
  "*bytes.Buffer",
  HOSTILE_TYPE,
];
/** Per type: bytes of one object, retained bytes at start, bytes leaked per second, garbage bytes per second. */
const SHAPES: [number, number, number, number][] = [
  [4096, 6 * MiB, 0, 60 * MiB],
  [48, 2 * MiB, 3 * MiB, 8 * MiB],
  [512, 3 * MiB, 0, 4 * MiB],
  [128, 1.5 * MiB, 1.6 * MiB, 1 * MiB],
  [256, 1 * MiB, 0, 6 * MiB],
  [16, 0.8 * MiB, 0, 9 * MiB],
  [64, 0.3 * MiB, 0, 5 * MiB],
  [32, 0.2 * MiB, 0, 0.5 * MiB],
];
const OTHER_RETAINED = 2.5 * MiB;
const OTHER_GARBAGE = 7 * MiB;

export interface SyntheticOptions {
  /** Timeline samples (default 400). */
  points?: number;
}

export function syntheticReport(opts: SyntheticOptions = {}): HeapReport {
  const rand = mulberry32(42);
  const n = opts.points ?? 400;
  const startNs = 5_000_000_000;
  const durNs = 2400 * MS;
  const endNs = startNs + durNs;

  // GC cycles roughly every 280 ms; the last one is cut off by the end of the trace.
  const gcs: GcCycle[] = [];
  for (let i = 0, t = startNs + 190 * MS; t < endNs; i++, t += (250 + rand() * 70) * MS) {
    const mark = (3 + rand() * 9) * MS;
    gcs.push({
      seq: 14 + i,
      beginNs: Math.round(t),
      endNs: t + mark < endNs ? Math.round(t + mark) : null,
      liveBytesAtBegin: 0,
      sweepEndNs: null,
      liveBytesAtEnd: null,
      heapAllocAtEnd: null,
      sweptObjects: 0,
      sweptBytes: 0,
      survivingBytes: null,
    });
  }

  const timeline: TimelinePoint[] = [];
  let lastGcEnd = startNs;
  let done = 0;
  let goal = 40 * MiB;
  let heapAlloc: number | null = null;
  let span = 0;
  for (let i = 0; i < n; i++) {
    const t = startNs + Math.round((durNs * i) / (n - 1));
    while (done < gcs.length && gcs[done]!.endNs !== null && gcs[done]!.endNs! <= t) {
      lastGcEnd = gcs[done]!.endNs!;
      done++;
    }
    const since = (t - lastGcEnd) / 1e9;
    const elapsed = (t - startNs) / 1e9;
    const byType: Record<string, number> = {};
    let live = 0;
    let objects = 0;
    TYPES.forEach((name, k) => {
      const [size, retained, leak, garbage] = SHAPES[k]!;
      const bytes = retained + leak * elapsed + garbage * since * (0.9 + rand() * 0.2);
      byType[name] = Math.round(bytes / size) * size;
      live += byType[name];
      objects += Math.round(bytes / size);
    });
    const other = OTHER_RETAINED + OTHER_GARBAGE * since;
    live += Math.round(other);
    objects += Math.round(other / 40);
    // Spans grow with the heap and are returned slowly, so they trail above live bytes.
    span = Math.max(live * 1.12, span * 0.995);
    if (i >= 6) heapAlloc = Math.round(live * (0.97 + rand() * 0.04));
    timeline.push({
      timeNs: t,
      liveObjects: objects,
      liveBytes: live,
      heapSpanBytes: Math.ceil(span / (8 * KiB)) * 8 * KiB,
      stackBytes: 256 * KiB + Math.round(elapsed * 40) * 8 * KiB,
      heapAlloc,
      heapGoal: null,
      gcCycles: done,
      byType,
      bySizeClass: [
        {
          sizeClass: 5,
          noscan: false,
          liveObjects: Math.round(live / 96),
          liveBytes: Math.round(live / 2),
          spans: 40,
          spanBytes: 40 * 8 * KiB,
        },
      ],
    });
  }

  // The runtime sets each cycle's goal so that the next GC starts a little before the heap reaches it.
  for (const p of timeline) {
    const next = gcs.find((c) => c.beginNs > p.timeNs);
    if (next) goal = Math.round(timeline.reduce((m, q) => (q.timeNs <= next.beginNs ? q.liveBytes : m), goal) * 1.04);
    if (p.timeNs > startNs + 4 * MS) p.heapGoal = goal;
  }

  // Fill each cycle's numbers from the timeline around it.
  const at = (ns: number) =>
    timeline.reduce((best, p) => (Math.abs(p.timeNs - ns) < Math.abs(best.timeNs - ns) ? p : best));
  for (const c of gcs) {
    c.liveBytesAtBegin = at(c.beginNs).liveBytes;
    if (c.endNs !== null) {
      const live = at(c.beginNs).liveBytes * 1.02;
      const after = at(c.endNs + 2 * MS).liveBytes;
      c.liveBytesAtEnd = Math.round(live);
      c.heapAllocAtEnd = Math.round(live * 0.99);
      c.sweptBytes = Math.max(0, Math.round(live - after));
      c.sweptObjects = Math.round(c.sweptBytes / 300);
      c.survivingBytes = Math.round(live - c.sweptBytes);
    }
  }

  const last = timeline[timeline.length - 1]!;
  const peakPoint = timeline.reduce((a, b) => (b.liveBytes > a.liveBytes ? b : a));
  const byTypeAt = (p: TimelinePoint): TypeBytes[] =>
    [
      ...TYPES.map((type, k) => ({
        type,
        bytes: p.byType[type]!,
        objects: Math.round(p.byType[type]! / SHAPES[k]![0]),
      })),
      { type: "*runtime.g", bytes: 180 * KiB, objects: 420 },
      { type: "<unknown type>", bytes: 96 * KiB, objects: 1200 },
      { type: "func() <-chan struct{}", bytes: 12 * KiB, objects: 384 },
    ].sort((a, b) => b.bytes - a.bytes);

  const sizeClasses = sizeClassRows(last.liveBytes, rand);
  const spanBytes = sizeClasses.reduce((s, r) => s + r.spanBytes, 0);
  const classLive = sizeClasses.reduce((s, r) => s + r.liveBytes, 0);

  const allocBytes = 520 * MiB;
  const allocRows = (keys: string[], share: number[]): AllocRow[] =>
    keys.map((key, i) => {
      const bytes = Math.round(allocBytes * share[i]!);
      const liveBytes = Math.round(bytes * (0.02 + 0.3 * rand()));
      return {
        key,
        objects: Math.round(bytes / 180),
        bytes,
        bytesPerSecond: bytes / (durNs / 1e9),
        liveObjects: Math.round(liveBytes / 180),
        liveBytes,
      };
    });

  /** Objects live since before the trace: a row in each allocation table, allocating nothing. */
  const beforeTrace: AllocRow = {
    key: BEFORE_TRACE_KEY,
    objects: 0,
    bytes: 0,
    bytesPerSecond: 0,
    liveObjects: 1_234,
    liveBytes: 212_992,
  };

  const leakSuspects: LeakSuspect[] = [
    suspect("*main.node", gcs.length, 43690, 65536, rand),
    suspect("main.cache[string,*main.entry]", gcs.length, 12000, 30000, rand),
    suspect(HOSTILE_TYPE, Math.min(4, gcs.length), 100, 140, rand),
  ];

  return {
    schema: "gotrace.heap/v1",
    trace: { version: 25, startNs, endNs, generations: 3, events: 1_846_233, allocFreeEvents: 1_402_118 },
    info: { minPageHeapAddr: "0xc000000000", pageSize: 8192, minHeapAlign: 8, fixedStack: 8192 },
    sizeClassTable: "go1.25",
    limits: [
      "The trace began after the program started and has no heap snapshot, so objects allocated before it are missing from the live heap (their frees are counted as frees of unknown objects).",
      "Types are unknown for 1,200 objects whose type was not in the trace's type table.",
    ],
    topTypes: TYPES,
    liveAtEnd: {
      timeNs: endNs,
      objects: last.liveObjects,
      bytes: last.liveBytes,
      byType: byTypeAt(last),
      bySizeClass: sizeClasses,
      spans: [
        {
          kind: "heap",
          spans: sizeClasses.reduce((s, r) => s + r.spans, 0),
          pages: spanBytes / 8192,
          bytes: spanBytes,
        },
        { kind: "other", spans: 310, pages: 420, bytes: 420 * 8192 },
      ],
      stacks: { count: 212, bytes: last.stackBytes },
      fragmentationBytes: spanBytes - classLive,
      fragmentation: (spanBytes - classLive) / spanBytes,
    },
    peak: {
      timeNs: peakPoint.timeNs,
      objects: peakPoint.liveObjects,
      bytes: peakPoint.liveBytes,
      byType: byTypeAt(peakPoint),
    },
    timeline,
    gcCycles: gcs,
    allocation: {
      objects: Math.round(allocBytes / 180),
      bytes: allocBytes,
      byType: allocRows(
        [...TYPES, "*runtime.g", "<unknown type>"],
        [0.38, 0.12, 0.06, 0.05, 0.09, 0.14, 0.08, 0.01, 0.02, 0.05],
      ).concat(beforeTrace),
      byGoroutineGroup: allocRows(
        ["main.worker", "net/http.(*conn).serve", "main.(*Cache).janitor", "runtime.main", "<no goroutine>"],
        [0.55, 0.3, 0.1, 0.04, 0.01],
      ).concat(beforeTrace),
      byTask: allocRows(["handleRequest", "flushCache"], [0.6, 0.08]),
      byRegion: allocRows(["decode", "render <template>", "compress"], [0.3, 0.2, 0.1]),
    },
    lifetimes: {
      byType: TYPES.map((type, k) => ({
        type,
        freed: k === 7 ? 0 : Math.round(200_000 / (k + 1)),
        p50Ns: 30_000 * (k + 1),
        p90Ns: 400_000 * (k + 1),
        p99Ns: 9 * MS * (k + 1),
        maxNs: 270 * MS * (k + 1),
        meanCyclesSurvived: 0.05 * k,
        liveAtEnd: Math.round(last.byType[type]! / SHAPES[k]![0]),
        maxCyclesSurvivedLive: k < 4 ? gcs.length - 1 : 1,
      })),
      histogram: histogram(),
    },
    leakSuspects,
    spanChurn: {
      allocated: 4210,
      freed: 3890,
      allocatedBytes: 4210 * 8192 * 1.6,
      freedBytes: 3890 * 8192 * 1.5,
      bySizeClass: [
        { sizeClass: 2, noscan: true, allocated: 900, freed: 870 },
        { sizeClass: 5, noscan: false, allocated: 1300, freed: 1210 },
        { sizeClass: 67, noscan: true, allocated: 640, freed: 600 },
        { sizeClass: 0, noscan: false, allocated: 820, freed: 790 },
        { sizeClass: -1, noscan: false, allocated: 550, freed: 420 },
      ],
    },
    stackGrowth: {
      allocated: 640,
      freed: 428,
      liveAtEnd: 212,
      liveBytesAtEnd: last.stackBytes,
      peakBytes: last.stackBytes + 64 * KiB,
      allocatedBySize: [
        { bytes: 8 * KiB, count: 480 },
        { bytes: 16 * KiB, count: 110 },
        { bytes: 32 * KiB, count: 38 },
        { bytes: 64 * KiB, count: 12 },
      ],
      largestBytes: 64 * KiB,
    },
    diff: {
      fromNs: gcs[1]?.endNs ?? startNs,
      toNs: endNs,
      byType: TYPES.slice(0, 5).map((type, k) => ({
        type,
        objectsFrom: 1000 * (5 - k),
        bytesFrom: 1000 * (5 - k) * SHAPES[k]![0],
        objectsTo: 1000 * (5 - k) + (k === 2 ? -300 : 4000 / (k + 1)),
        bytesTo: (1000 * (5 - k) + (k === 2 ? -300 : 4000 / (k + 1))) * SHAPES[k]![0],
      })),
    },
    heapAllocNotes: [
      "HeapAlloc counts objects allocated before the trace began; the model does not, so it reads up to 3.1 MiB lower.",
      "Between a GC's mark end and its sweep, HeapAlloc still counts unswept garbage the model has already seen freed.",
    ],
  };
}

/** A report from a trace recorded without GODEBUG=traceallocfree=1: no objects, no timeline, no GC shown. */
export function emptyReport(): HeapReport {
  const r = syntheticReport({ points: 2 });
  return {
    ...r,
    trace: { ...r.trace, allocFreeEvents: 0 },
    info: null,
    limits: ["The trace has no heap alloc/free events: it was not recorded with GODEBUG=traceallocfree=1."],
    topTypes: [],
    liveAtEnd: {
      ...r.liveAtEnd,
      objects: 0,
      bytes: 0,
      byType: [],
      bySizeClass: [],
      spans: [],
      stacks: { count: 0, bytes: 0 },
      fragmentationBytes: 0,
      fragmentation: 0,
    },
    peak: { timeNs: r.trace.startNs, objects: 0, bytes: 0, byType: [] },
    timeline: [],
    gcCycles: [],
    allocation: { objects: 0, bytes: 0, byType: [], byGoroutineGroup: [], byTask: [], byRegion: [] },
    lifetimes: {
      byType: [],
      histogram: {
        bucketUpperNs: r.lifetimes.histogram.bucketUpperNs,
        counts: r.lifetimes.histogram.counts.map(() => 0),
        liveAtEnd: 0,
      },
    },
    leakSuspects: [],
    spanChurn: { allocated: 0, freed: 0, allocatedBytes: 0, freedBytes: 0, bySizeClass: [] },
    stackGrowth: {
      allocated: 0,
      freed: 0,
      liveAtEnd: 0,
      liveBytesAtEnd: 0,
      peakBytes: 0,
      allocatedBySize: [],
      largestBytes: 0,
    },
    diff: null,
    heapAllocNotes: [],
  };
}

function suspect(type: string, cycles: number, start: number, end: number, rand: () => number): LeakSuspect {
  const liveAfterGc = Array.from({ length: cycles }, (_, i) =>
    Math.round(start + ((end - start) * i) / Math.max(1, cycles - 1) + rand() * (end - start) * 0.03),
  );
  const objects = liveAfterGc[liveAfterGc.length - 1] ?? end;
  const survivingBytes = liveAfterGc.map((o) => o * 48);
  const first = survivingBytes[0] ?? 0;
  const last = survivingBytes[survivingBytes.length - 1] ?? 0;
  return {
    type,
    liveAfterGc,
    growingCycles: Math.max(0, cycles - 1),
    liveObjectsAtEnd: objects,
    liveBytesAtEnd: objects * 48,
    gcSeqs: liveAfterGc.map((_, i) => i + 1),
    survivingObjects: liveAfterGc,
    survivingBytes,
    growthBytes: last - first,
    growthObjects: objects - (liveAfterGc[0] ?? 0),
    growthRatio: first > 0 ? last / first : null,
    halfRatio: first > 0 ? last / first : null,
    trend: 0.9,
    slopeBytesPerCycle: Math.round((last - first) / Math.max(1, cycles - 1)),
    byGoroutineGroup: [
      { type: "main.worker", objects: Math.round(objects * 0.7), bytes: Math.round(objects * 0.7) * 48 },
      { type: "net/http.(*conn).serve", objects: Math.round(objects * 0.25), bytes: Math.round(objects * 0.25) * 48 },
      { type: "main.(*Cache).janitor", objects: Math.round(objects * 0.04), bytes: Math.round(objects * 0.04) * 48 },
      { type: "runtime.main", objects: Math.round(objects * 0.01), bytes: Math.round(objects * 0.01) * 48 },
    ],
  };
}

/** 12 buckets 4× apart from 1 µs (the last one open), shaped like a server's: most garbage dies within a millisecond. */
function histogram(): HeapReport["lifetimes"]["histogram"] {
  const bucketUpperNs = Array.from({ length: 12 }, (_, i) => 1000 * 4 ** i);
  const counts = [18_000, 64_000, 131_000, 152_000, 97_000, 41_000, 16_500, 8_200, 3_100, 900, 140, 12];
  return { bucketUpperNs, counts, liveAtEnd: 96_000 };
}

/** Go's small size classes (a subset) with a plausible occupancy; pages per span as in the runtime's table. */
function sizeClassRows(liveBytes: number, rand: () => number): SizeClassRow[] {
  const classes: [number, number, number][] = [
    [1, 8, 1],
    [2, 16, 1],
    [3, 24, 1],
    [4, 32, 1],
    [5, 48, 1],
    [6, 64, 1],
    [7, 80, 1],
    [8, 96, 1],
    [9, 112, 1],
    [10, 128, 1],
    [11, 144, 1],
    [14, 192, 1],
    [16, 224, 1],
    [18, 256, 1],
    [20, 320, 1],
    [22, 384, 1],
    [26, 512, 1],
    [28, 640, 1],
    [31, 896, 2],
    [32, 1024, 1],
    [36, 1536, 3],
    [38, 2048, 1],
    [43, 3072, 3],
    [46, 4096, 1],
    [50, 6144, 3],
    [54, 8192, 1],
    [58, 10240, 5],
    [61, 13568, 5],
    [66, 27264, 10],
    [67, 28672, 7],
  ];
  const weights = classes.map(([cls]) => (cls === 46 ? 8 : cls === 5 ? 4 : cls === 26 ? 3 : 0.3 + rand()));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const rows: SizeClassRow[] = [];
  classes.forEach(([sizeClass, objectSize, pages], i) => {
    const target = (liveBytes * 0.85 * weights[i]!) / wsum;
    const spanSize = pages * 8192;
    const perSpan = Math.floor(spanSize / objectSize);
    const liveObjects = Math.max(1, Math.round(target / objectSize));
    // Fuller for hot classes, emptier for the rest: the gap is the fragmentation the chart shows.
    const fill = 0.55 + 0.4 * rand();
    const spans = Math.max(1, Math.ceil(liveObjects / (perSpan * fill)));
    rows.push({
      sizeClass,
      objectSize,
      noscan: i % 3 === 1,
      spans,
      spanBytes: spans * spanSize,
      slots: spans * perSpan,
      liveObjects,
      liveBytes: liveObjects * objectSize,
    });
  });
  const large = 3;
  rows.push({
    sizeClass: 0,
    objectSize: 0,
    noscan: true,
    spans: large,
    spanBytes: large * 40 * 8192,
    slots: large,
    liveObjects: large,
    liveBytes: large * 38 * 8192,
  });
  return rows;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
