// The merge's min-heap of ready events by timestamp (Go's orderEventList with
// its own heapUp/heapDown). The exact algorithm matters: it decides the order
// of events with equal timestamps.
import type { V1Event } from "./types.js";

/** A heap entry: the event and the P cursor it came from. */
export interface HeapItem<P> {
  ev: V1Event;
  proc: P;
}

/** Min-heap by event tick timestamp. */
export class EventHeap<P> {
  private readonly h: HeapItem<P>[] = [];

  get length(): number {
    return this.h.length;
  }

  push(item: HeapItem<P>): void {
    this.h.push(item);
    this.up(this.h.length - 1);
  }

  /** Removes the smallest item; the heap must not be empty. */
  pop(): HeapItem<P> {
    const h = this.h;
    const n = h.length - 1;
    this.swap(0, n);
    this.down(0, n);
    return h.pop() as HeapItem<P>;
  }

  private less(i: number, j: number): boolean {
    return (this.h[i] as HeapItem<P>).ev.ts < (this.h[j] as HeapItem<P>).ev.ts;
  }

  private swap(i: number, j: number): void {
    const h = this.h;
    const t = h[i] as HeapItem<P>;
    h[i] = h[j] as HeapItem<P>;
    h[j] = t;
  }

  private up(j: number): void {
    while (j > 0) {
      const i = (j - 1) >> 1;
      if (!this.less(j, i)) break;
      this.swap(i, j);
      j = i;
    }
  }

  private down(i: number, n: number): void {
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(j2, j1)) j = j2;
      if (!this.less(j, i)) break;
      this.swap(i, j);
      i = j;
    }
  }
}
