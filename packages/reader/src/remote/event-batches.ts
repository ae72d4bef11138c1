// Events handed from a reader on one thread to consumers on another (a
// worker reads and orders the trace while the thread that analyses it runs
// beside it). An event crosses as ten numbers, its generation's tables once
// per generation: on the far side the same Event accessors read them, so a
// consumer cannot tell the two apart (Sync events excepted: their
// experimental batches stay with the reader).
import { Event, refillEvent } from "../event/event.js";
import { type EventKind, KIND_OF_TYPE } from "../event/kinds.js";
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
  /**
   * Events that did not cross, as pairs: a record's index, then how many events of the quiet
   * kinds came right before it and were left out (see EventBatchWriter's `foldKinds`).
   */
  readonly folds: number[];
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
  private folds: number[] = [];
  /** By event type, 1 for the quiet kinds' types. */
  private readonly quiet = new Uint8Array(256);
  /** The batch's record that began the current run of quiet events, or -1 (the last record is not quiet). */
  private quietFirst = -1;
  /** bigs' length before the batch's last record. */
  private lastBigs = 0;
  /** The fold being counted, not yet in `folds`: the record it stands before, and its events (0: none). */
  private foldAt = -1;
  private folded = 0;
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

  /**
   * From now on, a run of three or more events of these kinds crosses as its first and last
   * events, with the number in between (the batch's `folds`). For consumers that read nothing of
   * such an event but its time, and need that only for the first of a run (the first event after
   * a change) and the last (the latest time). An alloc/free trace is mostly such events, tens of
   * millions of them.
   */
  foldKinds(kinds: readonly EventKind[]): void {
    this.quiet.fill(0);
    for (let t = 0; t < 256; t++) if (kinds.includes(KIND_OF_TYPE[t] as EventKind)) this.quiet[t] = 1;
  }

  /** Adds the event (from next() or nextShared(): nothing of it is kept). */
  add(ev: Event): void {
    const table = ev.table;
    if (table !== this.table) this.switchTable(table);
    else if (this.gen !== null && this.gen.extraStringCount !== this.extrasSent) this.takeExtras(this.gen);
    if (this.count === this.capacity) this.flush();
    if (this.quiet[ev.type] === 1) this.foldInto();
    else this.quietFirst = -1;
    this.lastBigs = this.bigs.length;
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
    if (this.folded > 0) this.folds.push(this.foldAt, this.folded);
    this.foldAt = -1;
    this.folded = 0;
    this.emit({
      table: this.pendingTable,
      extraStrings: this.pendingExtras,
      data: this.data,
      count: this.count,
      bigs: this.bigs,
      folds: this.folds,
    });
    this.pendingTable = null;
    this.pendingExtras = [];
    this.data = this.spare() ?? new Float64Array(this.capacity * EVENT_RECORD_STRIDE);
    this.count = 0;
    this.bigs = [];
    this.folds = [];
    this.quietFirst = -1;
  }

  /**
   * A quiet event comes. When the batch's last two records are quiet (the run's first and, so
   * far, last), this one takes the last one's place, which is folded.
   */
  private foldInto(): void {
    if (this.quietFirst < 0) {
      this.quietFirst = this.count;
      return;
    }
    if (this.count - 1 === this.quietFirst) return;
    this.count--;
    // Only an event with a value past 2^53 added any (setting an array's length costs even when it stays).
    if (this.bigs.length !== this.lastBigs) this.bigs.length = this.lastBigs;
    if (this.foldAt === this.count) {
      this.folded++;
    } else {
      if (this.folded > 0) this.folds.push(this.foldAt, this.folded);
      this.foldAt = this.count;
      this.folded = 1;
    }
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

function noFolds(): void {}

/** Gives the events of batches from an EventBatchWriter as Event objects again. */
export class EventBatchReader {
  private readonly frame = new TimeFrame();
  private table: EventTable = new NullTable(this.frame);
  private gen: Generation | null = null;
  private shared: Event | undefined;

  /**
   * Calls `onEvent` with each event of the batch, in order: one refilled Event (copy what you
   * keep). Before the last event of a run of quiet ones (the writer's `foldKinds`), calls
   * `onFolded` with the number of the run's events that did not cross, between its first and last.
   */
  read(batch: EventBatch, onEvent: (ev: Event) => void, onFolded: (events: number) => void = noFolds): void {
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
    const folds = batch.folds;
    let fold = 0;
    // The record the next fold is for (past the end when there is none).
    let foldAt = folds.length > 0 ? folds[0]! : batch.count;
    if (bigs.length === 0) {
      // Every value a number (the rule): no checks for the bigints' NaN.
      for (let i = 0, at = 0; i < batch.count; i++, at += EVENT_RECORD_STRIDE) {
        if (i === foldAt) {
          onFolded(folds[fold + 1]!);
          fold += 2;
          foldAt = fold < folds.length ? folds[fold]! : batch.count;
        }
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
      if (i === foldAt) {
        onFolded(folds[fold + 1]!);
        fold += 2;
        foldAt = fold < folds.length ? folds[fold]! : batch.count;
      }
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
