// Plot 1: live heap over time. The top types as stacked areas (the rest as
// "other types", so the stack's top is the model's live bytes), the span bytes
// the objects sit in, the runtime's own HeapAlloc and GC goal as step lines,
// and each GC cycle's mark phase as a shaded band.

import type { HeapReport, TimelinePoint } from "../../report/types.js";
import { esc, fmtBytes, fmtDuration } from "../format.js";
import { xAxis, yAxis } from "./axes.js";
import { areaPath, linePath, stepPath } from "./line.js";
import { OTHER_COLOR, typeColor } from "./palette.js";
import { linear } from "./scale.js";
import { type Box, chartSvg, emptyChart, px, tag, title } from "./svg.js";
import { byteTicks, timeTicks } from "./units.js";

const W = 1200;
const H = 430;
/** More points than this are thinned: beyond ~1 per pixel column they add bytes, not detail. */
const MAX_POINTS = 1200;

export interface TimelineData {
  /** Plot area in viewBox units, for the hover script to map mouse x to time. */
  box: Box;
  width: number;
  t0: number;
  t1: number;
  t: number[];
  live: number[];
  objects: number[];
  span: number[];
  stack: number[];
  alloc: (number | null)[];
  goal: (number | null)[];
  gc: number[];
  types: string[];
  /** Each top type's colour, so the readout matches the areas. */
  colors: string[];
  byType: number[][];
}

export interface TimelineChart {
  html: string;
  /** What the hover script reads; null when there is no chart. */
  data: TimelineData | null;
}

export function timelineChart(report: HeapReport): TimelineChart {
  const all = report.timeline;
  if (all.length === 0) {
    const why =
      report.trace.allocFreeEvents === 0
        ? "No live-heap timeline: this trace has no heap alloc/free events. Record it with GODEBUG=traceallocfree=1 to see the heap over time."
        : "No live-heap timeline: the analysis produced no samples.";
    return { html: emptyChart("timeline", why), data: null };
  }
  const pts = thin(all, MAX_POINTS);
  let t0 = report.trace.startNs;
  let t1 = report.trace.endNs;
  if (!(t1 > t0)) {
    t0 = pts[0]!.timeNs;
    t1 = Math.max(pts[pts.length - 1]!.timeNs, t0 + 1);
  }
  const box: Box = { x: 78, y: 14, w: W - 78 - 20, h: H - 14 - 56 };
  const types = report.topTypes;
  let maxY = 0;
  for (const p of pts) maxY = Math.max(maxY, p.liveBytes, p.heapSpanBytes, p.heapAlloc ?? 0, p.heapGoal ?? 0);
  const yt = byteTicks(maxY * 1.03);
  const xt = timeTicks(t1 - t0);
  const x = linear(t0, t1, box.x, box.x + box.w);
  const y = linear(0, yt.max, box.y + box.h, box.y);
  const xs = pts.map((p) => x(p.timeNs));

  let body = `<defs><clipPath id="timeline-clip"><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}"/></clipPath></defs>`;
  body += yAxis(box, y, yt.ticks, yt.label, `bytes (${yt.unit})`);
  body += `<g clip-path="url(#timeline-clip)">`;
  body += gcBands(report, x, box, t1);

  // Stacked areas, largest type at the bottom so it reads as the heap's floor.
  const cum = pts.map(() => 0);
  let areas = "";
  types.forEach((name, k) => {
    const lower = cum.map((c) => y(c));
    pts.forEach((p, i) => {
      cum[i]! += p.byType[name] ?? 0;
    });
    const upper = cum.map((c) => y(c));
    areas += tag(
      "path",
      { class: "area", "data-series": `type-${k}`, fill: typeColor(k), d: areaPath(xs, lower, upper) },
      title(name),
    );
  });
  const otherLower = cum.map((c) => y(c));
  const otherUpper = pts.map((p, i) => y(Math.max(cum[i]!, p.liveBytes)));
  areas += tag(
    "path",
    { class: "area", "data-series": "other", fill: OTHER_COLOR, d: areaPath(xs, otherLower, otherUpper) },
    title("other types"),
  );
  body += `<g class="areas">${areas}</g>`;

  const xEnd = x(t1);
  body += line(
    "span",
    "line span",
    linePath(
      xs,
      pts.map((p) => y(p.heapSpanBytes)),
    ),
    "in-use heap span bytes",
  );
  if (pts.some((p) => p.heapGoal !== null)) {
    body += line(
      "heapGoal",
      "line goal",
      stepPath(
        xs,
        pts.map((p) => nullable(p.heapGoal, y)),
        xEnd,
      ),
      "runtime GC goal (HeapGoal)",
    );
  }
  if (pts.some((p) => p.heapAlloc !== null)) {
    body += line(
      "heapAlloc",
      "line alloc",
      stepPath(
        xs,
        pts.map((p) => nullable(p.heapAlloc, y)),
        xEnd,
      ),
      "runtime HeapAlloc",
    );
  }
  body += line(
    "live",
    "line live",
    linePath(
      xs,
      pts.map((p) => y(p.liveBytes)),
    ),
    "live bytes (trace model)",
  );
  body += `</g>`;
  body += xAxis(
    box,
    linear(0, t1 - t0, box.x, box.x + box.w),
    xt.ticks,
    xt.label,
    `time since trace start (${xt.unit})`,
  );
  // Moved by the hover script; hidden until then, so the static chart is clean.
  body += tag("line", { class: "cursor", x1: 0, x2: 0, y1: box.y, y2: box.y + box.h, visibility: "hidden" });

  const svg = chartSvg("timeline", pts.length, W, H, "Live heap over time", body);
  const html = `<div class="chart-wrap" data-hover="timeline">${svg}<div class="tooltip" hidden></div></div>${legend(report, pts)}`;
  const data: TimelineData = {
    box,
    width: W,
    t0,
    t1,
    t: pts.map((p) => p.timeNs),
    live: pts.map((p) => p.liveBytes),
    objects: pts.map((p) => p.liveObjects),
    span: pts.map((p) => p.heapSpanBytes),
    stack: pts.map((p) => p.stackBytes),
    alloc: pts.map((p) => p.heapAlloc),
    goal: pts.map((p) => p.heapGoal),
    gc: pts.map((p) => p.gcCycles),
    types,
    colors: types.map((_, k) => typeColor(k)),
    byType: types.map((name) => pts.map((p) => p.byType[name] ?? 0)),
  };
  return { html, data };
}

