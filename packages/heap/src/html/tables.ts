// The report's tables, one function per section of the page. Each takes the
// report's rows as they are and only decides columns and wording.

import {
  type AllocRow,
  BEFORE_TRACE_KEY,
  type GcCycle,
  type HeapReport,
  type LeakSuspect,
  type LifetimeRow,
  type TypeBytes,
} from "../report/types.js";
import { sparkline } from "./charts/sparkline.js";
import { typeColor } from "./charts/palette.js";
import { esc, fmtBytes, fmtCount, fmtDuration, fmtPct } from "./format.js";
import { barCell, code, table } from "./table.js";

/** Live objects and bytes per type, with each type's share of `totalBytes`; top types keep their chart colour. */
export function typesTable(rows: TypeBytes[], totalBytes: number, topTypes: string[], empty: string): string {
  return table(
    rows,
    [
      { head: "type", cell: (r) => code(r.type) },
      { head: "objects", num: true, cell: (r) => fmtCount(r.objects) },
      {
        head: "bytes",
        num: true,
        cell: (r) => {
          const k = topTypes.indexOf(r.type);
          return barCell(
            fmtBytes(r.bytes),
            totalBytes > 0 ? r.bytes / totalBytes : 0,
            k >= 0 ? typeColor(k) : undefined,
          );
        },
      },
      { head: "share", num: true, cell: (r) => (totalBytes > 0 ? fmtPct(r.bytes / totalBytes) : "–") },
    ],
    { empty, limit: 12 },
  );
}

const ROWS_SHOWN = 10;

/**
 * Allocation totals over the whole trace per type, goroutine group, task or
 * region. The `<before the trace>` row (objects live since before the trace,
 * which allocated nothing in it) is kept among the rows shown, so that the
 * live columns visibly add up, with dashes for what it did not allocate.
 */
export function allocTable(rows: AllocRow[], keyHead: string, totalBytes: number, empty: string): string {
  const before = rows.filter((r) => r.key === BEFORE_TRACE_KEY);
  const others = rows.filter((r) => r.key !== BEFORE_TRACE_KEY);
  const ordered = [
    ...others.slice(0, ROWS_SHOWN - before.length),
    ...before,
    ...others.slice(ROWS_SHOWN - before.length),
  ];
  const allocated = (r: AllocRow, text: string) =>
    r.key === BEFORE_TRACE_KEY ? `<span class="muted" title="allocated before the trace began">–</span>` : text;
  return table(
    ordered,
    [
      { head: keyHead, cell: (r) => code(r.key) },
      { head: "objects", num: true, cell: (r) => allocated(r, fmtCount(r.objects)) },
      {
        head: "bytes",
        num: true,
        cell: (r) => allocated(r, barCell(fmtBytes(r.bytes), totalBytes > 0 ? r.bytes / totalBytes : 0)),
      },
      {
        head: "rate",
        num: true,
        hint: "bytes allocated per second of trace time",
        cell: (r) => allocated(r, `${fmtBytes(r.bytesPerSecond)}/s`),
      },
      {
        head: "live objects",
        num: true,
        hint: "of those, still live at the end (the column adds up to everything live at the end)",
        cell: (r) => fmtCount(r.liveObjects),
      },
      { head: "live bytes", num: true, cell: (r) => fmtBytes(r.liveBytes) },
      { head: "still live", num: true, cell: (r) => (r.bytes > 0 ? fmtPct(r.liveBytes / r.bytes) : "–") },
    ],
    { empty, limit: ROWS_SHOWN },
  );
}

export function lifetimesTable(rows: LifetimeRow[]): string {
  return table(
    rows,
    [
      { head: "type", cell: (r) => code(r.type) },
      {
        head: "freed",
        num: true,
        hint: "objects allocated and freed inside the trace",
        cell: (r) => fmtCount(r.freed),
      },
      { head: "p50", num: true, cell: (r) => dur(r.freed, r.p50Ns) },
      { head: "p90", num: true, cell: (r) => dur(r.freed, r.p90Ns) },
      { head: "p99", num: true, cell: (r) => dur(r.freed, r.p99Ns) },
      { head: "max", num: true, cell: (r) => dur(r.freed, r.maxNs) },
      {
        head: "GCs survived",
        num: true,
        hint: "mean GC cycles a freed object survived",
        cell: (r) => r.meanCyclesSurvived.toFixed(2),
      },
      { head: "live at end", num: true, cell: (r) => fmtCount(r.liveAtEnd) },
      {
        head: "oldest live survived",
        num: true,
        hint: "GC cycles the oldest object still live at the end survived",
        cell: (r) => (r.liveAtEnd > 0 ? `${fmtCount(r.maxCyclesSurvivedLive)} GCs` : "–"),
      },
    ],
    { empty: "No lifetimes: no object of any type was both allocated and freed in the trace.", limit: 12 },
  );
}

