// The reader's output event (Go's trace.Event): the wire type, the scheduling
// context before the event, the time and up to four argument slots, which the
// ordering layer also uses to pass derived data along as Go's does (old
// states, task parents, STW kinds). Accessors give the high-level meaning.
import { EV } from "@gotrace/codec";
import { TWO32 } from "@gotrace/codec/internal";
import { type EventTable, type ExperimentalBatch, Generation, type StackFrameView } from "../generation/generation.js";
import { EV_SYNC, EXPERIMENT_NAMES, SPEC_ARG_NAMES, SPEC_EXPERIMENT, SPEC_NAME, SPEC_STACK_ARGS } from "../specs.js";
import { type U64, u64ToSignedBigInt, u64ToRoundedNumber } from "../u64.js";
import {
  EVENT_KIND_NAMES,
  type EventKind,
  GO_STATUS_TO_STATE,
  GoState,
  KIND_OF_TYPE,
  PROC_STATUS_TO_STATE,
  ProcState,
  ProcStatus,
  ResourceKind,
} from "./kinds.js";
import { decodeText } from "../generation/text.js";

/**
 * One resolved stack frame, innermost first. Trace strings are bytes: here and
 * in every other accessor that returns a string, bytes that are not valid
 * UTF-8 read as U+FFFD (formatEventExact/formatEventBytes print them exactly).
 */
export interface Frame {
  pc: number;
  func: string;
  file: string;
  line: number;
}

/** A goroutine, proc or thread, or none (Go's ResourceID). */
export interface ResourceID {
  kind: ResourceKind;
  /** The ID; 0 for kind None. */
  id: number;
}

/** A state change of a goroutine or proc. `from`/`to` are GoState or ProcState values by resource kind. */
export interface StateTransition {
  resource: ResourceID;
  from: number;
  to: number;
  reason: string;
  /** The stack of the resource that changed, or null (Go's NoStack). */
  stack: Frame[] | null;
}

/** A range (Go's trace.Range): a span of time with a name, e.g. "GC concurrent mark phase", and what it is on. */
export interface Range {
  name: string;
  scope: ResourceID;
}

/** A value attached to a range at its end (Go's trace.RangeAttribute), e.g. "bytes swept". */
export interface RangeAttribute {
  name: string;
  value: number;
}

/** Task IDs are numbers; -1 is NoTask (printed as 18446744073709551615). */
export interface Task {
  id: number;
  parent: number;
  type: string;
}

/** A user region (runtime/trace.WithRegion): its task (-1 for none) and its type. */
export interface Region {
  task: number;
  type: string;
}

/** A user log message (runtime/trace.Log): its task (-1 for none), category and message. */
export interface Log {
  task: number;
  category: string;
  message: string;
}

/** A runtime metric sample, named as runtime/metrics names it (e.g. "/gc/heap/goal:bytes"). */
export interface Metric {
  name: string;
  value: number;
}

/** A label on a resource (Go's trace.Label), e.g. a goroutine's GC worker role. */
export interface Label {
  label: string;
  resource: ResourceID;
}

/** The trace, monotonic and wall clocks read at one moment (Go 1.25+ Sync events). */
export interface ClockSnapshot {
  /** Trace clock time of the snapshot, ns. */
  trace: bigint;
  /** Monotonic clock reading, ns. */
  mono: bigint;
  /** Wall clock: seconds and nanoseconds since the Unix epoch. */
  wall: { sec: bigint; nsec: bigint };
}

/** A Sync event's payload: the generation boundary number, the clock snapshot, and the experimental batches of the generation by experiment name. */
export interface Sync {
  n: number;
  clockSnapshot: ClockSnapshot | null;
  experimentalBatches: Map<string, ExperimentalBatch[]>;
}

/** An event of an experiment (Go's trace.ExperimentalEvent), e.g. an AllocFree HeapObjectAlloc, with its arguments by name. */
export interface ExperimentalEvent {
  name: string;
  experiment: string;
  argNames: readonly string[];
  args: number[];
}

const METRIC_NAMES: Record<number, string> = {
  [EV.ProcsChange]: "/sched/gomaxprocs:threads",
  [EV.HeapAlloc]: "/memory/classes/heap/objects:bytes",
  [EV.HeapGoal]: "/gc/heap/goal:bytes",
};

