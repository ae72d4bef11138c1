// The unread bytes of a streamed trace. Chunks are kept as they are pushed,
// not joined: `buf` is the chunk being read, and later chunks wait in
// `pending` until the reader gets to them (pull). Only a batch that straddles
// a chunk boundary is copied, into a small "stitch" buffer holding the unread
// tail of `buf` and just the bytes it needs from the next chunks. So the v2
// format costs no copying of whole chunks and memory is bounded by what the
// batches in use keep alive. Views handed out (batch data) stay valid: bytes
// are never overwritten.

const EMPTY = new Uint8Array(0);

export class ChunkBuffer {
  /** Current bytes; those before `pos` are consumed. */
  buf: Uint8Array = EMPTY;
  /** Read position in `buf`. */
  pos = 0;
  /** No more chunks will be pushed (finish() was called). */
  ended = false;
  /**
   * Chunks (or the rest of one) after `buf`, in order, from pending[head] on
   * (an index, not shift(), which is linear), and their total length.
   */
  private pending: Uint8Array[] = [];
  private head = 0;
  private pendingBytes = 0;
  /** File offset of buf[0]. */
  private base = 0;

  /** Appends a chunk (never copied here). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.head === this.pending.length && this.pos === this.buf.length) {
      this.base += this.buf.length;
      this.buf = chunk;
      this.pos = 0;
      return;
    }
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** True when `buf` holds the last bytes there will ever be. */
  get final(): boolean {
    return this.ended && this.head === this.pending.length;
  }

  /**
   * Brings pending bytes into `buf` so that `want` unread bytes are
   * contiguous. When nothing is unread, the next chunk becomes `buf` as it
   * is. Otherwise the unread tail and the bytes wanted are copied, once: until
   * that many have been pushed, nothing happens (unless `partial`, or at the
   * end of input, when what there is is joined). False when nothing changed.
   */
  pull(want: number, partial = false): boolean {
    const pending = this.pending;
    if (this.head === pending.length) return false;
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.base += this.buf.length;
      this.buf = this.takePending();
      this.pendingBytes -= this.buf.length;
      this.pos = 0;
      return true;
    }
    if (want <= rest) want = rest + 1;
    const total = rest + this.pendingBytes;
    // Waiting for the whole of it keeps copying linear however small the chunks.
    if (total < want && !partial && !this.ended) return false;
    const size = Math.min(total, want);
    const stitch = new Uint8Array(size);
    stitch.set(this.buf.subarray(this.pos), 0);
    let at = rest;
    while (at < size) {
      const c = pending[this.head]!;
      const n = Math.min(c.length, size - at);
      stitch.set(n === c.length ? c : c.subarray(0, n), at);
      at += n;
      this.pendingBytes -= n;
      if (n === c.length) this.takePending();
      else pending[this.head] = c.subarray(n);
    }
    this.base += this.pos;
    this.buf = stitch;
    this.pos = 0;
    return true;
  }

  /** Joins everything pushed into `buf` (whole-file formats: pre-1.22 traces). */
  pullAll(): void {
    while (this.head < this.pending.length) this.pull(this.available + this.pendingBytes, true);
  }

  /** Removes and returns the first pending chunk. */
  private takePending(): Uint8Array {
    const c = this.pending[this.head]!;
    this.pending[this.head++] = EMPTY;
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    }
    return c;
  }

  /** Unread bytes in `buf` (more may be pending). */
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