function dur(freed: number, ns: number): string {
  return freed > 0 ? fmtDuration(ns) : "–";
}

export function leakTable(rows: LeakSuspect[]): string {
  return table(
    rows,
    [
      { head: "type", cell: (r) => code(r.type) },
      {
        head: "found live by each GC",
        hint: "bytes of the type each GC cycle found live (not freed by its sweep)",
        cell: (r) => sparkline(r.survivingBytes),
      },
      {
        head: "grew by",
        num: true,
        hint: "from the first GC cycle of the trace to the last",
        cell: (r) =>
          `${fmtBytes(r.growthBytes)}${r.growthRatio !== null ? ` <span class="muted">(×${r.growthRatio.toFixed(1)})</span>` : ""}`,
      },
      {
        head: "per GC",
        num: true,
        hint: "median growth per GC cycle (Theil–Sen slope)",
        cell: (r) => fmtBytes(r.slopeBytesPerCycle),
      },
      {
        head: "trend",
        num: true,
        hint: "Kendall's tau over the GC cycles: 1 when every later cycle found more than every earlier one",
        cell: (r) => r.trend.toFixed(2),
      },
      { head: "live objects", num: true, cell: (r) => fmtCount(r.liveObjectsAtEnd) },
      { head: "live bytes", num: true, cell: (r) => fmtBytes(r.liveBytesAtEnd) },
      {
        head: "allocated by (goroutine group)",
        cell: (r) =>
          r.byGoroutineGroup.length === 0
            ? `<span class="muted">unknown</span>`
            : `<ul class="groups">${r.byGoroutineGroup
                .slice(0, 3)
                .map(
                  (g) =>
                    `<li>${code(g.type)} <span class="muted">${fmtCount(g.objects)} obj, ${fmtBytes(g.bytes)}</span></li>`,
                )
                .join(
                  "",
                )}${r.byGoroutineGroup.length > 3 ? `<li class="muted">+${r.byGoroutineGroup.length - 3} more</li>` : ""}</ul>`,
      },
    ],
    {
      empty: "No leak suspects: no type's bytes found live by the GC kept growing across GC cycles.",
      limit: 10,
    },
  );
}

export function gcTable(cycles: GcCycle[], startNs: number): string {
  return table(
    cycles,
    [
      { head: "GC", num: true, cell: (c) => String(c.seq) },
      { head: "began at", num: true, cell: (c) => fmtDuration(c.beginNs - startNs) },
      {
        head: "mark",
        num: true,
        cell: (c) => (c.endNs === null ? `<span class="muted">unfinished</span>` : fmtDuration(c.endNs - c.beginNs)),
      },
      { head: "live at begin", num: true, cell: (c) => fmtBytes(c.liveBytesAtBegin) },
      { head: "live at end", num: true, cell: (c) => opt(c.liveBytesAtEnd) },
      {
        head: "runtime HeapAlloc",
        num: true,
        hint: "what the runtime reported at the end of the mark phase",
        cell: (c) => opt(c.heapAllocAtEnd),
      },
      {
        head: "swept",
        num: true,
        cell: (c) => `${fmtBytes(c.sweptBytes)} <span class="muted">(${fmtCount(c.sweptObjects)})</span>`,
      },
      {
        head: "sweep took",
        num: true,
        hint: "from the mark's end to the last object the sweep freed",
        cell: (c) =>
          c.sweepEndNs === null || c.endNs === null
            ? `<span class="muted">–</span>`
            : fmtDuration(c.sweepEndNs - c.endNs),
      },
      {
        head: "survived",
        num: true,
        hint: "live at mark end minus what the sweep freed",
        cell: (c) => opt(c.survivingBytes),
      },
    ],
    { empty: "No GC cycle began during the trace.", limit: 12 },
  );
}

function opt(n: number | null): string {
  return n === null ? `<span class="muted">–</span>` : fmtBytes(n);
}

