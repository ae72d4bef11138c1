// The span stores' arena: ranges never overlap and never straddle a chunk,
// come back for reuse by size, and the 16-bit integers widen (keeping what
// they held) when a value needs more. Through the placement, objects read
// back exactly as they were placed, wide values included.
import { describe, expect, it } from "vitest";
import { ASSUMED_LAYOUT } from "./layout.js";
import { emptyFields, type ObjectFields } from "./objects.js";
import { ObjectPlacement, type ReleaseSink } from "./placement.js";
import { sizeClassTableFor } from "./size-classes.js";
import {
  CHUNK_SLOTS,
  I_CONTEXT,
  I_GC,
  I_TYPE,
  INTS,
  NARROW_MAX,
  NO_CHUNK,
  SlotArena,
  type SlotRange,
} from "./slot-arena.js";

function range(): SlotRange {
  return { chunk: NO_CHUNK, base: -1 };
}

describe("SlotArena", () => {
  it("hands out disjoint ranges, each inside one chunk", () => {
    const arena = new SlotArena();
    // Span-sized ranges (the tiny class's 512 slots, a large object's 1, a
    // 10-page span of 8-byte objects' 10240) until several chunks are used.
    const sizes = [512, 1, 10240, 170, 1024];
    const taken: { chunk: number; base: number; slots: number }[] = [];
    for (let i = 0; i < 200; i++) {
      const slots = sizes[i % sizes.length] as number;
      const r = range();
      arena.take(slots, r);
      expect(r.base + slots).toBeLessThanOrEqual(r.chunk.times.length);
      taken.push({ chunk: r.chunk.index, base: r.base, slots });
    }
    expect(arena.chunks.length).toBeGreaterThan(3);
    // Sorted by chunk and base, each range ends before the next begins.
    taken.sort((a, b) => a.chunk - b.chunk || a.base - b.base);
    for (let i = 1; i < taken.length; i++) {
      const a = taken[i - 1] as (typeof taken)[number];
      const b = taken[i] as (typeof taken)[number];
      if (a.chunk === b.chunk) expect(a.base + a.slots).toBeLessThanOrEqual(b.base);
    }
  });

  it("reuses a range given back for the next one of the same size only", () => {
    const arena = new SlotArena();
    const a = range();
    arena.take(512, a);
    const b = range();
    arena.take(512, b);
    arena.give(a, 512);
    const other = range();
    arena.take(256, other);
    expect(other.base).not.toBe(a.base);
    const again = range();
    arena.take(512, again);
    expect(again.chunk.index).toBe(a.chunk.index);
    expect(again.base).toBe(a.base);
  });

  it("gives a range bigger than a chunk a chunk of its own", () => {
    const arena = new SlotArena();
    const small = range();
    arena.take(16, small);
    const big = range();
    arena.take(CHUNK_SLOTS + 5, big);
    expect(big.base).toBe(0);
    expect(big.chunk.times.length).toBe(CHUNK_SLOTS + 5);
    expect(big.chunk.index).not.toBe(small.chunk.index);
    // The small chunk goes on filling.
    const next = range();
    arena.take(16, next);
    expect(next.chunk.index).toBe(small.chunk.index);
    expect(next.base).toBe(16);
  });

  it("widens every chunk's integers, keeping their values, when a value needs more than 16 bits", () => {
    const arena = new SlotArena();
    const a = range();
    arena.take(CHUNK_SLOTS, a);
    const b = range();
    arena.take(100, b);
    expect(a.chunk.index).not.toBe(b.chunk.index);
    a.chunk.ints[5 * INTS + I_TYPE] = NARROW_MAX;
    b.chunk.ints[7 * INTS + I_CONTEXT] = 1234;
    b.chunk.ints[7 * INTS + I_GC] = 1;
    // (Checked by name: a failing matcher would print every slot.)
    expect(arena.chunks.map((c) => c.ints.constructor.name)).toEqual(["Uint16Array", "Uint16Array"]);
    arena.widen();
    expect(arena.chunks.map((c) => c.ints.constructor.name)).toEqual(["Int32Array", "Int32Array"]);
    expect(arena.intLimit).toBe(0x7fffffff);
    expect(a.chunk.ints[5 * INTS + I_TYPE]).toBe(NARROW_MAX);
    expect([...b.chunk.ints.subarray(7 * INTS, 8 * INTS)]).toEqual([0, 1234, 1]);
    // Chunks made later are wide from the start.
    const c = range();
    arena.take(CHUNK_SLOTS, c);
    expect(c.chunk.ints.constructor.name).toBe("Int32Array");
  });
});

