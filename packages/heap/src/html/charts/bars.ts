// Band layout and bar rectangles for categorical charts.

import { type Box, px, tag, title } from "./svg.js";

export interface Bands {
  /** Left edge of band i's bar. */
  x(i: number): number;
  center(i: number): number;
  /** Bar width (band minus padding). */
  width: number;
}

/** Splits the plot width into `n` equal bands with `padding` (a fraction of a band) between bars. */
export function bands(box: Box, n: number, padding = 0.2): Bands {
  const band = box.w / Math.max(1, n);
  const width = Math.max(1, band * (1 - padding));
  return {
    x: (i) => box.x + i * band + (band - width) / 2,
    center: (i) => box.x + i * band + band / 2,
    width,
  };
}

/** A vertical bar from baseline `y0` up to `y1` (SVG y grows downwards), with a hover tooltip. */
export function bar(
  x: number,
  w: number,
  y0: number,
  y1: number,
  cls: string,
  tip: string,
  extra: Record<string, string | number> = {},
): string {
  const top = Math.min(y0, y1);
  // A non-zero value stays visible as a hairline even when it rounds to nothing.
  const h = Math.abs(y0 - y1);
  return tag("rect", { class: cls, x: px(x), y: px(top), width: px(w), height: px(h), ...extra }, title(tip));
}