export function sizeClassTable(report: HeapReport): string {
  const rows = report.liveAtEnd.bySizeClass.filter((r) => r.spans > 0 || r.liveObjects > 0);
  return table(
    rows,
    [
      { head: "class", num: true, cell: (r) => (r.sizeClass === -1 ? "–" : String(r.sizeClass)) },
      {
        head: "object size",
        num: true,
        cell: (r) =>
          r.sizeClass === 0
            ? "large"
            : r.sizeClass === -1
              ? `<span class="muted" title="objects in spans the trace never showed; sizes estimated">unseen spans</span>`
              : fmtBytes(r.objectSize),
      },
      { head: "noscan", cell: (r) => (r.noscan ? "yes" : "no") },
      { head: "spans", num: true, cell: (r) => fmtCount(r.spans) },
      { head: "span bytes", num: true, cell: (r) => fmtBytes(r.spanBytes) },
      { head: "slots used", num: true, cell: (r) => `${fmtCount(r.liveObjects)} / ${fmtCount(r.slots)}` },
      {
        head: "live bytes",
        num: true,
        cell: (r) => barCell(fmtBytes(r.liveBytes), r.spanBytes > 0 ? r.liveBytes / r.spanBytes : 0),
      },
      { head: "unused", num: true, cell: (r) => fmtBytes(Math.max(0, r.spanBytes - r.liveBytes)) },
    ],
    { empty: "No heap spans in use at the end of the trace.", limit: 1000 },
  );
}

export function spanKindsTable(report: HeapReport): string {
  return table(
    report.liveAtEnd.spans,
    [
      { head: "kind", cell: (r) => (r.kind === "heap" ? "heap spans" : "other (stacks, runtime structures)") },
      { head: "spans", num: true, cell: (r) => fmtCount(r.spans) },
      { head: "pages", num: true, cell: (r) => fmtCount(r.pages) },
      { head: "bytes", num: true, cell: (r) => fmtBytes(r.bytes) },
    ],
    { empty: "No spans in use at the end of the trace.", narrow: true },
  );
}

export function spanChurnTable(report: HeapReport): string {
  const rows = [...report.spanChurn.bySizeClass].sort((a, b) => b.allocated + b.freed - (a.allocated + a.freed));
  return table(
    rows,
    [
      { head: "size class", num: true, cell: (r) => (r.sizeClass === -1 ? "non-heap" : String(r.sizeClass)) },
      { head: "noscan", cell: (r) => (r.sizeClass === -1 ? "" : r.noscan ? "yes" : "no") },
      { head: "spans allocated", num: true, cell: (r) => fmtCount(r.allocated) },
      { head: "spans freed", num: true, cell: (r) => fmtCount(r.freed) },
      { head: "net", num: true, cell: (r) => signed(r.allocated - r.freed) },
    ],
    { empty: "No span was allocated or freed during the trace.", limit: 10, narrow: true },
  );
}

export function stackSizesTable(report: HeapReport): string {
  return table(
    report.stackGrowth.allocatedBySize,
    [
      { head: "stack size", num: true, cell: (r) => fmtBytes(r.bytes) },
      { head: "stacks allocated", num: true, cell: (r) => fmtCount(r.count) },
    ],
    { empty: "No goroutine stack was allocated during the trace.", narrow: true },
  );
}

export function diffTable(report: HeapReport): string {
  const d = report.diff;
  if (d === null) return "";
  return table(
    d.byType,
    [
      { head: "type", cell: (r) => code(r.type) },
      { head: "objects before", num: true, cell: (r) => fmtCount(r.objectsFrom) },
      { head: "objects after", num: true, cell: (r) => fmtCount(r.objectsTo) },
      { head: "Δ objects", num: true, cell: (r) => signed(r.objectsTo - r.objectsFrom) },
      { head: "bytes before", num: true, cell: (r) => fmtBytes(r.bytesFrom) },
      { head: "bytes after", num: true, cell: (r) => fmtBytes(r.bytesTo) },
      { head: "Δ bytes", num: true, cell: (r) => signedBytes(r.bytesTo - r.bytesFrom) },
    ],
    { empty: "No type's live heap changed between the two times.", limit: 15 },
  );
}

function signed(n: number): string {
  const cls = n > 0 ? "up" : n < 0 ? "down" : "";
  return `<span class="${cls}">${n > 0 ? "+" : n < 0 ? "−" : ""}${fmtCount(Math.abs(n))}</span>`;
}

function signedBytes(n: number): string {
  const cls = n > 0 ? "up" : n < 0 ? "down" : "";
  return `<span class="${cls}">${n > 0 ? "+" : n < 0 ? "−" : ""}${esc(fmtBytes(Math.abs(n)))}</span>`;
}