describe("ObjectPlacement's span slots", () => {
  const sizes = sizeClassTableFor(26);
  const tinySpanClass = (sizes.tinySizeClass << 1) | 1;

  function placement(): { p: ObjectPlacement; freed: ObjectFields[] } {
    const freed: ObjectFields[] = [];
    const sink: ReleaseSink = {
      released: (f) => freed.push({ ...f }),
      freedFromSlot: (chunk, slot, typeKey, bytes) =>
        freed.push({
          typeKey,
          bytes,
          spanClass: -2,
          allocTime: chunk.times[slot] as number,
          context: chunk.ints[slot * INTS + I_CONTEXT] as number,
          gcAtAlloc: (chunk.ints[slot * INTS + I_GC] as number) - 1,
        }),
    };
    const p = new ObjectPlacement(sizes, ASSUMED_LAYOUT, tinySpanClass, sink, () => 0);
    return { p, freed };
  }

  function fields(typeKey: number, context: number, gcAtAlloc: number, allocTime: number): ObjectFields {
    return { ...emptyFields(), typeKey, context, gcAtAlloc, allocTime };
  }

  it("reads back what was placed, 16-bit values and wider ones alike", () => {
    const { p, freed } = placement();
    // A one-page span of size class 1 (8 bytes, scan): span class 2, kindclass 4; 1024 slots, id = slot index.
    const spanId = 2 ** 33; // a page number far above 2^32: ids near 2^43
    p.spans.add(spanId, 1, 2 << 1, true);
    const first = spanId * 1024;
    const placed = [
      fields(3, 1, -1, Number.NaN),
      fields(NARROW_MAX - 1, NARROW_MAX, NARROW_MAX - 1, 1e13),
      fields(70_000, 100_000, 80_000, 2 ** 52),
      fields(0, 0, 0, 0),
    ];
    placed.forEach((f, i) => {
      expect(p.place(first + i, { ...f })).toBe(8);
    });
    const seen: ObjectFields[] = [];
    p.forEach((f) => {
      seen.push({ ...f });
    });
    expect(seen).toEqual(placed.map((f) => ({ ...f, bytes: 8, spanClass: 2 })));
    // Without times (the end-of-trace scan), the same but allocTime, and
    // gcAtAlloc still tells the object from before the trace from the rest.
    const untimed: ObjectFields[] = [];
    p.forEach((f) => {
      untimed.push({ ...f });
    }, false);
    expect(untimed).toEqual(placed.map((f) => ({ ...f, bytes: 8, spanClass: 2, allocTime: Number.NaN })));
    expect(untimed.map((f) => f.gcAtAlloc >= 0)).toEqual(placed.map((f) => !Number.isNaN(f.allocTime)));
    // Frees read the slot back too: newest first here.
    for (let i = placed.length - 1; i >= 0; i--) p.free(first + i);
    expect(freed).toEqual(
      placed
        .slice()
        .reverse()
        .map((f) => ({ ...f, bytes: 8, spanClass: -2 })),
    );
    expect(p.unknownFrees).toBe(0);
  });

  it("frees a tiny block's neighbours with it, and keeps those whose span went first for a later free of the block", () => {
    const { p, freed } = placement();
    // The tiny class (16-byte blocks: 2 ids each), one page: 512 blocks.
    const spanId = 2 ** 30;
    const kindclass = tinySpanClass << 1;
    p.spans.add(spanId, 1, kindclass, true);
    const first = spanId * 1024;
    // Block 0: an owner and two neighbours (one at its start id, one 8 bytes in).
    p.place(first, fields(1, 0, 0, 1));
    expect(p.place(first, fields(2, 0, 0, 2))).toBe(0);
    expect(p.place(first + 1, fields(3, 0, 0, 3))).toBe(0);
    // Block 1: a neighbour whose owner the trace never showed.
    expect(p.place(first + 3, fields(4, 0, 0, 4))).toBe(0);
    expect(p.tinyNeighbourAllocs).toBe(3);
    // A free 8 bytes into block 0 frees its slot's object (frees name
    // slots), but neighbours are kept by the id their block starts at.
    p.free(first + 1);
    expect(freed.map((f) => f.typeKey)).toEqual([1]);
    // The free of block 0's own id takes both neighbours (its slot is empty by now).
    p.free(first);
    expect(p.unknownFrees).toBe(1);
    expect(freed.map((f) => f.typeKey).sort()).toEqual([1, 2, 3]);
    freed.length = 0;
    // The span goes with block 1's neighbour still waiting; a new span at
    // the same place, and the free of block 1's id there, takes it.
    p.spans.free(spanId);
    expect(freed).toEqual([]);
    p.spans.add(spanId, 1, kindclass, true);
    p.free(first + 2);
    expect(freed.map((f) => f.typeKey)).toEqual([4]);
    expect(p.unknownFrees, "the new span's slot was empty").toBe(2);
    let live = 0;
    p.forEach(() => {
      live++;
    });
    expect(live).toBe(0);
  });
});
