// Go's raw reader (internal/trace/raw.Reader) as an incremental decoder:
// the header, then a flat run of events, each a type byte, its arguments
// as uvarints and its trailer. Batch headers are events like any other; the
// batch structure is the reader's business. Input arrives in chunks (push)
// and events leave through one reused cursor (next), so memory follows the
// chunk size, not the trace size.
import { TraceError } from "../errors/trace-error.js";
import type { TraceFormat } from "../gen/events.gen.js";
import { parseHeader, type TraceHeader } from "./header.js";
import { RawEvent } from "./raw-event.js";
import { TWO32 } from "./uint64.js";
import { INVALID, type RawTable, switchesToWriterTable, TRAILER_DATA, TRAILER_STACK, rawTable } from "./raw-tables.js";
import { tallyKernel } from "./tally-kernel.js";

/** How a RawDecoder reads events that Go releases disagree on. */
export interface RawDecoderOptions {
  /**
   * Refuse the AllocFree events of go 1.23 and go 1.25 traces, as Go 1.25+
   * tools do ("invalid event type: 128"). By default they are read with the
   * table of the release that writes the format, so that output matches that
   * release's tools.
   */
  readonly strictGo127?: boolean;
}

/**
 * Where a RawDecoder made by resumeRawDecoder starts: a boundary between
 * events in the middle of a trace, with the state a decoder that read the
 * trace from its start has there. Plain data, so it can go to a worker
 * thread with a run of the trace's bytes.
 */
export interface RawResumePoint {
  /** The trace's header, as the decoder that read it has it. */
  readonly header: TraceHeader;
  /** Trace offset of the first byte pushed: where an event starts (offsets in errors count from the file's start). */
  readonly offset: number;
  /** Whether the decoder had moved to the writing release's table by then (see switchesToWriterTable). */
  readonly writerTable: boolean;
  /** RawDecoderOptions.strictGo127. */
  readonly strictGo127: boolean;
}

// Set in RawDecoder's static block: the two functions below need its private state.
let resumeAt: (decoder: RawDecoder, point: RawResumePoint) => void;
let pointOf: (decoder: RawDecoder) => RawResumePoint | undefined;

/**
 * A decoder that reads from the middle of a trace as one that had read it
 * from its start would on from `point`: the header is taken as read, the
 * table is the one in use there, and offsets count from the file's start.
 * push() the bytes from `point.offset` on. This is what lets a tally be
 * split into runs of whole batches on several threads.
 */
export function resumeRawDecoder(point: RawResumePoint): RawDecoder {
  const decoder = new RawDecoder({ strictGo127: point.strictGo127 });
  resumeAt(decoder, point);
  return decoder;
}

/** Where `decoder` is now, as a point another decoder can resume from; undefined before the header is read. */
export function rawResumePoint(decoder: RawDecoder): RawResumePoint | undefined {
  return pointOf(decoder);
}

const EMPTY = new Uint8Array(0);
/** Bytes of a new chunk copied next to the remains of the previous one. */
const STITCH = 512;
/** Decoders made so far in this thread: each one's number keys the tally kernel's window (tally-kernel.ts). */
let decodersMade = 0;

/** next() returns this when it needs more input; see `ended` for the end. */
const NEED_INPUT = null;

/**
 * Go's raw reader (internal/trace/raw) as a push decoder: push() chunks of a
 * binary trace as they arrive, finish() after the last, and next() returns the
 * events on the wire one by one, in file order, without ordering or
 * validation. Nothing is allocated per event: next() refills one RawEvent.
 * Failures are TraceErrors naming the byte offset.
 */
export class RawDecoder {
  /** The current event; next() overwrites it. */
  readonly event = new RawEvent();
  private buf: Uint8Array = EMPTY;
  private pos = 0;
  private end = 0;
  /** Trace offset of buf[0]. */
  private base = 0;
  private pending: Uint8Array[] = [];
  /** While decoding from a stitch buffer: the chunk it previews, and where that chunk starts in it. */
  private nextChunk: Uint8Array | null = null;
  private switchAt = 0;
  private pendingBytes = 0;
  /** Bytes (from pos) the current event needs before it is worth retrying. */
  private need = 0;
  private final = false;
  private done = false;
  private hdr: TraceHeader | undefined;
  private tbl: RawTable = rawTable(undefined);
  private readonly strict: boolean;
  /** This decoder's number, for the tally kernel's window. */
  private readonly number = ++decodersMade;
  // Where the last attempt ran out of bytes.
  private shortAt = 0;
  private shortAtVarintStart = false;

