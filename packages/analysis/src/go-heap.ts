// A binary min-heap on a plain array with the exact moves of Go's
// container/heap, so that among equal keys the same element comes out first
// as in Go (the MMU's worst windows depend on that order).

/** An array kept in heap order by the functions below. */
export type Heap<T> = T[];

/** Whether `a` goes before `b`. */
type Less<T> = (a: T, b: T) => boolean;

function swap<T>(h: Heap<T>, i: number, j: number): void {
  const t = h[i] as T;
  h[i] = h[j] as T;
  h[j] = t;
}

function up<T>(h: Heap<T>, j: number, less: Less<T>): void {
  for (;;) {
    // Go's (j-1)/2 truncates toward zero, so the root is its own parent and the loop stops there.
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j] as T, h[i] as T)) break;
    swap(h, i, j);
    j = i;
  }
}

function down<T>(h: Heap<T>, i0: number, n: number, less: Less<T>): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && less(h[j2] as T, h[j1] as T)) j = j2;
    if (!less(h[j] as T, h[i] as T)) break;
    swap(h, i, j);
    i = j;
  }
  return i > i0;
}

/** Puts `h` in heap order. */
export function heapInit<T>(h: Heap<T>, less: Less<T>): void {
  const n = h.length;
  for (let i = Math.trunc(n / 2) - 1; i >= 0; i--) down(h, i, n, less);
}

/** Adds `x`. */
export function heapPush<T>(h: Heap<T>, x: T, less: Less<T>): void {
  h.push(x);
  up(h, h.length - 1, less);
}

/** Removes and returns the least element. */
export function heapPop<T>(h: Heap<T>, less: Less<T>): T | undefined {
  const n = h.length - 1;
  if (n < 0) return undefined;
  swap(h, 0, n);
  down(h, 0, n, less);
  return h.pop();
}

/** Removes and returns the element at index `i`. */
export function heapRemove<T>(h: Heap<T>, i: number, less: Less<T>): T | undefined {
  const n = h.length - 1;
  if (n !== i) {
    swap(h, i, n);
    if (!down(h, i, n, less)) up(h, i, less);
  }
  return h.pop();
}
