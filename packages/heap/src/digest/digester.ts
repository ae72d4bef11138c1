// Turns the reader's events into heap records (see records.ts), in chunks.
// Only what the heap model needs is kept; strings are interned so records
// stay numeric, and goroutines are named here, where their stacks are.
import { EV } from "@gotrace/codec";
import type { Event, TraceReader } from "@gotrace/reader";
import { RECORD_STOP, type RecordSink, scanRecords } from "@gotrace/reader/internal";
import { checkAllocFreeBatches } from "./alloc-free-check.js";
import { K, type RecordChunk, STRIDE, type SyncData } from "./records.js";

const SYNC = 255;
const utf8 = new TextDecoder();

/**
 * What the reader's scanRecords() does with each event type for digest():
 * the events that are records as they are (their arguments and goroutine in
 * the reader's record order, which records.ts shares) are written straight
 * into the chunk; the ones event() needs as Events (for their strings,
 * stacks or batches) stop the scan; the rest pass.
 */
const SCAN_KINDS: Uint8Array = (() => {
  const kinds = new Uint8Array(256);
  // The experiment's event types and record kinds run in the same order.
  for (let t = EV.Span; t <= EV.GoroutineStackFree; t++) kinds[t] = t - EV.Span + K.Span;
  kinds[EV.GCBegin] = K.GcBegin;
  kinds[EV.GCEnd] = K.GcEnd;
  kinds[EV.HeapAlloc] = K.HeapAlloc;
  kinds[EV.HeapGoal] = K.HeapGoal;
  kinds[EV.UserRegionEnd] = K.RegionEnd;
  for (const t of [
    SYNC,
    EV.STWBegin,
    EV.STWEnd,
    EV.UserTaskBegin,
    EV.UserRegionBegin,
    EV.GoCreate,
    EV.GoCreateBlocked,
    EV.GoStatusStack,
    EV.GoStop,
    EV.GoBlock,
    EV.GoSyscallBegin,
  ]) {
    kinds[t] = RECORD_STOP;
  }
  return kinds;
})();

