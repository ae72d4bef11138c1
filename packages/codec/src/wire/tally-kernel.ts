// The footprint tally's loop in WebAssembly (tally-kernel.wat, assembled
// into gen/kernel/tally-kernel.gen.ts) and what RawDecoder.tally needs
// around it: one instance per thread, made on first use; the decoder's table
// loaded into it; a window of the trace copied into its memory. Where
// WebAssembly is missing or refused (a page whose Content-Security-Policy
// forbids compiling it), tallyKernel() is null and RawDecoder.tally runs its
// JavaScript loop, which gives the same numbers.
//
// The window is keyed by the decoder (its number, so that the kernel keeps no
// decoder, nor its buffer, alive) and trace offsets, not by buffers: a
// trace's byte at a given offset never changes (push's contract), while the
// decoder's buffer does (stitches, joins). So the window copied for one
// kernel call serves the next ones, between which next() reads the events
// the kernel leaves to it, about a hundred per MiB on the bench's traces.
import { TALLY_KERNEL_WASM } from "../gen/kernel/tally-kernel.gen.js";
import { INVALID, type RawTable, TRAILER_DATA, TRAILER_STACK } from "./raw-tables.js";

/** What tally-kernel.wat exports. */
interface KernelExports {
  readonly memory: WebAssembly.Memory;
  readonly tally: (p: number, end: number) => number;
  readonly events: WebAssembly.Global;
  readonly argCountAt: WebAssembly.Global;
  readonly dataAt: WebAssembly.Global;
  readonly sizeAt: WebAssembly.Global;
  readonly countsAt: WebAssembly.Global;
  readonly bytesAt: WebAssembly.Global;
  readonly inputAt: WebAssembly.Global;
}

/** The kernel stops this many bytes before the end it is given (its `$safe`). */
const MARGIN = 64;
/** The argument count the kernel reads as "leave this type to the caller". */
const CALLER = 255;
/** Bytes summed per type before the kernel's u32 counters are added to the caller's arrays. */
const FLUSH_BYTES = 1 << 30;

/** The kernel of this thread, with the window and table it holds. */
export class TallyKernel {
  /** Events the last run() counted. */
  events = 0;
  private readonly tallyFn: (p: number, end: number) => number;
  private readonly eventsGlobal: WebAssembly.Global;
  private readonly mem: Uint8Array;
  private readonly argCountAt: number;
  private readonly dataAt: number;
  private readonly inputAt: number;
  private readonly counts: Uint32Array;
  private readonly bytes: Uint32Array;
  /** Trace bytes copied per window: the memory after inputAt, or less in tests. */
  windowBytes: number;
  private table: RawTable | undefined;
  /** The number of the decoder whose trace bytes [winStart, winEnd) (trace offsets) are in the window; 0: none. */
  private owner = 0;
  private winStart = 0;
  private winEnd = 0;
  /** Bytes counted since the last flush. */
  private pending = 0;

  constructor(exports: KernelExports) {
    this.tallyFn = exports.tally;
    this.eventsGlobal = exports.events;
    this.mem = new Uint8Array(exports.memory.buffer);
    this.argCountAt = exports.argCountAt.value as number;
    this.dataAt = exports.dataAt.value as number;
    this.inputAt = exports.inputAt.value as number;
    this.counts = new Uint32Array(exports.memory.buffer, exports.countsAt.value as number, 256);
    this.bytes = new Uint32Array(exports.memory.buffer, exports.bytesAt.value as number, 256);
    this.windowBytes = this.mem.length - this.inputAt;
    fillSizeTable(this.mem, exports.sizeAt.value as number);
  }