/**
 * One event of the ordered, validated stream (Go's trace.Event). `kind` says
 * what it means; the accessors (`stateTransition()`, `range()`, `task()`, …)
 * give the meaning by kind and throw when asked for another kind's. The
 * context (`goroutine`, `proc`, `thread`) is the one before the event. Events
 * come from TraceReader.next() (each a new object) or nextShared() (one
 * object, refilled).
 */
export class Event {
  /**
   * Raw fields, shared with the ordering layer and the formatter: context
   * (M, P, G before the event), wire type (255 = Sync), time offset in the
   * table's TimeFrame, argument slots (Go's base.args) and file offset. Not
   * API: read the accessors instead.
   *
   * @hidden
   */
  // Declared, not initialised: the constructor alone sets each field, once
  // and in a fixed order (a class field would first be defined as undefined),
  // so every Event shares one V8 shape and is cheap to make.
  declare readonly table: EventTable;
  declare ctxM: U64;
  declare ctxP: U64;
  declare ctxG: U64;
  declare readonly type: number;
  declare ts: number;
  declare a0: U64;
  declare a1: U64;
  declare a2: U64;
  declare a3: U64;
  declare readonly offset: number;

  /**
   * Events are made by the reader only.
   *
   * @hidden
   */
  constructor(
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
  ) {
    this.table = table;
    this.ctxM = ctxM;
    this.ctxP = ctxP;
    this.ctxG = ctxG;
    this.type = type;
    this.ts = ts;
    this.a0 = a0;
    this.a1 = a1;
    this.a2 = a2;
    this.a3 = a3;
    this.offset = offset;
  }

  /** What the event means. */
  get kind(): EventKind {
    return KIND_OF_TYPE[this.type] as EventKind;
  }

  /** Go's EventKind.String(). */
  get kindName(): string {
    return EVENT_KIND_NAMES[this.kind] ?? "Bad";
  }

  /** Time in ns (exact below 2^53; see timeBigInt). */
  get time(): number {
    return this.table.frame.baseNumber + this.ts;
  }

  /** Exact int64 time in ns. */
  timeBigInt(): bigint {
    return this.table.frame.absolute(this.ts);
  }

  /** Goroutine running before the event, -1 for none. */
  get goroutine(): number {
    return u64ToRoundedNumber(this.ctxG);
  }

  /** Proc before the event, -1 for none. */
  get proc(): number {
    return u64ToRoundedNumber(this.ctxP);
  }

  /** Thread (M) of the event, -1 for none. */
  get thread(): number {
    return u64ToRoundedNumber(this.ctxM);
  }

  /** Argument slot i (0-3), raw. */
  arg(i: number): U64 {
    return i === 0 ? this.a0 : i === 1 ? this.a1 : i === 2 ? this.a2 : this.a3;
  }

  /** The stack ID of the event's own stack, or null for Go's NoStack. */
  stackID(): U64 | null {
    if (this.type === EV_SYNC) return null;
    // Quirk kept from Go: a CPU sample's stack counts even when its ID is 0.
    if (this.type === EV.CPUSample) return this.a0;
    const idx = SPEC_STACK_ARGS[this.type]?.[0];
    if (idx === undefined) return null;
    const id = this.arg(idx);
    return id === 0 ? null : id;
  }

  /** The event's stack, innermost frame first, or null. */
  stack(): Frame[] | null {
    const id = this.stackID();
    return id === null ? null : resolveFrames(this.table.stackFrames(id));
  }

  /** The transition's stack ID (null = NoStack) for StateTransition events. */
  transitionStackID(): U64 | null {
    switch (this.type) {
      case EV.GoCreate:
      case EV.GoCreateBlocked:
        // Go attaches new_stack even when it is 0.
        return this.a1;
      case EV.GoStop:
      case EV.GoBlock:
      case EV.GoSyscallBegin:
      case EV.GoStatus:
      case EV.GoStatusStack:
        return this.stackID();
      default:
        return null;
    }
  }

  /** Resource, old and new state of a StateTransition event (without stack and reason). */
  transition(): { kind: ResourceKind; id: U64; from: number; to: number } {
    return readTransition(this, { kind: ResourceKind.None, id: 0, from: 0, to: 0 });
  }

  /** The reason string ID of a StateTransition (GoStop/GoBlock), or 0. */
  reasonID(): U64 {
    return this.type === EV.GoStop || this.type === EV.GoBlock ? this.a0 : 0;
  }

