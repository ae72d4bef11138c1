// The reader loop (Go's Reader.ReadEvent): one generation at a time, events
// from the ordering queue first, then CPU samples that come before the
// frontier, then the frontier's head (or, when it cannot advance, the others
// in time order). Every returned event gets Go's table-ID validation and the
// monotonic-time fix-up. Input is pushed in chunks; next() returns null when it
// needs more (see `done`).
import { EV, TraceError, chunksOf, parseHeader } from "@gotrace/codec";
import { goSortFunc } from "@gotrace/codec/internal";
import type { Batch } from "./batch/batch.js";
import { ChunkBuffer } from "./batch/chunk-buffer.js";
import { NEED_MORE } from "./batch/read-batch.js";
import { traceError } from "./errors.js";
import { Event, refillEvent } from "./event/event.js";
import { type CpuSample, type EventTable, type Generation, NullTable } from "./generation/generation.js";
import { GenerationReader } from "./generation/read-generation.js";
import { BatchCursor } from "./order/cursor.js";
import { compareCursors, heapInsert, heapRemove, heapUpdate, heapUpdateRoot } from "./order/frontier-heap.js";
import { Ordering, passesAsIs } from "./order/ordering.js";
import { SchedTables, advanceSched } from "./order/sched-fast.js";
import { missingTableID, tableIDsKnown } from "./order/table-ids.js";
import type { MState } from "./order/state.js";
import type { QueuedEvent } from "./order/queue.js";
import { EV_SYNC, EXPERIMENT_NAMES, SPEC_ARG_NAMES, SPEC_NAME, SPEC_TABLE_ARGS } from "./specs.js";
import { TimeFrame, convTicks } from "./time.js";
import { type U64, formatInt64, formatUint64 } from "./u64.js";
import { v1Converter } from "./v1/boundary.js";
import { V1Events } from "./v1/adapter.js";
import type { V1Converter } from "./v1/converter-seam.js";
import { RECORD_STOP, RECORD_STRIDE, type RecordSink } from "./scan.js";

/** Options of TraceReader and readTrace. */
export interface ReaderOptions {
  /** Converter for pre-1.22 traces; defaults to the package's own (src/v1). */
  v1Converter?: V1Converter;
}

const PENDING = null;

/** skip()'s sink and kinds table for recordRun: every event passes, none is written. */
const NO_RECORDS: RecordSink = { data: new Float64Array(RECORD_STRIDE), count: 0 };
const PASS_ALL = new Uint8Array(256);

/** Bytes to bring in at a time while looking for the header. */
const HEADER_PULL = 64;

/**
 * Go 1.27's trace reader over pushed bytes. Construct it with the whole trace
 * (then next() returns events until it returns null at the end), or push
 * chunks and call finish() after the last one: next() returns null whenever
 * it needs more input, and `done` tells the end apart. Errors are thrown as
 * TraceError (and thrown again by later calls).
 */
export class TraceReader {
  private readonly options: ReaderOptions;
  private readonly input = new ChunkBuffer();
  private readonly frame = new TimeFrame();
  private readonly nullTable = new NullTable(this.frame);
  private version = 0;
  /** The header named a v2 format (one of the spec's FORMATS); false before the header and for pre-1.22 traces. */
  private v2 = false;
  /** The v2 format ends generations by spilling into the next one (the spec's generationEnd "spill"). */
  private spillFormat = false;
  private ended = false;
  private failure: unknown = null;
  /** The object nextShared() refills. */
  private shared: Event | undefined;
  private lastTs = 0;
  private syncs = 0;
  private count = 0;
  /** The final Sync has been queued; `ended` follows once it is taken. */
  private endQueued = false;
  private complete = 0;
  /** File offset where the generation being read starts (-1 when none is being read). */
  private readingFrom = -1;

