// Minimum mutator utilization: for a window size, the lowest mean utilization
// of any window of that size in the trace. The same algorithm as Go's
// NewMMUCurve (internal/trace/gc.go): each series is cut into at most 1000
// bands whose bounds rule most windows out, and only the bands that could
// still hold a worse window are scanned exactly. The arithmetic runs in the
// same order as Go's, so the numbers are Go's.
import { Mud } from "./mud.js";
import { type Heap, heapInit, heapPop, heapPush, heapRemove } from "./go-heap.js";
import type { MutatorUtil } from "./utilization.js";

/** A window of low utilization (Go's `UtilWindow`): it starts at `time` (trace ns) and its mean utilization is `mutatorUtil`. */
export interface UtilWindow {
  time: number;
  mutatorUtil: number;
}

/** Bands per series (Go's bandsPerSeries). */
const BANDS = 1000;

/** One series with its running integral and its bands. */
class Series {
  readonly times: Float64Array;
  readonly utils: Float64Array;
  /** sums[j]: the integral of the utilization from the first point to point j. */
  readonly sums: Float64Array;
  readonly bandDur: number;
  /** Per band: the lowest utilization in it, the integral up to its left edge, and the point at or before its left edge. */
  readonly bandMin: Float64Array;
  readonly bandCum: Float64Array;
  readonly bandPos: Int32Array;

  constructor(util: readonly MutatorUtil[]) {
    const n = util.length;
    if (n === 0) throw new Error("MMUCurve: an empty utilization series");
    const times = new Float64Array(n);
    const utils = new Float64Array(n);
    const sums = new Float64Array(n);
    // Go starts from a zero point, so the first step adds 0 × first time.
    let prevTime = 0;
    let prevUtil = 0;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const u = util[j] as MutatorUtil;
      times[j] = u.time;
      utils[j] = u.util;
      sum += prevUtil * (u.time - prevTime);
      sums[j] = sum;
      prevTime = u.time;
      prevUtil = u.util;
    }
    this.times = times;
    this.utils = utils;
    this.sums = sums;
    // Fewer bands than points would only add empty bands.
    const numBands = Math.min(BANDS, n);
    const dur = (times[n - 1] as number) - (times[0] as number);
    this.bandDur = Math.max(1, Math.floor((dur + numBands - 1) / numBands));
    // One more band than numBands holds the final integral.
    this.bandMin = new Float64Array(numBands + 1);
    this.bandCum = new Float64Array(numBands + 1);
    this.bandPos = new Int32Array(numBands + 1);
    const left = new Integrator(this, 0);
    for (let i = 0; i <= numBands; i++) {
      const start = this.bandStart(i);
      const end = start + this.bandDur;
      this.bandCum[i] = left.advance(start);
      this.bandPos[i] = left.pos;
      let min = 1;
      for (let k = left.pos; k < n && (times[k] as number) < end; k++) min = Math.min(min, utils[k] as number);
      this.bandMin[i] = min;
    }
  }

  get duration(): number {
    return (this.times[this.times.length - 1] as number) - (this.times[0] as number);
  }

  bandStart(i: number): number {
    return i * this.bandDur + (this.times[0] as number);
  }

  /** For each band, a lower bound of the mean utilization of every window starting in it. */
  bandBounds(series: number, window: number, out: BandBound[]): void {
    const bandDur = this.bandDur;
    const minBands = Math.floor((window + bandDur - 1) / bandDur);
    const maxBands = Math.floor((window + 2 * (bandDur - 1)) / bandDur);
    if (window > 1 && maxBands < 2) throw new Error("maxBands < 2");
    const tailDur = window % bandDur;
    const nBounds = Math.max(0, this.bandMin.length - maxBands + 1);
    const band = (k: number): number => {
      const v = this.bandMin[k];
      if (v === undefined) throw new Error(`MMUCurve: band ${k} of ${this.bandMin.length}`);
      return v;
    };
    for (let i = 0; i < nBounds; i++) {
      // Worst case: the partly covered bands at their minimum, the fully covered ones at their mean.
      let util = 0;
      const l = band(i);
      const r1 = band(i + minBands - 1);
      const r2 = band(i + maxBands - 1);
      const minBand = Math.min(l, Math.min(r1, r2));
      if (minBands === 1) {
        util += minBand * window;
      } else {
        // The worst window covers a whole band at the lowest minimum, the rest at the second lowest.
        util += minBand * bandDur;
        let midBand = 0;
        if (minBand === l) midBand = Math.min(r1, r2);
        else if (minBand === r1) midBand = Math.min(l, r2);
        else if (minBand === r2) midBand = Math.min(l, r1);
        util += midBand * tailDur;
      }
      if (minBands > 2) util += (this.bandCum[i + minBands - 1] as number) - (this.bandCum[i + 1] as number);
      out.push({ series, band: i, bound: util / window });
    }
  }

  /** Scans every window whose left edge is in band `bandIdx` exactly, feeding `acc`. */
  bandMMU(bandIdx: number, window: number, acc: Accumulator): void {
    const pos = this.bandPos[bandIdx] as number;
    const left = new Integrator(this, pos);
    const right = new Integrator(this, pos);
    let time = this.bandStart(bandIdx);
    let endTime = time + this.bandDur;
    const utilEnd = (this.times[this.times.length - 1] as number) - window;
    if (utilEnd < endTime) endTime = utilEnd;
    acc.resetTime();
    for (;;) {
      const mu = (right.advance(time + window) - left.advance(time)) / window;
      if (acc.addMU(time, mu, window)) break;
      if (time === endTime) break;
      // The windowed utilization changes by at most 1/window per ns, so nothing lower comes sooner than this.
      const minTime = time + Math.trunc((mu - acc.bound) * window);
      // The next time either edge meets a change.
      const before = time;
      const t1 = left.next(time);
      const t2 = right.next(time + window) - window;
      time = Math.min(t1, t2);
      if (time < minTime) time = minTime;
      // Go's int64 times always move on; doubles beyond 2^53 may not, so end the band there.
      if (!(time > before)) time = endTime;
      // The distribution needs the whole band, so stop at its end rather than before.
      if (time >= endTime) time = endTime;
    }
  }
}

