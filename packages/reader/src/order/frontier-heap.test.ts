// heapUpdateRoot is siftDown(heap, 0) written out for speed (frontier-heap.ts
// says why). The order of equal-time cursors is visible in the reader's
// output, so the two must leave every heap in exactly the same permutation,
// ties included: checked here on many small heaps with few distinct times.
import { describe, expect, it } from "vitest";
import type { BatchCursor } from "./cursor.js";
import { heapInsert, heapUpdate, heapUpdateRoot } from "./frontier-heap.js";

/** A stand-in cursor: the heap reads only `time`; `id` tells cursors apart. */
interface FakeCursor {
  time: number;
  readonly id: number;
}

/** A small deterministic generator (xorshift32), so that a failure repeats. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe("heapUpdateRoot", () => {
  it("leaves the same permutation as heapUpdate(heap, 0) on every heap, ties included", () => {
    const next = random(0x9e3779b9);
    let moved = 0;
    for (let trial = 0; trial < 20000; trial++) {
      const size = 1 + Math.floor(next() * 12);
      // Few distinct times, so that ties are common.
      const heap: FakeCursor[] = [];
      for (let id = 0; id < size; id++)
        heapInsert(heap as unknown as BatchCursor[], { time: Math.floor(next() * 5), id } as unknown as BatchCursor);
      // The root's time only grows in the reader; here it may grow by 0 too.
      const root = heap[0] as FakeCursor;
      root.time += Math.floor(next() * 4);
      const general = heap.map((c) => ({ ...c }));
      heapUpdate(general as unknown as BatchCursor[], 0);
      heapUpdateRoot(heap as unknown as BatchCursor[]);
      expect(heap.map((c) => c.id)).toEqual(general.map((c) => c.id));
      if (heap[0] !== root) moved++;
    }
    // The trials must include roots that sink, not only ones that stay.
    expect(moved).toBeGreaterThan(1000);
  });
});
