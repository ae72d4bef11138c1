// Live heap objects that are not in a span slot (see placement.ts), one slot
// each in typed arrays, column by column (memory follows the live heap, not
// the number of events, and no JS object is made per object). Slots are
// reused through a free list. Finding an object's slot is the caller's
// business; `links` gives each slot one int32 the caller may use to chain
// slots into lists (the tiny-block neighbours of placement.ts).
export interface ObjectFields {
  typeKey: number;
  bytes: number;
  spanClass: number;
  /** NaN for objects that existed before the trace (the start snapshot). */
  allocTime: number;
  /** Allocation context (goroutine, region and task; see goroutines.ts), 0 for objects from before the trace. */
  context: number;
  /** GC cycles completed when allocated; -1 exactly for objects from before the trace (allocTime NaN). */
  gcAtAlloc: number;
}

export function emptyFields(): ObjectFields {
  return { typeKey: 0, bytes: 0, spanClass: 0, allocTime: 0, context: 0, gcAtAlloc: 0 };
}

/** Slots at first. */
const INITIAL_SLOTS = 1024;

export class ObjectTable {
  /** Type key per slot; -1: a free slot. */
  private types = new Int32Array(INITIAL_SLOTS).fill(-1);
  private bytes = new Float64Array(INITIAL_SLOTS);
  private spanClasses = new Int32Array(INITIAL_SLOTS);
  private allocTimes = new Float64Array(INITIAL_SLOTS);
  private contexts = new Int32Array(INITIAL_SLOTS);
  private gcs = new Int32Array(INITIAL_SLOTS);
  /** One int32 per slot for the caller's lists (-1 ends one); not touched by add or remove. */
  links = new Int32Array(INITIAL_SLOTS);
  private freeSlots = new Int32Array(INITIAL_SLOTS);
  private freeCount = 0;
  private next = 0;
  size = 0;
  /** Objects and bytes held here per span class (objects outside any known span not counted). */
  readonly classObjects = new Float64Array(256);
  readonly classBytes = new Float64Array(256);
  /** Objects and bytes held here that lie outside any known span (span class -1). */
  unspannedObjects = 0;
  unspannedBytes = 0;

  /** Stores an object; returns its slot. */
  add(f: ObjectFields): number {
    let slot: number;
    if (this.freeCount > 0) slot = this.freeSlots[--this.freeCount] as number;
    else {
      slot = this.next++;
      if (slot >= this.types.length) this.grow();
    }
    this.types[slot] = f.typeKey;
    this.bytes[slot] = f.bytes;
    this.spanClasses[slot] = f.spanClass;
    this.allocTimes[slot] = f.allocTime;
    this.contexts[slot] = f.context;
    this.gcs[slot] = f.gcAtAlloc;
    this.size++;
    this.tally(f.spanClass, 1, f.bytes);
    return slot;
  }

  /** Removes the object in `slot`, copying its fields to `out`. */
  remove(slot: number, out: ObjectFields): void {
    this.read(slot, out);
    this.types[slot] = -1;
    this.size--;
    this.tally(out.spanClass, -1, -out.bytes);
    if (this.freeCount >= this.freeSlots.length) {
      const bigger = new Int32Array(this.freeSlots.length * 2);
      bigger.set(this.freeSlots);
      this.freeSlots = bigger;
    }
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Calls fn for every live object, in slot order (one fields object, reused). */
  forEach(fn: (f: ObjectFields) => void): void {
    const f = emptyFields();
    for (let slot = 0; slot < this.next; slot++) {
      if ((this.types[slot] as number) < 0) continue;
      this.read(slot, f);
      fn(f);
    }
  }

  private grow(): void {
    const n = this.types.length * 2;
    const types = new Int32Array(n).fill(-1);
    types.set(this.types);
    this.types = types;
    this.bytes = copied(this.bytes, new Float64Array(n));
    this.spanClasses = copied(this.spanClasses, new Int32Array(n));
    this.allocTimes = copied(this.allocTimes, new Float64Array(n));
    this.contexts = copied(this.contexts, new Int32Array(n));
    this.gcs = copied(this.gcs, new Int32Array(n));
    this.links = copied(this.links, new Int32Array(n));
  }

  private tally(spanClass: number, objects: number, bytes: number): void {
    if (spanClass < 0) {
      this.unspannedObjects += objects;
      this.unspannedBytes += bytes;
      return;
    }
    this.classObjects[spanClass & 255] = (this.classObjects[spanClass & 255] as number) + objects;
    this.classBytes[spanClass & 255] = (this.classBytes[spanClass & 255] as number) + bytes;
  }

  private read(slot: number, out: ObjectFields): void {
    out.typeKey = this.types[slot] as number;
    out.bytes = this.bytes[slot] as number;
    out.spanClass = this.spanClasses[slot] as number;
    out.allocTime = this.allocTimes[slot] as number;
    out.context = this.contexts[slot] as number;
    out.gcAtAlloc = this.gcs[slot] as number;
  }
}

/** `to` with `from` copied to its start. */
function copied<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