/** A lower bound of the mean utilization of windows starting in one band of one series. */
interface BandBound {
  series: number;
  band: number;
  bound: number;
}

/** A cursor in a series that integrates it up to a time; times must not decrease. */
class Integrator {
  readonly s: Series;
  /** The point at or before the last time asked. */
  pos: number;
  constructor(s: Series, pos: number) {
    this.s = s;
    this.pos = pos;
  }

  /** The integral of the utilization from the series' start to `time`. */
  advance(time: number): number {
    const times = this.s.times;
    const n = times.length;
    let pos = this.pos;
    // Usually the point is a few steps on; far ones are found by bisection.
    if (pos + 8 < n && (times[pos + 8] as number) > time) {
      while (pos + 1 < n && (times[pos + 1] as number) <= time) pos++;
    } else {
      let l = pos;
      let r = n;
      while (l < r) {
        const h = (l + r) >>> 1;
        if ((times[h] as number) <= time) l = h + 1;
        else r = h;
      }
      pos = l - 1;
    }
    this.pos = pos;
    const at = times[pos] as number;
    const partial = time !== at ? (this.s.utils[pos] as number) * (time - at) : 0;
    return (this.s.sums[pos] as number) + partial;
  }

  /** The first time after `time` at which the utilization changes (Infinity when none). */
  next(time: number): number {
    const times = this.s.times;
    for (let k = this.pos; k < times.length; k++) {
      const t = times[k] as number;
      if (t > time) return t;
    }
    return Number.POSITIVE_INFINITY;
  }
}

/** Worse windows first: the lowest utilization, then the latest time, at the root is the least bad. */
const windowLess = (a: UtilWindow, b: UtilWindow): boolean =>
  a.mutatorUtil !== b.mutatorUtil ? a.mutatorUtil > b.mutatorUtil : a.time > b.time;

