// The ordering state machine (Go's order.go): it emulates the scheduler
// (goroutine, proc and thread states, sequence numbers, GC and task state) to
// decide whether an M's next event may happen now, validates it, and queues
// the completed events, synthesizing the extra ones Go does (GoSwitch's block
// and start, GoDestroySyscall's ProcSteal).
import { EV } from "@gotrace/codec";
import { TWO32 } from "@gotrace/codec/internal";
import { traceError } from "../errors.js";
import {
  GO_STATUS_TO_STATE,
  GoState,
  GoStatus,
  PROC_STATUS_TO_STATE,
  ProcState,
  ProcStatus,
  goStateName,
  goStatusName,
  procStatusName,
} from "../event/kinds.js";
import type { Generation } from "../generation/generation.js";
import { SPEC_COUNT, SPEC_TABLE_ARGS, SPEC_UNSCHEDULED, eventNameForVersion } from "../specs.js";
import { type U64, formatInt64, formatUint64, isSuccessor, lowByte } from "../u64.js";
import { EventQueue } from "./queue.js";
import {
  ALLOC_FREE_REQS,
  ANNOTATION_REQS,
  GO_START,
  GO_STOP_FROM,
  GO_STOP_REQS,
  GO_SWITCH_TO,
  GO_UNBLOCK,
  HEAP_METRIC_REQS,
  MAY,
  MUST,
  MUST_NOT,
  type SchedReqs,
  contextError,
  seqReady,
  seqTake,
  stoppedStatus,
  GO_CREATE_CREATOR,
  GO_CREATE_REQS,
  createdStatus,
  procSeqReady,
  SYSCALL_BEGIN_FROM,
  SYSCALL_BEGIN_REQS,
  SYSCALL_END_FROM,
  SYSCALL_END_PROC_FROM,
  SYSCALL_END_REQS,
  syscallBegin,
  syscallEnd,
  type ActiveTask,
  NO_TASK,
  USER_ANNOTATION_REQS,
  regionBegin,
  regionEnd,
  regionEndMismatch,
  taskEnd,
  taskParent,
  GO_RANGE_REQS,
  SWEEP_REQS,
} from "./rules.js";
import {
  GoroutineStates,
  type GState,
  type MState,
  PState,
  RangeState,
  StateTable,
  makeRangeType,
  seqString,
  seqSucceeds,
} from "./state.js";

/** The event being advanced: a batch cursor's current event. */
export interface BaseEvent {
  typ: number;
  time: number;
  a0: U64;
  a1: U64;
  a2: U64;
  a3: U64;
  offset: number;
}

const GC_UNDETERMINED = 0;
const GC_NOT_RUNNING = 1;
const GC_RUNNING = 2;

/** Which ordering rule handles an event type (Go's orderingDispatch). */
const Handler = {
  None: 0,
  AllocFree: 1,
  Annotation: 2,
  ProcStart: 3,
  ProcStop: 4,
  ProcSteal: 5,
  ProcStatus: 6,
  GoCreate: 7,
  GoCreateSyscall: 8,
  GoStart: 9,
  GoStopExec: 10,
  GoDestroySyscall: 11,
  GoUnblock: 12,
  GoSyscallBegin: 13,
  GoSyscallEnd: 14,
  GoSyscallEndBlocked: 15,
  GoStatus: 16,
  GoRangeBegin: 17,
  GoRangeEnd: 18,
  GoRangeActive: 19,
  GCActive: 20,
  GCBegin: 21,
  GCEnd: 22,
  GCSweepBegin: 23,
  GCSweepActive: 24,
  GCSweepEnd: 25,
  HeapMetric: 26,
  UserTaskBegin: 27,
  UserTaskEnd: 28,
  UserRegionBegin: 29,
  UserRegionEnd: 30,
  GoSwitch: 31,
} as const;
type Handler = (typeof Handler)[keyof typeof Handler];

