// Axis ticks in binary byte units: a tick every 1, 2 or 5 × 10^k of KiB, MiB, …
// chosen from the largest value, so labels read "0, 20, 40 MiB" and not
// "0, 20971520, …".

import { byteUnit, fmtTick, timeUnit } from "../format.js";
import { niceStep, niceTicks } from "./scale.js";

export interface Ticks {
  ticks: number[];
  /** The domain's top, rounded up to the last tick. */
  max: number;
  label(v: number): string;
  unit: string;
}

export function byteTicks(maxBytes: number, count = 5): Ticks {
  const u = byteUnit(maxBytes);
  const nt = niceTicks(0, Math.max(maxBytes, 1) / u.div, count);
  return {
    ticks: nt.ticks.map((t) => t * u.div),
    max: nt.hi * u.div,
    label: (v) => fmtTick(v / u.div, nt.step),
    unit: u.name,
  };
}

/** Ticks for a time span in ns (relative to its start), in the unit that fits the span. */
export function timeTicks(spanNs: number, count = 8): Ticks {
  const u = timeUnit(spanNs);
  const nt = niceTicks(0, Math.max(spanNs, 1) / u.div, count);
  const ticks = nt.ticks.map((t) => t * u.div).filter((t) => t <= spanNs * 1.0001);
  return { ticks, max: spanNs, label: (v) => fmtTick(v / u.div, nt.step), unit: u.name };
}

export function countTicks(max: number, count = 5): Ticks {
  // Counts are whole objects: never a tick at 0.5.
  const step = Math.max(1, niceStep(Math.max(max, 1), count));
  const top = Math.ceil(Math.max(max, 1) / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  return { ticks, max: top, label: (v) => v.toLocaleString("en-US"), unit: "" };
}

/**
 * Ticks at powers of 4 bytes (4 KiB, 16 KiB, 64 KiB, …) for a log axis from
 * below `minBytes` to above `maxBytes`.
 */
export function logByteTicks(minBytes: number, maxBytes: number): Ticks & { min: number } {
  const lo = 4 ** Math.floor(Math.log2(Math.max(1, minBytes)) / 2);
  const hi = 4 ** Math.ceil(Math.log2(Math.max(lo * 4, maxBytes)) / 2);
  const ticks: number[] = [];
  for (let t = lo; t <= hi; t *= 4) ticks.push(t);
  return { ticks, min: lo, max: hi, label: powerOfTwoBytes, unit: "log scale" };
}

/** "4 KiB", "1 MiB": exact for the powers of two the log axis uses. */
function powerOfTwoBytes(n: number): string {
  const u = byteUnit(n);
  return `${Number((n / u.div).toFixed(2))} ${u.name}`;
}