/** Collects what one question needs while windows are scanned: the minimum, the worst windows, the distribution. */
class Accumulator {
  mmu = 1;
  /** Windows above this utilization cannot change the answer. */
  bound = 1;
  readonly nWorst: number;
  readonly worst: Heap<UtilWindow> = [];
  readonly mud: Mud | null;
  private lastTime = Number.POSITIVE_INFINITY;
  private lastMU = 0;

  /** Feed the distribution (not Go's behaviour: see addMU). */
  readonly distribution: boolean;

  constructor(nWorst: number, mud: Mud | null, distribution = false) {
    this.nWorst = nWorst;
    this.mud = mud;
    this.distribution = distribution;
  }

  /** The windowed function jumps here: the distribution must not join the points across. */
  resetTime(): void {
    this.lastTime = Number.POSITIVE_INFINITY;
  }

  /** Adds the window at `time` with mean utilization `mu`; true when no later window can matter. */
  addMU(time: number, mu: number, window: number): boolean {
    if (mu < this.mmu) this.mmu = mu;
    this.bound = this.mmu;
    // Go returns here for its distribution too (that accumulator asks for no worst windows), so
    // Go's MUD never receives a window and each quantile comes out as the MMU. Go's numbers are
    // the default; `distribution` feeds it, as Go's code meant to.
    if (this.nWorst === 0 && !(this.mud !== null && this.distribution)) return mu === 0;
    const heap = this.worst;
    const root = heap[0];
    if (this.nWorst > 0 && (heap.length < this.nWorst || (root !== undefined && mu < root.mutatorUtil))) {
      // Windows in the list do not overlap: of two that would, the worse stays (the earlier on a tie).
      let keep = false;
      for (let i = 0; i < heap.length; i++) {
        const ui = heap[i] as UtilWindow;
        if (time + window > ui.time && ui.time + window > time) {
          if (ui.mutatorUtil <= mu) keep = true;
          else heapRemove(heap, i, windowLess);
          break;
        }
      }
      if (!keep) {
        heapPush(heap, { time, mutatorUtil: mu }, windowLess);
        if (heap.length > this.nWorst) heapPop(heap, windowLess);
      }
    }
    if (heap.length < this.nWorst) this.bound = 1;
    else if (heap.length > 0) this.bound = Math.max(this.bound, (heap[0] as UtilWindow).mutatorUtil);
    const mud = this.mud;
    if (mud !== null) {
      if (this.lastTime !== Number.POSITIVE_INFINITY) mud.add(this.lastMU, mu, time - this.lastTime);
      this.lastTime = time;
      this.lastMU = mu;
      const upper = mud.trackedUpperBound();
      // Until the tracked mass is reached, any window may still fall below the quantile.
      this.bound = upper === null ? 1 : Math.max(this.bound, upper);
      // Checking the quantiles on every window would cost more than finishing the band.
      return false;
    }
    return heap.length === this.nWorst && (heap[0] as UtilWindow).mutatorUtil === 0;
  }
}

/**
 * The minimum mutator utilization curve of one or more utilization series (Go's `MMUCurve`,
 * made by `NewMMUCurve`): for any window size, the lowest mean utilization of a window of that
 * size, the worst windows, and quantiles of the distribution. Windows are in nanoseconds.
 */
export class MMUCurve {
  private readonly series: Series[];

  /** The curve of `series` (from {@link UtilizationBuilder.finish}); none gives MMU 1 everywhere. */
  constructor(series: readonly (readonly MutatorUtil[])[]) {
    this.series = series.map((s) => new Series(s));
  }

  /** The lowest mean mutator utilization of any window of `window` ns, in [0, 1] (0 for a window ≤ 0). */
  mmu(window: number): number {
    const acc = new Accumulator(0, null);
    this.scan(window, acc);
    return acc.mmu;
  }

