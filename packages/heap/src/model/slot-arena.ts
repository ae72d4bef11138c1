// The object stores of all spans: a span's store is a range of slots in one
// chunk of the arena, at the span's `base`. Chunks of a fixed size (instead of
// one array that doubles) mean growing never copies and never holds the old
// and the new array at once, so memory follows the slots in use: the store is
// most of the model's memory when the live heap holds millions of objects. A
// range given back by a span that went away empty is reused by the next span
// with as many slots (spans come and go by the thousand each GC cycle).
// A slot is two runs of memory: its three integers (type, allocation context,
// GC count) side by side in one 16-bit array until a value needs more (then
// every chunk's integers are widened to 32 bits, once), and its time in a
// float64 array: 14 bytes a slot instead of 32 as four float64s, and an
// allocation or free touches two cache lines, not one per field.
import { TWO32 } from "@gotrace/codec/internal";

/** Slots per chunk (about 0.9 MB); a bigger range gets a chunk of its own. */
export const CHUNK_SLOTS = 1 << 16;

/** A chunk's integers: 16 bits each until a value needs 32. */
export type SlotInts = Uint16Array | Int32Array;

/** The largest value 16-bit integers hold; a bigger one widens them. */
export const NARROW_MAX = 0xffff;

/** Integers per slot, and where each is: the slot's integers start at slot × INTS. */
export const INTS = 3;
/** Type key + 1; 0: empty slot. */
export const I_TYPE = 0;
/** Allocation context (see goroutines.ts). */
export const I_CONTEXT = 1;
/** GC cycles completed when the object was allocated, + 1 (0: unknown). */
export const I_GC = 2;

/** One chunk of the arena: its slots' integers and times. */
export class SlotChunk {
  /** Where the chunk is in the arena's list. */
  readonly index: number;
  /** INTS integers per slot (I_TYPE, I_CONTEXT, I_GC). */
  ints: SlotInts;
  /** Allocation time in ns per slot (NaN: from before the trace). */
  readonly times: Float64Array;
  constructor(index: number, slots: number, wide: boolean) {
    this.index = index;
    this.ints = wide ? new Int32Array(slots * INTS) : new Uint16Array(slots * INTS);
    this.times = new Float64Array(slots);
  }
}

/** The chunk of a range not yet taken: no slots. */
export const NO_CHUNK = new SlotChunk(-1, 0, false);

/** A range: its chunk and first slot there. */
export interface SlotRange {
  chunk: SlotChunk;
  base: number;
}

/** Ranges are filed as chunk index × 2^32 + base (exact: both stay far below 2^21 and 2^32). */
const RANGE_SCALE = TWO32;

export class SlotArena {
  readonly chunks: SlotChunk[] = [];
  /** The largest value a slot's integers hold now (NARROW_MAX, or 2^31 - 1 once widened). */
  intLimit = NARROW_MAX;
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

  /** Widens every chunk's integers to 32 bits (a value above NARROW_MAX is coming); they keep their values. */
  widen(): void {
    if (this.intLimit > NARROW_MAX) return;
    this.intLimit = 0x7fffffff;
    for (const c of this.chunks) c.ints = new Int32Array(c.ints);
  }

  private newChunk(slots: number): SlotChunk {
    const chunk = new SlotChunk(this.chunks.length, slots, this.intLimit > NARROW_MAX);
    this.chunks.push(chunk);
    return chunk;
  }
}
