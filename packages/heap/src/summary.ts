// The readable summary `gotrace heap FILE` prints.
import { type AllocRow, BEFORE_TRACE_KEY, type HeapReport, type TypeBytes } from "./report/types.js";

export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

export function formatDuration(ns: number): string {
  if (ns < 1e3) return `${ns} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function typeTable(rows: readonly TypeBytes[], n: number): string[] {
  return table(
    ["type", "objects", "bytes"],
    rows.slice(0, n).map((r) => [r.type, String(r.objects), formatBytes(r.bytes)]),
  );
}

/** The first n rows, the `<before the trace>` row among them (so the live columns can be seen to add up). */
function firstRows(rows: readonly AllocRow[], n: number): AllocRow[] {
  const before = rows.filter((r) => r.key === BEFORE_TRACE_KEY);
  return [...rows.filter((r) => r.key !== BEFORE_TRACE_KEY).slice(0, n - before.length), ...before];
}

function allocTable(title: string, rows: readonly AllocRow[], n: number): string[] {
  return table(
    [title, "objects", "bytes", "rate", "live objects", "live bytes"],
    firstRows(rows, n).map((r) => [
      r.key,
      String(r.objects),
      formatBytes(r.bytes),
      `${formatBytes(r.bytesPerSecond)}/s`,
      String(r.liveObjects),
      formatBytes(r.liveBytes),
    ]),
  );
}

/** A few screens of plain text: what is live, what allocates, what lives long, what may leak. */
export function formatSummary(r: HeapReport, top = 10): string {
  const out: string[] = [];
  const span = r.trace.endNs - r.trace.startNs;
  out.push(
    `Heap of a ${formatDuration(span)} trace (format version ${r.trace.version}, ${r.trace.generations} generation${r.trace.generations === 1 ? "" : "s"}, ${r.trace.events} events, ${r.trace.allocFreeEvents} alloc/free events)`,
  );
  for (const l of r.limits) out.push(`note: ${l}`);
  if (r.trace.allocFreeEvents === 0) return `${out.join("\n")}\n`;
  const e = r.liveAtEnd;
  out.push("");
  out.push(
    `Live at end: ${e.objects} objects, ${formatBytes(e.bytes)} in ${formatBytes(e.spans[0]?.bytes ?? 0)} of heap spans (fragmentation ${(e.fragmentation * 100).toFixed(1)}%); ${e.stacks.count} goroutine stacks, ${formatBytes(e.stacks.bytes)}`,
  );
  out.push(
    `Peak: ${formatBytes(r.peak.bytes)} in ${r.peak.objects} objects at +${formatDuration(r.peak.timeNs - r.trace.startNs)}`,
  );
  out.push(
    `Allocated: ${r.allocation.objects} objects, ${formatBytes(r.allocation.bytes)}; GC cycles: ${r.gcCycles.length}`,
  );
  out.push("", "Top types live at end:", ...typeTable(e.byType, top));
  out.push("", "Top types live at the peak:", ...typeTable(r.peak.byType, top));
  out.push("", "Allocation by type:", ...allocTable("type", r.allocation.byType, top));
  out.push("", "Allocation by goroutine group:", ...allocTable("start function", r.allocation.byGoroutineGroup, top));
  const inTasks = (rows: readonly AllocRow[]) => rows.some((t) => t.key !== "<no task>" && t.key !== BEFORE_TRACE_KEY);
  if (inTasks(r.allocation.byTask)) {
    out.push("", "Allocation by task:", ...allocTable("task", r.allocation.byTask, top));
    out.push("", "Allocation by region:", ...allocTable("region", r.allocation.byRegion, top));
  }
  out.push(
    "",
    "Lifetimes (freed objects):",
    ...table(
      ["type", "freed", "p50", "p90", "max", "GCs survived", "live at end"],
      r.lifetimes.byType
        .slice(0, top)
        .map((l) => [
          l.type,
          String(l.freed),
          formatDuration(l.p50Ns),
          formatDuration(l.p90Ns),
          formatDuration(l.maxNs),
          l.meanCyclesSurvived.toFixed(2),
          String(l.liveAtEnd),
        ]),
    ),
  );
  out.push("");
  if (r.leakSuspects.length === 0) out.push("Leak suspects: none (no type's bytes found live by the GC kept growing).");
  else {
    out.push(
      "Leak suspects (bytes found live by each GC cycle kept growing; largest growth first):",
      ...table(
        ["type", "grew by", "per GC", "trend", "live objects", "live bytes", "mostly from"],
        r.leakSuspects
          .slice(0, top)
          .map((s) => [
            s.type,
            `${formatBytes(s.growthBytes)}${s.growthRatio !== null ? ` (x${s.growthRatio.toFixed(1)})` : ""}`,
            formatBytes(s.slopeBytesPerCycle),
            s.trend.toFixed(2),
            String(s.liveObjectsAtEnd),
            formatBytes(s.liveBytesAtEnd),
            s.byGoroutineGroup[0]?.type ?? "",
          ]),
      ),
    );
  }
  const c = r.spanChurn;
  const g = r.stackGrowth;
  out.push(
    "",
    `Spans: ${c.allocated} allocated (${formatBytes(c.allocatedBytes)}), ${c.freed} freed (${formatBytes(c.freedBytes)})`,
    `Stacks: ${g.allocated} allocated, ${g.freed} freed, largest ${formatBytes(g.largestBytes)}, peak ${formatBytes(g.peakBytes)} in all`,
  );
  if (r.diff !== null) {
    out.push(
      "",
      `Diff from +${formatDuration(r.diff.fromNs - r.trace.startNs)} to +${formatDuration(r.diff.toNs - r.trace.startNs)}:`,
      ...table(
        ["type", "objects", "bytes"],
        r.diff.byType
          .slice(0, top)
          .map((d) => [
            d.type,
            signed(d.objectsTo - d.objectsFrom),
            `${d.bytesTo >= d.bytesFrom ? "+" : "-"}${formatBytes(Math.abs(d.bytesTo - d.bytesFrom))}`,
          ]),
      ),
    );
  }
  out.push("", "HeapAlloc:", ...r.heapAllocNotes.map((n) => `  ${n}`));
  return `${out.join("\n")}\n`;
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}
