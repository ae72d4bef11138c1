// Where each live object is kept, and which object a free means. Objects in
// a known span live in that span's store, by slot; the rest (tiny-allocator
// neighbours, objects whose span the trace never showed, objects displaced by
// a reordered allocation) live in one side table. The analyzer is told of
// every object that goes, with its fields, to do its accounting.
import type { HeapLayout } from "./layout.js";
import { emptyFields, type ObjectFields, ObjectTable } from "./objects.js";
import type { SizeClassTable } from "./size-classes.js";
import { S_CONTEXT, S_GC, S_TIME, S_TYPE, SLOT_FIELDS } from "./slot-arena.js";
import { SpanRec, SpanTable } from "./spans.js";

/**
 * Slot indexes come from a multiplication by 1/slot size, which can land a
 * hair below an exact integer; a non-integer quotient is at least 1/4096
 * (the largest slot in ids) away from the next one, so a tiny nudge fixes
 * the first without ever moving the second. `| 0` then truncates (indexes
 * within a span are small), keeping the arithmetic in integers.
 */
const INDEX_NUDGE = 1e-7;

/** Stands for "no span": no slots, never live. */
const NO_SPAN = (() => {
  const none = new SpanRec(-1, 0, -1, 0, 1, 1);
  none.live = false;
  return none;
})();

/** The span a run of events last landed in, and the object ids it covers. */
class LastSpan {
  span: SpanRec = NO_SPAN;
  private first = 0;
  private end = 0;

  holds(id: number): boolean {
    return id >= this.first && id < this.end && this.span.live;
  }

  /** The span holding `id` (NO_SPAN for none), remembered for the next call. */
  locate(id: number, spans: SpanTable, pagesPerId: number): SpanRec {
    if (this.holds(id)) return this.span;
    const span = spans.find(Math.floor(id * pagesPerId)) ?? NO_SPAN;
    this.span = span;
    this.first = span.firstId;
    this.end = span.firstId + span.slotCount * span.elemIds;
    return span;
  }
}

export interface ReleaseSink {
  /** An object is gone, now: freed by an event (`fromEvent`) or dropped because a free was missed. */
  released(f: ObjectFields, fromEvent: boolean): void;
  /**
   * The common case of released(), an event's free of an object in a span
   * slot, read straight from the slot (SLOT_FIELDS fields from `at`; the
   * slot is already marked empty, so its type comes as `typeKey`): no copy
   * per free.
   */
  freedFromSlot(fields: Float64Array, at: number, typeKey: number, bytes: number): void;
}

export class ObjectPlacement {
  private readonly tinySpanClass: number;
  private readonly sink: ReleaseSink;
  /** Slot size for an object of a type whose span is unknown. */
  private readonly estimate: (typeKey: number) => number;
  /** Objects outside span stores, by side-table slot. */
  readonly side = new ObjectTable();
  /** Side-table slots of objects outside any known span, by id. */
  private readonly unspanned = new Map<number, number>();
  /** Side-table slots of objects whose slot was taken again before their free arrived, by slot id, oldest first. */
  private readonly displaced = new Map<number, number[]>();
  /** Side-table slots of tiny-allocator neighbours, by the id of their block. */
  private readonly tinyNeighbours = new Map<number, number[]>();
  private readonly out: ObjectFields = emptyFields();

  /** Allocations into a slot whose free came later in the trace's order. */
  reorderedAllocs = 0;
  /** Allocations over an object outside any span that was never freed. */
  replacedObjects = 0;
  /** Frees of objects the trace never showed allocated. */
  unknownFrees = 0;
  /** Objects still recorded in a span when the trace freed it. */
  orphanedObjects = 0;
  /** Objects in spans the trace never showed: their size is estimated. */
  unsizedObjects = 0;
  /** Allocations placed inside a tiny block another object owns (Go 1.24+ record these; Go 1.23 does not). */
  tinyNeighbourAllocs = 0;
  /** The spans the last allocation and the last free landed in. */
  private readonly allocAt = new LastSpan();
  private readonly freeAt = new LastSpan();

  /** The spans objects live in; replaced by setLayout. */
  spans: SpanTable;
  /** Object ids per page, and its inverse (exact: both are powers of two). */
  private idsPerPage: number;
  private pagesPerId: number;