  private genReader: GenerationReader | null = null;
  private gen: Generation | null = null;
  private frontier: BatchCursor[] = [];
  private cpuSamples: CpuSample[] = [];
  private cpuNext = 0;
  /** The current generation's nanoseconds per tick (what its cursors' next() takes). */
  private perTick = 0;
  private order: Ordering | null = null;
  private readGenErr: unknown = null;
  private spill: Batch | null = null;
  private spillErr: unknown = null;
  private spillErrSync = false;
  private v1: V1Events | null = null;

  constructor(bytes?: Uint8Array, options: ReaderOptions = {}) {
    this.options = options;
    if (bytes !== undefined) {
      this.push(bytes);
      this.finish();
    }
  }

  /** Adds the next chunk of the trace. */
  push(chunk: Uint8Array): void {
    if (this.input.ended) throw new Error("TraceReader.push after finish");
    this.input.push(chunk);
  }

  /** Declares the end of the input. */
  finish(): void {
    this.input.ended = true;
  }

  /** True once the last event has been returned. */
  get done(): boolean {
    return this.ended;
  }

  /**
   * Bytes of the trace, from its start, whose events have all been returned:
   * the generations before the current one (the whole input once done). When
   * a read fails, everything after this was lost.
   */
  get validBytes(): number {
    return this.ended ? this.input.offset : this.complete;
  }

  /**
   * The offset of the first byte of the input the reader may still read:
   * the start of the generation it is on (its batches and tables are views
   * of the pushed chunks), or once that one has handed out its last event,
   * the start of the next, which it is reading; 0 for a pre-1.22 trace. Bytes before it are
   * never read again, so a caller that holds no Event of this reader (it
   * calls skip() or scanRecords() only) may reuse a pushed chunk whose bytes
   * all lie before it.
   *
   * Internal (`gotrace validate` reuses its read buffers through
   * `@gotrace/reader/internal`): left out of the published declarations, no
   * semver guarantee.
   *
   * @internal
   */
  get heldFrom(): number {
    // The next generation is read only once the current one's events are all out.
    return this.readingFrom >= 0 ? this.readingFrom : this.complete;
  }

  /** The N of the trace's "go 1.N trace" header, or 0 before it has been read. */
  get traceVersion(): number {
    return this.version;
  }

  /**
   * Go 1.22–1.25 traces: the generation the input ended inside (it has no
   * string table, which the runtime writes last), or null. An error in that
   * generation most likely comes from the trace being cut there.
   */
  get cutGeneration(): bigint | null {
    return this.genReader?.cutGeneration ?? null;
  }

  /**
   * Go 1.22+ traces: the file offset of a structural batch (sync, frequency,
   * strings, stacks, CPU samples) that ends where one of its events still
   * needed an argument, or null. Go's reader takes that for the end of the
   * trace, without an error, and so does this one: the generation holding
   * the batch, and anything after it, is not read. Worth a warning.
   */
  get stoppedAt(): number | null {
    return this.genReader?.stoppedAt ?? null;
  }

  /** Events returned by next() or passed by skip() so far. */
  get eventCount(): number {
    return this.count;
  }

  /**
   * Sync events returned or passed so far: one at the start of every
   * generation and one at the end, so a complete trace has syncCount - 1
   * generations.
   */
  get syncCount(): number {
    return this.syncs;
  }

