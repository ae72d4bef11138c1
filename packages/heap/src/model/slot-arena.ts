// The object stores of all spans, in two shared typed arrays: a span's store
// is a range of slots at its `base`. One array for everything keeps the hot
// path to one array object (always in cache) instead of one per span, and a
// range given back by a span that went away empty is reused by the next span
// with as many slots (spans come and go by the thousand each GC cycle).

/** Int32 fields per object slot. */
export const SLOT_INTS = 5;
/** Offsets in a slot's ints: type key + 1 (0: empty slot), goroutine, GC cycles at alloc, region, task. */
export const S_TYPE = 0;
export const S_GOROUTINE = 1;
export const S_GC = 2;
export const S_REGION = 3;
export const S_TASK = 4;

export class SlotArena {
  /** SLOT_INTS int32 fields per slot. */
  ints = new Int32Array(1 << 16);
  /** Allocation time per slot. */
  times = new Float64Array((1 << 16) / SLOT_INTS);
  private used = 0;
  private readonly spare = new Map<number, number[]>();

  /** A range of `slots` empty slots; returns its first slot. */
  take(slots: number): number {
    const base = this.spare.get(slots)?.pop();
    if (base !== undefined) return base;
    const start = this.used;
    this.used += slots;
    if (this.used > this.times.length) this.grow(this.used);
    return start;
  }

  /** Gives back a range whose slots are all empty again. */
  give(base: number, slots: number): void {
    let list = this.spare.get(slots);
    if (list === undefined) {
      list = [];
      this.spare.set(slots, list);
    }
    list.push(base);
  }

  private grow(need: number): void {
    let n = this.times.length * 2;
    while (n < need) n *= 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const ints = new Int32Array(n * SLOT_INTS);
    ints.set(this.ints);
    this.times = times;
    this.ints = ints;
  }
}