function line(series: string, cls: string, d: string, label: string): string {
  return tag("path", { class: cls, "data-series": series, d }, title(label));
}

function nullable(v: number | null, f: (v: number) => number): number | null {
  return v === null ? null : f(v);
}

/** Mark phases as bands; a cycle the trace cut off runs to the trace's end. */
function gcBands(report: HeapReport, x: (v: number) => number, box: Box, t1: number): string {
  let out = "";
  for (const c of report.gcCycles) {
    const end = c.endNs ?? t1;
    const x0 = x(c.beginNs);
    // At least 1.5 px so a sub-millisecond mark phase in a long trace still shows.
    const w = Math.max(1.5, x(end) - x0);
    const tip =
      `GC ${c.seq}: mark ${c.endNs === null ? "not finished in trace" : fmtDuration(c.endNs - c.beginNs)}` +
      `, live ${fmtBytes(c.liveBytesAtBegin)} → ${c.liveBytesAtEnd === null ? "?" : fmtBytes(c.liveBytesAtEnd)}` +
      `, swept ${fmtBytes(c.sweptBytes)}` +
      (c.survivingBytes === null ? "" : `, survived ${fmtBytes(c.survivingBytes)}`);
    out += tag(
      "rect",
      { class: "gc", "data-series": "gc", x: px(x0), y: box.y, width: px(w), height: box.h },
      title(tip),
    );
  }
  return `<g class="gc-bands">${out}</g>`;
}

/** Keeps one point per bucket, the one with the most live bytes, so thinning never hides a peak. */
function thin(pts: TimelinePoint[], max: number): TimelinePoint[] {
  if (pts.length <= max) return pts;
  const out: TimelinePoint[] = [];
  const per = pts.length / max;
  for (let b = 0; b < max; b++) {
    const s = Math.floor(b * per);
    const e = Math.min(pts.length, Math.floor((b + 1) * per));
    let best = s;
    for (let i = s; i < e; i++) if (pts[i]!.liveBytes > pts[best]!.liveBytes) best = i;
    out.push(pts[best]!);
  }
  const last = pts[pts.length - 1]!;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

/** HTML legend: types as swatches; lines and GC bands as buttons that toggle their series. */
function legend(report: HeapReport, pts: TimelinePoint[]): string {
  const items: string[] = [];
  const lineItem = (series: string, cls: string, label: string) =>
    `<button type="button" class="legend-item toggle" data-toggle="${series}" aria-pressed="true"><span class="swatch-line ${cls}"></span>${esc(label)}</button>`;
  items.push(lineItem("live", "live", "live bytes (trace model)"));
  items.push(lineItem("span", "span", "in-use heap spans"));
  if (pts.some((p) => p.heapAlloc !== null)) items.push(lineItem("heapAlloc", "alloc", "runtime HeapAlloc"));
  if (pts.some((p) => p.heapGoal !== null)) items.push(lineItem("heapGoal", "goal", "runtime GC goal"));
  if (report.gcCycles.length > 0) {
    items.push(
      `<button type="button" class="legend-item toggle" data-toggle="gc" aria-pressed="true"><span class="swatch gc"></span>GC mark phase (${report.gcCycles.length})</button>`,
    );
  }
  report.topTypes.forEach((name, k) => {
    items.push(
      `<span class="legend-item"><span class="swatch" style="background:${typeColor(k)}"></span><code>${esc(name)}</code></span>`,
    );
  });
  items.push(
    `<span class="legend-item"><span class="swatch" style="background:${OTHER_COLOR}"></span>other types</span>`,
  );
  return `<div class="legend" data-legend="timeline">${items.join("")}</div>`;
}
