// Live heap objects, one slot each in one typed array (memory follows
// the live heap, not the number of events). Slots are reused through a free
// list. Finding an object's slot is the caller's business: spans keep the
// slots of the objects they hold (see spans.ts), so the hot path needs no
// hash lookup per object.
export interface ObjectFields {
  typeKey: number;
  bytes: number;
  spanClass: number;
  /** NaN for objects that existed before the trace (the start snapshot). */
  allocTime: number;
  /** Allocation context (goroutine, region and task; see goroutines.ts), 0 for objects from before the trace. */
  context: number;
  /** GC cycles completed when allocated, -1 when unknown. */
  gcAtAlloc: number;
}

export function emptyFields(): ObjectFields {
  return { typeKey: 0, bytes: 0, spanClass: 0, allocTime: 0, context: 0, gcAtAlloc: 0 };
}

// One object is FIELDS consecutive float64s, so reading or writing it
// touches one or two cache lines instead of one per field; a freed slot has
// type -1.
const FIELDS = 6;
const TYPE = 0;
const BYTES = 1;
const SPAN_CLASS = 2;
const ALLOC_TIME = 3;
const CONTEXT = 4;
const GC_AT_ALLOC = 5;

export class ObjectTable {
  private data = new Float64Array(1024 * FIELDS);
  private freeSlots = new Int32Array(1024);
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
      if ((slot + 1) * FIELDS > this.data.length) {
        const bigger = new Float64Array(this.data.length * 2);
        bigger.set(this.data);
        this.data = bigger;
      }
    }
    const d = this.data;
    const at = slot * FIELDS;
    d[at + TYPE] = f.typeKey;
    d[at + BYTES] = f.bytes;
    d[at + SPAN_CLASS] = f.spanClass;
    d[at + ALLOC_TIME] = f.allocTime;
    d[at + CONTEXT] = f.context;
    d[at + GC_AT_ALLOC] = f.gcAtAlloc;
    this.size++;
    this.tally(f.spanClass, 1, f.bytes);
    return slot;
  }

  /** Removes the object in `slot`, copying its fields to `out`. */
  remove(slot: number, out: ObjectFields): void {
    this.read(slot, out);
    this.data[slot * FIELDS + TYPE] = -1;
    this.size--;
    this.tally(out.spanClass, -1, -out.bytes);
    if (this.freeCount >= this.freeSlots.length) {
      const bigger = new Int32Array(this.freeSlots.length * 2);
      bigger.set(this.freeSlots);
      this.freeSlots = bigger;
    }
    this.freeSlots[this.freeCount++] = slot;
  }

  /** Calls fn for every live object (one fields object, reused). */
  forEach(fn: (f: ObjectFields) => void): void {
    const f = emptyFields();
    for (let slot = 0; slot < this.next; slot++) {
      if ((this.data[slot * FIELDS + TYPE] as number) < 0) continue;
      this.read(slot, f);
      fn(f);
    }
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
    const d = this.data;
    const at = slot * FIELDS;
    out.typeKey = d[at + TYPE] as number;
    out.bytes = d[at + BYTES] as number;
    out.spanClass = d[at + SPAN_CLASS] as number;
    out.allocTime = d[at + ALLOC_TIME] as number;
    out.context = d[at + CONTEXT] as number;
    out.gcAtAlloc = d[at + GC_AT_ALLOC] as number;
  }
}