  constructor(options: RawDecoderOptions = {}) {
    this.strict = options.strictGo127 === true;
  }

  static {
    resumeAt = (d, point) => {
      d.hdr = point.header;
      d.tbl = rawTable(point.header.format, point.writerTable);
      d.base = point.offset;
    };
    pointOf = (d) => {
      const header = d.hdr;
      if (header === undefined) return undefined;
      return {
        header,
        offset: d.offset,
        writerTable: d.tbl !== rawTable(header.format, false),
        strictGo127: d.strict,
      };
    };
  }

  /** The header, once next() has read it. */
  get header(): TraceHeader | undefined {
    return this.hdr;
  }

  /** The trace format the header selects, once the header has been read (undefined before, and for pre-1.22 traces). */
  get format(): TraceFormat | undefined {
    return this.hdr?.format;
  }

  /** The raw table in use: Go 1.27's, or the writing release's once an event needed it. */
  get table(): RawTable {
    return this.tbl;
  }

  /** True once every event has been read. */
  get ended(): boolean {
    return this.done;
  }

  /** Trace offset of the next byte to decode. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Adds input. The decoder keeps a reference to the chunk; do not reuse it. */
  push(chunk: Uint8Array): void {
    if (this.final) throw new Error("RawDecoder.push after finish");
    if (chunk.length === 0) return;
    this.settle();
    const rest = this.end - this.pos;
    if (rest + this.pendingBytes + chunk.length < this.need) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return;
    }
    if (this.pending.length === 0) {
      if (rest === 0) {
        this.base += this.end;
        this.buf = chunk;
        this.pos = 0;
        this.end = chunk.length;
        return;
      }
      if (rest <= STITCH && chunk.length > 4 * STITCH) {
        // The few bytes of an event cut by the chunk boundary go into a small
        // buffer with the chunk's first bytes; once decoding passes into the
        // chunk it switches to the chunk itself, so chunks are never copied.
        const stitch = new Uint8Array(rest + STITCH);
        stitch.set(this.buf.subarray(this.pos, this.end), 0);
        stitch.set(chunk.subarray(0, STITCH), rest);
        this.base += this.pos;
        this.buf = stitch;
        this.pos = 0;
        this.end = stitch.length;
        this.nextChunk = chunk;
        this.switchAt = rest;
        return;
      }
    }
    this.join(chunk);
  }

  /** Copies what is left, the pending chunks and `chunk` into one buffer. */
  private join(chunk: Uint8Array | null): void {
    const rest = this.end - this.pos;
    const joined = new Uint8Array(rest + this.pendingBytes + (chunk?.length ?? 0));
    joined.set(this.buf.subarray(this.pos, this.end), 0);
    let at = rest;
    for (const c of this.pending) {
      joined.set(c, at);
      at += c.length;
    }
    if (chunk) joined.set(chunk, at);
    this.base += this.pos;
    this.buf = joined;
    this.pos = 0;
    this.end = joined.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Leaves the stitch buffer for the chunk it previews, copying only if an event still straddles. */
  private settle(): void {
    const chunk = this.nextChunk;
    if (chunk === null) return;
    this.nextChunk = null;
    if (this.pos >= this.switchAt) {
      this.base += this.switchAt;
      this.pos -= this.switchAt;
      this.buf = chunk;
      this.end = chunk.length;
    } else {
      this.end = this.switchAt;
      this.join(chunk);
    }
  }

  /** Says no more input will come. */
  finish(): void {
    this.settle();
    if (this.pending.length > 0) {
      const p = this.pending;
      this.pending = [];
      this.pendingBytes = 0;
      this.need = 0;
      for (const c of p) this.push(c);
    }
    this.final = true;
  }

  /**
   * The next event, or null when more input is needed (before finish) or
   * the trace has ended (`ended`). Throws TraceError on bad input; a trace
   * that stops inside an event throws E_TRUNCATED.
   */
  next(): RawEvent | null {
    if (this.done) return null;
    if (this.nextChunk !== null && this.pos >= this.switchAt) this.settle();
    if (this.hdr === undefined && !this.readHeader()) return NEED_INPUT;
    let p = this.pos;
    if (p >= this.end) {
      if (this.final) this.done = true;
      return NEED_INPUT;
    }
    let q = this.decodeAt(p);
    if (q < 0 && this.nextChunk !== null) {
      // The event is longer than the stitch buffer: join for real and try again.
      this.settle();
      this.need = 0;
      p = this.pos;
      q = this.decodeAt(p);
    }
    if (q < 0) {
      if (this.final) throw this.truncated(p);
      return NEED_INPUT;
    }
    this.need = 0;
    this.pos = q;
    return this.event;
  }

  /**
   * Counts events and their minimal encoded sizes per type byte, as
   * -d=footprint does, without filling the cursor: the fast path for
   * tallies. Consumes every event the buffered input holds and returns how
   * many it counted (0 at the end or when more input is needed). Events that
   * need care (trailers, odd varints, the input's last bytes, errors) go
   * through next(), so results and errors are those of next().
   */
  tally(counts: Float64Array, bytes: Float64Array): number {
    if (this.done) return 0;
    if (this.hdr === undefined && !this.readHeader()) return 0;
    // The fast loop: WebAssembly where it runs (tally-kernel.ts), else tallyPlain; both stop at
    // the events next() reads.
    const kernel = tallyKernel();
    if (kernel === null && !tallyPrimed) {
      tallyPrimed = true;
      primeTallyPlain();
    }
    let events = 0;
    try {
      for (;;) {
        const tbl = this.tbl;
        if (kernel !== null) {
          this.pos = kernel.run(this.number, this.buf, this.base, this.pos, this.end, tbl);
          events += kernel.events;
          if (kernel.full) kernel.flush(counts, bytes);
        } else {
          this.pos = tallyPlain(this.buf, this.pos, this.end, tbl.argCount, tbl.trailer, counts, bytes);
          events += plainEvents;
        }
        const ev = this.next();
        if (ev === null) return events;
        counts[ev.type]!++;
        bytes[ev.type]! += ev.encodedSize();
        events++;
      }
    } finally {
      // Also when next() throws: the events before the error are counted, as tallyPlain counts them.
      kernel?.flush(counts, bytes);
    }
  }

  private readHeader(): boolean {
    this.settle();
    const h = parseHeader(this.buf.subarray(this.pos, this.end), this.end - this.pos, this.final);
    if (h === null) {
      this.need = this.end - this.pos + 1;
      return false;
    }
    this.hdr = h;
    this.tbl = rawTable(h.format, false);
    this.pos += h.length;
    this.need = 0;
    return true;
  }

  /** Decodes the event at p into the cursor; returns the position after it, or -1 if the bytes end first. */
  private decodeAt(p: number): number {
    const buf = this.buf;
    const end = this.end;
    const ev = this.event;
    const type = buf[p] as number;
    let argc = this.tbl.argCount[type] as number;
    if (argc === INVALID) argc = this.invalidType(type, p);
    let lo = ev.lo;
    let hi = ev.hi;
    let width = ev.width;
    let padded = false;
    let q = p + 1;
    let total = argc;
    const trailer = this.tbl.trailer[type] as number;
    for (let i = 0; i < total; i++) {
      if (i >= lo.length) {
        ev.reserve(i + 1);
        lo = ev.lo;
        hi = ev.hi;
        width = ev.width;
      }
      if (q >= end) return this.short(q, true);
      let b = buf[q++] as number;
      if (b < 0x80) {
        lo[i] = b;
        hi[i] = 0;
        width[i] = 1;
      } else {
        // Inline copy of decodeUvarint (./uvarint.ts) that also keeps the width:
        // calling decodeUvarint here made decoding 1.3x to 1.4x slower (decode-codec.mjs
        // on 47 and 108 MB traces, best of five). raw-decoder-varint.test.ts checks
        // this copy and the data length's below against decodeUvarint.
        let l = b & 0x7f;
        let h = 0;
        let n = 1;
        for (let shift = 7; ; shift += 7) {
          if (q >= end) return this.short(q, false);
          b = buf[q++] as number;
          n++;
          if (n === 10 && b > 1) throw this.overflow(q - n);
          const v = b & 0x7f;
          if (shift < 28) l |= v << shift;
          else if (shift === 28) {
            l |= (v & 0x0f) << 28;
            h = v >>> 4;
          } else h |= v << (shift - 32);
          if (b < 0x80) break;
        }
        lo[i] = l >>> 0;
        hi[i] = h >>> 0;
        width[i] = n;
        if (b === 0) padded = true;
      }
      if (i === 1 && trailer === TRAILER_STACK) {
        // A stack's frames follow its id and frame count, four values each.
        // The arrays grow as frame values actually arrive, never by the count.
        // Go converts the count to a signed int: a count with bit 63 set means no frames.
        const frames = (hi[1] as number) >= 0x80000000 ? 0 : (hi[1] as number) * TWO32 + (lo[1] as number);
        total = 2 + frames * 4;
        if (!this.final && frames * 4 > end - q) {
          this.need = Math.min(q - p + frames * 4, 0x7fffffff);
          return this.short(q, true);
        }
      }
    }
    ev.data = null;
    if (trailer === TRAILER_DATA) {
      if (q >= end) return this.short(q, true);
      let len = 0;
      let n = 0;
      let big = false;
      let negative = false;
      for (let shift = 0; ; shift += 7) {
        if (q >= end) return this.short(q, false);
        const b = buf[q++] as number;
        n++;
        if (n === 10 && b > 1) throw this.overflow(q - n);
        if (shift < 49) len += (b & 0x7f) * 2 ** shift;
        else if (n === 10) negative = b === 1;
        else if ((b & 0x7f) !== 0) big = true;
        if (b < 0x80) break;
      }
      ev.dataLengthWidth = n;
      if (n > 1 && buf[q - 1] === 0) padded = true;
      // Go converts the length to a signed int: with bit 63 set it reads no data.
      if (negative) len = 0;
      else if (big || len > end - q) {
        // Go reads the data byte by byte and takes a short read as the end of the file.
        if (!this.final && !big) this.need = q + len - p;
        return this.short(end, true);
      }
      // Here len <= end - q: as an int32 it keeps q, and so the decoder's position, a small
      // integer. A double there (len is summed in a double) reached tallyPlain as its start
      // and threw its compiled loop away ("not a Smi") in every thread that met a String.
      q += len | 0;
      ev.data = buf.subarray(q - len, q);
    }
    ev.type = type;
    ev.name = this.tbl.names[type] as string;
    ev.argCount = total;
    ev.padded = padded;
    ev.offset = this.base + p;
    ev.length = q - p;
    return q;
  }

  private short(q: number, atVarintStart: boolean): number {
    this.shortAt = q;
    this.shortAtVarintStart = atVarintStart;
    if (this.need === 0) this.need = this.end - this.pos + 1;
    return -1;
  }

  /** An event type the current table refuses: switch to the writer's table, or fail like Go. */
  private invalidType(type: number, p: number): number {
    const format = this.hdr?.format;
    if (!this.strict && format?.writerRawTable && switchesToWriterTable(type) && this.tbl.release === "1.27") {
      const writer = rawTable(format, true);
      const argc = writer.argCount[type] as number;
      if (argc !== INVALID) {
        this.tbl = writer;
        return argc;
      }
    }
    const what = format
      ? `format go 1.${format.header} (${this.tbl.length > 0 ? `types 1 to ${this.tbl.length - 1}` : "no types"} in Go ${this.tbl.release}'s table)`
      : `format go 1.${this.hdr?.version ?? "?"}, which predates the v2 event encoding`;
    throw new TraceError("E_EVENT_TYPE", `invalid event type ${type}: not an event of ${what}`, {
      offset: this.base + p,
      goMessage: `invalid event type: ${type}`,
    });
  }

  private overflow(at: number): TraceError {
    return new TraceError("E_VARINT", "uvarint longer than 10 bytes or above 2^64-1", {
      offset: this.base + at,
      goMessage: "binary: varint overflows a 64-bit integer",
    });
  }

  private truncated(p: number): TraceError {
    const type = this.buf[p] as number;
    const name = this.tbl.names[type] || `event type ${type}`;
    const have = this.end - p;
    return new TraceError(
      "E_TRUNCATED",
      `the trace ends inside ${name} (the event starts at byte ${this.base + p}; ${have} byte${have === 1 ? "" : "s"} of it present)`,
      {
        offset: this.base + this.shortAt,
        goMessage: this.shortAtVarintStart ? "EOF" : "unexpected EOF",
        goTreatsAsEnd: this.shortAtVarintStart,
      },
    );
  }
}

