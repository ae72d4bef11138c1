// The mutator utilization distribution (Go's mud in internal/trace/mud.go):
// how much window time had each mean utilization, as a sum of uniform pieces
// and point masses, with a 1024-bucket histogram that tracks one cumulative
// mass cheaply while windows are added.

/** Histogram buckets over utilization [0, 1]. */
const DEGREE = 1024;

/** At x the density rises by `delta`, and a point mass `dirac` sits there. */
interface Edge {
  x: number;
  delta: number;
  dirac: number;
}

/** An unnormalised distribution of time over mutator utilization, updated as windows are scanned. */
export class Mud {
  private sorted: Edge[] = [];
  private unsorted: Edge[] = [];
  private trackMass = 0;
  /** The bucket holding trackMass; DEGREE when the total is still below it. */
  private trackBucket = 0;
  /** The mass of the buckets before trackBucket. */
  private trackSum = 0;
  private readonly hist = new Float64Array(DEGREE);

  /** Adds `area` spread evenly over utilizations [l, r] (a point mass when l = r). */
  add(a: number, b: number, area: number): void {
    if (area === 0) return;
    const l = Math.min(a, b);
    const r = Math.max(a, b);
    if (l === r) {
      this.unsorted.push({ x: l, delta: 0, dirac: area });
    } else {
      const delta = area / (r - l);
      this.unsorted.push({ x: l, delta, dirac: 0 }, { x: r, delta: -delta, dirac: 0 });
    }
    const h = this.hist;
    let [lb, lf] = modf(l * DEGREE);
    if (lb >= DEGREE) [lb, lf] = [DEGREE - 1, 1];
    if (l === r) {
      h[lb] = (h[lb] as number) + area;
    } else {
      let [rb, rf] = modf(r * DEGREE);
      if (rb >= DEGREE) [rb, rf] = [DEGREE - 1, 1];
      if (lb === rb) {
        h[lb] = (h[lb] as number) + area;
      } else {
        const perBucket = area / (r - l) / DEGREE;
        h[lb] = (h[lb] as number) + perBucket * (1 - lf);
        h[rb] = (h[rb] as number) + perBucket * rf;
        for (let i = lb + 1; i < rb; i++) h[i] = (h[i] as number) + perBucket;
      }
    }
    const thresh = this.trackBucket / DEGREE;
    if (l < thresh) {
      if (r < thresh) this.trackSum += area;
      else this.trackSum += (area * (thresh - l)) / (r - l);
      // The tracked mass moved to a lower bucket: find it again.
      if (this.trackSum >= this.trackMass) this.setTrackMass(this.trackMass);
    }
  }

  /** Tracks the utilization below which `mass` of the distribution lies. */
  setTrackMass(mass: number): void {
    this.trackMass = mass;
    let sum = 0;
    for (let i = 0; i < DEGREE; i++) {
      const next = sum + (this.hist[i] as number);
      if (next > mass) {
        this.trackBucket = i;
        this.trackSum = sum;
        return;
      }
      sum = next;
    }
    this.trackBucket = DEGREE;
    this.trackSum = sum;
  }

  /** The upper end of the bucket the tracked mass falls in, or null while the total is below it. */
  trackedUpperBound(): number | null {
    return this.trackBucket === DEGREE ? null : (this.trackBucket + 1) / DEGREE;
  }

  /** The utilization x with `y` of the mass at or below it; NaN when empty, the maximum when y exceeds the total. */
  invCumulativeSum(y: number): number {
    if (this.sorted.length === 0 && this.unsorted.length === 0) return Number.NaN;
    const edges = this.unsorted.sort((a, b) => a.x - b.x);
    this.unsorted = [];
    this.sorted = this.sorted.length === 0 ? edges : merge(this.sorted, edges);
    let csum = 0;
    let rate = 0;
    let prevX = 0;
    for (const e of this.sorted) {
      let next = csum + (e.x - prevX) * rate;
      if (next >= y) {
        // Crossed between the previous edge and this one (anywhere will do when the density is 0).
        if (rate === 0) return e.x;
        return (y - csum) / rate + prevX;
      }
      next += e.dirac;
      if (next >= y) return e.x;
      csum = next;
      prevX = e.x;
      rate += e.delta;
    }
    return prevX;
  }
}

/** Go's math.Modf for the values met here: the whole part as an index, and the fraction. */
function modf(x: number): [number, number] {
  const whole = Math.trunc(x);
  return [whole === 0 ? 0 : whole, x - whole];
}

/** Two lists sorted by x merged, the old one's edge first on a tie only when strictly lower (as Go's merge). */
function merge(a: Edge[], b: Edge[]): Edge[] {
  const out: Edge[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x !== undefined && (y === undefined || x.x < y.x)) {
      out.push(x);
      i++;
    } else {
      out.push(y as Edge);
      j++;
    }
  }
  return out;
}
