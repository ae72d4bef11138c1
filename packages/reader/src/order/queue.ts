// The reader's output queue: completed events waiting to be returned, as raw
// fields in a small ring of reusable slots. One advance queues at most three
// events, so the ring stays tiny and queueing allocates nothing; an Event
// object is only made when next() hands one out (skip() never makes one).
import type { EventTable } from "../generation/generation.js";
import type { U64 } from "../u64.js";

/** The fields pushEvent copies (a batch cursor's current event). */
export interface EventFields {
  readonly typ: number;
  readonly time: number;
  readonly a0: U64;
  readonly a1: U64;
  readonly a2: U64;
  readonly a3: U64;
  readonly offset: number;
}

/** One queued event's raw fields (those of Event). Valid until the next push. */
export class QueuedEvent {
  table: EventTable | null = null;
  ctxM: U64 = -1;
  ctxP: U64 = -1;
  ctxG: U64 = -1;
  type = 0;
  ts = 0;
  a0: U64 = 0;
  a1: U64 = 0;
  a2: U64 = 0;
  a3: U64 = 0;
  offset = -1;
}

export class EventQueue {
  private slots: QueuedEvent[] = [new QueuedEvent(), new QueuedEvent(), new QueuedEvent(), new QueuedEvent()];
  private head = 0;
  private size = 0;

  /** Queues an event; its fields are copied into a slot. */
  push(
    table: EventTable,
    ctxM: U64,
    ctxP: U64,
    ctxG: U64,
    type: number,
    ts: number,
    a0: U64,
    a1: U64,
    a2: U64,
    a3: U64,
    offset: number,
  ): void {
    if (this.size === this.slots.length) this.grow();
    const s = this.slots[(this.head + this.size) & (this.slots.length - 1)]!;
    this.size++;
    s.table = table;
    s.ctxM = ctxM;
    s.ctxP = ctxP;
    s.ctxG = ctxG;
    s.type = type;
    s.ts = ts;
    s.a0 = a0;
    s.a1 = a1;
    s.a2 = a2;
    s.a3 = a3;
    s.offset = offset;
  }

  /**
   * Queues `e` itself with a context. Its time is read here rather than
   * passed: a float64 argument to a call that is not inlined is boxed, one
   * allocation per event on the ordering's hot path.
   */
  pushEvent(table: EventTable, ctxM: U64, ctxP: U64, ctxG: U64, e: EventFields): void {
    if (this.size === this.slots.length) this.grow();
    const s = this.slots[(this.head + this.size) & (this.slots.length - 1)]!;
    this.size++;
    s.table = table;
    s.ctxM = ctxM;
    s.ctxP = ctxP;
    s.ctxG = ctxG;
    s.type = e.typ;
    s.ts = e.time;
    s.a0 = e.a0;
    s.a1 = e.a1;
    s.a2 = e.a2;
    s.a3 = e.a3;
    s.offset = e.offset;
  }

  /**
   * The oldest event, or null when empty. The slot is reused by a later push:
   * read it before queueing more.
   */
  pop(): QueuedEvent | null {
    if (this.size === 0) return null;
    const s = this.slots[this.head]!;
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.size--;
    return s;
  }

  get length(): number {
    return this.size;
  }

  /** The oldest event's type (it stays queued), or -1 when empty. */
  peekType(): number {
    return this.size === 0 ? -1 : this.slots[this.head]!.type;
  }

  private grow(): void {
    const n = this.slots.length;
    const next: QueuedEvent[] = [];
    for (let i = 0; i < n; i++) next.push(this.slots[(this.head + i) & (n - 1)]!);
    for (let i = 0; i < n; i++) next.push(new QueuedEvent());
    this.slots = next;
    this.head = 0;
  }
}
