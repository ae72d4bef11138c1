// Assembles the HeapReport from a finished analyzer.
import type { HeapAnalyzer, TypeSnapshot } from "../model/heap-model.js";
import type { HeapDiff, HeapReport } from "./types.js";
import { tableLabel } from "../model/size-classes.js";
import { scanLiveObjects } from "./end-scan.js";
import { leakSuspects } from "./leaks.js";
import { explainHeapAlloc, limitsOf } from "./notes.js";
import { writerLimits } from "./writer-notes.js";
import {
  allocation,
  gcCycles,
  lifetimes,
  sizeClassRows,
  spanChurn,
  stackGrowth,
  topTypes,
  typeRows,
} from "./sections.js";
import { type PackedTimeline, packTimeline, unpackTimeline } from "./timeline.js";

export interface ReportMeta {
  /** Trace format version from the header. */
  version: number;
  /** How many types the timeline follows (default 8). */
  topTypeCount?: number | undefined;
  /** Whether the trace broke before its end (the reader's error), so its last generation is cut. */
  broken?: boolean | undefined;
}

/** The report with its timeline still packed (`report.timeline` is empty until joinReport). */
export interface ReportParts {
  report: HeapReport;
  timeline: PackedTimeline;
}

export function buildReport(a: HeapAnalyzer, meta: ReportMeta): HeapReport {
  return joinReport(buildReportParts(a, meta));
}

/** Puts the unpacked timeline in its place in the report. */
export function joinReport(parts: ReportParts): HeapReport {
  parts.report.timeline = unpackTimeline(parts.timeline);
  return parts.report;
}

export function buildReportParts(a: HeapAnalyzer, meta: ReportMeta): ReportParts {
  const scan = scanLiveObjects(a);
  const endRows = typeRows(a, a.counters.liveObjects, a.counters.liveBytes);
  const atPeak = a.counters.atPeak();
  const peakRows = typeRows(a, atPeak.objects, atPeak.bytes);
  const top = topTypes(endRows, peakRows, meta.topTypeCount ?? 8);
  const page = a.layout.pageSize;
  const heapSpanBytes = a.spans.heapPages * page;
  const cycles = gcCycles(a);
  const empty = a.events === 0;
  const report: HeapReport = {
    schema: "gotrace.heap/v1",
    trace: {
      version: meta.version,
      startNs: empty ? 0 : a.startNs,
      endNs: empty ? 0 : a.endNs,
      generations: a.generationsRead(meta.broken === true),
      events: a.events,
      allocFreeEvents: a.allocFreeEvents,
    },
    info:
      a.sawInfo && a.layout.minPageHeapAddr !== null
        ? {
            minPageHeapAddr: `0x${a.layout.minPageHeapAddr.toString(16)}`,
            pageSize: a.layout.pageSize,
            minHeapAlign: a.layout.minHeapAlign,
            fixedStack: a.layout.fixedStack,
          }
        : null,
    sizeClassTable: tableLabel(a.sizeClasses),
    limits: [...limitsOf(a, a.generationsRead(meta.broken === true)), ...writerLimits(a, meta.version, scan)],
    topTypes: top,
    liveAtEnd: {
      timeNs: empty ? 0 : a.endNs,
      objects: a.liveObjects,
      bytes: a.liveBytes,
      byType: endRows,
      bySizeClass: sizeClassRows(a, scan),
      spans: [
        { kind: "heap", spans: a.spans.size - a.spans.nonHeap.spans, pages: a.spans.heapPages, bytes: heapSpanBytes },
        {
          kind: "other",
          spans: a.spans.nonHeap.spans,
          pages: a.spans.nonHeap.pages,
          bytes: a.spans.nonHeap.pages * page,
        },
      ],
      stacks: { count: a.stacks.size, bytes: a.stackBytes },
      fragmentationBytes: Math.max(0, heapSpanBytes - a.liveBytes),
      fragmentation: heapSpanBytes > 0 ? Math.max(0, heapSpanBytes - a.liveBytes) / heapSpanBytes : 0,
    },
    peak: {
      timeNs: Number.isNaN(a.peakNs) ? 0 : a.peakNs,
      objects: a.peakObjects,
      bytes: a.peakBytes,
      byType: peakRows,
    },
    // Filled by joinReport; the key stays here, so the JSON's order does not change.
    timeline: [],
    gcCycles: cycles,
    allocation: allocation(a, scan),
    lifetimes: lifetimes(a, scan),
    leakSuspects: leakSuspects(a, scan),
    spanChurn: spanChurn(a),
    stackGrowth: stackGrowth(a),
    diff: a.diffFrom !== null && a.diffTo !== null ? diffOf(a, a.diffFrom, a.diffTo) : null,
    heapAllocNotes: explainHeapAlloc(a, cycles),
  };
  return { report, timeline: packTimeline(a, top) };
}

function diffOf(a: HeapAnalyzer, from: TypeSnapshot, to: TypeSnapshot): HeapDiff {
  const rows: HeapDiff["byType"] = [];
  for (let k = 0; k < a.types.names.length; k++) {
    const objectsFrom = from.objects[k] ?? 0;
    const objectsTo = to.objects[k] ?? 0;
    const bytesFrom = from.bytes[k] ?? 0;
    const bytesTo = to.bytes[k] ?? 0;
    if (objectsFrom === 0 && objectsTo === 0) continue;
    if (objectsFrom === objectsTo && bytesFrom === bytesTo) continue;
    rows.push({ type: a.types.names[k] as string, objectsFrom, bytesFrom, objectsTo, bytesTo });
  }
  rows.sort((x, y) => y.bytesTo - y.bytesFrom - (x.bytesTo - x.bytesFrom) || (x.type < y.type ? -1 : 1));
  return { fromNs: from.timeNs, toNs: to.timeNs, byType: rows };
}