  constructor(
    sizes: SizeClassTable,
    layout: HeapLayout,
    tinySpanClass: number,
    sink: ReleaseSink,
    estimate: (typeKey: number) => number,
  ) {
    this.tinySpanClass = tinySpanClass;
    this.sink = sink;
    this.estimate = estimate;
    this.spans = new SpanTable(sizes, layout.pageSize, layout.minHeapAlign, (span, d) => this.spanDropped(span, d));
    this.idsPerPage = layout.pageSize / layout.minHeapAlign;
    this.pagesPerId = 1 / this.idsPerPage;
  }

  /** The trace's info batch arrived: ids count in its units from now on. */
  setLayout(sizes: SizeClassTable, layout: HeapLayout): void {
    if (this.spans.size === 0) {
      this.spans = new SpanTable(sizes, layout.pageSize, layout.minHeapAlign, (span, d) => this.spanDropped(span, d));
    }
    this.idsPerPage = layout.pageSize / layout.minHeapAlign;
    this.pagesPerId = 1 / this.idsPerPage;
  }

  /**
   * Records an object (fields except bytes and spanClass, which come from
   * where it lands) and returns the bytes it takes: its slot's size, 0 inside
   * another object's tiny block.
   */
  place(id: number, f: ObjectFields): number {
    // Allocations come in runs through one span (the runtime fills a cached
    // span slot by slot): check the last one before any lookup.
    const span = this.allocAt.locate(id, this.spans, this.pagesPerId);
    if (span.elemIds === 0) {
      this.unsizedObjects++;
      f.bytes = this.estimate(f.typeKey);
      f.spanClass = -1;
      const slot = this.side.add(f);
      const old = this.unspanned.get(id);
      if (old !== undefined) {
        this.replacedObjects++;
        this.releaseSide(old, false);
      }
      this.unspanned.set(id, slot);
      return f.bytes;
    }
    const offset = id - span.firstId;
    const index = (offset * span.perElemId + INDEX_NUDGE) | 0;
    const within = offset - index * span.elemIds;
    const arena = this.spans.arena;
    const slot = (span.base < 0 ? span.store(arena) : span.base) + index;
    const fields = arena.fields;
    const at = slot * SLOT_FIELDS;
    f.spanClass = span.spanClass;
    if (span.spanClass === this.tinySpanClass && (within !== 0 || fields[at + S_TYPE] !== 0)) {
      // Inside a 16-byte block another object owns: the tiny allocator packed
      // it there, and the block is freed as one. Ids have the alignment's
      // resolution, so neighbours (and the block's owner) can share an id.
      f.bytes = 0;
      this.tinyNeighbourAllocs++;
      const block = id - within;
      const sideSlot = this.side.add(f);
      const list = this.tinyNeighbours.get(block);
      if (list === undefined) this.tinyNeighbours.set(block, [sideSlot]);
      else list.push(sideSlot);
      return 0;
    }
    // An object may start past its slot by the malloc header (the type word
    // Go 1.22+ puts before larger pointerful objects); frees name the slot.
    if (fields[at + S_TYPE] !== 0) {
      // Taken again before its free arrived: each M stamps its own events,
      // and a sweeper's free can carry a later time than the allocation
      // another M made in the freed slot. The slot's next free belongs to
      // the older object, which waits in the side table.
      this.reorderedAllocs++;
      this.displace(span, index, id - within);
    }
    f.bytes = span.elemSize;
    fields[at + S_TYPE] = f.typeKey + 1;
    fields[at + S_CONTEXT] = f.context;
    fields[at + S_GC] = f.gcAtAlloc;
    fields[at + S_TIME] = f.allocTime;
    span.count++;
    return f.bytes;
  }

