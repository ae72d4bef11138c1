// One timeline row's spans in few bytes each. A 100 MB trace has tens of millions
// of spans, so the bytes a span decide whether the model fits in a tab. Measured on
// the bench's 108 MB sched trace (25.6 M spans; BENCHMARKS.md, "Browser app"):
// - times are integral ns (the reader's int64 clock) and a trace's spans are short
//   and close together: a start is a Uint32 offset from its block's Float64 base (a
//   new block begins only where an offset would not fit: 2^32 ns, 4.29 s, or a
//   start that is not base + an integer), so it stays exact;
// - a goroutine is always in some state, so on its row a span ends where the next
//   begins (19,207,973 of 19,207,997 there): those rows keep an end only where it
//   does not (around NotExist, and the last span). A P row has a gap after nearly
//   every span (idle, scheduling: 3 of 6.4 M touch), so it keeps a Uint32 duration,
//   with the rare end that does not fit (4.29 s or more) in the same exception list;
// - related is not sparse there (every P span and a third of goroutine spans have
//   one), so a side table of (index, goroutine) pairs would cost 8 bytes for each
//   of them: it stays a column, and like value and stack it is as narrow as its
//   largest value allows (a byte for GoStates, for 26 stacks, for 35 goroutines).
// So a goroutine span costs 7 bytes and a P span 11 there, instead of 28.
import { TWO32 } from "@gotrace/codec/internal";

/**
 * An unsigned column holding value + 1 (so -1, "none", is 0), as narrow as its largest value
 * allows; Float64Array holds any integer exactly, for ids beyond 2^32.
 */
export type Column = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/**
 * Spans of one row, sorted by start and never overlapping (so their ends are sorted too), in the
 * compact form described at the top of this file. Plain typed arrays, so it crosses postMessage
 * with its buffers transferred; read it with {@link spanStart}, {@link spanEnd},
 * {@link spanValue}, {@link spanStack} and {@link spanRelated}.
 */
export interface Spans {
  /** How many spans the row has. */
  n: number;
  /** A goroutine row: an end is kept only where the next span does not start at it (no durations). */
  touching: boolean;
  /** The index of each block's first span, ascending; the first is 0 (empty when n is 0). */
  blockFirst: Int32Array;
  /** Each block's base time, ns after the trace's first event. */
  blockBase: Float64Array;
  /** Each span's start minus its block's base, ns. */
  offset: Uint32Array;
  /** Rows that are not touching: each span's end minus its start, ns, or {@link LONG} when its end is in endValue. */
  duration: Uint32Array;
  /** Ascending indexes of the spans whose end is kept exactly in endValue. */
  endAt: Int32Array;
  /** Those spans' ends, ns after the trace's first event. */
  endValue: Float64Array;
  /** On a P row the goroutine that ran; on a goroutine row its GoState. */
  value: Column;
  /**
   * Index into the model's stacks (-1: none). On a P row, the stack where the goroutine
   * stopped running (starting to run records none). On a goroutine row, the stack where the state
   * began; where it ended is the next span's when that starts at this one's end.
   */
  stack: Column;
  /** The goroutine whose event began the span when that is another one (the creator, the unblocker); -1 else. */
  related: Column;
}

/** A duration that means "the end is in endValue": a span of 2^32 - 1 ns or more (or not integral). */
export const LONG = 0xffff_ffff;
/** Block offsets are below this: they are Uint32s. */
const BLOCK = TWO32;