  /**
   * Tallies the events of `buf` from p (trace offset base + p), the bytes of the decoder numbered
   * `owner` (each decoder has its own number, from 1), while more than MARGIN bytes
   * remain before `end`, into the kernel's counters (flush() adds them to the caller's);
   * returns where it stopped: at an event it leaves to next(), or near `end`.
   */
  run(owner: number, buf: Uint8Array, base: number, p: number, end: number, table: RawTable): number {
    if (table !== this.table) this.load(table);
    const input = this.inputAt;
    const stop = base + end;
    let events = 0;
    for (;;) {
      const at = base + p;
      if (stop - at <= MARGIN) break;
      if (owner !== this.owner || at < this.winStart || (at + MARGIN >= this.winEnd && this.winEnd < stop)) {
        const n = Math.min(end - p, this.windowBytes);
        this.mem.set(buf.subarray(p, p + n), input);
        this.owner = owner;
        this.winStart = at;
        this.winEnd = at + n;
      }
      const limit = Math.min(this.winEnd, stop);
      const from = input + (at - this.winStart);
      const to = input + (limit - this.winStart);
      const reached = this.tallyFn(from, to);
      events += this.eventsGlobal.value as number;
      this.pending += reached - from;
      p += reached - from;
      // Stopped at an event left to next(), or near the end of the decoder's bytes; else near the
      // window's end, with more bytes after it: the loop copies the next window.
      if (reached < to - MARGIN || limit === stop) break;
    }
    this.events = events;
    return p;
  }

  /** Whether the counters are near enough to 2^32 that flush() must run before the next run(). */
  get full(): boolean {
    return this.pending >= FLUSH_BYTES;
  }

  /** Adds the kernel's counters to the caller's arrays and clears them. */
  flush(counts: Float64Array, bytes: Float64Array): void {
    if (this.pending === 0) return;
    this.pending = 0;
    const c = this.counts;
    const b = this.bytes;
    for (let t = 0; t < 256; t++) {
      const n = c[t]!;
      if (n === 0) continue;
      counts[t]! += n;
      bytes[t]! += b[t]!;
      c[t] = 0;
      b[t] = 0;
    }
  }

  /** The table's argument counts and trailers, as the kernel reads them. */
  private load(table: RawTable): void {
    const mem = this.mem;
    for (let t = 0; t < 256; t++) {
      const argc = table.argCount[t]!;
      const trailer = table.trailer[t]!;
      const callers = argc === INVALID || trailer === TRAILER_STACK || argc > 7;
      mem[this.argCountAt + t] = callers ? CALLER : argc;
      mem[this.dataAt + t] = trailer === TRAILER_DATA ? 1 : 0;
    }
    this.table = table;
  }
}

/**
 * The kernel's size table: for each byte of varint ends (bit i set when the i-th byte after the
 * type byte ends a varint) and each argument count up to 7, 1 + the bytes through the
 * argument-count-th end, or 0 when fewer varints end in those eight bytes. No arguments: 1.
 */
function fillSizeTable(mem: Uint8Array, at: number): void {
  for (let ends = 0; ends < 256; ends++) {
    mem[at + ends * 8] = 1;
    let seen = 0;
    for (let i = 0; i < 8 && seen < 7; i++) {
      if ((ends & (1 << i)) === 0) continue;
      seen++;
      mem[at + ends * 8 + seen] = i + 2;
    }
  }
}

/** Whether tallies may use the kernel; tests turn it off to run the JavaScript loop. */
let allowed = true;
/** This thread's kernel: undefined until first asked for, null where it cannot run. */
let kernel: TallyKernel | null | undefined;

/** This thread's kernel, made on first use; null where WebAssembly cannot run it (or tests said not to). */
export function tallyKernel(): TallyKernel | null {
  if (!allowed) return null;
  if (kernel === undefined) kernel = instantiate();
  return kernel;
}

function instantiate(): TallyKernel | null {
  if (typeof WebAssembly !== "object" || typeof atob !== "function") return null;
  try {
    const text = atob(TALLY_KERNEL_WASM);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    // Synchronous: the module is a few hundred bytes, below what browsers allow on their main thread.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return new TallyKernel(instance.exports as unknown as KernelExports);
  } catch {
    return null; // compiling WebAssembly refused (CSP) or unsupported: the JavaScript loop
  }
}

/** Tests: whether tallies may use the kernel (false runs RawDecoder.tally's JavaScript loop). Returns the previous setting. */
export function allowTallyKernel(allow: boolean): boolean {
  const was = allowed;
  allowed = allow;
  return was;
}
