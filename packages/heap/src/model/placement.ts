// Where each live object is kept, and which object a free means. Objects in
// a known span live in that span's store, by slot; the rest (tiny-allocator
// neighbours, objects whose span the trace never showed, objects displaced by
// a reordered allocation) live in one side table. The analyzer is told of
// every object that goes, with its fields, to do its accounting. Nothing
// here makes a JS object per heap object: a leaking program's live heap can
// hold millions of them (tiny-block neighbours among them, one per small
// string), so per-object state is typed arrays and an IdMap.
import type { HeapLayout } from "./layout.js";
import { emptyFields, type ObjectFields, ObjectTable } from "./objects.js";
import type { SizeClassTable } from "./size-classes.js";
import { IdMap } from "./id-map.js";
import { I_CONTEXT, I_GC, I_TYPE, INTS, type SlotChunk } from "./slot-arena.js";
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
   * slot, read straight from the slot (already marked empty, so its type
   * comes as `typeKey`): no copy per free.
   */
  freedFromSlot(chunk: SlotChunk, slot: number, typeKey: number, bytes: number): void;
}

export class ObjectPlacement {
  private readonly tinySpanClass: number;
  private readonly sink: ReleaseSink;
  /** Slot size for an object of a type whose span is unknown. */
  private readonly estimate: (typeKey: number) => number;
  /** Objects outside span stores, by side-table slot. */
  readonly side = new ObjectTable();
  /** Side-table slots of objects outside any known span, by id. */
  private readonly unspanned = new IdMap();
  /** Side-table slots of objects whose slot was taken again before their free arrived, by slot id, oldest first. */
  private readonly displaced = new Map<number, number[]>();
  /**
   * Tiny-allocator neighbours are kept by their block's span slot: the
   * span's `tinyHeads` holds the side-table slot (+ 1) of the newest one,
   * which links (side.links) to the one before, and so on to -1. A lookup
   * then touches the slot the free touches anyway, where a table by id
   * would cost a cache miss per free of a tiny block on a big heap. Those
   * still waiting when their span went away (their block's owner never seen,
   * or the span replaced before its free) move here, by block id, where
   * frees of that id still find them.
   */
  private readonly strayNeighbours = new IdMap();
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
  /**
   * Objects and bytes in span slots per span class (below 256), kept as
   * objects come and go: the timeline takes them with every sample, and
   * adding up tens of thousands of spans' counts each time cost more than
   * two additions per allocation and free.
   */
  readonly spanClassObjects = new Float64Array(256);
  readonly spanClassBytes = new Float64Array(256);
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
      if (old >= 0) {
        this.replacedObjects++;
        this.releaseSide(old, false);
      }
      this.unspanned.set(id, slot);
      return f.bytes;
    }
    const offset = id - span.firstId;
    const index = (offset * span.perElemId + INDEX_NUDGE) | 0;
    const within = offset - index * span.elemIds;
    const slot = (span.base < 0 ? span.store(this.spans.arena) : span.base) + index;
    const chunk = span.chunk;
    f.spanClass = span.spanClass;
    const at = slot * INTS;
    if (span.spanClass === this.tinySpanClass && (within !== 0 || chunk.ints[at + I_TYPE] !== 0)) {
      // Inside a 16-byte block another object owns: the tiny allocator packed
      // it there, and the block is freed as one. Ids have the alignment's
      // resolution, so neighbours (and the block's owner) can share an id.
      f.bytes = 0;
      this.tinyNeighbourAllocs++;
      const sideSlot = this.side.add(f);
      // Kept by the block's slot (see strayNeighbours).
      span.tinyHeads ??= new Int32Array(span.slotCount);
      const head = span.tinyHeads[index] as number;
      if (head === 0) span.tinyBlocks++;
      this.side.links[sideSlot] = head - 1;
      span.tinyHeads[index] = sideSlot + 1;
      return 0;
    }
    // An object may start past its slot by the malloc header (the type word
    // Go 1.22+ puts before larger pointerful objects); frees name the slot.
    if (chunk.ints[at + I_TYPE] !== 0) {
      // Taken again before its free arrived: each M stamps its own events,
      // and a sweeper's free can carry a later time than the allocation
      // another M made in the freed slot. The slot's next free belongs to
      // the older object, which waits in the side table.
      this.reorderedAllocs++;
      this.displace(span, index, id - within);
    }
    f.bytes = span.elemSize;
    const arena = this.spans.arena;
    const limit = arena.intLimit;
    if (f.typeKey >= limit || f.context > limit || f.gcAtAlloc >= limit) arena.widen();
    const ints = chunk.ints;
    ints[at + I_TYPE] = f.typeKey + 1;
    ints[at + I_CONTEXT] = f.context;
    ints[at + I_GC] = f.gcAtAlloc + 1;
    chunk.times[slot] = f.allocTime;
    span.count++;
    this.tallySpanClass(span, 1);
    return f.bytes;
  }

  /** A HeapObjectFree: the object in the slot at `id`, and any tiny neighbours, are gone. */
  free(id: number): void {
    // Frees come in runs through one span (the sweeper frees a span's dead
    // objects in order): check the last one before any lookup.
    const span = this.freeAt.locate(id, this.spans, this.pagesPerId);
    if (span.elemIds === 0) {
      const slot = this.unspanned.delete(id);
      if (slot < 0) {
        this.unknownFrees++;
        return;
      }
      this.releaseSide(slot, true);
      return;
    }
    const waiting = this.displaced.size > 0 ? this.displaced.get(id) : undefined;
    if (waiting !== undefined) {
      this.releaseSide(waiting.shift() as number, true);
      if (waiting.length === 0) this.displaced.delete(id);
    } else {
      const index = ((id - span.firstId) * span.perElemId + INDEX_NUDGE) | 0;
      const chunk = span.chunk;
      const slot = span.base + index;
      const type = span.base >= 0 ? (chunk.ints[slot * INTS + I_TYPE] as number) : 0;
      if (type !== 0) {
        chunk.ints[slot * INTS + I_TYPE] = 0;
        span.count--;
        this.tallySpanClass(span, -1);
        this.sink.freedFromSlot(chunk, slot, type - 1, span.elemSize);
      } else this.unknownFrees++;
    }
    if (span.spanClass === this.tinySpanClass && (span.tinyBlocks > 0 || this.strayNeighbours.size > 0)) {
      this.releaseTinyNeighbours(span, id, true);
    }
  }

  /**
   * A span went away with objects still in its store. Displaced by a new span
   * before its free arrived, its objects wait for their frees like displaced
   * objects do; otherwise their frees were not in the trace.
   */
  spanDropped(span: SpanRec, displaced: boolean): void {
    const ints = span.chunk.ints;
    for (let i = 0; i < span.slotCount; i++) {
      if (ints[(span.base + i) * INTS + I_TYPE] === 0) continue;
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
      if (span.spanClass === this.tinySpanClass) this.releaseTinyNeighbours(span, base, false);
    }
    if (span.tinyBlocks > 0) this.strandNeighbours(span);
  }

  /**
   * Calls fn for every live object (one fields object, reused: fn reads it
   * and must not change it, since a span's shared fields are set once). Without
   * `times`, objects in span slots come with allocTime NaN: their times are
   * most of the bytes a pass over millions of slots reads, and a pass that
   * needs only whether an object was allocated in the trace has that from
   * gcAtAlloc (-1 for objects from before it).
   */
  forEach(fn: (f: ObjectFields) => void, times = true): void {
    const f = emptyFields();
    this.spans.forEach((span) => {
      if (span.base < 0 || span.count === 0) return;
      const chunk = span.chunk;
      const ints = chunk.ints;
      f.bytes = span.elemSize;
      f.spanClass = span.spanClass;
      f.allocTime = Number.NaN;
      // count is the slots in use: the rest of a span's slots are not read.
      for (let i = 0, left = span.count; left > 0 && i < span.slotCount; i++) {
        const slot = span.base + i;
        const at = slot * INTS;
        const type = ints[at + I_TYPE] as number;
        if (type === 0) continue;
        left--;
        f.typeKey = type - 1;
        f.context = ints[at + I_CONTEXT] as number;
        f.gcAtAlloc = (ints[at + I_GC] as number) - 1;
        if (times) f.allocTime = chunk.times[slot] as number;
        fn(f);
      }
    });
    this.side.forEach(fn);
  }

  /** Moves the object in a span slot to the side table, to wait for its free. */
  private displace(span: SpanRec, index: number, base: number): void {
    const f = this.out;
    this.readInSpan(span, index, f);
    span.chunk.ints[(span.base + index) * INTS + I_TYPE] = 0;
    span.count--;
    this.tallySpanClass(span, -1);
    const slot = this.side.add(f);
    const waiting = this.displaced.get(base);
    if (waiting === undefined) this.displaced.set(base, [slot]);
    else waiting.push(slot);
  }

  private readInSpan(span: SpanRec, index: number, f: ObjectFields): void {
    const chunk = span.chunk;
    const slot = span.base + index;
    const at = slot * INTS;
    f.typeKey = (chunk.ints[at + I_TYPE] as number) - 1;
    f.bytes = span.elemSize;
    f.spanClass = span.spanClass;
    f.allocTime = chunk.times[slot] as number;
    f.context = chunk.ints[at + I_CONTEXT] as number;
    f.gcAtAlloc = (chunk.ints[at + I_GC] as number) - 1;
  }

  private releaseInSpan(span: SpanRec, index: number, fromEvent: boolean): void {
    const f = this.out;
    this.readInSpan(span, index, f);
    span.chunk.ints[(span.base + index) * INTS + I_TYPE] = 0;
    span.count--;
    this.tallySpanClass(span, -1);
    this.sink.released(f, fromEvent);
  }

  private releaseSide(slot: number, fromEvent: boolean): void {
    const f = this.out;
    this.side.remove(slot, f);
    this.sink.released(f, fromEvent);
  }

  /** The tiny block at `block` (an id in `span`) is gone: so are the neighbours packed into it. */
  private releaseTinyNeighbours(span: SpanRec, block: number, fromEvent: boolean): void {
    if (span.tinyBlocks > 0) {
      const offset = block - span.firstId;
      const index = (offset * span.perElemId + INDEX_NUDGE) | 0;
      // Only the id a block starts at names it (neighbours were kept by that id).
      const heads = span.tinyHeads;
      if (heads !== null && offset - index * span.elemIds === 0 && index < span.slotCount) {
        const head = heads[index] as number;
        if (head !== 0) {
          heads[index] = 0;
          span.tinyBlocks--;
          this.releaseChain(head - 1, fromEvent);
        }
      }
    }
    if (this.strayNeighbours.size > 0) this.releaseChain(this.strayNeighbours.delete(block), fromEvent);
  }

  /** Releases the side-table slots linked from `slot` (-1: none). */
  private releaseChain(slot: number, fromEvent: boolean): void {
    // Newest first; the accounting adds up, so the order makes no difference.
    const links = this.side.links;
    for (let at = slot; at >= 0; ) {
      const next = links[at] as number;
      this.releaseSide(at, fromEvent);
      at = next;
    }
  }

  /** A span with tiny blocks' neighbours still waiting goes: they wait on, by block id. */
  private strandNeighbours(span: SpanRec): void {
    const heads = span.tinyHeads;
    if (heads === null) return;
    const links = this.side.links;
    for (let i = 0; i < span.slotCount && span.tinyBlocks > 0; i++) {
      const head = heads[i] as number;
      if (head === 0) continue;
      heads[i] = 0;
      span.tinyBlocks--;
      const block = span.firstId + i * span.elemIds;
      const older = this.strayNeighbours.get(block);
      if (older >= 0) {
        // Neighbours of an earlier span at the same id wait too: one chain.
        let last = head - 1;
        while ((links[last] as number) >= 0) last = links[last] as number;
        links[last] = older;
      }
      this.strayNeighbours.set(block, head - 1);
    }
  }

  /** A span's count changed by `objects`: the per-class tallies follow. */
  private tallySpanClass(span: SpanRec, objects: number): void {
    const sc = span.spanClass & 255;
    this.spanClassObjects[sc] = (this.spanClassObjects[sc] as number) + objects;
    this.spanClassBytes[sc] = (this.spanClassBytes[sc] as number) + objects * span.elemSize;
  }
}