/** A growable Float64Array: amortised appends without boxing each value in a JS array. */
export class F64 {
  a = new Float64Array(16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  /** The values: a copy (`copy`, the builder goes on) or a view of the builder's own buffer. */
  done(copy: boolean): Float64Array {
    return copy ? this.a.slice(0, this.n) : this.a.subarray(0, this.n);
  }
}

/** A growable Int32Array. */
class I32 {
  a = new Int32Array(4);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
}

/** The largest value + 1 each column type holds. */
function capOf(a: Column): number {
  return a instanceof Float64Array ? Number.POSITIVE_INFINITY : 2 ** (8 * a.BYTES_PER_ELEMENT) - 1;
}

/** A chunk's column: starts as bytes and widens (a copy of one chunk) when a value needs it. */
class Col {
  a: Column;
  cap: number;
  constructor(size: number) {
    this.a = new Uint8Array(size);
    this.cap = 255;
  }
  /** Stores v + 1 at i. */
  set(i: number, v: number): void {
    const x = v + 1;
    // `x >>> 0 === x`: a non-negative integer below 2^32; anything else goes to Float64.
    if (x <= this.cap && x >>> 0 === x) this.a[i] = x;
    else this.widen(i, x);
  }
  private widen(i: number, x: number): void {
    if (!(this.a instanceof Float64Array)) {
      const b =
        x >>> 0 !== x
          ? new Float64Array(this.a.length)
          : x <= 0xffff
            ? new Uint16Array(this.a.length)
            : new Uint32Array(this.a.length);
      b.set(this.a);
      this.a = b;
      this.cap = capOf(b);
    }
    this.a[i] = x;
  }
  /** A copy of the first `n` entries, `size` long. */
  grown(size: number, n: number): Col {
    const c = new Col(0);
    c.a = new (this.a.constructor as new (n: number) => Column)(size);
    c.a.set(this.a.subarray(0, n));
    c.cap = this.cap;
    return c;
  }
}

/** Spans per chunk of a growing row. */
const CHUNK = 1 << 16;

/** One chunk of a row's spans, already in the compact form. */
interface Chunk {
  offset: Uint32Array;
  /** Empty on touching rows. */
  duration: Uint32Array;
  value: Col;
  stack: Col;
  related: Col;
}

function newChunk(size: number, touching: boolean): Chunk {
  return {
    offset: new Uint32Array(size),
    duration: new Uint32Array(touching ? 0 : size),
    value: new Col(size),
    stack: new Col(size),
    related: new Col(size),
  };
}

/** The widest of the chunks' columns, as an empty array of `n`. */
function widest(cols: Col[], n: number): Column {
  let w: Col | undefined;
  for (const c of cols) if (w === undefined || c.cap > w.cap) w = c;
  return w === undefined ? new Uint8Array(n) : new (w.a.constructor as new (n: number) => Column)(n);
}

/**
 * A row's spans as it grows, appended in start order, in chunks of CHUNK spans in the compact
 * form: appending never copies a large array (doubling one would copy and zero it again and
 * again), the builder holds about what the row will, and done() joins the chunks once. The
 * first chunk starts small and doubles up to CHUNK, so the many short rows stay small.
 */
export class SpanBuilder {
  private readonly touching: boolean;
  private readonly chunks: Chunk[] = [];
  private c: Chunk;
  /** Spans in the current (last) chunk, and its capacity. */
  private k = 0;
  private cap = 16;
  /** Spans in all. */
  private n = 0;
  private readonly blockFirst = new I32();
  private readonly blockBase = new F64();
  private base = Number.NaN;
  private readonly endAt = new I32();
  private readonly endValue = new F64();
  /** Touching rows: the last span's end, kept once the next span shows whether it starts there. */
  private lastEnd = Number.NaN;

  /** `touching`: a goroutine row, whose spans mostly end where the next begins. */
  constructor(touching: boolean) {
    this.touching = touching;
    this.c = newChunk(16, touching);
    this.chunks.push(this.c);
  }

  /** Appends a span (times ns after the trace's first event; -1 for no stack or related goroutine). */
  add(start: number, end: number, value: number, stack: number, related: number): void {
    if (this.k === this.cap) this.grow();
    const c = this.c;
    const i = this.k++;
    const at = this.n++;
    let off = start - this.base;
    // A new block where the offset does not fit a Uint32 or does not give back the start exactly.
    if (!(off < BLOCK && off >>> 0 === off && this.base + off === start)) {
      this.blockFirst.push(at);
      this.blockBase.push(start);
      this.base = start;
      off = 0;
    }
    c.offset[i] = off;
    if (this.touching) {
      if (at > 0 && start !== this.lastEnd) {
        this.endAt.push(at - 1);
        this.endValue.push(this.lastEnd);
      }
      this.lastEnd = end;
    } else {
      const d = end - start;
      if (d < LONG && d >>> 0 === d && start + d === end) c.duration[i] = d;
      else {
        c.duration[i] = LONG;
        this.endAt.push(at);
        this.endValue.push(end);
      }
    }
    c.value.set(i, value);
    c.stack.set(i, stack);
    c.related.set(i, related);
  }