export class HeapDigester implements RecordSink {
  private readonly emit: (chunk: RecordChunk) => boolean;
  private readonly chunkRecords: number;
  /** Told of each damaged AllocFree batch left out, as it is met. */
  private readonly onWarning: ((message: string) => void) | undefined;
  /** The chunk being filled (the reader's scanRecords() writes into it too). */
  data: Float64Array;
  /** Records in data. */
  count = 0;
  private strings: string[] = [];
  private syncs: SyncData[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly named = new Set<number>();
  private events = 0;
  private firstNs = Number.NaN;
  private lastNs = Number.NaN;
  /** The reader digest() takes events from, whose counts then stand for the digester's own. */
  private reader: TraceReader | null = null;
  /** Chunks emitted so far. */
  private chunks = 0;
  /** Sync events met so far (the analyzer counts generations the same way). */
  private generation = 0;

  /** Buffers given back for reuse (fresh memory costs page faults on every first write). */
  private readonly spare: Float64Array[] = [];

  /**
   * `emit` receives each chunk. When it has applied the chunk before it
   * returns, it returns true and the chunk's buffer is reused at once;
   * otherwise (a worker, say) hand buffers back with recycle().
   */
  constructor(emit: (chunk: RecordChunk) => boolean, chunkRecords = 32768, onWarning?: (message: string) => void) {
    this.emit = emit;
    this.chunkRecords = chunkRecords;
    this.onWarning = onWarning;
    this.data = new Float64Array(chunkRecords * STRIDE);
  }

  /** Gives back a chunk's buffer once its records have been applied. */
  recycle(data: Float64Array): void {
    if (data.length === this.chunkRecords * STRIDE && this.spare.length < 64) this.spare.push(data);
  }

  /**
   * Digests the events `reader` has ready, until it needs more input or ends
   * (false) or a chunk has been emitted (true: call again to go on). The bulk
   * of events, records as they are, go from the reader into the chunk with
   * no Event in between; the rest through event().
   */
  digest(reader: TraceReader): boolean {
    this.reader = reader;
    const limit = this.data.length - STRIDE;
    for (;;) {
      const before = this.count;
      scanRecords(reader, this, SCAN_KINDS);
      if (this.count > before && Number.isNaN(this.firstNs)) this.firstNs = this.data[before * STRIDE + 1] as number;
      if (this.count * STRIDE > limit) {
        this.flush();
        return true;
      }
      const ev = reader.nextShared();
      if (ev === null) return false;
      const chunks = this.chunks;
      this.event(ev);
      if (this.chunks !== chunks) return true;
    }
  }

  event(ev: Event): void {
    const t = ev.type;
    const time = ev.time;
    if (this.events++ === 0 && Number.isNaN(this.firstNs)) this.firstNs = time;
    this.lastNs = time;
    if (t >= EV.Span && t <= EV.GoroutineStackFree) {
      // Nearly every event of such a trace: written here rather than through
      // put(), whose float arguments would be boxed if it were not inlined.
      // The experiment's event types and record kinds run in the same order.
      const d = this.data;
      const at = this.count * STRIDE;
      d[at] = t - EV.Span + K.Span;
      d[at + 1] = time;
      d[at + 2] = ev.a0 as number;
      d[at + 3] = ev.a1 as number;
      d[at + 4] = ev.a2 as number;
      d[at + 5] = ev.ctxG as number;
      if (++this.count === this.chunkRecords) this.flush();
      return;
    }
    switch (t) {
      case SYNC:
        this.sync(ev, time);
        break;
      case EV.GCBegin:
        this.put(K.GcBegin, time, ev.a0 as number, 0, 0, 0);
        break;
      case EV.GCEnd:
        this.put(K.GcEnd, time, 0, 0, 0, 0);
        break;
      case EV.STWBegin:
      case EV.STWEnd:
        this.put(t === EV.STWBegin ? K.StwBegin : K.StwEnd, time, this.intern(ev.table.string(ev.a0)), 0, 0, 0);
        break;
      case EV.HeapAlloc:
        this.put(K.HeapAlloc, time, ev.a0 as number, 0, 0, 0);
        break;
      case EV.HeapGoal:
        this.put(K.HeapGoal, time, ev.a0 as number, 0, 0, 0);
        break;
      case EV.UserTaskBegin: {
        const task = ev.task();
        this.put(K.TaskBegin, time, task.id, this.intern(task.type), 0, 0);
        break;
      }
      case EV.UserRegionBegin: {
        const r = ev.region();
        this.put(K.RegionBegin, time, r.task, this.intern(r.type), 0, ev.ctxG as number);
        break;
      }
      case EV.UserRegionEnd:
        this.put(K.RegionEnd, time, 0, 0, 0, ev.ctxG as number);
        break;
      case EV.GoCreate:
      case EV.GoCreateBlocked:
      case EV.GoStatusStack:
      case EV.GoStop:
      case EV.GoBlock:
      case EV.GoSyscallBegin:
        this.nameGoroutine(ev, time);
        break;
    }
  }

  /** Sends what is buffered. */
  flush(): void {
    const reader = this.reader;
    const events = reader === null ? this.events : reader.eventCount;
    if (this.count === 0 && this.strings.length === 0 && this.syncs.length === 0 && events === 0) return;
    const chunk: RecordChunk = {
      data: this.data,
      count: this.count,
      strings: this.strings,
      syncs: this.syncs,
      events,
      firstNs: this.firstNs,
      lastNs: reader === null ? this.lastNs : reader.lastEventTime,
    };
    this.chunks++;
    this.count = 0;
    this.strings = [];
    this.syncs = [];
    if (this.emit(chunk)) return;
    this.data = this.spare.pop() ?? new Float64Array(this.chunkRecords * STRIDE);
  }

  private put(kind: number, time: number, a0: number, a1: number, a2: number, g: number): void {
    const at = this.count * STRIDE;
    const d = this.data;
    d[at] = kind;
    d[at + 1] = time;
    d[at + 2] = a0;
    d[at + 3] = a1;
    d[at + 4] = a2;
    d[at + 5] = g;
    if (++this.count === this.chunkRecords) this.flush();
  }

  private intern(s: string): number {
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.stringIds.size;
      this.stringIds.set(s, id);
      this.strings.push(s);
    }
    return id;
  }

  private sync(ev: Event, time: number): void {
    const sync = ev.sync();
    const c = sync.clockSnapshot;
    const checked = checkAllocFreeBatches(sync.experimentalBatches.get("AllocFree") ?? [], ++this.generation);
    for (const w of checked.skipped) this.onWarning?.(w);
    this.syncs.push({
      // Copies: the batches' bytes may be views of the reader's buffers, and they may cross to a worker.
      allocFree: checked.good.map((data) => data.slice()),
      skipped: checked.skipped,
      wallNs: c === null ? null : c.wall.sec * 1_000_000_000n + c.wall.nsec,
      traceNs: c === null ? time : Number(c.trace),
    });
    this.put(K.Sync, time, this.syncs.length - 1, 0, 0, 0);
  }

  /**
   * A goroutine is named by the root frame of the first stack seen for it,
   * which is its start function (as Go's goroutine summary names them).
   */
  private nameGoroutine(ev: Event, time: number): void {
    const t = ev.type;
    const g = (t === EV.GoCreate || t === EV.GoCreateBlocked || t === EV.GoStatusStack ? ev.a0 : ev.ctxG) as number;
    if (this.named.has(g)) return;
    const stackId = t === EV.GoCreate || t === EV.GoCreateBlocked ? ev.a1 : ev.stackID();
    if (stackId === null || stackId === 0) return;
    const frames = ev.table.stackFrames(stackId);
    const root = frames[frames.length - 1];
    if (root === undefined) return;
    this.named.add(g);
    this.put(K.GoroutineName, time, this.intern(utf8.decode(root.func)), 0, 0, g);
  }
}
