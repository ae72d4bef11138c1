// A word-sized line chart for table cells (live objects after each GC of a
// leak suspect): the shape matters, the axis does not.

import { fmtCount } from "../format.js";
import { linePath } from "./line.js";
import { linear } from "./scale.js";
import { px, tag, title } from "./svg.js";

export function sparkline(values: number[], width = 140, height = 30): string {
  if (values.length === 0) return `<span class="muted">no GC</span>`;
  const pad = 3;
  // Scaled to its own range: the question is "does it keep growing?", and the
  // numbers sit next to it in the table and in the hover text.
  const max = Math.max(...values);
  const min = Math.min(...values);
  const x = linear(0, Math.max(1, values.length - 1), pad, width - pad);
  const y = linear(min, max === min ? min + 1 : max, height - pad, pad);
  const xs = values.map((_, i) => x(i));
  const ys = values.map((v) => y(v));
  const last = values.length - 1;
  const body =
    title(`live objects after each GC: ${values.map(fmtCount).join(" → ")}`) +
    tag("path", { class: "spark-line", d: linePath(xs, ys) }) +
    tag("circle", { class: "spark-dot", cx: px(xs[last]!), cy: px(ys[last]!), r: 2.5 });
  const first = values[0]!;
  const growth =
    first > 0 && values.length > 1
      ? `<span class="spark-growth">${first === values[last] ? "flat" : `×${(values[last]! / first).toFixed(2)}`}</span>`
      : "";
  const svg = tag(
    "svg",
    {
      class: "spark",
      "data-points": values.length,
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: "img",
      "aria-label": "live objects after each GC",
      xmlns: "http://www.w3.org/2000/svg",
    },
    body,
  );
  return `<span class="spark-cell">${svg}${growth}</span>`;
}