/** Handler of each type byte (None: not an event the ordering accepts). */
const HANDLER_OF_TYPE: Uint8Array = (() => {
  const h = new Uint8Array(256);
  const set = (handler: Handler, ...types: number[]) => {
    for (const t of types) h[t] = handler;
  };
  set(Handler.Annotation, EV.ProcsChange, EV.GoLabel, EV.UserLog);
  set(Handler.ProcStart, EV.ProcStart);
  set(Handler.ProcStop, EV.ProcStop);
  set(Handler.ProcSteal, EV.ProcSteal);
  set(Handler.ProcStatus, EV.ProcStatus);
  set(Handler.GoCreate, EV.GoCreate, EV.GoCreateBlocked);
  set(Handler.GoCreateSyscall, EV.GoCreateSyscall);
  set(Handler.GoStart, EV.GoStart);
  set(Handler.GoStopExec, EV.GoDestroy, EV.GoStop, EV.GoBlock);
  set(Handler.GoDestroySyscall, EV.GoDestroySyscall);
  set(Handler.GoUnblock, EV.GoUnblock);
  set(Handler.GoSyscallBegin, EV.GoSyscallBegin);
  set(Handler.GoSyscallEnd, EV.GoSyscallEnd);
  set(Handler.GoSyscallEndBlocked, EV.GoSyscallEndBlocked);
  set(Handler.GoStatus, EV.GoStatus, EV.GoStatusStack);
  set(Handler.GoRangeBegin, EV.STWBegin, EV.GCMarkAssistBegin);
  set(Handler.GoRangeEnd, EV.STWEnd, EV.GCMarkAssistEnd);
  set(Handler.GoRangeActive, EV.GCMarkAssistActive);
  set(Handler.GCActive, EV.GCActive);
  set(Handler.GCBegin, EV.GCBegin);
  set(Handler.GCEnd, EV.GCEnd);
  set(Handler.GCSweepBegin, EV.GCSweepBegin);
  set(Handler.GCSweepActive, EV.GCSweepActive);
  set(Handler.GCSweepEnd, EV.GCSweepEnd);
  set(Handler.HeapMetric, EV.HeapAlloc, EV.HeapGoal);
  set(Handler.UserTaskBegin, EV.UserTaskBegin);
  set(Handler.UserTaskEnd, EV.UserTaskEnd);
  set(Handler.UserRegionBegin, EV.UserRegionBegin);
  set(Handler.UserRegionEnd, EV.UserRegionEnd);
  set(Handler.GoSwitch, EV.GoSwitch, EV.GoSwitchDestroy);
  // The spec's events without scheduling meaning (the experiments') need only an M, as Go's advanceAllocFree.
  for (let t = 0; t < SPEC_COUNT; t++) if (SPEC_UNSCHEDULED[t] === 1) h[t] = Handler.AllocFree;
  return h;
})();

/** What a context-only event needs besides its thread (bits of CONTEXT_ONLY). */
const Needs = {
  Thread: 1,
  Proc: 2,
  Goroutine: 4,
} as const;

/** The Needs bits of a context-only rule's requirements (which never forbid a part of the context). */
function needsOf(reqs: SchedReqs): number {
  if (reqs.m === MUST_NOT || reqs.p === MUST_NOT || reqs.g === MUST_NOT) {
    throw new Error("a context-only rule that forbids part of the context cannot pass events as they are");
  }
  return (
    (reqs.m === MUST ? Needs.Thread : 0) | (reqs.p === MUST ? Needs.Proc : 0) | (reqs.g === MUST ? Needs.Goroutine : 0)
  );
}

/**
 * Per type, for the events whose rule only checks the context and queues the
 * event (Go's advanceAllocFree, advanceAnnotation, advanceHeapMetric): what
 * they need (0 for every other type), from the same requirements those rules
 * validate. Such an event changes no state, so skip() can pass it without
 * queueing: at once when it carries no stack or string IDs (CONTEXT_ONLY),
 * and after checking they exist otherwise (CONTEXT_ONLY_WITH_IDS).
 */
function contextOnly(withIDs: boolean): Uint8Array {
  const needs = new Uint8Array(256);
  for (let t = 0; t < 256; t++) {
    if ((SPEC_TABLE_ARGS[t] !== 0) !== withIDs) continue;
    const h = HANDLER_OF_TYPE[t];
    if (h === Handler.AllocFree) needs[t] = needsOf(ALLOC_FREE_REQS);
    else if (h === Handler.HeapMetric) needs[t] = needsOf(HEAP_METRIC_REQS);
    else if (h === Handler.Annotation) needs[t] = needsOf(ANNOTATION_REQS);
  }
  return needs;
}
const CONTEXT_ONLY = contextOnly(false);
const CONTEXT_ONLY_WITH_IDS = contextOnly(true);

/**
 * Whether advance() would accept an event of type `typ` on a thread whose
 * state lacks `lacks` (Ordering.lacks) without changing any state, and queue
 * it unchanged with that thread's context: then skip() may pass it over
 * without advance(). False means nothing; advance() decides.
 */
export function passesAsIs(typ: number, lacks: number): boolean {
  const needs = CONTEXT_ONLY[typ]!;
  return needs !== 0 && (needs & lacks) === 0;
}

export class Ordering {
  private readonly version: number;
  readonly gStates = new GoroutineStates();
  readonly pStates = new StateTable<PState>();
  readonly mStates = new Map<U64, MState>();
  /** Tasks in flight by ID (Go's activeTasks); skip()'s shortcut applies the same rules to it. */
  readonly activeTasks = new Map<U64, ActiveTask>();
  gcSeq: U64 = 0;
  gcState = GC_UNDETERMINED;
  private initialGen: U64 = 0;
  readonly queue = new EventQueue();

  // The advance in progress: its table, generation, M and contexts.
  private evt!: Generation;
  private gen: U64 = 0;
  private m: U64 = -1;
  private curM: U64 = -1;
  private curP: U64 = -1;
  private curG: U64 = -1;
  private newP: U64 = -1;
  private newG: U64 = -1;
  private ev!: BaseEvent;

