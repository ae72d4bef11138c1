// The unread bytes of a streamed trace. Chunks are appended as they arrive;
// only the tail that has not been consumed is kept, so for the v2 format
// memory is bounded by one batch plus the chunk size. Views handed out (batch
// data) stay valid: bytes already in `buf` are never overwritten; new bytes
// go after them or into a fresh buffer.

const EMPTY = new Uint8Array(0);

export class ChunkBuffer {
  /** Current bytes; those before `pos` are consumed. */
  buf: Uint8Array = EMPTY;
  /** Read position in `buf`. */
  pos = 0;
  /** No more chunks will come. */
  final = false;
  /** Backing store of `buf` when it is ours (has spare room); null while `buf` is a caller's chunk. */
  private store: Uint8Array | null = null;
  /** File offset of buf[0]. */
  private base = 0;

  /** Appends a chunk (not copied when nothing unread remains). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    const len = this.buf.length;
    const rest = len - this.pos;
    if (rest === 0) {
      this.base += len;
      this.buf = chunk;
      this.store = null;
      this.pos = 0;
      return;
    }
    if (this.store !== null && this.store.length - len >= chunk.length) {
      this.store.set(chunk, len);
      this.buf = this.store.subarray(0, len + chunk.length);
      return;
    }
    // Doubling keeps whole-file buffering (pre-1.22 traces) linear.
    const store = new Uint8Array(Math.max(2 * (rest + chunk.length), 1 << 16));
    store.set(this.buf.subarray(this.pos), 0);
    store.set(chunk, rest);
    this.base += this.pos;
    this.store = store;
    this.buf = store.subarray(0, rest + chunk.length);
    this.pos = 0;
  }

  /** Unread bytes. */
  get available(): number {
    return this.buf.length - this.pos;
  }

  /** File offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** File offset of buf[i]. */
  offsetAt(i: number): number {
    return this.base + i;
  }
}
