// Path data for lines, step lines and stacked areas. Missing values (null)
// break a line rather than drawing it to zero: "the runtime had not reported
// yet" is not "the heap was empty".

import { px } from "./svg.js";

/** Straight segments through (xs[i], ys[i]); null starts a new sub-path. */
export function linePath(xs: number[], ys: (number | null)[]): string {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${px(xs[i]!)} ${px(y)}`;
    pen = true;
  }
  return d;
}

/**
 * Step-after line: each value holds until the next sample. Right for the
 * runtime's HeapAlloc and HeapGoal, which are "last reported" values.
 */
export function stepPath(xs: number[], ys: (number | null)[], xEnd: number): string {
  let d = "";
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || y === undefined) continue;
    const prev = i > 0 ? ys[i - 1] : null;
    const next = i + 1 < xs.length ? xs[i + 1]! : xEnd;
    d += `${prev === null || prev === undefined ? "M" : "L"}${px(xs[i]!)} ${px(y)}H${px(next)}`;
  }
  return d;
}

/** A closed band between a lower and an upper line, for one layer of a stacked area. */
export function areaPath(xs: number[], lower: number[], upper: number[]): string {
  if (xs.length === 0) return "";
  let d = `M${px(xs[0]!)} ${px(upper[0]!)}`;
  for (let i = 1; i < xs.length; i++) d += `L${px(xs[i]!)} ${px(upper[i]!)}`;
  for (let i = xs.length - 1; i >= 0; i--) d += `L${px(xs[i]!)} ${px(lower[i]!)}`;
  return d + "Z";
}
