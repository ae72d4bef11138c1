// The frontier: a min-heap of batch cursors keyed only by their event's time.
// Ties are broken by exactly Go's sift rules (batchcursor.go), because the
// order in which equal-time events are tried is visible in the output.
import type { BatchCursor } from "./cursor.js";

/** Appends a cursor and sifts it up (Go's heapInsert). */
export function heapInsert(heap: BatchCursor[], bc: BatchCursor): void {
  heap.push(bc);
  siftUp(heap, heap.length - 1);
}

/** Restores the heap after heap[i]'s time changed (Go's heapUpdate). */
export function heapUpdate(heap: BatchCursor[], i: number): void {
  if (siftUp(heap, i) !== i) return;
  siftDown(heap, i);
}

/**
 * heapUpdate(heap, 0), the hot case: the root's time grew, so it can only
 * sink, and usually it stays (siftDown moves it only below a strictly
 * smaller child).
 */
export function heapUpdateRoot(heap: BatchCursor[]): void {
  // siftDown(heap, 0) for the one cursor that moved: `bc`'s time is read once, and the loop
  // ends at the first level in the usual case. Calling siftDown itself made skip() on a
  // scheduling trace ~5% slower (V8 compiled the loop with `start` and an extra bounds case).
  const n = heap.length;
  const bc = heap[0]!;
  const t = bc.time;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    let m = i;
    let minT = t;
    const lt = heap[l]!.time;
    if (lt < minT) {
      m = l;
      minT = lt;
    }
    const r = l + 1;
    if (r < n && heap[r]!.time < minT) m = r;
    if (m === i) break;
    heap[i] = heap[m]!;
    i = m;
  }
  if (i !== 0) heap[i] = bc;
}

/** Removes heap[i] (Go's heapRemove: move it to the root without comparing, then pop). */
export function heapRemove(heap: BatchCursor[], i: number): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const t = heap[parent]!;
    heap[parent] = heap[i]!;
    heap[i] = t;
    i = parent;
  }
  const last = heap.length - 1;
  heap[0] = heap[last]!;
  heap.length = last;
  siftDown(heap, 0);
}

function siftUp(heap: BatchCursor[], i: number): number {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!(heap[parent]!.time > heap[i]!.time)) break;
    const t = heap[parent]!;
    heap[parent] = heap[i]!;
    heap[i] = t;
    i = parent;
  }
  return i;
}

function siftDown(heap: BatchCursor[], start: number): void {
  const n = heap.length;
  if (start >= n) return;
  let i = start;
  // Go swaps heap[i] down level by level; moving the others up into a hole
  // and placing it once at the end is the same permutation with fewer stores.
  const bc = heap[i]!;
  const t = bc.time;
  for (;;) {
    // min of (i, 2i+1, 2i+2): only a strictly smaller child displaces the
    // current minimum, and an index past the end counts as MaxInt64.
    const l = 2 * i + 1;
    if (l >= n) break;
    let m = i;
    let minT = t;
    const lt = heap[l]!.time;
    if (lt < minT) {
      m = l;
      minT = lt;
    }
    const r = l + 1;
    if (r < n && heap[r]!.time < minT) m = r;
    if (m === i) break;
    heap[i] = heap[m]!;
    i = m;
  }
  // Usually it stays where it was (the hot case at the root): nothing to store.
  if (i !== start) heap[i] = bc;
}

/** Go's batchCursor.compare, for the fallback sort. */
export function compareCursors(a: BatchCursor, b: BatchCursor): number {
  return a.time < b.time ? -1 : a.time > b.time ? 1 : 0;
}