  /** A HeapObjectFree: the object in the slot at `id`, and any tiny neighbours, are gone. */
  free(id: number): void {
    // Frees come in runs through one span (the sweeper frees a span's dead
    // objects in order): check the last one before any lookup.
    const span = this.freeAt.locate(id, this.spans, this.pagesPerId);
    if (span.elemIds === 0) {
      const slot = this.unspanned.get(id);
      if (slot === undefined) {
        this.unknownFrees++;
        return;
      }
      this.unspanned.delete(id);
      this.releaseSide(slot, true);
      return;
    }
    const waiting = this.displaced.size > 0 ? this.displaced.get(id) : undefined;
    if (waiting !== undefined) {
      this.releaseSide(waiting.shift() as number, true);
      if (waiting.length === 0) this.displaced.delete(id);
    } else {
      const index = ((id - span.firstId) * span.perElemId + INDEX_NUDGE) | 0;
      const fields = this.spans.arena.fields;
      const at = (span.base + index) * SLOT_FIELDS;
      const type = span.base >= 0 ? (fields[at + S_TYPE] as number) : 0;
      if (type !== 0) {
        fields[at + S_TYPE] = 0;
        span.count--;
        this.sink.freedFromSlot(fields, at, type - 1, span.elemSize);
      } else this.unknownFrees++;
    }
    if (span.spanClass === this.tinySpanClass && this.tinyNeighbours.size > 0) this.releaseTinyNeighbours(id, true);
  }

  /**
   * A span went away with objects still in its store. Displaced by a new span
   * before its free arrived, its objects wait for their frees like displaced
   * objects do; otherwise their frees were not in the trace.
   */
  spanDropped(span: SpanRec, displaced: boolean): void {
    const fields = this.spans.arena.fields;
    for (let i = 0; i < span.slotCount; i++) {
      if (fields[(span.base + i) * SLOT_FIELDS + S_TYPE] === 0) continue;
      const base = span.firstId + i * span.elemIds;
      if (displaced) {
        this.displace(span, i, base);
        continue;
      }
      this.orphanedObjects++;
      this.releaseInSpan(span, i, false);
      const waiting = this.displaced.get(base);
      if (waiting !== undefined) {
        this.displaced.delete(base);
        this.orphanedObjects += waiting.length;
        for (const w of waiting) this.releaseSide(w, false);
      }
      if (span.spanClass === this.tinySpanClass) this.releaseTinyNeighbours(base, false);
    }
  }

  /** Calls fn for every live object (one fields object, reused). */
  forEach(fn: (f: ObjectFields) => void): void {
    const f = emptyFields();
    this.spans.forEach((span) => {
      if (span.base < 0 || span.count === 0) return;
      const fields = this.spans.arena.fields;
      for (let i = 0; i < span.slotCount; i++) {
        if (fields[(span.base + i) * SLOT_FIELDS + S_TYPE] === 0) continue;
        this.readInSpan(span, i, f);
        fn(f);
      }
    });
    this.side.forEach(fn);
  }

  /** Moves the object in a span slot to the side table, to wait for its free. */
  private displace(span: SpanRec, index: number, base: number): void {
    const f = this.out;
    this.readInSpan(span, index, f);
    this.spans.arena.fields[(span.base + index) * SLOT_FIELDS + S_TYPE] = 0;
    span.count--;
    const slot = this.side.add(f);
    const waiting = this.displaced.get(base);
    if (waiting === undefined) this.displaced.set(base, [slot]);
    else waiting.push(slot);
  }

  private readInSpan(span: SpanRec, index: number, f: ObjectFields): void {
    const arena = this.spans.arena;
    const fields = arena.fields;
    const at = (span.base + index) * SLOT_FIELDS;
    f.typeKey = (fields[at + S_TYPE] as number) - 1;
    f.bytes = span.elemSize;
    f.spanClass = span.spanClass;
    f.allocTime = fields[at + S_TIME] as number;
    f.context = fields[at + S_CONTEXT] as number;
    f.gcAtAlloc = fields[at + S_GC] as number;
  }

  private releaseInSpan(span: SpanRec, index: number, fromEvent: boolean): void {
    const f = this.out;
    this.readInSpan(span, index, f);
    this.spans.arena.fields[(span.base + index) * SLOT_FIELDS + S_TYPE] = 0;
    span.count--;
    this.sink.released(f, fromEvent);
  }

  private releaseSide(slot: number, fromEvent: boolean): void {
    const f = this.out;
    this.side.remove(slot, f);
    this.sink.released(f, fromEvent);
  }

  private releaseTinyNeighbours(block: number, fromEvent: boolean): void {
    const list = this.tinyNeighbours.get(block);
    if (list === undefined) return;
    this.tinyNeighbours.delete(block);
    for (const slot of list) this.releaseSide(slot, fromEvent);
  }
}