/**
 * Runs tallyPlain a few times over a made-up table and input that take its multi-byte and
 * data-trailer paths, once per thread, before the first real tally: V8 then compiles the loop
 * with type feedback for those. The first data trailer (a String) otherwise meets compares the
 * compiled loop has never seen, and V8 throws the loop away and compiles it again, each thread on
 * its own while it tallies. (The rarer exits, padded and ten-byte varints, go to next() anyway.)
 */
function primeTallyPlain(): void {
  const argCount = new Int8Array(256).fill(-1);
  const trailer = new Uint8Array(256);
  argCount[1] = 2; // two plain arguments
  argCount[2] = 1; // one argument, then data
  trailer[2] = TRAILER_DATA;
  argCount[3] = 1;
  trailer[3] = TRAILER_STACK;
  // Events of type 1 (arguments of one, two and three bytes) and 2 (data of 3 bytes), then a stack
  // event and room for the 64 bytes the loop keeps clear of the end.
  const input = new Uint8Array(128);
  input.set([1, 5, 0x80, 0x80, 0x01, 2, 7, 3, 97, 98, 99, 1, 0x80, 0x05, 1, 3]);
  const counts = new Float64Array(256);
  const bytes = new Float64Array(256);
  for (let i = 0; i < 16; i++) tallyPlain(input, 0, input.length, argCount, trailer, counts, bytes);
}
let tallyPrimed = false;