  /**
   * The reason of a StateTransition event (why a goroutine stopped or blocked, "" for none), the
   * same string as `stateTransition().reason` without resolving the transition's stack, which
   * costs a string decoding per frame: for passes that look at every block.
   */
  transitionReason(): string {
    return this.table.string(this.reasonID());
  }

  /** Go's Event.StateTransition(). */
  stateTransition(): StateTransition {
    const t = this.transition();
    const sid = this.transitionStackID();
    return {
      resource: { kind: t.kind, id: u64ToRoundedNumber(t.id) },
      from: t.from,
      to: t.to,
      reason: this.transitionReason(),
      stack: sid === null ? null : resolveFrames(this.table.stackFrames(sid)),
    };
  }

  /** Range name as bytes and its scope, for Range* events. */
  rangeParts(): { name: Uint8Array | string; scope: ResourceKind; id: U64 } {
    return fillRangeParts(this, { name: "", scope: ResourceKind.None, id: 0 });
  }

  /** Go's Event.Range(). */
  range(): Range {
    const r = this.rangeParts();
    return {
      name: typeof r.name === "string" ? r.name : decodeText(r.name),
      scope: { kind: r.scope, id: u64ToRoundedNumber(r.id) },
    };
  }

  /** Go's Event.RangeAttributes(): only a sweep's end has some. */
  rangeAttributes(): RangeAttribute[] {
    if (this.type !== EV.GCSweepEnd) return [];
    return [
      { name: "bytes swept", value: u64ToRoundedNumber(this.a0) },
      { name: "bytes reclaimed", value: u64ToRoundedNumber(this.a1) },
    ];
  }

  /** Task ID, parent ID and type-name bytes of a Task event. */
  taskParts(): { id: U64; parent: U64; type: Uint8Array } {
    if (this.type === EV.UserTaskBegin) {
      return { id: this.a0, parent: this.a1, type: this.table.stringBytes(this.a2) ?? new Uint8Array(0) };
    }
    if (this.type === EV.UserTaskEnd) {
      // The ordering passes the parent and name along in the extra slots.
      return { id: this.a0, parent: this.a2, type: this.table.extraString(u64ToRoundedNumber(this.a3)) };
    }
    throw new Error(`Task called on a ${this.kindName} event`);
  }

  /** Go's Event.Task(). */
  task(): Task {
    const t = this.taskParts();
    return { id: u64ToRoundedNumber(t.id), parent: u64ToRoundedNumber(t.parent), type: decodeText(t.type) };
  }

  /** Go's Event.Region(). */
  region(): Region {
    return { task: u64ToRoundedNumber(this.a0), type: this.table.string(this.a1) };
  }

  /** Go's Event.Log(). */
  log(): Log {
    return {
      task: u64ToRoundedNumber(this.a0),
      category: this.table.string(this.a1),
      message: this.table.string(this.a2),
    };
  }

  /** Go's Event.Metric(). */
  metric(): Metric {
    const name = METRIC_NAMES[this.type];
    if (name === undefined) throw new Error(`Metric called on a ${this.kindName} event`);
    return { name, value: u64ToRoundedNumber(this.a0) };
  }

  /** The metric name of a Metric event (undefined otherwise). */
  metricName(): string | undefined {
    return METRIC_NAMES[this.type];
  }

  /** Go's Event.Label(). */
  label(): Label {
    return { label: this.table.string(this.a0), resource: { kind: ResourceKind.Goroutine, id: this.goroutine } };
  }

  /** Go's Event.Sync(). */
  sync(): Sync {
    const t = this.table;
    const out: Sync = { n: u64ToRoundedNumber(this.a0), clockSnapshot: null, experimentalBatches: new Map() };
    if (!(t instanceof Generation)) return out;
    const g = t;
    for (const [exp, batches] of g.expBatches) {
      const name = EXPERIMENT_NAMES[exp];
      if (name === undefined) throw new Error(`unknown experiment id ${exp}`);
      out.experimentalBatches.set(name, batches);
    }
    if (g.hasClockSnapshot) {
      const [sec, nsec] = g.wallParts();
      out.clockSnapshot = {
        trace: BigInt(syncTraceTime(g)),
        mono: BigInt.asUintN(64, u64ToSignedBigInt(g.snapMono)),
        wall: { sec, nsec },
      };
    }
    return out;
  }