  /**
   * Set by a caller that hands out the advanced event itself (skip()'s
   * advanceRun): emit() then only records it in `selfEmitted` and its context
   * instead of queueing it, saving a copy into the queue and out again for
   * the common case of a rule completing exactly the event it was given.
   */
  direct = false;
  /** emit() ran in direct mode and the event is not in the queue; the caller must take it. */
  selfEmitted = false;
  private selfM: U64 = -1;
  private selfP: U64 = -1;
  private selfG: U64 = -1;

  constructor(version: number) {
    this.version = version;
  }

  /**
   * Tries to advance `ev`, the next event of thread `m` (whose state `ms` is
   * `mState(m)`, passed in so cursors can cache it). Returns false when it
   * cannot happen yet (another M must go first); throws a TraceError when the
   * trace is inconsistent. On success the completed events are in `queue`.
   */
  advance(ev: BaseEvent, evt: Generation, m: U64, gen: U64, ms: MState | null): boolean {
    if (this.initialGen === 0) this.initialGen = gen;
    this.ev = ev;
    this.evt = evt;
    this.gen = gen;
    this.m = m;
    this.curM = m;
    if (ms === null) {
      this.curP = -1;
      this.curG = -1;
    } else {
      this.curP = ms.p;
      this.curG = ms.g;
    }
    this.newP = this.curP;
    this.newG = this.curG;
    const ok = this.dispatch(ev.typ);
    if (ok && ms !== null) {
      ms.p = this.newP;
      ms.g = this.newG;
    }
    return ok;
  }

  /** Whether advance() has run once (it records the first generation then). */
  get started(): boolean {
    return this.initialGen !== 0;
  }

  /**
   * What thread state `ms` lacks for context-only events (see passesAsIs);
   * everything before the first advance(), which has state of its own to set.
   */
  lacks(ms: MState): number {
    if (this.initialGen === 0) return Needs.Thread | Needs.Proc | Needs.Goroutine;
    return (ms.p === -1 ? Needs.Proc : 0) | (ms.g === -1 ? Needs.Goroutine : 0);
  }

  /** passesAsIs(typ, this.lacks(ms)), without lacks() for the types it never passes. */
  passes(typ: number, ms: MState): boolean {
    const needs = CONTEXT_ONLY[typ]!;
    return needs !== 0 && (needs & this.lacks(ms)) === 0;
  }

  /**
   * Like passes(), for the context-only events that carry stack or string
   * IDs: advance() would accept the event unchanged, and it passes once
   * its IDs are known to exist (tableIDsKnown).
   */
  passesIfIDsKnown(typ: number, ms: MState): boolean {
    const needs = CONTEXT_ONLY_WITH_IDS[typ]!;
    return needs !== 0 && (needs & this.lacks(ms)) === 0;
  }

  /**
   * The state of thread m, created on first use (null for NoThread, which
   * never keeps state). The object is stable: callers may cache it.
   */
  mState(m: U64): MState | null {
    if (m === -1) return null;
    let ms = this.mStates.get(m);
    if (ms === undefined) {
      ms = { g: -1, p: -1 };
      this.mStates.set(m, ms);
    }
    return ms;
  }

  private dispatch(typ: number): boolean {
    // A switch over small literal handler numbers compiles to a jump table;
    // one over the EV.* properties would be a chain of comparisons.
    switch (HANDLER_OF_TYPE[typ]) {
      case Handler.AllocFree:
        return this.allocFree();
      case Handler.Annotation:
        return this.annotation();
      case Handler.ProcStart:
        return this.procStart();
      case Handler.ProcStop:
        return this.procStop();
      case Handler.ProcSteal:
        return this.procSteal();
      case Handler.ProcStatus:
        return this.procStatus();
      case Handler.GoCreate:
        return this.goCreate();
      case Handler.GoCreateSyscall:
        return this.goCreateSyscall();
      case Handler.GoStart:
        return this.goStart();
      case Handler.GoStopExec:
        return this.goStopExec();
      case Handler.GoDestroySyscall:
        return this.goDestroySyscall();
      case Handler.GoUnblock:
        return this.goUnblock();
      case Handler.GoSyscallBegin:
        return this.goSyscallBegin();
      case Handler.GoSyscallEnd:
        return this.goSyscallEnd();
      case Handler.GoSyscallEndBlocked:
        return this.goSyscallEndBlocked();
      case Handler.GoStatus:
        return this.goStatus();
      case Handler.GoRangeBegin:
        return this.goRangeBegin();
      case Handler.GoRangeEnd:
        return this.goRangeEnd();
      case Handler.GoRangeActive:
        return this.goRangeActive();
      case Handler.GCActive:
        return this.gcActive();
      case Handler.GCBegin:
        return this.gcBegin();
      case Handler.GCEnd:
        return this.gcEnd();
      case Handler.GCSweepBegin:
        return this.gcSweepBegin();
      case Handler.GCSweepActive:
        return this.gcSweepActive();
      case Handler.GCSweepEnd:
        return this.gcSweepEnd();
      case Handler.HeapMetric:
        return this.heapMetric();
      case Handler.UserTaskBegin:
        return this.userTaskBegin();
      case Handler.UserTaskEnd:
        return this.userTaskEnd();
      case Handler.UserRegionBegin:
        return this.userRegionBegin();
      case Handler.UserRegionEnd:
        return this.userRegionEnd();
      case Handler.GoSwitch:
        return this.goSwitch();
      default:
        return this.fail(`bad event type found while ordering: ${typ}`);
    }
  }

