// The object stores of all spans, in one shared typed array: a span's store
// is a range of slots at its `base`. One array for everything keeps the hot
// path to one array object (always in cache) instead of one per span, and a
// range given back by a span that went away empty is reused by the next span
// with as many slots (spans come and go by the thousand each GC cycle).

/** Float64 fields per object slot: all of an object in one run of memory, so a free touches one cache line. */
export const SLOT_FIELDS = 4;
/** Offsets in a slot: type key + 1 (0: empty slot), allocation context, GC cycles at alloc, allocation time. */
export const S_TYPE = 0;
export const S_CONTEXT = 1;
export const S_GC = 2;
export const S_TIME = 3;

export class SlotArena {
  /** SLOT_FIELDS fields per slot. */
  fields = new Float64Array(SLOT_FIELDS << 13);
  private capacity = 1 << 13;
  private used = 0;
  private readonly spare = new Map<number, number[]>();

  /** A range of `slots` empty slots; returns its first slot. */
  take(slots: number): number {
    const base = this.spare.get(slots)?.pop();
    if (base !== undefined) return base;
    const start = this.used;
    this.used += slots;
    if (this.used > this.capacity) this.grow(this.used);
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
    let n = this.capacity * 2;
    while (n < need) n *= 2;
    const fields = new Float64Array(n * SLOT_FIELDS);
    fields.set(this.fields);
    this.fields = fields;
    this.capacity = n;
  }
}
