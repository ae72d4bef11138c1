// Plot 2: size-class occupancy at the end of the trace. For each size class
// in use, the bytes of its spans (light) with the live bytes inside them
// (dark) on top: the gap between the two is fragmentation, and where it sits
// says which object sizes cause it.

import type { HeapReport, SizeClassRow } from "../../report/types.js";
import { fmtBytes, fmtCount, fmtPct } from "../format.js";
import { yAxis, xAxisBands } from "./axes.js";
import { bands, bar } from "./bars.js";
import { linear, log, type Scale } from "./scale.js";
import { type Box, chartSvg, emptyChart } from "./svg.js";
import { byteTicks, logByteTicks, type Ticks } from "./units.js";

const W = 1200;
const H = 340;

export function sizeClassChart(report: HeapReport): string {
  // Class -1 (objects in spans the trace never showed) has no slot size or span to draw.
  const rows = report.liveAtEnd.bySizeClass
    .filter((r) => r.sizeClass >= 0 && (r.spans > 0 || r.liveObjects > 0))
    .sort((a, b) => a.sizeClass - b.sizeClass || Number(a.noscan) - Number(b.noscan));
  if (rows.length === 0) {
    return emptyChart(
      "size-classes",
      report.trace.allocFreeEvents === 0
        ? "No size-class occupancy: this trace has no heap alloc/free events (GODEBUG=traceallocfree=1)."
        : "No heap spans were in use at the end of the trace.",
    );
  }
  const box: Box = { x: 78, y: 12, w: W - 78 - 20, h: H - 12 - 78 };
  const { y, yt, logScale } = yScale(rows, box);
  const b = bands(box, rows.length, 0.25);
  const base = box.y + box.h;
  let marks = "";
  rows.forEach((r, i) => {
    const tip = tooltip(r);
    marks += bar(b.x(i), b.width, base, y(r.spanBytes), "bar span-bytes", tip, { "data-class": r.sizeClass });
    marks += bar(b.x(i), b.width, base, y(r.liveBytes), r.noscan ? "bar live noscan" : "bar live scan", tip);
  });
  const labels = rows.map((r) => (r.sizeClass === 0 ? "large" : shortBytes(r.objectSize)));
  // About 70 labels fit the width rotated; thin beyond that.
  const every = Math.ceil(rows.length / 70);
  const body =
    yAxis(box, y, yt.ticks, yt.label, logScale ? "bytes (log scale)" : `bytes (${yt.unit})`) +
    `<g class="bars">${marks}</g>` +
    xAxisBands(
      box,
      rows.map((_, i) => b.center(i)),
      labels,
      "object size of the size class (slot bytes)",
      {
        rotate: true,
        every,
        titleOffset: 72,
      },
    );
  const legend =
    `<div class="legend">` +
    `<span class="legend-item"><span class="swatch span-bytes"></span>span bytes (in-use spans of the class)</span>` +
    `<span class="legend-item"><span class="swatch live scan"></span>live bytes, pointerful spans</span>` +
    `<span class="legend-item"><span class="swatch live noscan"></span>live bytes, pointer-free (noscan) spans</span>` +
    `</div>`;
  const note = logScale
    ? `<p class="chart-note">Log scale: a few classes hold most of the bytes. The gap between a class's two bars is then its fill ratio; hover a bar for exact numbers.</p>`
    : "";
  return (
    chartSvg("size-classes", rows.length, W, H, "Size-class occupancy at the end of the trace", body) + legend + note
  );
}

/**
 * Linear bytes, unless one class dwarfs the typical one (a few large objects
 * next to many small classes is common): then a log scale, so every class stays
 * visible and the live/span gap reads as a ratio.
 */
function yScale(rows: SizeClassRow[], box: Box): { y: Scale; yt: Ticks; logScale: boolean } {
  const sizes = rows
    .map((r) => r.spanBytes)
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  const max = Math.max(...rows.map((r) => Math.max(r.spanBytes, r.liveBytes)));
  const median = sizes[Math.floor(sizes.length / 2)] ?? max;
  if (sizes.length >= 4 && max >= 16 * median) {
    // Down to the smallest live amount, so a class with a handful of objects in a whole span still shows a bar.
    const live = rows.map((r) => r.liveBytes).filter((v) => v > 0);
    const yt = logByteTicks(Math.max(16, Math.min(...sizes, ...live) / 2), max);
    return { y: log(yt.min, yt.max, box.y + box.h, box.y), yt, logScale: true };
  }
  const yt = byteTicks(max * 1.03);
  return { y: linear(0, yt.max, box.y + box.h, box.y), yt, logScale: false };
}

function tooltip(r: SizeClassRow): string {
  const name = r.sizeClass === 0 ? "class 0 (large objects)" : `class ${r.sizeClass} (${fmtBytes(r.objectSize)} slots)`;
  const used = r.spanBytes > 0 ? fmtPct(r.liveBytes / r.spanBytes) : "–";
  return (
    `${name}${r.noscan ? ", noscan" : ""}: ${fmtCount(r.spans)} spans, ${fmtBytes(r.spanBytes)} span bytes, ` +
    `${fmtBytes(r.liveBytes)} live (${used}), ${fmtCount(r.liveObjects)} of ${fmtCount(r.slots)} slots`
  );
}

/** "8", "512", "1K", "32K": short enough for a rotated tick label. */
function shortBytes(n: number): string {
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}K`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)}K`;
  return String(n);
}
