// A map from small non-negative integer ids (goroutine ids) to values: an
// array indexed by id while ids stay near the count of entries, as Go's
// goroutine ids do, with a Map for the rest. A busy server's trace holds a
// million goroutines and looks one up on every state transition; a hashed
// Map of that size costs several times an array index.

/** Ids up to this many times the entries (plus slack) go in the array. */
const DENSE_FACTOR = 4;
const DENSE_SLACK = 1 << 16;

/** Values by integer id, iterated in ascending id order. */
export class ById<V> {
  private readonly dense: (V | undefined)[] = [];
  private readonly sparse = new Map<number, V>();
  private denseCount = 0;

  get(id: number): V | undefined {
    if (id >= 0 && id < this.dense.length) return this.dense[id];
    // Most tables have no sparse ids: no hashing for an id past the dense part.
    return this.sparse.size === 0 ? undefined : this.sparse.get(id);
  }

  set(id: number, value: V): void {
    if (id >= 0 && Number.isInteger(id)) {
      if (id < this.dense.length) {
        if (this.dense[id] === undefined) this.denseCount++;
        this.dense[id] = value;
        return;
      }
      if (id < DENSE_FACTOR * (this.denseCount + this.sparse.size) + DENSE_SLACK) {
        // Grown by doubling, holes filled with undefined so the array stays packed.
        const length = Math.max(id + 1, 2 * this.dense.length);
        for (let i = this.dense.length; i < length; i++) this.dense.push(undefined);
        // Every id below the array's length lives in the array.
        for (const [k, v] of this.sparse) {
          if (k >= 0 && k < length) {
            this.dense[k] = v;
            this.denseCount++;
            this.sparse.delete(k);
          }
        }
        this.sparse.delete(id);
        if (this.dense[id] === undefined) this.denseCount++;
        this.dense[id] = value;
        return;
      }
    }
    this.sparse.set(id, value);
  }

  delete(id: number): void {
    if (id >= 0 && id < this.dense.length) {
      if (this.dense[id] !== undefined) this.denseCount--;
      this.dense[id] = undefined;
    } else {
      this.sparse.delete(id);
    }
  }

  /** Every value, by ascending id (a list, not a generator: this runs over a million goroutines). */
  values(): V[] {
    const out: V[] = [];
    const sparseIds = [...this.sparse.keys()].sort((a, b) => a - b);
    let s = 0;
    // Negative sparse ids come before the array's.
    while (s < sparseIds.length && (sparseIds[s] as number) < 0)
      out.push(this.sparse.get(sparseIds[s++] as number) as V);
    const dense = this.dense;
    for (let i = 0; i < dense.length; i++) {
      const v = dense[i];
      if (v !== undefined) out.push(v);
    }
    while (s < sparseIds.length) out.push(this.sparse.get(sparseIds[s++] as number) as V);
    return out;
  }
}
