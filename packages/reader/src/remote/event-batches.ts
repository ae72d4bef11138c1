// Events handed from a reader on one thread to consumers on another (a
// worker reads and orders the trace while the thread that analyses it runs
// beside it). An event crosses as ten numbers, its generation's tables once
// per generation: on the far side the same Event accessors read them, so a
// consumer cannot tell the two apart (Sync events excepted: their
// experimental batches stay with the reader).
import { Event, refillEvent } from "../event/event.js";
import { type EventTable, Generation, type GenerationTables, NullTable } from "../generation/generation.js";
import { TimeFrame } from "../time.js";
import type { U64 } from "../u64.js";

/** Float64s per event: type, time offset, M, P, G, a0–a3, file offset. */
export const EVENT_RECORD_STRIDE = 10;

/** Events per batch unless told otherwise. */
const BATCH_EVENTS = 16384;

/** The table the events of a batch refer to from its first event on. */
export interface BatchTable {
  /** The trace's time base (the same for every table of a trace). */
  readonly base: bigint;
  readonly baseNumber: number;
  /** A generation's tables, or null for an empty one (Go's nil evTable: the final Sync). */
  readonly tables: GenerationTables | null;
}

/** Events in transit: plain data, structured-cloneable, `data.buffer` transferable. */
export interface EventBatch {
  /** Set when the batch's events belong to a table other than the last batch's. */
  readonly table: BatchTable | null;
  /** Strings the ordering added to the current table since the last batch (Go's extra strings). */
  readonly extraStrings: Uint8Array[];
  /** `count` records of EVENT_RECORD_STRIDE values; a value that is not a number is NaN here and the next of `bigs`. */
  readonly data: Float64Array;
  readonly count: number;
  readonly bigs: bigint[];
}

/** Writes the events a reader hands out into batches for another thread. */
export class EventBatchWriter {
  private table: EventTable | null = null;
  private gen: Generation | null = null;
  private extrasSent = 0;
  private pendingTable: BatchTable | null = null;
  private pendingExtras: Uint8Array[] = [];
  private data: Float64Array;
  private count = 0;
  private bigs: bigint[] = [];
  private readonly emit: (batch: EventBatch) => void;
  private readonly capacity: number;
  private readonly spare: () => Float64Array | undefined;

  /**
   * `emit` takes each full batch (and the last one at flush()); `spare` may give back a buffer
   * of `capacity` events from a batch the other side is done with.
   */
  constructor(
    emit: (batch: EventBatch) => void,
    capacity = BATCH_EVENTS,
    spare: () => Float64Array | undefined = () => undefined,
  ) {
    this.emit = emit;
    this.capacity = capacity;
    this.spare = spare;
    this.data = new Float64Array(capacity * EVENT_RECORD_STRIDE);
  }

  /** Adds the event (from next() or nextShared(): nothing of it is kept). */
  add(ev: Event): void {
    const table = ev.table;
    if (table !== this.table) this.switchTable(table);
    else if (this.gen !== null && this.gen.extraStringCount !== this.extrasSent) this.takeExtras(this.gen);
    if (this.count === this.capacity) this.flush();
    const d = this.data;
    const at = this.count * EVENT_RECORD_STRIDE;
    d[at] = ev.type;
    d[at + 1] = ev.ts;
    d[at + 2] = this.value(ev.ctxM);
    d[at + 3] = this.value(ev.ctxP);
    d[at + 4] = this.value(ev.ctxG);
    d[at + 5] = this.value(ev.a0);
    d[at + 6] = this.value(ev.a1);
    d[at + 7] = this.value(ev.a2);
    d[at + 8] = this.value(ev.a3);
    d[at + 9] = ev.offset;
    this.count++;
  }

  /** Emits what is left (call it at the end, and whenever the other side should see everything so far). */
  flush(): void {
    if (this.count === 0 && this.pendingTable === null && this.pendingExtras.length === 0) return;
    this.emit({
      table: this.pendingTable,
      extraStrings: this.pendingExtras,
      data: this.data,
      count: this.count,
      bigs: this.bigs,
    });
    this.pendingTable = null;
    this.pendingExtras = [];
    this.data = this.spare() ?? new Float64Array(this.capacity * EVENT_RECORD_STRIDE);
    this.count = 0;
    this.bigs = [];
  }