  /** The next event; null at the end (`done`) or when more input is needed. */
  next(): Event | null {
    if (this.failure !== null) throw this.failure;
    if (this.ended) return null;
    try {
      if (this.version === 0 && !this.readHeader()) return PENDING;
      if (!this.v2) return this.nextV1();
      const q = this.take();
      if (q === null) return PENDING;
      return new Event(q.table!, q.ctxM, q.ctxP, q.ctxG, q.type, q.ts, q.a0, q.a1, q.a2, q.a3, q.offset);
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /**
   * Like next(), but each call returns the same Event object, refilled: for
   * consumers that are done with an event before they ask for the next one,
   * which then cost no allocation per event. Keeping the object (or calling
   * next() in between) is a mistake: its fields change under you.
   */
  nextShared(): Event | null {
    if (this.failure !== null) throw this.failure;
    if (this.ended) return null;
    if (this.version !== 0 && !this.v2) return this.next();
    try {
      if (this.version === 0 && !this.readHeader()) return PENDING;
      if (!this.v2) return this.next();
      const q = this.take();
      if (q === null) return PENDING;
      const shared = this.shared;
      if (shared === undefined) {
        this.shared = new Event(q.table!, q.ctxM, q.ctxP, q.ctxG, q.type, q.ts, q.a0, q.a1, q.a2, q.a3, q.offset);
        return this.shared;
      }
      refillEvent(shared, q.table!, q.ctxM, q.ctxP, q.ctxG, q.type, q.ts, q.a0, q.a1, q.a2, q.a3, q.offset);
      return shared;
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /**
   * Passes over events exactly as next() would (the same ordering, checks,
   * errors, `done`, `validBytes` and counts) without making Event objects:
   * for callers that only need to know whether the trace is valid. Returns
   * how many events it passed; it stops when more input is needed or at the
   * end (`done`), and throws the TraceError next() would have thrown.
   */
  skip(): number {
    if (this.failure !== null) throw this.failure;
    const before = this.count;
    try {
      if (this.version === 0 && !this.readHeader()) return 0;
      if (!this.v2) {
        while (!this.ended) {
          if (this.nextV1() === null) break;
        }
      } else {
        while (!this.ended) {
          this.advanceRun();
          if (this.take() === null) break;
        }
      }
    } catch (e) {
      this.failure = e;
      throw e;
    }
    return this.count - before;
  }

  /**
   * Time in ns of the last event returned or passed (NaN before the first).
   */
  get lastEventTime(): number {
    return this.count === 0 ? Number.NaN : this.frame.baseNumber + this.lastTs;
  }

  /**
   * Passes events exactly as next() would (the same order, checks, errors,
   * counts, `done` and `validBytes`), handing out the ones `kinds` asks for
   * as records in `sink` (see scan.ts) instead of Event objects. For an event
   * of wire type t (255 for Sync), `kinds[t]` is 0 to pass it by,
   * RECORD_STOP to stop before it (next() or nextShared() returns it), or a
   * record kind k (1–254): the record [k, time, a0, a1, a2, goroutine] is
   * written, with the values of Event's time, a0, a1, a2 and ctxG (as
   * float64s: exact below 2^53). It also stops when the sink has no room
   * for another record, when more input is needed, and at the end. It
   * passes nothing for pre-Go 1.22 traces or before the header is read;
   * call nextShared() (or next()) after it to go on: null from that means
   * more input is needed or the end.
   *
   * Internal (`@gotrace/heap` calls it through `@gotrace/reader/internal`):
   * left out of the published declarations, no semver guarantee.
   *
   * @internal
   */
  scanRecords(sink: RecordSink, kinds: Uint8Array): void {
    if (this.failure !== null) throw this.failure;
    if (this.ended || !this.v2) return;
    try {
      const queue = this.order!.queue;
      const limit = sink.data.length - RECORD_STRIDE;
      while (!this.ended) {
        this.recordRun(sink, kinds);
        if (sink.count * RECORD_STRIDE > limit) return;
        if (queue.length === 0 && !this.fill()) return;
        const kind = kinds[queue.peekType()]!;
        if (kind === RECORD_STOP) return;
        const q = this.take()!;
        if (kind !== 0) {
          const d = sink.data;
          const at = sink.count * RECORD_STRIDE;
          d[at] = kind;
          d[at + 1] = this.frame.baseNumber + q.ts;
          d[at + 2] = asFloat(q.a0);
          d[at + 3] = asFloat(q.a1);
          d[at + 4] = asFloat(q.a2);
          d[at + 5] = asFloat(q.ctxG);
          sink.count++;
        }
      }
    } catch (e) {
      this.failure = e;
      throw e;
    }
  }

  /**
   * The fast path of skip() and scanRecords(): while the frontier's head is
   * an event the ordering would accept unchanged without touching its state
   * (Ordering.passes), pass it (writing its record when `kinds` asks) through
   * passHead, without advance() and the queue. Anything else (an earlier CPU
   * sample, a new M, any other event, one to stop before) is left to take().
   */
  private recordRun(sink: RecordSink, kinds: Uint8Array): void {
    const frontier = this.frontier;
    const order = this.order!;
    if (frontier.length === 0 || order.queue.length !== 0) return;
    const perTick = this.perTick;
    const samples = this.cpuSamples;
    const nextSample = this.cpuNext < samples.length ? samples[this.cpuNext]!.time : Number.POSITIVE_INFINITY;
    const data = sink.data;
    const limit = data.length - RECORD_STRIDE;
    const base = this.frame.baseNumber;
    // handOut's count and time, kept in locals through the run (events by
    // the million) and written back however it ends.
    let at = sink.count * RECORD_STRIDE;
    let count = this.count;
    let lastTs = this.lastTs;
    try {
      while (frontier.length !== 0) {
        const bc = frontier[0]!;
        const ms = bc.ms;
        if (ms == null) return;
        // What the thread lacks, and its goroutine, stay the same while its
        // events pass as they are: looked up once per run of the same head.
        const lacks = order.lacks(ms);
        const g = asFloat(ms.g);
        for (;;) {
          // A CPU sample strictly before the head goes first.
          if (nextSample < bc.time || !passesAsIs(bc.typ, lacks)) return;
          const kind = kinds[bc.typ]!;
          if (kind === RECORD_STOP || (kind !== 0 && at > limit)) return;
          const ts = bc.time;
          if (kind !== 0) {
            // The arguments are written before the cursor moves on (its
            // fields go then), the record counted only after: a decoding
            // error there means the event is never handed out.
            data[at] = kind;
            data[at + 2] = asFloat(bc.a0);
            data[at + 3] = asFloat(bc.a1);
            data[at + 4] = asFloat(bc.a2);
            data[at + 5] = g;
          }
          const head = moveHeadCursor(frontier, bc, perTick);
          lastTs = fixedTime(lastTs, ts);
          count++;
          if (kind !== 0) {
            data[at + 1] = base + lastTs;
            at += RECORD_STRIDE;
          }
          if (!head) break;
        }
      }
    } finally {
      this.count = count;
      this.lastTs = lastTs;
      sink.count = at / RECORD_STRIDE;
    }
  }

  private readHeader(): boolean {
    let h = parseHeader(this.input.buf, this.input.buf.length, this.input.final);
    // The header is at the start of the input; it may span several chunks.
    while (h === null && this.input.pull(this.input.available + HEADER_PULL, true)) {
      h = parseHeader(this.input.buf, this.input.buf.length, this.input.final);
    }
    if (h === null) return false;
    this.version = h.version;
    if (h.format !== undefined) {
      this.v2 = true;
      this.spillFormat = h.format.generationEnd === "spill";
      this.input.pos = h.length;
      this.genReader = new GenerationReader(h.format, this.frame);
      this.order = new Ordering(h.version);
    }
    return true;
  }

  // --- the v2 loop ---

  // --- the one hand-out step ---
  //
  // Every event of a v2 trace is handed out through these: take() for the
  // queue (next(), nextShared(), scanRecords(), and skip() when its fast
  // paths stop), passHead() for the cursor events advanceRun() passes
  // without the queue, handOutQueued() for what an advance queued. Each
  // moves its cursor on with moveOn() and fixes up the time and counts with
  // handOut(). recordRun() passes runs of events by the million with the
  // same two functions underneath (moveHeadCursor, fixedTime), keeping the
  // count and time in locals for the run. advanceRun(), skip()'s hottest
  // loop, writes the statements of those two out (see there why); nothing
  // else repeats them.

  /**
   * Moves cursor `bc`, at frontier[i], on to its M's next event and restores
   * the frontier's order (the cursor leaves it when its M has no more events
   * in the generation). This happens before the event it held is handed
   * out, as in Go: a decoding error in the next event comes first.
   */
  private moveOn(bc: BatchCursor, i: number): void {
    if (i === 0) {
      this.moveHeadOn(bc);
      return;
    }
    if (bc.next(this.perTick)) heapUpdate(this.frontier, i);
    else heapRemove(this.frontier, i);
  }

  /** moveOn(bc, 0), the hot case (kept small so that V8 inlines it into the loops). */
  private moveHeadOn(bc: BatchCursor): void {
    moveHeadCursor(this.frontier, bc, this.perTick);
  }

  /**
   * Hands out an event whose time is `ts`: Go's fix-up (an event never comes
   * at or before the previous one; it gets the previous time + 1) and the
   * count. Returns the event's time.
   */
  private handOut(ts: number): number {
    const fixed = fixedTime(this.lastTs, ts);
    this.lastTs = fixed;
    this.count++;
    return fixed;
  }

  /** Hands out the frontier head's event, which the ordering accepted as it is (no queue): returns its time. */
  private passHead(bc: BatchCursor): number {
    const ts = bc.time;
    this.moveHeadOn(bc);
    return this.handOut(ts);
  }

  /** Hands out a queued event: Go's table-ID check, then handOut(); the end once the final Sync is out. */
  private handOutQueued(q: QueuedEvent): void {
    // Most event types have no table arguments: one byte says so.
    if (SPEC_TABLE_ARGS[q.type] !== 0) this.validateTableIDs(q);
    q.ts = this.handOut(q.ts);
    if (this.endQueued && this.order!.queue.length === 0) this.ended = true;
  }

  /**
   * The next event, checked, counted and with its time fixed up, as a queue
   * slot (valid until the next call), or null when more input is needed.
   */
  private take(): QueuedEvent | null {
    const queue = this.order!.queue;
    let q = queue.pop();
    if (q === null) {
      if (!this.fill()) return PENDING;
      q = queue.pop()!;
    }
    this.handOutQueued(q);
    return q;
  }

  /**
   * skip()'s fast path: while the frontier's head comes before any CPU
   * sample, advance it and pass what it queued exactly as take() would have
   * (same order, checks, errors and time fix-up), without the layers of
   * take(), fill() and tryAdvance(). An event that cannot advance yet, and
   * the end of the generation, are left to take().
   */
  private advanceRun(): void {
    const frontier = this.frontier;
    const order = this.order!;
    if (frontier.length === 0 || order.queue.length !== 0 || this.endQueued) return;
    const gen = this.gen!;
    const perTick = this.perTick;
    const samples = this.cpuSamples;
    const nextSample = this.cpuNext < samples.length ? samples[this.cpuNext]!.time : Number.POSITIVE_INFINITY;
    // The common scheduling events go through advanceSched, which needs the
    // ordering's first advance() done (that records the first generation).
    let started = order.started;
    const tables = new SchedTables(order, gen);
    while (frontier.length !== 0) {
      const bc = frontier[0]!;
      const ts = bc.time;
      // A CPU sample strictly before the head goes first.
      if (nextSample < ts) return;
      // Go creates an M's state when it first advances one of its events.
      let ms = bc.ms;
      if (ms === undefined) ms = bc.ms = order.mState(bc.m);
      // Events the ordering accepts as they are (recordRun's), and the
      // scheduling events the shortcut takes, need no advance().
      if (ms !== null && started && advanceSched(tables, bc, ms)) {
        // passHead, written out down to the statements of moveHeadCursor and fixedTime: the one
        // place the hand-out step is not called. Calling even those two small functions here
        // cost skip() ~6% on a scheduling trace (sched: 0.76 s -> 0.80 s in memory, four runs
        // each): V8 then inlined less of this loop.
        if (bc.next(perTick)) heapUpdateRoot(frontier);
        else heapRemove(frontier, 0);
        this.lastTs = ts <= this.lastTs ? this.lastTs + 1 : ts;
        this.count++;
        continue;
      }
      // Everything else. It is a method of its own so that this loop stays
      // small: V8 then compiles the shortcut above into it (about 6% faster).
      if (!this.advanceHead(bc, ms)) return;
      started = order.started;
    }
  }

  /**
   * advanceRun's general case for the head cursor `bc` (thread state `ms`):
   * advance it and pass what it queued. False when it is for someone else
   * (recordRun, or fill() when it cannot advance yet).
   */
  private advanceHead(bc: BatchCursor, ms: MState | null): boolean {
    const order = this.order!;
    const queue = order.queue;
    const gen = this.gen!;
    if (ms !== null) {
      // Events the ordering accepts as they are come in runs (alloc/free
      // events by the million): recordRun passes the whole run.
      if (order.passes(bc.typ, ms)) {
        const before = this.count;
        this.recordRun(NO_RECORDS, PASS_ALL);
        return this.count !== before;
      }
      if (order.passesIfIDsKnown(bc.typ, ms) && tableIDsKnown(gen, bc)) {
        this.passHead(bc);
        return true;
      }
    }
    order.direct = true;
    const ok = order.advance(bc, gen, bc.m, gen.gen, ms);
    order.direct = false;
    // Not yet: fill()'s rare path tries the other Ms.
    if (!ok) return false;
    if (order.selfEmitted) {
      // The rule completed just this event: hand it out without the queue,
      // unless its table IDs need validateTableIDs (which may fail, and
      // only after the cursor has moved on, as take() would).
      if (SPEC_TABLE_ARGS[bc.typ] === 0 || tableIDsKnown(gen, bc)) {
        order.selfEmitted = false;
        this.passHead(bc);
        return true;
      }
      order.flushSelf();
    }
    this.moveHeadOn(bc);
    // Hand out what it queued (up to three events).
    for (let q = queue.pop(); q !== null; q = queue.pop()) this.handOutQueued(q);
    return true;
  }

  /** Queues the next event(s); false when more input is needed first. */
  private fill(): boolean {
    const order = this.order!;
    const frontier = this.frontier;
    if (frontier.length === 0 && this.cpuNext >= this.cpuSamples.length) {
      if (this.spillFormat) return this.nextGenWithSpill();
      if (this.readGenErr !== null) throw this.readGenErr;
      let r: ReturnType<GenerationReader["read"]>;
      // A generation may take several pushes to read; it starts where the first attempt began.
      if (this.readingFrom < 0) this.readingFrom = this.input.offset;
      try {
        r = this.genReader!.read(this.input, null);
      } catch (e) {
        if (!TraceError.isInstance(e)) throw e;
        // Every event before the broken generation has been returned.
        this.complete = this.readingFrom;
        // Go first reports a Sync for what was read, then the error.
        this.readGenErr = e;
        this.gen = null;
        return this.syncEvent(null, this.lastTs);
      }
      if (r === NEED_MORE) return false;
      return this.installGen(r.gen);
    }

    const gen = this.gen!;
    // A CPU sample that comes strictly before the frontier's head goes first.
    if (this.cpuNext < this.cpuSamples.length) {
      const s = this.cpuSamples[this.cpuNext]!;
      if (frontier.length === 0 || s.time < frontier[0]!.time) {
        this.cpuNext++;
        order.queue.push(gen, s.m, s.p, s.g, EV.CPUSample, s.time, s.stack, 0, 0, 0, -1);
        return true;
      }
    }
    if (frontier.length === 0) {
      throw traceError("E_ORDER", this.brokenTrace("frontier is empty"), { gen: formatUint64(gen.gen) });
    }
    if (!this.tryAdvance(0)) {
      // Rare path: try the other Ms in time order. Sorting keeps the heap valid.
      goSortFunc(frontier, compareCursors);
      let advanced = false;
      for (let i = 1; i < frontier.length; i++) {
        if (this.tryAdvance(i)) {
          advanced = true;
          break;
        }
      }
      if (!advanced) {
        throw traceError("E_ORDER", this.brokenTrace("failed to advance: frontier:"), { gen: formatUint64(gen.gen) });
      }
    }
    return true;
  }

  /** Advances frontier[i]'s event: queues what it completes and moves the cursor on; false when it cannot happen yet. */
  private tryAdvance(i: number): boolean {
    const gen = this.gen!;
    const bc = this.frontier[i]!;
    const order = this.order!;
    // Go creates an M's state when it first advances one of its events.
    if (bc.ms === undefined) bc.ms = order.mState(bc.m);
    const ms = bc.ms;
    if (ms !== null && order.passes(bc.typ, ms)) {
      // What advance() would do for this event, without its dispatch.
      order.queue.push(gen, bc.m, ms.p, ms.g, bc.typ, bc.time, bc.a0, bc.a1, bc.a2, bc.a3, bc.offset);
    } else if (!order.advance(bc, gen, bc.m, gen.gen, ms)) {
      return false;
    }
    this.moveOn(bc, i);
    return true;
  }

  /** Traces before Go 1.26: generations end where the next one's first batch appears. */
  private nextGenWithSpill(): boolean {
    if (this.spillErr !== null) {
      if (this.spillErrSync) throw this.spillErr;
      this.spillErrSync = true;
      return this.syncEvent(null, this.lastTs);
    }
    if (this.gen !== null && this.spill === null) {
      this.endQueued = true;
      return this.syncEvent(null, this.lastTs);
    }
    let r: ReturnType<GenerationReader["read"]>;
    // The generation starts with the batch that spilled into it.
    if (this.readingFrom < 0) this.readingFrom = this.spill?.offset ?? this.input.offset;
    try {
      r = this.genReader!.read(this.input, this.spill);
    } catch (e) {
      if (!TraceError.isInstance(e)) throw e;
      // Every event before the broken generation has been returned.
      this.complete = this.readingFrom;
      this.gen = null;
      this.spillErr = e;
      this.spillErrSync = true;
      return this.syncEvent(null, this.lastTs);
    }
    if (r === NEED_MORE) return false;
    this.spill = r.spill;
    this.spillErr = r.spillErr;
    return this.installGen(r.gen);
  }

  /** Makes a new generation current and queues its Sync (or the final Sync for none). */
  private installGen(gen: Generation | null): true {
    // Every event before this generation has been returned.
    this.complete = this.readingFrom;
    this.readingFrom = -1;
    if (gen === null) {
      this.gen = null;
      this.endQueued = true;
      return this.syncEvent(null, this.lastTs);
    }
    this.gen = gen;
    this.perTick = gen.freq;
    this.cpuSamples = gen.cpuSamples;
    this.cpuNext = 0;
    for (const m of gen.batchMs) {
      const bc = new BatchCursor(m, gen.batches.get(m)!, this.frame, gen.gen);
      if (bc.next(gen.freq)) heapInsert(this.frontier, bc);
    }
    // The cursors own the batches now: each M's data can be collected as soon
    // as its cursor is done, and none of it outlives the generation.
    gen.batches.clear();
    for (const exp of gen.expBatches.keys()) {
      if (EXPERIMENT_NAMES[exp] === undefined) {
        // Go indexes its experiment-name table with the id and panics when
        // printing this Sync; report it as an error instead.
        throw traceError(
          "E_PAYLOAD",
          `panic: runtime error: index out of range [${exp}] with length ${EXPERIMENT_NAMES.length}`,
          { gen: formatUint64(gen.gen) },
        );
      }
    }
    return this.syncEvent(gen, this.frame.offsetOf(convTicks(gen.minTs, gen.freq)));
  }

  /** Queues a Sync event (v2) or returns it (pre-1.22 traces). */
  private syncEvent(table: EventTable | null, ts: number): true {
    this.syncs++;
    this.order!.queue.push(table ?? this.nullTable, -1, -1, -1, EV_SYNC, ts, this.syncs, 0, 0, 0, -1);
    return true;
  }

  /** Go's validateTableIDs: stack and string arguments must exist in the generation. */
  private validateTableIDs(ev: QueuedEvent): void {
    if (ev.type === EV_SYNC) return;
    const missing = missingTableID(ev, ev.table!);
    if (missing !== null) this.invalidID(missing.what, missing.id, ev);
  }

  private invalidID(what: string, id: U64, ev: QueuedEvent): never {
    throw traceError("E_ORDER", `found invalid ${what} ID ${formatUint64(id)} for event ${SPEC_NAME[ev.type]}`, {
      ...(this.gen !== null ? { gen: formatUint64(this.gen.gen) } : {}),
      m: formatInt64(ev.ctxM),
      ...(ev.offset >= 0 ? { offset: ev.offset } : {}),
    });
  }

  /** Go's "broken trace" text with its frontier and ordering dumps. */
  private brokenTrace(what: string): string {
    let frontier = "";
    for (const bc of this.frontier) {
      frontier += `M ${formatInt64(bc.m)} [${SPEC_NAME[bc.typ]} time=${this.frame.format(bc.time)}`;
      const names = SPEC_ARG_NAMES[bc.typ]!;
      for (let i = 0; i < names.length; i++) {
        const v = i === 0 ? bc.a0 : i === 1 ? bc.a1 : i === 2 ? bc.a2 : bc.a3;
        frontier += ` ${names[i]}=${formatUint64(v)}`;
      }
      frontier += "]\n";
    }
    return `broken trace: ${what}\n[gen=${formatUint64(this.gen!.gen)}]\n\n${frontier}\n${this.order!.dump()}\n`;
  }

  // --- pre-1.22 traces ---

  /** The next event of a pre-1.22 trace, counted; null when more input is needed or at the end. */
  private nextV1(): Event | null {
    const ev = this.readV1();
    if (ev !== null) {
      this.count++;
      // Kept for lastEventTime (converted traces are already in order: no fix-up).
      this.lastTs = ev.ts;
    }
    return ev;
  }

  private readV1(): Event | null {
    if (this.v1 === null) {
      if (!this.input.ended) return PENDING;
      this.input.pullAll();
      const converter = this.options.v1Converter ?? v1Converter;
      // The whole trace, header included, so error offsets count from the file's start.
      const trace = converter.convert(this.input.buf, this.version);
      this.v1 = new V1Events(trace, this.frame, this.nullTable);
    }
    const ev = this.v1.next(() => ++this.syncs);
    if (this.v1.ended) this.ended = true;
    return ev;
  }
}

/**
 * Go's time fix-up: an event handed out after one at `last` comes at `ts`,
 * or at `last` + 1 when `ts` is not later (handOut, and recordRun's run of
 * them).
 */
function fixedTime(last: number, ts: number): number {
  return ts <= last ? last + 1 : ts;
}

/**
 * Moves the frontier's head cursor `bc` on to its M's next event and
 * restores the frontier's order (moveHeadOn, and recordRun's run of them).
 * Returns whether `bc` is still the head.
 */
function moveHeadCursor(frontier: BatchCursor[], bc: BatchCursor, perTick: number): boolean {
  if (!bc.next(perTick)) {
    heapRemove(frontier, 0);
    return false;
  }
  heapUpdateRoot(frontier);
  return frontier[0] === bc;
}

/** A wire value as a float64 (a bigint only holds values of 2^53 and more: rounded). */
function asFloat(v: U64): number {
  return typeof v === "number" ? v : Number(v);
}

/**
 * Reads a trace from bytes, a web ReadableStream or any async iterable of
 * chunks, yielding Go's events in order. Holds one generation at a time.
 */
export async function* readTrace(
  source: Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options?: ReaderOptions,
): AsyncGenerator<Event, void, undefined> {
  const reader = new TraceReader(undefined, options);
  if (source instanceof Uint8Array) {
    reader.push(source);
  } else {
    for await (const chunk of chunksOf(source)) {
      reader.push(chunk);
      for (let ev = reader.next(); ev !== null; ev = reader.next()) yield ev;
    }
  }
  reader.finish();
  for (let ev = reader.next(); ev !== null; ev = reader.next()) yield ev;
}
