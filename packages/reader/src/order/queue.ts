// The ordering's output queue: completed events waiting to be returned. One
// advance queues at most three events; a small ring buffer that grows only
// if needed keeps this free of per-event allocation and array resizing.

export class EventQueue<T> {
  private buf: (T | undefined)[] = new Array(4);
  private head = 0;
  private size = 0;

  push(item: T): void {
    if (this.size === this.buf.length) this.grow();
    this.buf[(this.head + this.size) & (this.buf.length - 1)] = item;
    this.size++;
  }

  /** The oldest item, or undefined when empty. */
  pop(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.buf[this.head];
    // Clear the slot so the queue does not keep old generations alive.
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.size--;
    return item;
  }

  get length(): number {
    return this.size;
  }

  private grow(): void {
    const next: (T | undefined)[] = new Array(this.buf.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)];
    this.buf = next;
    this.head = 0;
  }
}
