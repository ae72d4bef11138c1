// In-use spans, keyed by span id (the span's first page counted from the heap
// base). Each heap span also holds the objects in it, by slot index, so an
// object is found through its span. An object finds
// its span by page: a small-object span covers a few pages at most, so looking
// back that many pages from the object's page finds it; a large object starts
// its span, so its own page hits at once. Consecutive events mostly touch the
// same few spans, so a small cache by page is tried first.
import type { SizeClassTable } from "./size-classes.js";
import { NO_CHUNK, SlotArena, type SlotChunk, type SlotRange } from "./slot-arena.js";

/** Spans of 1 TiB or more are taken for damage, not for one enormous allocation. */
const MAX_SPAN_BYTES = 2 ** 40;

const CACHE_MASK = 1023;

/** kindclass 1: not an in-use heap span (stacks, runtime structures). */
export const KINDCLASS_NOT_HEAP = 1;

export class SpanRec implements SlotRange {
  readonly id: number;
  readonly npages: number;
  /** -1 for non-heap spans, else the span class (size class << 1 | noscan). */
  readonly spanClass: number;
  /** Slot size; the whole span for a large object; 0 for non-heap spans. */
  readonly elemSize: number;
  live = true;
  /**
   * The span's object store in the SlotArena, made on first use: its chunk
   * and first slot there, or NO_CHUNK and -1. Kept by span because the
   * runtime fills and sweeps a span slot by slot, so the model's memory is
   * touched in the same order.
   */
  chunk: SlotChunk = NO_CHUNK;
  base = -1;
  /** Per slot of a tiny span, made when a block first gets neighbours: see placement.ts. */
  tinyHeads: Int32Array | null = null;
  /** Objects recorded in the store. */
  count = 0;
  /** Slots whose tiny block has neighbours waiting (placement.ts; tiny spans only). */
  tinyBlocks = 0;
  /** Where the span is in its table's inUse list. */
  inUseAt = -1;
  /** Object id of the span's first byte, and the slot size in object-id units (0 for non-heap spans). */
  readonly firstId: number;
  readonly elemIds: number;
  /** Slots the span has room for. */
  readonly slotCount: number;
  /** 1 / elemIds, so a slot index is a multiplication. */
  readonly perElemId: number;
  constructor(id: number, npages: number, spanClass: number, elemSize: number, idsPerPage: number, align: number) {
    this.id = id;
    this.npages = npages;
    this.spanClass = spanClass;
    this.elemSize = elemSize;
    this.firstId = id * idsPerPage;
    this.elemIds = elemSize / align;
    this.slotCount = this.elemIds === 0 ? 0 : Math.max(1, Math.floor((npages * idsPerPage) / this.elemIds));
    this.perElemId = this.elemIds === 0 ? 0 : 1 / this.elemIds;
  }

  /** Makes the object store on first use; returns its first slot (in `chunk`). */
  store(arena: SlotArena): number {
    if (this.base < 0) arena.take(this.slotCount, this);
    return this.base;
  }
}

export interface SpanCounters {
  spans: number;
  pages: number;
}

export class SpanTable {
  private readonly sizes: SizeClassTable;
  readonly pageSize: number;
  private readonly align: number;
  /**
   * Called with a span that goes away while objects (or tiny blocks'
   * neighbours) are still recorded in it; `displaced` when a new span took
   * its place before its free arrived.
   */
  private readonly onDrop: (rec: SpanRec, displaced: boolean) => void;
  private readonly byId = new Map<number, SpanRec>();
  /**
   * The same spans in a dense list, for the per-class tallies taken with
   * each timeline sample: adding up the spans' own counts then is cheaper
   * than keeping per-class counts on every allocation and free.
   */
  readonly inUse: SpanRec[] = [];
  /** Heap spans and pages per span class. */
  readonly perClass: SpanCounters[] = [];
  readonly nonHeap: SpanCounters = { spans: 0, pages: 0 };
  heapPages = 0;
  allocated = 0;
  freed = 0;
  allocatedPages = 0;
  freedPages = 0;
  /** Span allocations and frees per span class (-1: non-heap spans). */
  readonly churnAlloc = new Map<number, number>();
  readonly churnFree = new Map<number, number>();
  /** Frees of spans the trace never introduced (windows without the start snapshot). */
  unknownFrees = 0;
  /** Spans allocated again before the free of their previous use arrived. */
  reordered = 0;
  /**
   * Span events left out because no runtime makes such a span: a size class
   * the table lacks, more pages than any span of a small size class has, or
   * MAX_SPAN_BYTES or more. (The
   * reader does not check alloc/free values; damage can make them anything,
   * and the object store is sized by the span.)
   */
  impossible = 0;
  /** Frees still to come for spans already replaced, by id. */
  private readonly staleFrees = new Map<number, number>();
  private readonly maxLookback: number;
  /** Where the spans' objects are kept. */
  readonly arena = new SlotArena();
  private readonly cache: (SpanRec | undefined)[] = new Array(CACHE_MASK + 1).fill(undefined);

  private readonly idsPerPage: number;