  /** Go's Event.Experimental(). */
  experimental(): ExperimentalEvent {
    const names = SPEC_ARG_NAMES[this.type] ?? [];
    return {
      name: SPEC_NAME[this.type] ?? "",
      experiment: EXPERIMENT_NAMES[SPEC_EXPERIMENT[this.type] ?? 0] ?? "",
      argNames: names,
      args: names.map((_, i) => u64ToRoundedNumber(this.arg(i))),
    };
  }
}

/**
 * Overwrites every field of `ev` (TraceReader.nextShared's reuse of one Event).
 * It repeats the constructor on purpose: a constructor that calls this makes
 * next() about 20% slower, as V8 then builds Events less well.
 */
export function refillEvent(
  ev: Event,
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
  // The fields are read-only to users; the reader alone rewrites them here.
  const w = ev as { -readonly [K in keyof Event]: Event[K] };
  w.table = table;
  w.ctxM = ctxM;
  w.ctxP = ctxP;
  w.ctxG = ctxG;
  w.type = type;
  w.ts = ts;
  w.a0 = a0;
  w.a1 = a1;
  w.a2 = a2;
  w.a3 = a3;
  w.offset = offset;
}

/** Go's ClockSnapshot.Trace: freq.mul(snapTime), an integral float64 (or -2^63). */
export function syncTraceTime(g: Generation): number {
  const ticks = Number(g.snapTime);
  const r = Math.trunc(ticks * g.freq);
  return r < 2 ** 63 && r >= -(2 ** 63) ? r : -(2 ** 63);
}

const STW_PREFIX = new TextEncoder().encode("stop-the-world (");

function stwName(kind: Uint8Array | undefined): Uint8Array {
  const k = kind ?? new Uint8Array(0);
  const out = new Uint8Array(STW_PREFIX.length + k.length + 1);
  out.set(STW_PREFIX, 0);
  out.set(k, STW_PREFIX.length);
  out[out.length - 1] = 0x29; // ")"
  return out;
}

/** What rangeParts() returns: a range event's name (bytes for a stop-the-world's) and scope. */
interface RangeParts {
  name: Uint8Array | string;
  scope: ResourceKind;
  id: U64;
}

/** Fills `out` with range event `ev`'s name and scope (the one source of rangeParts() and readRange()). */
function fillRangeParts(ev: Event, out: RangeParts): RangeParts {
  switch (ev.type) {
    case EV.STWBegin:
    case EV.STWEnd:
      return setRange(out, stwName(ev.table.stringBytes(ev.a0)), ResourceKind.Goroutine, ev.ctxG);
    case EV.GCBegin:
    case EV.GCActive:
    case EV.GCEnd:
      return setRange(out, "GC concurrent mark phase", ResourceKind.None, 0);
    case EV.GCSweepBegin:
    case EV.GCSweepActive:
    case EV.GCSweepEnd:
      return setRange(out, "GC incremental sweep", ResourceKind.Proc, ev.type === EV.GCSweepActive ? ev.a0 : ev.ctxP);
    case EV.GCMarkAssistBegin:
    case EV.GCMarkAssistActive:
    case EV.GCMarkAssistEnd:
      return setRange(
        out,
        "GC mark assist",
        ResourceKind.Goroutine,
        ev.type === EV.GCMarkAssistActive ? ev.a0 : ev.ctxG,
      );
    default:
      throw new Error(`Range called on a ${ev.kindName} event`);
  }
}

function setRange(out: RangeParts, name: Uint8Array | string, scope: ResourceKind, id: U64): RangeParts {
  out.name = name;
  out.scope = scope;
  out.id = id;
  return out;
}

/** A range event's name and scope: `Event.range()` flattened, as `readRange` fills it. */
export interface RangeView {
  name: string;
  scopeKind: ResourceKind;
  /** The goroutine's or proc's ID (as `range().scope.id`), 0 for a global range. */
  scopeId: number;
}

const RANGE_SCRATCH: RangeParts = { name: "", scope: ResourceKind.None, id: 0 };

/**
 * Fills `out` with the name and scope of range event `ev` (RangeBegin, RangeActive, RangeEnd)
 * and returns it: `ev.range()` into the caller's object, for passes that look at every range
 * event (a GC-heavy trace begins and ends a mark assist or a sweep every few events) and should
 * not make objects each time. Throws on other kinds of event.
 */
export function readRange(ev: Event, out: RangeView): RangeView {
  const r = fillRangeParts(ev, RANGE_SCRATCH);
  out.name = typeof r.name === "string" ? r.name : decodeText(r.name);
  out.scopeKind = r.scope;
  out.scopeId = u64ToRoundedNumber(r.id);
  return out;
}