  private grow(): void {
    if (this.cap < CHUNK) {
      // Only the first chunk is ever short: double it in place.
      const size = this.cap * 2;
      const c = this.c;
      const d = new Uint32Array(this.touching ? 0 : size);
      d.set(c.duration);
      const o = new Uint32Array(size);
      o.set(c.offset);
      this.c = {
        offset: o,
        duration: d,
        value: c.value.grown(size, this.k),
        stack: c.stack.grown(size, this.k),
        related: c.related.grown(size, this.k),
      };
      this.chunks[0] = this.c;
      this.cap = size;
    } else {
      this.c = newChunk(CHUNK, this.touching);
      this.chunks.push(this.c);
      this.k = 0;
    }
  }

  /**
   * The spans in arrays of their own (the builder goes on unchanged). With `release` the builder
   * lets go of its chunks (it is finished), so building a model needs the memory of one row
   * twice, not of the whole model.
   */
  done(release: boolean): Spans {
    const n = this.n;
    const value = widest(
      this.chunks.map((c) => c.value),
      n,
    );
    const stack = widest(
      this.chunks.map((c) => c.stack),
      n,
    );
    const related = widest(
      this.chunks.map((c) => c.related),
      n,
    );
    const offset = new Uint32Array(n);
    const duration = new Uint32Array(this.touching ? 0 : n);
    let at = 0;
    for (const c of this.chunks) {
      // Every chunk but the last is full.
      const take = Math.min(c.offset.length, n - at);
      offset.set(c.offset.subarray(0, take), at);
      if (!this.touching) duration.set(c.duration.subarray(0, take), at);
      value.set(c.value.a.subarray(0, take), at);
      stack.set(c.stack.a.subarray(0, take), at);
      related.set(c.related.a.subarray(0, take), at);
      at += take;
    }
    // A touching row's last end is still pending here: it goes with the exceptions.
    const last = this.touching && n > 0 ? 1 : 0;
    const endAt = new Int32Array(this.endAt.n + last);
    endAt.set(this.endAt.a.subarray(0, this.endAt.n));
    const endValue = new Float64Array(this.endValue.n + last);
    endValue.set(this.endValue.a.subarray(0, this.endValue.n));
    if (last === 1) {
      endAt[this.endAt.n] = n - 1;
      endValue[this.endValue.n] = this.lastEnd;
    }
    if (release) this.chunks.length = 0;
    return {
      n,
      touching: this.touching,
      blockFirst: this.blockFirst.a.slice(0, this.blockFirst.n),
      blockBase: this.blockBase.done(true),
      offset,
      duration,
      endAt,
      endValue,
      value,
      stack,
      related,
    };
  }
}

/** The block of span i: the last whose first span is at or before it. */
function blockOf(s: Spans, i: number): number {
  const f = s.blockFirst;
  let lo = 0;
  let hi = f.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (f[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Span i's start, ns after the trace's first event. */
export function spanStart(s: Spans, i: number): number {
  return s.blockBase[s.blockFirst.length === 1 ? 0 : blockOf(s, i)]! + s.offset[i]!;
}

/** Where i is in the ascending `at`, or -1. */
function find(at: Int32Array, i: number): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length && at[lo] === i ? lo : -1;
}

/** Span i's end, ns after the trace's first event. */
export function spanEnd(s: Spans, i: number): number {
  if (!s.touching) {
    const d = s.duration[i]!;
    if (d !== LONG) return spanStart(s, i) + d;
  }
  const k = find(s.endAt, i);
  return k >= 0 ? s.endValue[k]! : spanStart(s, i + 1);
}

/** Span i's value: on a P row the goroutine that ran, on a goroutine row its GoState. */
export function spanValue(s: Spans, i: number): number {
  return s.value[i]! - 1;
}

/** Span i's stack index (-1: none). */
export function spanStack(s: Spans, i: number): number {
  return s.stack[i]! - 1;
}

/** Span i's related goroutine (-1: none). */
export function spanRelated(s: Spans, i: number): number {
  return s.related[i]! - 1;
}

/** The first span whose end is after t (n when none); ends are sorted within a row. */
export function firstSpanEndingAfter(s: Spans, t: number): number {
  let lo = 0;
  let hi = s.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spanEnd(s, mid) > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The row's typed arrays (each with a buffer of its own), for postMessage's transfer list. */
export function spanArrays(s: Spans): (Int32Array | Uint32Array | Float64Array | Column)[] {
  return [s.blockFirst, s.blockBase, s.offset, s.duration, s.endAt, s.endValue, s.value, s.stack, s.related];
}

/** Bytes the row's typed arrays hold. */
export function spanBytes(s: Spans): number {
  let b = 0;
  for (const a of spanArrays(s)) b += a.byteLength;
  return b;
}