  // --- helpers ---

  private fail(msg: string): never {
    throw traceError("E_ORDER", msg, { gen: formatUint64(this.gen), m: formatInt64(this.m), offset: this.ev.offset });
  }

  private evName(typ: number): string {
    return eventNameForVersion(this.version, typ);
  }

  /** Go's validateCtx against the current context. */
  private validate(m: number, p: number, g: number): void {
    const err = contextError(m, p, g, this.curM, this.curP, this.curG);
    if (err !== null) this.fail(err);
  }

  /** Go's validateCtx for a rule's named requirements (rules.ts). */
  private requireContext(reqs: SchedReqs): void {
    this.validate(reqs.m, reqs.p, reqs.g);
  }

  /** Queues the event being advanced with the current context. */
  private emit(): void {
    // Direct mode keeps only a first event: anything queued must come before it.
    if (this.direct && !this.selfEmitted && this.queue.length === 0) {
      this.selfEmitted = true;
      this.selfM = this.curM;
      this.selfP = this.curP;
      this.selfG = this.curG;
      return;
    }
    this.flushSelf();
    this.queue.pushEvent(this.evt, this.curM, this.curP, this.curG, this.ev);
  }

  /**
   * Queues the event emit() kept back in direct mode, if any: before a later
   * event is queued (order), or when the caller wants the queue's path. The
   * event's fields must still be the cursor's (before it moves on).
   */
  flushSelf(): void {
    if (!this.selfEmitted) return;
    this.selfEmitted = false;
    this.queue.pushEvent(this.evt, this.selfM, this.selfP, this.selfG, this.ev);
  }

  /** Queues a synthesized event (Go's makeEvent: unset slots are 0). */
  private emitMade(p: U64, g: U64, typ: number, a0: U64, a1: U64, a3: U64): void {
    this.flushSelf();
    const e = this.ev;
    this.queue.push(this.evt, this.curM, p, g, typ, e.time, a0, a1, 0, a3, e.offset);
  }

  // --- procs ---

