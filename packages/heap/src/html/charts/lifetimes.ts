// Plot 3: how long freed objects lived, in buckets 4× apart from 1 µs, with
// the objects still live at the end as a separate bar (their lifetime is not
// known yet, only that it is at least their age).

import type { HeapReport } from "../../report/types.js";
import { fmtCount, fmtDurationShort, fmtPct } from "../format.js";
import { xAxisBands, yAxis } from "./axes.js";
import { bands, bar } from "./bars.js";
import { linear } from "./scale.js";
import { type Box, chartSvg, emptyChart, px, tag } from "./svg.js";
import { countTicks } from "./units.js";

const W = 1200;
const H = 300;

export function lifetimeChart(report: HeapReport): string {
  const h = report.lifetimes.histogram;
  const freed = h.counts.reduce((a, b) => a + b, 0);
  if (freed === 0 && h.liveAtEnd === 0) {
    return emptyChart(
      "lifetimes",
      report.trace.allocFreeEvents === 0
        ? "No lifetimes: this trace has no heap alloc/free events (GODEBUG=traceallocfree=1)."
        : "No object was allocated in the trace, so there are no lifetimes.",
    );
  }
  const labels = h.counts.map((_, i) => bucketLabel(h.bucketUpperNs, h.counts.length, i));
  labels.push("live at end");
  const values = [...h.counts, h.liveAtEnd];
  // One empty band between the histogram and the live-at-end bar keeps them visibly apart.
  const n = values.length + 1;
  // Wider left margin than the byte charts: count labels ("150,000") are longer.
  const box: Box = { x: 92, y: 22, w: W - 92 - 20, h: H - 22 - 56 };
  const yt = countTicks(Math.max(...values) * 1.08);
  const y = linear(0, yt.max, box.y + box.h, box.y);
  const b = bands(box, n, 0.18);
  const slot = (i: number) => (i < h.counts.length ? i : i + 1);
  const total = freed + h.liveAtEnd;
  let marks = "";
  const centers: number[] = [];
  values.forEach((v, i) => {
    const s = slot(i);
    centers.push(b.center(s));
    const live = i === h.counts.length;
    const tip = live
      ? `${fmtCount(v)} objects still live at the end of the trace`
      : `${fmtCount(v)} freed objects lived ${labels[i]} (${fmtPct(total ? v / total : 0)} of all)`;
    marks += bar(b.x(s), b.width, y(0), y(v), live ? "bar live-end" : "bar lifetime", tip);
    if (v > 0) {
      marks += tag(
        "text",
        { class: "bar-value", x: px(b.center(s)), y: px(y(v) - 4), "text-anchor": "middle" },
        fmtCount(v),
      );
    }
  });
  const body =
    yAxis(box, y, yt.ticks, yt.label, "objects", 72) +
    `<g class="bars">${marks}</g>` +
    xAxisBands(box, centers, labels, "lifetime of freed objects (bucket upper bound, 4× apart)");
  return chartSvg("lifetimes", values.length, W, H, "Lifetime histogram of freed objects", body);
}

/**
 * "1µs", "4µs", … for closed buckets; the last bucket is open and reads
 * "> X" with X the previous bound. Works whether the report lists a bound for
 * the open bucket or not.
 */
function bucketLabel(upper: number[], buckets: number, i: number): string {
  if (i === buckets - 1 && i > 0) return `>${fmtDurationShort(upper[i - 1] ?? 0)}`;
  const u = upper[i];
  return u === undefined ? "?" : fmtDurationShort(u);
}