function resolveFrames(frames: readonly StackFrameView[]): Frame[] {
  return frames.map((f) => ({
    pc: u64ToRoundedNumber(f.pc),
    func: decodeText(f.func),
    file: decodeText(f.file),
    line: u64ToRoundedNumber(f.line),
  }));
}

/** A StateTransition's resource, old and new state: what `Event.transition()` returns. */
export interface TransitionParts {
  kind: ResourceKind;
  id: U64;
  from: number;
  to: number;
}

function fill(out: TransitionParts, kind: ResourceKind, id: U64, from: number, to: number): TransitionParts {
  out.kind = kind;
  out.id = id;
  out.from = from;
  out.to = to;
  return out;
}

/**
 * Fills `out` with the resource, old and new state of StateTransition event `ev` and returns it:
 * `ev.transition()` into the caller's object, for passes that look at every transition and
 * should not make an object each time. Throws on other kinds of event.
 */
export function readTransition(ev: Event, out: TransitionParts): TransitionParts {
  switch (ev.type) {
    case EV.ProcStart:
      return fill(out, ResourceKind.Proc, ev.a0, ProcState.Idle, ProcState.Running);
    case EV.ProcStop:
      return fill(out, ResourceKind.Proc, ev.ctxP, ProcState.Running, ProcState.Idle);
    case EV.ProcSteal: {
      // The ordering leaves the P's status before the steal in the extra slot.
      const from = ev.a3 === ProcStatus.SyscallAbandoned ? ProcState.Idle : ProcState.Running;
      return fill(out, ResourceKind.Proc, ev.a0, from, ProcState.Idle);
    }
    case EV.ProcStatus:
      return fill(
        out,
        ResourceKind.Proc,
        ev.a0,
        u64ToRoundedNumber(ev.a2),
        PROC_STATUS_TO_STATE[u64ToRoundedNumber(ev.a1)] ?? 0,
      );
    case EV.GoCreate:
      return fill(out, ResourceKind.Goroutine, ev.a0, GoState.NotExist, GoState.Runnable);
    case EV.GoCreateBlocked:
      return fill(out, ResourceKind.Goroutine, ev.a0, GoState.NotExist, GoState.Waiting);
    case EV.GoCreateSyscall:
      return fill(out, ResourceKind.Goroutine, ev.a0, GoState.NotExist, GoState.Syscall);
    case EV.GoStart:
      return fill(out, ResourceKind.Goroutine, ev.a0, GoState.Runnable, GoState.Running);
    case EV.GoDestroy:
      return fill(out, ResourceKind.Goroutine, ev.ctxG, GoState.Running, GoState.NotExist);
    case EV.GoDestroySyscall:
      return fill(out, ResourceKind.Goroutine, ev.ctxG, GoState.Syscall, GoState.NotExist);
    case EV.GoStop:
      return fill(out, ResourceKind.Goroutine, ev.ctxG, GoState.Running, GoState.Runnable);
    case EV.GoBlock:
      return fill(out, ResourceKind.Goroutine, ev.ctxG, GoState.Running, GoState.Waiting);
    case EV.GoUnblock:
    case EV.GoSwitch:
    case EV.GoSwitchDestroy:
      return fill(out, ResourceKind.Goroutine, ev.a0, GoState.Waiting, GoState.Runnable);
    case EV.GoSyscallBegin:
      return fill(out, ResourceKind.Goroutine, ev.ctxG, GoState.Running, GoState.Syscall);
    case EV.GoSyscallEnd:
      return fill(out, ResourceKind.Goroutine, ev.ctxG, GoState.Syscall, GoState.Running);
    case EV.GoSyscallEndBlocked:
      return fill(out, ResourceKind.Goroutine, ev.ctxG, GoState.Syscall, GoState.Runnable);
    case EV.GoStatus:
    case EV.GoStatusStack: {
      // The ordering packs the old state into the high 32 bits of the status slot.
      const packed = u64ToRoundedNumber(ev.a2);
      const from = Math.floor(packed / TWO32);
      const to = GO_STATUS_TO_STATE[packed % TWO32] ?? 0;
      return fill(out, ResourceKind.Goroutine, ev.a0, from, to);
    }
    default:
      throw new Error(`StateTransition called on a ${ev.kindName} event`);
  }
}