  /**
   * Up to `n` windows of `window` ns with the lowest mean utilization, worst first (then earliest);
   * they do not overlap. As Go's, they are a set of bad windows, not necessarily the n worst.
   */
  examples(window: number, n: number): UtilWindow[] {
    const acc = new Accumulator(n, null);
    this.scan(window, acc);
    return [...acc.worst].sort((a, b) => a.mutatorUtil - b.mutatorUtil || a.time - b.time);
  }

  /**
   * Quantiles of the mutator utilization distribution (MUD) of windows of `window` ns, as Go's
   * `MUD` gives them: for quantile q, the utilization that a fraction q of the windows' time stays
   * at or below (the /mmu page shows 0, 0.001, 0.01 and 0.05 as "p100", "p99.9", "p99", "p95").
   * Go 1.27's MUD stops before it records any window, so every quantile it returns is the MMU;
   * that is the default here too, for Go's numbers. With `distribution: true` the windows are
   * recorded and the quantiles are the distribution's (not comparable with Go's output).
   */
  mud(window: number, quantiles: readonly number[], options: { distribution?: boolean | undefined } = {}): number[] {
    if (quantiles.length === 0) return [];
    let maxQ = quantiles[0] as number;
    for (const q of quantiles) if (q > maxQ) maxQ = q;
    // The distribution's mass is time: each series contributes its length less the window.
    let duration = 0;
    for (const s of this.series) {
      const d = s.duration;
      if (d >= window) duration += d - window;
    }
    const qMass = duration * maxQ;
    const mud = new Mud();
    mud.setTrackMass(qMass);
    const acc = new Accumulator(0, mud, options.distribution === true);
    this.scan(window, acc);
    return quantiles.map((q) => {
      const mu = mud.invCumulativeSum(duration * q);
      // No distribution (a window as long as the trace, or no series): every quantile is the minimum.
      return Number.isNaN(mu) ? acc.mmu : mu;
    });
  }

  /** Refines bands from the lowest bound up while a band could still change the accumulator's answer. */
  private scan(window: number, acc: Accumulator): void {
    if (window <= 0) {
      acc.mmu = 0;
      return;
    }
    const bounds: BandBound[] = [];
    const windows: number[] = [];
    for (const [i, s] of this.series.entries()) {
      // A series of one instant holds no window; Go's curve fails on one (a valid trace has none).
      if (s.duration <= 0) {
        windows.push(0);
        continue;
      }
      const w = Math.min(window, s.duration);
      windows.push(w);
      s.bandBounds(i, w, bounds);
    }
    const less = (a: BandBound, b: BandBound) => a.bound < b.bound;
    heapInit(bounds, less);
    for (let top = bounds[0]; top !== undefined && top.bound < acc.bound; top = bounds[0]) {
      (this.series[top.series] as Series).bandMMU(top.band, windows[top.series] as number, acc);
      heapPop(bounds, less);
    }
  }
}

/** One point of a sampled MMU curve. */
export interface MMUCurvePoint {
  /** Window size, ns. */
  window: number;
  /** The MMU at that window. */
  mmu: number;
}

/**
 * The curve at `samples` window sizes spaced evenly on a log scale from `minWindow` to
 * `maxWindow` ns (both included, truncated to whole ns as the /mmu page does), for drawing it.
 * Defaults: 1 µs to `maxWindow`, 100 samples (the page's count).
 */
export function sampleMMUCurve(
  curve: MMUCurve,
  maxWindow: number,
  options: { minWindow?: number | undefined; samples?: number | undefined } = {},
): MMUCurvePoint[] {
  const minWindow = options.minWindow ?? 1000;
  const samples = options.samples ?? 100;
  if (!(maxWindow >= minWindow) || minWindow <= 0) return [];
  const logMin = Math.log(minWindow);
  const logMax = Math.log(maxWindow);
  const out: MMUCurvePoint[] = [];
  for (let i = 0; i < samples; i++) {
    const window = samples === 1 ? minWindow : Math.trunc(Math.exp((i / (samples - 1)) * (logMax - logMin) + logMin));
    out.push({ window, mmu: curve.mmu(window) });
  }
  return out;
}
