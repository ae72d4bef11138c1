// The reader's side of a converted pre-1.22 trace: hands the converter's
// base events (converter-seam.ts) out as Events, one by one, between Go's
// first and final Syncs, with the converted tables behind them
// (converted-table.ts). Converted traces are already in order, so none of
// the v2 ordering layer runs.
import { Event } from "../event/event.js";
import type { EventTable } from "../generation/generation.js";
import { EV_SYNC } from "../specs.js";
import type { TimeFrame } from "../time.js";
import { type U64, u64FromBigInt } from "../u64.js";
import type { V1BaseEvent, V1Trace } from "./converter-seam.js";
import { V1Table } from "./converted-table.js";

/** A converted pre-1.22 trace, handed out as the reader's Events. */
export class V1Events {
  private readonly trace: V1Trace;
  private readonly table: V1Table;
  private readonly nullTable: EventTable;
  private readonly events: Iterator<V1BaseEvent>;
  private peeked: V1BaseEvent | undefined;
  private started = false;
  private lastTs = 0;
  /** The final Sync has been handed out. */
  ended = false;

  /** `nullTable` is the reader's table for the final Sync (Go's nil evTable). */
  constructor(trace: V1Trace, frame: TimeFrame, nullTable: EventTable) {
    this.trace = trace;
    this.table = new V1Table(frame, trace);
    this.nullTable = nullTable;
    this.events = trace.events[Symbol.iterator]();
  }

  /**
   * The next event, or null after the final Sync. `nextSync()` gives each
   * Sync its number (the reader counts Syncs of every format).
   */
  next(nextSync: () => number): Event | null {
    if (this.ended) return null;
    if (!this.started) {
      this.started = true;
      // Go starts with a Sync just before the first event, if there is one.
      const trace = this.trace;
      if ("firstSyncTime" in trace) {
        if (trace.firstSyncTime !== undefined) return this.sync(this.table, trace.firstSyncTime, nextSync);
      } else {
        const first = this.events.next();
        if (first.done !== true) {
          this.peeked = first.value;
          return this.sync(this.table, timeOf(first.value) - 1, nextSync);
        }
      }
    }
    let ev = this.peeked;
    this.peeked = undefined;
    if (ev === undefined) {
      const r = this.events.next();
      ev = r.done === true ? undefined : r.value;
    }
    if (ev === undefined) {
      this.ended = true;
      return this.sync(this.nullTable, this.trace.finalSyncTime ?? this.lastTs + 1, nextSync);
    }
    const ts = timeOf(ev);
    this.lastTs = ts;
    const a = ev.args;
    return new Event(this.table, ev.m, ev.p, ev.g, ev.type, ts, arg(a[0]), arg(a[1]), arg(a[2]), arg(a[3]), -1);
  }

  private sync(table: EventTable, ts: number, nextSync: () => number): Event {
    return new Event(table, -1, -1, -1, EV_SYNC, ts, nextSync(), 0, 0, 0, -1);
  }
}

function timeOf(ev: V1BaseEvent): number {
  return typeof ev.time === "bigint" ? Number(ev.time) : ev.time;
}

function arg(v: number | bigint | undefined): U64 {
  if (v === undefined) return 0;
  return typeof v === "number" ? v : u64FromBigInt(v);
}