  constructor(
    sizes: SizeClassTable,
    pageSize: number,
    align: number,
    onDrop: (rec: SpanRec, displaced: boolean) => void,
  ) {
    this.sizes = sizes;
    this.pageSize = pageSize;
    this.align = align;
    this.onDrop = onDrop;
    this.maxLookback = Math.max(1, ...sizes.spanPages);
    this.idsPerPage = pageSize / align;
  }

  /** A span exists (snapshot) or was allocated (`fresh`). */
  add(id: number, npages: number, kindclass: number, fresh: boolean): void {
    if (this.isImpossible(npages, kindclass)) {
      this.impossible++;
      return;
    }
    const old = this.byId.get(id);
    if (old !== undefined) {
      // Allocated again before its free arrived: another M's free, stamped
      // later. That free is for the old span, which goes now.
      this.staleFrees.set(id, (this.staleFrees.get(id) ?? 0) + 1);
      this.reordered++;
      this.drop(old, true);
    }
    let spanClass = -1;
    let elemSize = 0;
    if (kindclass !== KINDCLASS_NOT_HEAP) {
      spanClass = Math.floor(kindclass / 2);
      const sizeClass = spanClass >> 1;
      elemSize = sizeClass === 0 ? npages * this.pageSize : (this.sizes.objectSize[sizeClass] ?? 0);
    }
    const rec = new SpanRec(id, npages, spanClass, elemSize, this.idsPerPage, this.align);
    this.byId.set(id, rec);
    rec.inUseAt = this.inUse.length;
    this.inUse.push(rec);
    const c = spanClass < 0 ? this.nonHeap : this.counters(spanClass);
    c.spans++;
    c.pages += npages;
    if (spanClass >= 0) this.heapPages += npages;
    if (fresh) {
      this.allocated++;
      this.allocatedPages += npages;
      this.churnAlloc.set(spanClass, (this.churnAlloc.get(spanClass) ?? 0) + 1);
    }
  }

  /** Whether a span of `npages` pages and this kind and class cannot be (see `impossible`). */
  private isImpossible(npages: number, kindclass: number): boolean {
    if (!(npages >= 0 && npages * this.pageSize < MAX_SPAN_BYTES)) return true;
    if (kindclass === KINDCLASS_NOT_HEAP) return false;
    if (!(kindclass >= 0 && kindclass < 4 * this.sizes.objectSize.length)) return true;
    const sizeClass = Math.floor(kindclass / 2) >> 1;
    return sizeClass !== 0 && npages > this.maxLookback;
  }

  free(id: number): void {
    const stale = this.staleFrees.size > 0 ? this.staleFrees.get(id) : undefined;
    if (stale !== undefined) {
      if (stale > 1) this.staleFrees.set(id, stale - 1);
      else this.staleFrees.delete(id);
      this.freed++;
      return;
    }
    const rec = this.byId.get(id);
    if (rec === undefined) {
      this.unknownFrees++;
      return;
    }
    this.byId.delete(id);
    this.drop(rec);
    this.freed++;
    this.freedPages += rec.npages;
    this.churnFree.set(rec.spanClass, (this.churnFree.get(rec.spanClass) ?? 0) + 1);
  }

  /** The span holding the given page (span-id units), or undefined. */
  find(page: number): SpanRec | undefined {
    // A small direct-mapped cache by page answers most lookups without the Map.
    const way = page & CACHE_MASK;
    const hit = this.cache[way];
    if (hit?.live && page >= hit.id && page < hit.id + hit.npages) return hit;
    let s = this.byId.get(page);
    for (let back = 1; s === undefined && back < this.maxLookback; back++) s = this.byId.get(page - back);
    if (s === undefined || s.id + s.npages <= page) return undefined;
    this.cache[way] = s;
    return s;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Calls fn for every span still in use. */
  forEach(fn: (rec: SpanRec) => void): void {
    for (const rec of this.byId.values()) fn(rec);
  }

  private counters(spanClass: number): SpanCounters {
    let c = this.perClass[spanClass];
    if (c === undefined) {
      for (let i = this.perClass.length; i <= spanClass; i++) this.perClass.push({ spans: 0, pages: 0 });
      c = this.perClass[spanClass] as SpanCounters;
    }
    return c;
  }

  private drop(rec: SpanRec, displaced = false): void {
    rec.live = false;
    const last = this.inUse.pop() as SpanRec;
    if (last !== rec) {
      last.inUseAt = rec.inUseAt;
      this.inUse[rec.inUseAt] = last;
    }
    const c = rec.spanClass < 0 ? this.nonHeap : this.counters(rec.spanClass);
    c.spans--;
    c.pages -= rec.npages;
    if (rec.spanClass >= 0) this.heapPages -= rec.npages;
    if (rec.count > 0 || rec.tinyBlocks > 0) this.onDrop(rec, displaced);
    if (rec.base >= 0) {
      // onDrop emptied it.
      this.arena.give(rec, rec.slotCount);
      rec.chunk = NO_CHUNK;
      rec.base = -1;
    }
  }
}