  private procStatus(): boolean {
    const ev = this.ev;
    const pid = ev.a0;
    const status = lowByte(ev.a1);
    if (status >= PROC_STATUS_TO_STATE.length) this.fail(`invalid status for proc ${formatInt64(pid)}: ${status}`);
    let oldState = PROC_STATUS_TO_STATE[status]!;
    const s = this.pStates.get(pid);
    if (s !== undefined) {
      if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.Syscall) {
        // Still in the syscall we knew about: nothing was lost, promote.
        oldState = ProcState.Running;
        ev.a1 = ProcStatus.Syscall;
      } else if (status === ProcStatus.SyscallAbandoned && s.status === ProcStatus.SyscallAbandoned) {
        oldState = ProcState.Idle;
        ev.a1 = ProcStatus.SyscallAbandoned;
      } else if (s.status !== status) {
        this.fail(
          `inconsistent status for proc ${formatInt64(pid)}: old ${procStatusName(s.status)} vs. new ${procStatusName(status)}`,
        );
      }
      s.seqGen = this.gen;
      s.seqN = 0;
    } else {
      this.pStates.set(pid, new PState(pid, status, this.gen));
      oldState = this.gen === this.initialGen ? ProcState.Undetermined : ProcState.NotExist;
    }
    ev.a2 = oldState;
    if (status === ProcStatus.Running || status === ProcStatus.Syscall) this.newP = pid;
    if (status === ProcStatus.SyscallAbandoned && oldState === ProcState.Running) {
      // The P is about to be stolen; report the status in the context of the M that holds it.
      let found = false;
      for (const [mid, ms] of this.mStates) {
        if (ms.p === pid) {
          this.curM = mid;
          this.curP = pid;
          this.curG = ms.g;
          found = true;
        }
      }
      if (!found) this.fail(`failed to find sched context for proc ${formatInt64(pid)} that's about to be stolen`);
    }
    this.emit();
    return true;
  }

  private procStart(): boolean {
    const ev = this.ev;
    const pid = ev.a0;
    const state = this.pStates.get(pid);
    if (
      state === undefined ||
      state.status !== ProcStatus.Idle ||
      !seqSucceeds(this.gen, ev.a1, state.seqGen, state.seqN) ||
      this.curP !== -1
    ) {
      return false;
    }
    this.validate(MUST, MUST_NOT, MAY);
    state.status = ProcStatus.Running;
    state.seqGen = this.gen;
    state.seqN = ev.a1;
    this.newP = pid;
    this.emit();
    return true;
  }

  private procStop(): boolean {
    const state = this.pStates.get(this.curP);
    if (state === undefined) {
      this.fail(`event ${this.evName(this.ev.typ)} for proc (${formatInt64(this.curP)}) that doesn't exist`);
    }
    if (state.status !== ProcStatus.Running && state.status !== ProcStatus.Syscall) {
      this.fail(`${this.evName(this.ev.typ)} event for proc that's not Running or Syscall`);
    }
    this.validate(MUST, MUST, MAY);
    state.status = ProcStatus.Idle;
    this.newP = -1;
    this.emit();
    return true;
  }

  private procSteal(): boolean {
    const ev = this.ev;
    const pid = ev.a0;
    const state = this.pStates.get(pid);
    if (
      state === undefined ||
      (state.status !== ProcStatus.Syscall && state.status !== ProcStatus.SyscallAbandoned) ||
      !seqSucceeds(this.gen, ev.a1, state.seqGen, state.seqN)
    ) {
      return false;
    }
    this.validate(MUST, MAY, MAY);
    const oldStatus = state.status;
    // The extra slot tells Event whether this was Running → Idle or Idle → Idle.
    ev.a3 = oldStatus;
    state.status = ProcStatus.Idle;
    state.seqGen = this.gen;
    state.seqN = ev.a1;
    if (oldStatus === ProcStatus.SyscallAbandoned) {
      this.emit();
      return true;
    }
    const mid = ev.a2;
    if (mid === this.curM) {
      if (this.curP !== pid) {
        this.fail(
          `tried to self-steal proc ${formatInt64(pid)} (thread ${formatInt64(mid)}), but got proc ${formatInt64(this.curP)} instead`,
        );
      }
      this.newP = -1;
      this.emit();
      return true;
    }
    const other = this.mStates.get(mid);
    if (other === undefined) this.fail(`stole proc from non-existent thread ${formatInt64(mid)}`);
    if (other.p !== pid) {
      this.fail(
        `tried to steal proc ${formatInt64(pid)} from thread ${formatInt64(mid)}, but got proc ${formatInt64(other.p)} instead`,
      );
    }
    other.p = -1;
    this.emit();
    return true;
  }

  // --- goroutines ---

  private goStatus(): boolean {
    const ev = this.ev;
    const gid = ev.a0;
    const mid = ev.a1;
    const status = lowByte(ev.a2);
    if (status >= GO_STATUS_TO_STATE.length) this.fail(`invalid status for goroutine ${formatInt64(gid)}: ${status}`);
    let oldState = GO_STATUS_TO_STATE[status]!;
    const s = this.gStates.get(gid);
    if (s !== undefined) {
      if (s.status !== status) {
        this.fail(
          `inconsistent status for goroutine ${formatInt64(gid)}: old ${goStatusName(s.status)} vs. new ${goStatusName(status)}`,
        );
      }
      s.seqGen = this.gen;
      s.seqN = 0;
    } else if (this.gen === this.initialGen) {
      this.gStates.create(gid, status, this.gen);
      oldState = GoState.Undetermined;
    } else {
      this.fail(
        `found goroutine status for new goroutine after the first generation: id=${formatInt64(gid)} status=${goStatusName(status)}`,
      );
    }
    // The old state rides in the high half of the status slot.
    ev.a2 = oldState * TWO32 + status;
    if (status === GoStatus.Running) {
      this.newG = gid;
    } else if (status === GoStatus.Syscall) {
      if (mid === -1) this.fail(`found goroutine ${formatInt64(gid)} in syscall without a thread`);
      if (mid === this.curM) {
        if (this.gen !== this.initialGen && this.curG !== gid) {
          this.fail(
            `inconsistent thread for syscalling goroutine ${formatInt64(gid)}: thread has goroutine ${formatInt64(this.curG)}`,
          );
        }
        this.newG = gid;
      } else {
        // A goroutine that sat in a syscall on another M for the whole generation.
        const ms = this.mStates.get(mid);
        if (ms !== undefined) {
          if (ms.g !== gid) {
            this.fail(
              `inconsistent thread for syscalling goroutine ${formatInt64(gid)}: thread has goroutine ${formatInt64(ms.g)}`,
            );
          }
          this.curG = ms.g;
        } else {
          this.mStates.set(mid, { g: gid, p: -1 });
        }
        this.curM = mid;
      }
    }
    this.emit();
    return true;
  }

  private goCreate(): boolean {
    const ev = this.ev;
    this.requireContext(GO_CREATE_REQS);
    const cur = this.gStates.get(this.curG);
    if (cur !== undefined && cur.status !== GO_CREATE_CREATOR) {
      this.fail(`${this.evName(ev.typ)} event for goroutine that's not ${goStateName(GoState.Running)}`);
    }
    const newg = ev.a0;
    if (this.gStates.has(newg)) this.fail(`tried to create goroutine (${formatInt64(newg)}) that already exists`);
    this.gStates.create(newg, createdStatus(ev.typ), this.gen);
    this.emit();
    return true;
  }

  /** The current goroutine's state, failing Go's way when it is unknown or not in `want`. */
  private currentG(want: number, wantName: string): GState {
    const state = this.gStates.get(this.curG);
    // The event's name is only looked up for the error text.
    if (state === undefined) {
      this.fail(`event ${this.evName(this.ev.typ)} for goroutine (${formatInt64(this.curG)}) that doesn't exist`);
    }
    if (state.status !== want) this.fail(`${this.evName(this.ev.typ)} event for goroutine that's not ${wantName}`);
    return state;
  }

  private goStopExec(): boolean {
    this.requireContext(GO_STOP_REQS);
    const state = this.currentG(GO_STOP_FROM, "Running");
    if (this.ev.typ === EV.GoDestroy) this.gStates.remove(this.curG);
    else state.status = stoppedStatus(this.ev.typ);
    this.newG = -1;
    this.emit();
    return true;
  }

  private goStart(): boolean {
    const ev = this.ev;
    const gid = ev.a0;
    const state = this.gStates.get(gid);
    if (!seqReady(GO_START.from, state, this.gen, ev.a1)) return false;
    this.requireContext(GO_START.reqs);
    seqTake(GO_START.to, state, this.gen, ev.a1);
    this.newG = gid;
    this.emit();
    return true;
  }

  private goUnblock(): boolean {
    const ev = this.ev;
    const state = this.gStates.get(ev.a0);
    if (!seqReady(GO_UNBLOCK.from, state, this.gen, ev.a1)) return false;
    seqTake(GO_UNBLOCK.to, state, this.gen, ev.a1);
    this.emit();
    return true;
  }

  private goSwitch(): boolean {
    const ev = this.ev;
    this.validate(MUST, MUST, MUST);
    const cur = this.currentG(GoStatus.Running, "Running");
    const nextg = ev.a0;
    const next = this.gStates.get(nextg);
    if (!seqReady(GO_SWITCH_TO.from, next, this.gen, ev.a1)) return false;
    // One wire event, three completed events: the unblock of nextg (the event
    // itself), the block or exit of the current goroutine, and nextg starting.
    this.emit();
    if (ev.typ === EV.GoSwitch) {
      cur.status = GoStatus.Waiting;
      this.emitMade(this.curP, this.curG, EV.GoBlock, 0, 0, 0);
    } else {
      this.gStates.remove(this.curG);
      this.emitMade(this.curP, this.curG, EV.GoDestroy, 0, 0, 0);
    }
    seqTake(GO_SWITCH_TO.to, next, this.gen, ev.a1);
    this.newG = nextg;
    this.emitMade(this.curP, -1, EV.GoStart, nextg, ev.a1, 0);
    return true;
  }

  private goSyscallBegin(): boolean {
    const ev = this.ev;
    this.requireContext(SYSCALL_BEGIN_REQS);
    const state = this.currentG(SYSCALL_BEGIN_FROM, "Running");
    const p = this.pStates.get(this.curP);
    if (p === undefined) this.fail(`uninitialized proc ${formatInt64(this.curP)} found during ${this.evName(ev.typ)}`);
    // The P's sequence number only disambiguates steals; a mismatch here is an error.
    if (!procSeqReady(p, this.gen, ev.a0)) {
      this.fail(
        `failed to advance ${this.evName(ev.typ)}: can't make sequence: ${seqString(p.seqGen, p.seqN)} -> ${seqString(this.gen, ev.a0)}`,
      );
    }
    syscallBegin(state, p, this.gen, ev.a0);
    this.emit();
    return true;
  }

  private goSyscallEnd(): boolean {
    this.requireContext(SYSCALL_END_REQS);
    // Go's text says "Running" here although it checks for Syscall.
    const state = this.currentG(SYSCALL_END_FROM, "Running");
    const p = this.pStates.get(this.curP);
    if (p === undefined) {
      this.fail(`uninitialized proc ${formatInt64(this.curP)} found during ${this.evName(this.ev.typ)}`);
    }
    if (p.status !== SYSCALL_END_PROC_FROM) {
      this.fail(
        `expected proc ${formatInt64(this.curP)} in state ${procStatusName(SYSCALL_END_PROC_FROM)}, but got ${procStatusName(p.status)} instead`,
      );
    }
    syscallEnd(state, p);
    this.emit();
    return true;
  }

  private goSyscallEndBlocked(): boolean {
    // Wait until the P this M had in the syscall has been stopped or stolen.
    if (this.curP !== -1) {
      const p = this.pStates.get(this.curP);
      if (p === undefined) {
        this.fail(`uninitialized proc ${formatInt64(this.curP)} found during ${this.evName(this.ev.typ)}`);
      }
      if (p.status === ProcStatus.Syscall) return false;
    }
    this.validate(MUST, MAY, MUST);
    const state = this.currentG(GoStatus.Syscall, "Running");
    this.newG = -1;
    state.status = GoStatus.Runnable;
    this.emit();
    return true;
  }

  private goCreateSyscall(): boolean {
    this.validate(MUST, MAY, MUST_NOT);
    const newg = this.ev.a0;
    if (this.gStates.has(newg)) {
      this.fail(`tried to create goroutine (${formatInt64(newg)}) in syscall that already exists`);
    }
    this.gStates.create(newg, GoStatus.Syscall, this.gen);
    this.newG = newg;
    this.emit();
    return true;
  }

  private goDestroySyscall(): boolean {
    this.validate(MUST, MAY, MUST);
    this.currentG(GoStatus.Syscall, goStateName(GoState.Syscall));
    this.gStates.remove(this.curG);
    this.newG = -1;
    if (this.curP !== -1) {
      const name = this.evName(this.ev.typ);
      const p = this.pStates.get(this.curP);
      if (p === undefined) this.fail(`found invalid proc ${formatInt64(this.curP)} during ${name}`);
      if (p.status !== ProcStatus.Syscall) {
        this.fail(`proc ${formatInt64(this.curP)} in unexpected state ${procStatusName(p.status)} during ${name}`);
      }
      // The thread may be reused by the OS; drop the P with a self-steal first.
      p.status = ProcStatus.SyscallAbandoned;
      this.newP = -1;
      this.emitMade(this.curP, this.curG, EV.ProcSteal, this.curP, 0, ProcStatus.Syscall);
    }
    this.emit();
    return true;
  }

  // --- tasks and regions ---

  private userTaskBegin(): boolean {
    const ev = this.ev;
    const id = ev.a0;
    if (this.activeTasks.has(id)) this.fail(`task ID conflict: ${formatUint64(id)}`);
    const parent = taskParent(ev.a1);
    ev.a1 = parent;
    const name = this.evt.stringBytes(ev.a2);
    if (name === undefined) this.fail(`invalid string ID ${formatUint64(ev.a2)} for ${ev.typ} event`);
    this.activeTasks.set(id, { name, parent });
    this.requireContext(USER_ANNOTATION_REQS);
    this.emit();
    return true;
  }

  private userTaskEnd(): boolean {
    const ev = this.ev;
    const t = taskEnd(this.activeTasks, ev.a0);
    ev.a2 = t === undefined ? NO_TASK : t.parent;
    ev.a3 = t === undefined ? 0 : this.evt.addExtraString(t.name);
    this.requireContext(USER_ANNOTATION_REQS);
    this.emit();
    return true;
  }

  private regionName(): string {
    const ev = this.ev;
    if (!this.evt.hasString(ev.a1)) this.fail(`invalid string ID ${formatUint64(ev.a1)} for ${ev.typ} event`);
    return this.evt.string(ev.a1);
  }

  private userRegionBegin(): boolean {
    this.requireContext(USER_ANNOTATION_REQS);
    const name = this.regionName();
    const g = this.gStates.get(this.curG);
    if (g === undefined) {
      this.fail(`encountered EvUserRegionBegin without known state for current goroutine ${formatInt64(this.curG)}`);
    }
    regionBegin(g, this.ev.a0, name);
    this.emit();
    return true;
  }

  private userRegionEnd(): boolean {
    this.requireContext(USER_ANNOTATION_REQS);
    const task = this.ev.a0;
    const name = this.regionName();
    const g = this.gStates.get(this.curG);
    if (g === undefined) {
      this.fail(`encountered EvUserRegionEnd without known state for current goroutine ${formatInt64(this.curG)}`);
    }
    const top = regionEndMismatch(g, task, name);
    if (top !== null) {
      this.fail(
        `misuse of region in goroutine ${formatInt64(g.id)}: region end {${formatUint64(task)} ${name}} when the inner-most active region start event is {${formatUint64(top.task)} ${top.name}}`,
      );
    }
    regionEnd(g);
    this.emit();
    return true;
  }

  // --- GC ---

  private gcActive(): boolean {
    const seq = this.ev.a0;
    if (this.gen === this.initialGen) {
      if (this.gcState !== GC_UNDETERMINED) this.fail("GCActive in the first generation isn't first GC event");
      this.gcSeq = seq;
      this.gcState = GC_RUNNING;
      this.emit();
      return true;
    }
    if (!isSuccessor(seq, this.gcSeq)) return false;
    if (this.gcState !== GC_RUNNING) this.fail("encountered GCActive while GC was not in progress");
    this.gcSeq = seq;
    this.validate(MUST, MUST, MUST);
    this.emit();
    return true;
  }

  private gcBegin(): boolean {
    const seq = this.ev.a0;
    if (this.gcState === GC_UNDETERMINED) {
      this.gcSeq = seq;
      this.gcState = GC_RUNNING;
      this.emit();
      return true;
    }
    if (!isSuccessor(seq, this.gcSeq)) return false;
    if (this.gcState === GC_RUNNING) this.fail("encountered GCBegin while GC was already in progress");
    this.gcSeq = seq;
    this.gcState = GC_RUNNING;
    this.validate(MUST, MUST, MUST);
    this.emit();
    return true;
  }

  private gcEnd(): boolean {
    const seq = this.ev.a0;
    if (!isSuccessor(seq, this.gcSeq)) return false;
    if (this.gcState === GC_NOT_RUNNING) this.fail("encountered GCEnd when GC was not in progress");
    if (this.gcState === GC_UNDETERMINED) this.fail("encountered GCEnd when GC was in an undetermined state");
    this.gcSeq = seq;
    this.gcState = GC_NOT_RUNNING;
    this.validate(MUST, MUST, MUST);
    this.emit();
    return true;
  }

  private annotation(): boolean {
    this.requireContext(ANNOTATION_REQS);
    this.emit();
    return true;
  }

  private heapMetric(): boolean {
    this.requireContext(HEAP_METRIC_REQS);
    this.emit();
    return true;
  }

  private allocFree(): boolean {
    this.requireContext(ALLOC_FREE_REQS);
    this.emit();
    return true;
  }

  private gcSweepBegin(): boolean {
    this.requireContext(SWEEP_REQS);
    // Go indexes the map without checking; a missing P would be a Go panic.
    const p = this.pStates.get(this.curP);
    if (p === undefined) this.fail(`encountered GCSweepBegin for unknown proc ${formatInt64(this.curP)}`);
    const err = p.beginRange(makeRangeType(this.ev.typ, 0));
    if (err !== null) this.fail(err);
    this.emit();
    return true;
  }

  private gcSweepActive(): boolean {
    const pid = this.ev.a0;
    const p = this.pStates.get(pid);
    if (p === undefined) this.fail(`encountered GCSweepActive for unknown proc ${formatInt64(pid)}`);
    const err = p.activeRange(makeRangeType(this.ev.typ, 0), this.gen === this.initialGen);
    if (err !== null) this.fail(err);
    this.emit();
    return true;
  }

  private gcSweepEnd(): boolean {
    this.requireContext(SWEEP_REQS);
    const p = this.pStates.get(this.curP);
    if (p === undefined) this.fail(`encountered GCSweepEnd for unknown proc ${formatInt64(this.curP)}`);
    const err = p.endRange(this.ev.typ);
    if (err !== null) this.fail(err);
    this.emit();
    return true;
  }

  private goRangeBegin(): boolean {
    const ev = this.ev;
    this.requireContext(GO_RANGE_REQS);
    const desc = ev.typ === EV.STWBegin ? ev.a0 : 0;
    const g = this.gStates.get(this.curG);
    if (g === undefined) {
      this.fail(
        `encountered event of type ${ev.typ} without known state for current goroutine ${formatInt64(this.curG)}`,
      );
    }
    const err = g.beginRange(makeRangeType(ev.typ, desc));
    if (err !== null) this.fail(err);
    this.emit();
    return true;
  }

  private goRangeActive(): boolean {
    const ev = this.ev;
    const gid = ev.a0;
    const g = this.gStates.get(gid);
    if (g === undefined) this.fail(`uninitialized goroutine ${formatInt64(gid)} found during ${this.evName(ev.typ)}`);
    const err = g.activeRange(makeRangeType(ev.typ, 0), this.gen === this.initialGen);
    if (err !== null) this.fail(err);
    this.emit();
    return true;
  }

  private goRangeEnd(): boolean {
    const ev = this.ev;
    this.requireContext(GO_RANGE_REQS);
    const g = this.gStates.get(this.curG);
    if (g === undefined) {
      this.fail(
        `encountered event of type ${ev.typ} without known state for current goroutine ${formatInt64(this.curG)}`,
      );
    }
    const err = g.endRange(ev.typ);
    if (err !== null) this.fail(err);
    // STWEnd takes the kind of its begin, so that Range() can name it.
    if (ev.typ === EV.STWEnd) ev.a0 = RangeState.endedDesc;
    this.emit();
    return true;
  }

  /** Go's dumpOrdering (maps in insertion order, where Go's are random). */
  dump(): string {
    let s = "";
    for (const [id, st] of this.gStates) {
      s += `G ${formatInt64(id)} [status=${goStatusName(st.status)} seq=${seqString(st.seqGen, st.seqN)}]\n`;
    }
    s += "\n";
    for (const [id, st] of this.pStates) {
      s += `P ${formatInt64(id)} [status=${procStatusName(st.status)} seq=${seqString(st.seqGen, st.seqN)}]\n`;
    }
    s += "\n";
    for (const [id, st] of this.mStates) s += `M ${formatInt64(id)} [g=${formatInt64(st.g)} p=${formatInt64(st.p)}]\n`;
    s += "\n";
    s += `GC ${formatUint64(this.gcSeq)} ${["Undetermined", "NotRunning", "Running"][this.gcState]}\n`;
    return s;
  }
}
