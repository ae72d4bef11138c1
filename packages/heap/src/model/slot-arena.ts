// The object stores of all spans: a span's store is a range of slots in one
// chunk of the arena, at the span's `base`. Chunks of a fixed size (instead of
// one array that doubles) mean growing never copies and never holds the old
// and the new array at once, so memory follows the slots in use: the store is
// most of the model's memory when the live heap holds millions of objects. A
// range given back by a span that went away empty is reused by the next span
// with as many slots (spans come and go by the thousand each GC cycle).
// Fields are kept column by column, each in the narrowest array that holds it
// exactly: 14 bytes a slot instead of 32 as four float64s, the three integer
// columns in 16 bits until a value needs more (then that column is widened
// to 32 bits in every chunk, once). The runtime fills and sweeps a span slot
// by slot, so each column is still walked in order.

/** Slots per chunk (about 1.3 MB of columns); a bigger range gets a chunk of its own. */
export const CHUNK_SLOTS = 1 << 16;

/** An integer column: 16 bits a slot until a value needs 32. */
export type IntColumn = Uint16Array | Int32Array;

/** The largest value a 16-bit column holds; a bigger one widens the column. */
export const NARROW_MAX = 0xffff;

/** One chunk of the arena: the columns of its slots. */
export class SlotChunk {
  /** Where the chunk is in the arena's list. */
  readonly index: number;
  /** Type key + 1 per slot; 0: empty slot. */
  types: IntColumn;
  /** Allocation context (see goroutines.ts) per slot. */
  contexts: IntColumn;
  /** GC cycles completed when the object was allocated, + 1 (0: unknown). */
  gcs: IntColumn;
  /** Allocation time in ns (NaN: from before the trace). */
  readonly times: Float64Array;
  constructor(index: number, slots: number, wide: { types: boolean; contexts: boolean; gcs: boolean }) {
    this.index = index;
    this.types = wide.types ? new Int32Array(slots) : new Uint16Array(slots);
    this.contexts = wide.contexts ? new Int32Array(slots) : new Uint16Array(slots);
    this.gcs = wide.gcs ? new Int32Array(slots) : new Uint16Array(slots);
    this.times = new Float64Array(slots);
  }
}

/** The chunk of a range not yet taken: no slots. */
export const NO_CHUNK = new SlotChunk(-1, 0, { types: false, contexts: false, gcs: false });

/** A range: its chunk and first slot there. */
export interface SlotRange {
  chunk: SlotChunk;
  base: number;
}

/** Ranges are filed as chunk index × 2^32 + base (exact: both stay far below 2^21 and 2^32). */
const RANGE_SCALE = 2 ** 32;

export class SlotArena {
  readonly chunks: SlotChunk[] = [];
  /** The largest value each integer column holds now (NARROW_MAX, or 2^31 - 1 once widened). */
  typeLimit = NARROW_MAX;
  contextLimit = NARROW_MAX;
  gcLimit = NARROW_MAX;
  /** Slots used in the last chunk of CHUNK_SLOTS. */
  private used = CHUNK_SLOTS;
  private current: SlotChunk = NO_CHUNK;
  private readonly spare = new Map<number, number[]>();

  /** Points `to` at a range of `slots` empty slots. */
  take(slots: number, to: SlotRange): void {
    const filed = this.spare.get(slots)?.pop();
    if (filed !== undefined) {
      to.chunk = this.chunks[Math.floor(filed / RANGE_SCALE)] as SlotChunk;
      to.base = filed % RANGE_SCALE;
      return;
    }
    if (slots > CHUNK_SLOTS) {
      to.chunk = this.newChunk(slots);
      to.base = 0;
      return;
    }
    if (this.used + slots > CHUNK_SLOTS) {
      // The rest of the chunk stays unused (at most a span's slots, under 2% of it).
      this.current = this.newChunk(CHUNK_SLOTS);
      this.used = 0;
    }
    to.chunk = this.current;
    to.base = this.used;
    this.used += slots;
  }

  /** Gives back a range of `slots` whose slots are all empty again. */
  give(range: SlotRange, slots: number): void {
    let list = this.spare.get(slots);
    if (list === undefined) {
      list = [];
      this.spare.set(slots, list);
    }
    list.push(range.chunk.index * RANGE_SCALE + range.base);
  }

  /**
   * Makes every column room for a slot's values (type key + 1, context,
   * GC cycles + 1): a column that cannot hold its value is widened to 32
   * bits in every chunk.
   */
  fit(type: number, context: number, gc: number): void {
    const wide = 0x7fffffff;
    if (type > this.typeLimit) {
      this.typeLimit = wide;
      for (const c of this.chunks) c.types = new Int32Array(c.types);
    }
    if (context > this.contextLimit) {
      this.contextLimit = wide;
      for (const c of this.chunks) c.contexts = new Int32Array(c.contexts);
    }
    if (gc > this.gcLimit) {
      this.gcLimit = wide;
      for (const c of this.chunks) c.gcs = new Int32Array(c.gcs);
    }
  }

  private newChunk(slots: number): SlotChunk {
    const wide = {
      types: this.typeLimit > NARROW_MAX,
      contexts: this.contextLimit > NARROW_MAX,
      gcs: this.gcLimit > NARROW_MAX,
    };
    const chunk = new SlotChunk(this.chunks.length, slots, wide);
    this.chunks.push(chunk);
    return chunk;
  }
}