/** How many events the last tallyPlain call counted (a module variable, so that the call allocates nothing). */
let plainEvents = 0;

/**
 * RawDecoder.tally's fast loop, on its own so that V8 optimizes it apart from the paths it leaves
 * to next(): compiled together, the first event of a kind the loop had not met yet (a stack, a
 * string near the buffer's end) threw the whole compiled loop away, several times per thread
 * before it settled (--trace-deopt, "insufficient type feedback"). Counts events of plain
 * uvarints and in-buffer data trailers from p and returns where it stopped: at the first event
 * it does not take (a stack trailer, a padded or overflowing varint, data past the buffer), or
 * 64 bytes before the end. The count is left in plainEvents.
 */
function tallyPlain(
  buf: Uint8Array,
  p: number,
  end: number,
  argCount: Int8Array,
  trailer: Uint8Array,
  counts: Float64Array,
  bytes: Float64Array,
): number {
  let events = 0;
  // Below this every event of plain uvarints fits: 1 type byte + 5 args of at most 10 bytes.
  const safeEnd = end - 64;
  scan: while (p < safeEnd) {
    const type = buf[p] as number;
    const argc = argCount[type] as number;
    const tr = trailer[type] as number;
    if (argc < 0 || tr === TRAILER_STACK) break;
    let q = p + 1;
    for (let i = 0; i < argc; i++) {
      let b = buf[q++] as number;
      if (b < 0x80) continue;
      let n = 1;
      while (b >= 0x80 && n < 10) {
        b = buf[q++] as number;
        n++;
      }
      // Padded or overflowing: next() has Go's reading of it. `b > 1` is tested first because it
      // runs on most long varints: tested only at ten bytes, its first run (a NoThread M) found
      // no type feedback and threw the compiled loop away (--trace-deopt).
      if (b === 0 || (b > 1 && n === 10)) break scan;
    }
    let size = q - p;
    if (tr === TRAILER_DATA) {
      // A data length of up to four plain bytes, then the data, all in the buffer.
      let len = 0;
      let shift = 0;
      let b = 0x80;
      while (b >= 0x80) {
        if (shift === 28 || q >= end) break scan;
        b = buf[q++] as number;
        len |= (b & 0x7f) << shift; // at most 28 bits: len stays a small integer, and so do q and p
        shift += 7;
      }
      if ((shift > 7 && b === 0) || len > end - q) break;
      q += len;
      size = q - p;
    }
    counts[type]!++;
    bytes[type]! += size;
    events++;
    p = q;
  }
  plainEvents = events;
  return p;
}