  private value(v: U64): number {
    if (typeof v === "number") return v;
    this.bigs.push(v);
    return Number.NaN;
  }

  private switchTable(table: EventTable): void {
    this.flush();
    this.table = table;
    if (table instanceof Generation) {
      this.gen = table;
      this.extrasSent = table.extraStringCount;
      this.pendingTable = { base: table.frame.base, baseNumber: table.frame.baseNumber, tables: table.tables() };
    } else if (table instanceof NullTable) {
      this.gen = null;
      this.pendingTable = { base: table.frame.base, baseNumber: table.frame.baseNumber, tables: null };
    } else {
      throw new Error("EventBatchWriter: events of pre-Go 1.22 traces cannot be sent to another thread");
    }
  }

  private takeExtras(gen: Generation): void {
    this.flush();
    this.pendingExtras = gen.extraStringsFrom(this.extrasSent);
    this.extrasSent = gen.extraStringCount;
  }
}

/** Gives the events of batches from an EventBatchWriter as Event objects again. */
export class EventBatchReader {
  private readonly frame = new TimeFrame();
  private table: EventTable = new NullTable(this.frame);
  private gen: Generation | null = null;
  private shared: Event | undefined;

  /** Calls `onEvent` with each event of the batch, in order: one refilled Event (copy what you keep). */
  read(batch: EventBatch, onEvent: (ev: Event) => void): void {
    if (batch.table !== null) {
      const t = batch.table;
      this.frame.base = t.base;
      this.frame.baseNumber = t.baseNumber;
      this.gen = t.tables === null ? null : Generation.fromTables(this.frame, t.tables);
      this.table = this.gen ?? new NullTable(this.frame);
    }
    if (batch.extraStrings.length > 0) this.gen?.appendExtraStrings(batch.extraStrings);
    const d = batch.data;
    const bigs = batch.bigs;
    let big = 0;
    const table = this.table;
    if (bigs.length === 0) {
      // Every value a number (the rule): no checks for the bigints' NaN.
      for (let i = 0, at = 0; i < batch.count; i++, at += EVENT_RECORD_STRIDE) {
        onEvent(
          this.event(
            table,
            d[at + 2]!,
            d[at + 3]!,
            d[at + 4]!,
            d[at]!,
            d[at + 1]!,
            d[at + 5]!,
            d[at + 6]!,
            d[at + 7]!,
            d[at + 8]!,
            d[at + 9]!,
          ),
        );
      }
      return;
    }
    // NaN stands for the next bigint.
    const value = (v: number): U64 => (Number.isNaN(v) ? bigs[big++]! : v);
    for (let i = 0, at = 0; i < batch.count; i++, at += EVENT_RECORD_STRIDE) {
      // In the record's order (M, P, G, a0–a3), which is the order of the bigints.
      const m = value(d[at + 2]!);
      const p = value(d[at + 3]!);
      const g = value(d[at + 4]!);
      const a0 = value(d[at + 5]!);
      const a1 = value(d[at + 6]!);
      const a2 = value(d[at + 7]!);
      const a3 = value(d[at + 8]!);
      onEvent(this.event(table, m, p, g, d[at]!, d[at + 1]!, a0, a1, a2, a3, d[at + 9]!));
    }
  }

  /** The one Event this reader hands out, made on first use and refilled after. */
  private event(
    table: EventTable,
    m: U64,
    p: U64,
    g: U64,
    type: number,
    ts: number,
    a0: U64,
    a1: U64,
    a2: U64,
    a3: U64,
    offset: number,
  ): Event {
    const ev = this.shared;
    if (ev === undefined) {
      this.shared = new Event(table, m, p, g, type, ts, a0, a1, a2, a3, offset);
      return this.shared;
    }
    refillEvent(ev, table, m, p, g, type, ts, a0, a1, a2, a3, offset);
    return ev;
  }
}
