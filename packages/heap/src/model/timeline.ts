// Samples of the heap model over time. The trace's length is unknown while
// streaming, so sampling starts fine and coarsens: whenever the list grows
// past twice the target, every other ordinary sample goes and the interval
// doubles. Samples at GC boundaries are kept (they carry the interesting
// moments) until they alone would exceed the bound.

export interface Sample {
  timeNs: number;
  liveObjects: number;
  liveBytes: number;
  heapSpanBytes: number;
  stackBytes: number;
  heapAlloc: number | null;
  heapGoal: number | null;
  gcCycles: number;
  /** Live bytes per type key at the time. */
  typeBytes: Float64Array;
  /** Per span class with anything in it: [span class, live objects, live bytes, spans, pages], flattened. */
  classes: Float64Array;
  atGc: boolean;
}

export class Timeline {
  private readonly target: number;
  readonly samples: Sample[] = [];
  private interval: number;
  /** When the next ordinary sample is due (read on the hot path instead of calling due()). */
  nextAt = Number.NEGATIVE_INFINITY;

  constructor(target = 600, initialIntervalNs = 10_000) {
    this.target = target;
    this.interval = initialIntervalNs;
  }

  due(timeNs: number): boolean {
    return timeNs >= this.nextAt;
  }

  add(s: Sample): void {
    const last = this.samples[this.samples.length - 1];
    if (last !== undefined && last.timeNs === s.timeNs && !s.atGc) return;
    this.samples.push(s);
    if (!s.atGc) this.nextAt = s.timeNs + this.interval;
    if (this.samples.length > 2 * this.target) this.thin();
  }

  private thin(): void {
    let ordinary = 0;
    const keepGc = this.samples.filter((s) => s.atGc).length < this.target;
    const kept = this.samples.filter((s, i) => {
      if (i === 0 || (s.atGc && keepGc)) return true;
      return ordinary++ % 2 === 1;
    });
    this.samples.length = 0;
    this.samples.push(...kept);
    this.interval *= 2;
  }
}
