// Axes with grid lines. The y axis draws the horizontal grid across the plot
// so values can be read off any series; the x axis only draws ticks.

import { esc } from "../format.js";
import type { Scale } from "./scale.js";
import { type Box, px, tag } from "./svg.js";

/** Left axis: a grid line and label per tick, and the axis title rotated along it. */
export function yAxis(
  box: Box,
  y: Scale,
  ticks: number[],
  label: (v: number) => string,
  axisTitle: string,
  titleOffset = 56,
): string {
  let out = "";
  for (const t of ticks) {
    const yy = px(y(t));
    out += tag("line", { class: "grid", x1: px(box.x), x2: px(box.x + box.w), y1: yy, y2: yy });
    out += tag("text", { class: "tick", x: px(box.x - 6), y: yy, "text-anchor": "end", dy: "0.32em" }, esc(label(t)));
  }
  const cx = box.x - titleOffset;
  const cy = box.y + box.h / 2;
  out += tag(
    "text",
    {
      class: "axis-title",
      x: px(cx),
      y: px(cy),
      transform: `rotate(-90 ${px(cx)} ${px(cy)})`,
      "text-anchor": "middle",
    },
    esc(axisTitle),
  );
  return `<g class="axis y">${out}</g>`;
}

/** Bottom axis for a continuous scale. */
export function xAxis(box: Box, x: Scale, ticks: number[], label: (v: number) => string, axisTitle: string): string {
  const base = box.y + box.h;
  let out = tag("line", { class: "axis-line", x1: px(box.x), x2: px(box.x + box.w), y1: px(base), y2: px(base) });
  for (const t of ticks) {
    const xx = px(x(t));
    out += tag("line", { class: "tick-mark", x1: xx, x2: xx, y1: px(base), y2: px(base + 5) });
    out += tag("text", { class: "tick", x: xx, y: px(base + 18), "text-anchor": "middle" }, esc(label(t)));
  }
  out += axisTitleBelow(box, axisTitle, 38);
  return `<g class="axis x">${out}</g>`;
}

/**
 * Bottom axis for categories (bars): a label under each band centre, rotated
 * when there are many, and thinned to every `every`-th so they never overlap.
 */
export function xAxisBands(
  box: Box,
  centers: number[],
  labels: string[],
  axisTitle: string,
  opts: { rotate?: boolean; every?: number; titleOffset?: number } = {},
): string {
  const base = box.y + box.h;
  const every = Math.max(1, opts.every ?? 1);
  let out = tag("line", { class: "axis-line", x1: px(box.x), x2: px(box.x + box.w), y1: px(base), y2: px(base) });
  centers.forEach((c, i) => {
    if (i % every !== 0) return;
    const text = esc(labels[i] ?? "");
    if (opts.rotate) {
      const ty = base + 10;
      out += tag(
        "text",
        {
          class: "tick",
          x: px(c),
          y: px(ty),
          transform: `rotate(-55 ${px(c)} ${px(ty)})`,
          "text-anchor": "end",
          dy: "0.32em",
        },
        text,
      );
    } else {
      out += tag("text", { class: "tick", x: px(c), y: px(base + 18), "text-anchor": "middle" }, text);
    }
  });
  out += axisTitleBelow(box, axisTitle, opts.titleOffset ?? 38);
  return `<g class="axis x">${out}</g>`;
}

function axisTitleBelow(box: Box, text: string, offset: number): string {
  return tag(
    "text",
    { class: "axis-title", x: px(box.x + box.w / 2), y: px(box.y + box.h + offset), "text-anchor": "middle" },
    esc(text),
  );
}
