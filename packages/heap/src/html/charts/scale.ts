// Linear scales and "nice" tick steps (1, 2 or 5 × 10^k), the two things every
// chart in the report needs. Kept tiny instead of pulling in d3: the report
// must be one dependency-free file that also renders in browsers.

export interface Scale {
  (v: number): number;
  readonly d0: number;
  readonly d1: number;
}

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to the range's middle. */
export function linear(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0;
  const f = (v: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
  return Object.assign(f, { d0, d1 });
}

/** A step of 1, 2 or 5 × 10^k giving about `count` ticks over [0, span]. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const mult = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10;
  return mult * mag;
}

/** Ticks at multiples of a nice step covering [lo, hi]; `hi` is rounded up to the last tick. */
export function niceTicks(lo: number, hi: number, count: number): { ticks: number[]; step: number; hi: number } {
  const step = niceStep(hi - lo, count);
  const first = Math.ceil(lo / step - 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; first + i * step <= last + step * 1e-9 && i < 1000; i++) ticks.push(first + i * step);
  return { ticks, step, hi: Math.max(hi, last) };
}

/** Maps [d0, d1] (both > 0) onto [r0, r1] logarithmically; values at or below d0 map to r0. */
export function log(d0: number, d1: number, r0: number, r1: number): Scale {
  const l0 = Math.log2(d0);
  const span = Math.log2(d1) - l0 || 1;
  const f = (v: number) => r0 + ((Math.log2(Math.max(v, d0)) - l0) / span) * (r1 - r0);
  return Object.assign(f, { d0, d1 });
}
