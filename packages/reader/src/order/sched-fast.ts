// skip()'s shortcut for the scheduling events that dominate busy traces
// (GoStart, GoUnblock, GoStop, GoBlock, GoDestroy, GoSyscallBegin,
// GoSyscallEnd, GoCreate), user annotations (UserTaskBegin, UserTaskEnd,
// UserRegionBegin, UserRegionEnd) and GC work (GCMarkAssistBegin/End,
// GCSweepBegin/End). It applies the general rules' own pieces
// (rules.ts: the same context requirements, the same transitions; the
// spec's table arguments) to the event, but only when the rule would accept
// it without an error, without queueing anything but the event itself, and
// with its table IDs present. Anything else (a precondition that does not
// hold, an error to report, a first advance) changes nothing here and is
// left to Ordering.advance, which then decides exactly as it always does.
// What the shortcut saves is the general path's set-up and dispatch, not a
// check; its pieces are small so that V8 inlines them all into the reader's
// loop.
import { EV } from "@gotrace/codec";
import type { Generation } from "../generation/generation.js";
import { SPEC_STACK_ARGS, SPEC_STRING_ARGS } from "../specs.js";
import { type U64, isSuccessor } from "../u64.js";
import { GoStatus } from "../event/kinds.js";
import type { BaseEvent, Ordering } from "./ordering.js";
import {
  GO_CREATE_CREATOR,
  GO_CREATE_REQS,
  GO_START,
  GO_STOP_FROM,
  GO_STOP_REQS,
  GO_UNBLOCK,
  SYSCALL_BEGIN_FROM,
  SYSCALL_BEGIN_REQS,
  SYSCALL_END_FROM,
  SYSCALL_END_PROC_FROM,
  SYSCALL_END_REQS,
  type SchedReqs,
  MAY,
  MUST,
  MUST_NOT,
  createdStatus,
  meets,
  procSeqReady,
  stoppedStatus,
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
import { makeRangeType } from "./state.js";
import { DENSE_LIMIT, type GState, type GoroutineStates, type MState, type PState } from "./state.js";

/** What advanceSched reads, looked up once per run: the generation, its table-ID bitmaps and the goroutine and proc states. */
export class SchedTables {
  readonly gen: U64;
  readonly evt: Generation;
  readonly tasks: Map<U64, ActiveTask>;
  readonly stacks: Uint8Array;
  readonly strings: Uint8Array;
  readonly gStates: GoroutineStates;
  readonly gs: (GState | null)[];
  readonly ps: (PState | null)[];
  constructor(order: Ordering, evt: Generation) {
    this.gen = evt.gen;
    this.evt = evt;
    this.tasks = order.activeTasks;
    this.stacks = evt.stackIDs.bits;
    this.strings = evt.stringIDs.bits;
    this.gStates = order.gStates;
    this.gs = order.gStates.dense;
    this.ps = order.pStates.dense;
  }
}

/**
 * The shortcut reads the table arguments of its types at fixed argument
 * slots: GoUnblock's stack is a2, GoBlock's and GoStop's reason string a0
 * and stack a1, GoSyscallBegin's stack a1, GoCreate's stack a2 and the new
 * goroutine's stack a1, UserTaskBegin's name a2 and stack a3, UserTaskEnd's
 * stack a1, the region events' name a1 and stack a2, GCMarkAssistBegin's
 * and GCSweepBegin's stack a0; the others have none. Checked against the spec's table arguments when the
 * module loads, so a spec change cannot leave the shortcut behind.
 */
function expectTableArgs(typ: number, stacks: readonly number[], strings: readonly number[]): void {
  const same = (a: readonly number[] | undefined, b: readonly number[]) =>
    a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(SPEC_STACK_ARGS[typ], stacks) || !same(SPEC_STRING_ARGS[typ], strings)) {
    throw new Error(`the scheduling shortcut's table arguments of event type ${typ} differ from the spec's`);
  }
}
expectTableArgs(EV.GoStart, [], []);
expectTableArgs(EV.GoUnblock, [2], []);
expectTableArgs(EV.GoBlock, [1], [0]);
expectTableArgs(EV.GoStop, [1], [0]);
expectTableArgs(EV.GoDestroy, [], []);
expectTableArgs(EV.GoSyscallBegin, [1], []);
expectTableArgs(EV.GoSyscallEnd, [], []);
expectTableArgs(EV.GoCreate, [2, 1], []);
expectTableArgs(EV.UserTaskBegin, [3], [2]);
expectTableArgs(EV.UserTaskEnd, [1], []);
expectTableArgs(EV.UserRegionBegin, [2], [1]);
expectTableArgs(EV.UserRegionEnd, [2], [1]);
expectTableArgs(EV.GCMarkAssistBegin, [0], []);
expectTableArgs(EV.GCMarkAssistEnd, [], []);
expectTableArgs(EV.GCSweepBegin, [0], []);
expectTableArgs(EV.GCSweepEnd, [], []);

/**
 * Whether a thread's context (its proc and goroutine; the shortcut always
 * has a thread) meets a rule's requirements: meets() on each part, as the
 * ordering's validateCtx asks it.
 */
function contextMeets(r: SchedReqs, ms: MState): boolean {
  return meets(r.m, true) && meets(r.p, ms.p !== -1) && meets(r.g, ms.g !== -1);
}

/**
 * Whether `id` is in an IdBits' bitmap (Generation.hasStack/hasString for
 * the IDs it holds). 0 always is; an ID past the bitmap (or a bigint) gets
 * false, which only sends the event down the general path.
 */
function hasID(bits: Uint8Array, id: U64): boolean {
  if (id === 0) return true;
  if (typeof id !== "number" || !(id >= 0 && id < bits.length * 8)) return false;
  return (bits[id >> 3]! & (1 << (id & 7))) !== 0;
}

/** The state of goroutine `id` when it is in the dense array, else null (ask the general path). */
function gState(gs: (GState | null)[], id: U64): GState | null {
  return typeof id === "number" && id >= 0 && id < gs.length ? (gs[id] ?? null) : null;
}

/** The state of proc `id` when it is in the dense array, else null (gState's twin, so that each stays monomorphic). */
function pState(ps: (PState | null)[], id: U64): PState | null {
  return typeof id === "number" && id >= 0 && id < ps.length ? (ps[id] ?? null) : null;
}

/**
 * Advances `ev`, the next event of the thread whose state is `ms`, if it is
 * one of the shortcut's types and its rule accepts it as described above;
 * then the event is complete (its table IDs valid) and the caller hands it
 * out. False means nothing happened. The thread is present: `ms` exists
 * only for a real thread.
 */
export function advanceSched(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  // The three events of nearly every busy trace are written out with their
  // rules' values (checked against rules.ts when this module loads, and
  // against the ordering on every state by sched-fast-rules.test.ts): the
  // generic pieces cost about 50 machine instructions an event here. The
  // others go through the pieces themselves.
  const typ = ev.typ;
  if (typ === EV.GoUnblock) {
    // Any context; the goroutine Waiting with the previous sequence number; its stack known.
    const s = gState(t.gs, ev.a0);
    if (s === null || s.status !== WAITING || s.seqGen !== t.gen || !isSuccessor(ev.a1, s.seqN)) return false;
    if (!hasID(t.stacks, ev.a2)) return false;
    s.status = RUNNABLE;
    s.seqN = ev.a1;
    return true;
  }
  if (typ === EV.GoStart) {
    // A proc and no goroutine on the thread; the goroutine Runnable with the previous sequence number.
    if (ms.p === -1 || ms.g !== -1) return false;
    const gid = ev.a0;
    const s = gState(t.gs, gid);
    if (s === null || s.status !== RUNNABLE || s.seqGen !== t.gen || !isSuccessor(ev.a1, s.seqN)) return false;
    s.status = RUNNING;
    s.seqN = ev.a1;
    ms.g = gid;
    return true;
  }
  if (typ === EV.GoBlock || typ === EV.GoStop) {
    // A proc and a Running goroutine on the thread; the reason and stack known.
    if (ms.p === -1 || ms.g === -1) return false;
    const s = gState(t.gs, ms.g);
    if (s === null || s.status !== RUNNING) return false;
    if (!hasID(t.strings, ev.a0) || !hasID(t.stacks, ev.a1)) return false;
    s.status = typ === EV.GoBlock ? WAITING : RUNNABLE;
    ms.g = -1;
    return true;
  }
  return advanceOther(t, ev, ms);
}

/** The statuses the written-out rules above use. */
const RUNNABLE = GoStatus.Runnable;
const RUNNING = GoStatus.Running;
const WAITING = GoStatus.Waiting;

/**
 * The written-out rules are the rules.ts ones: the same transitions,
 * statuses and context requirements (a thread with a proc and no goroutine
 * for GoStart, any for GoUnblock, a proc and a goroutine for GoStop and
 * GoBlock). Checked when the module loads, so a change there cannot leave
 * them behind.
 */
function expectWrittenOutRules(): void {
  const same = (a: SchedReqs, m: number, p: number, g: number) => a.m === m && a.p === p && a.g === g;
  const ok =
    GO_UNBLOCK.from === WAITING &&
    GO_UNBLOCK.to === RUNNABLE &&
    same(GO_UNBLOCK.reqs, MAY, MAY, MAY) &&
    GO_START.from === RUNNABLE &&
    GO_START.to === RUNNING &&
    same(GO_START.reqs, MUST, MUST, MUST_NOT) &&
    GO_STOP_FROM === RUNNING &&
    same(GO_STOP_REQS, MUST, MUST, MUST) &&
    stoppedStatus(EV.GoBlock) === WAITING &&
    stoppedStatus(EV.GoStop) === RUNNABLE;
  if (!ok) throw new Error("skip()'s written-out scheduling rules differ from order/rules.ts");
}
expectWrittenOutRules();

/** advanceSched for its less frequent types. */
function advanceOther(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  switch (ev.typ) {
    case EV.GoDestroy:
      return goDestroy(t, ms);
    case EV.GoSyscallBegin:
      return goSyscallBegin(t, ev, ms);
    case EV.GoSyscallEnd:
      return goSyscallEnd(t, ms);
    case EV.GoCreate:
      return goCreate(t, ev, ms);
    case EV.UserTaskBegin:
      return userTaskBegin(t, ev, ms);
    case EV.UserTaskEnd:
      return userTaskEnd(t, ev, ms);
    case EV.UserRegionBegin:
      return userRegionBegin(t, ev, ms);
    case EV.UserRegionEnd:
      return userRegionEnd(t, ev, ms);
    case EV.GCMarkAssistBegin:
      return markAssistBegin(t, ev, ms);
    case EV.GCMarkAssistEnd:
      return markAssistEnd(t, ev, ms);
    case EV.GCSweepBegin:
      return sweepBegin(t, ev, ms);
    case EV.GCSweepEnd:
      return sweepEnd(t, ev, ms);
    default:
      return false;
  }
}

function goDestroy(t: SchedTables, ms: MState): boolean {
  if (!contextMeets(GO_STOP_REQS, ms)) return false;
  const s = gState(t.gs, ms.g);
  if (s === null || s.status !== GO_STOP_FROM) return false;
  t.gStates.remove(ms.g);
  ms.g = -1;
  return true;
}

function goSyscallBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(SYSCALL_BEGIN_REQS, ms)) return false;
  const s = gState(t.gs, ms.g);
  const p = pState(t.ps, ms.p);
  if (s === null || s.status !== SYSCALL_BEGIN_FROM || p === null) return false;
  if (!procSeqReady(p, t.gen, ev.a0) || !hasID(t.stacks, ev.a1)) return false;
  syscallBegin(s, p, t.gen, ev.a0);
  return true;
}

function goSyscallEnd(t: SchedTables, ms: MState): boolean {
  if (!contextMeets(SYSCALL_END_REQS, ms)) return false;
  const s = gState(t.gs, ms.g);
  const p = pState(t.ps, ms.p);
  if (s === null || s.status !== SYSCALL_END_FROM || p === null || p.status !== SYSCALL_END_PROC_FROM) return false;
  syscallEnd(s, p);
  return true;
}

function goCreate(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(GO_CREATE_REQS, ms)) return false;
  // The creator, when the thread runs one, must be known and running; the
  // new goroutine must be a dense ID not in use.
  if (ms.g !== -1) {
    const cur = gState(t.gs, ms.g);
    if (cur === null || cur.status !== GO_CREATE_CREATOR) return false;
  }
  const newg = ev.a0;
  if (typeof newg !== "number" || newg < 0 || newg >= DENSE_LIMIT || gState(t.gs, newg) !== null) return false;
  if (!hasID(t.stacks, ev.a2) || !hasID(t.stacks, ev.a1)) return false;
  t.gStates.create(newg, createdStatus(ev.typ), t.gen);
  return true;
}

function userTaskBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(USER_ANNOTATION_REQS, ms) || t.tasks.has(ev.a0)) return false;
  if (!hasID(t.strings, ev.a2) || !hasID(t.stacks, ev.a3)) return false;
  const name = t.evt.stringBytes(ev.a2);
  if (name === undefined) return false;
  // The rule rewrites the event's parent as it is handed out.
  const parent = taskParent(ev.a1);
  ev.a1 = parent;
  t.tasks.set(ev.a0, { name, parent });
  return true;
}

function userTaskEnd(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(USER_ANNOTATION_REQS, ms) || !hasID(t.stacks, ev.a1)) return false;
  // The rule fills in the parent and name for the event handed out.
  const task = taskEnd(t.tasks, ev.a0);
  ev.a2 = task === undefined ? NO_TASK : task.parent;
  ev.a3 = task === undefined ? 0 : t.evt.addExtraString(task.name);
  return true;
}

function userRegionBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(USER_ANNOTATION_REQS, ms)) return false;
  if (!hasID(t.strings, ev.a1) || !hasID(t.stacks, ev.a2)) return false;
  const g = gState(t.gs, ms.g);
  if (g === null) return false;
  regionBegin(g, ev.a0, t.evt.string(ev.a1));
  return true;
}

function userRegionEnd(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(USER_ANNOTATION_REQS, ms)) return false;
  if (!hasID(t.strings, ev.a1) || !hasID(t.stacks, ev.a2)) return false;
  const g = gState(t.gs, ms.g);
  if (g === null || regionEndMismatch(g, ev.a0, t.evt.string(ev.a1)) !== null) return false;
  regionEnd(g);
  return true;
}

// The range rules' own RangeState methods change nothing when they report
// an error, so a failed one leaves the event to the general path untouched.

function markAssistBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(GO_RANGE_REQS, ms) || !hasID(t.stacks, ev.a0)) return false;
  const g = gState(t.gs, ms.g);
  return g !== null && g.beginRange(makeRangeType(ev.typ, 0)) === null;
}

function markAssistEnd(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(GO_RANGE_REQS, ms)) return false;
  const g = gState(t.gs, ms.g);
  return g !== null && g.endRange(ev.typ) === null;
}

function sweepBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(SWEEP_REQS, ms) || !hasID(t.stacks, ev.a0)) return false;
  const p = pState(t.ps, ms.p);
  return p !== null && p.beginRange(makeRangeType(ev.typ, 0)) === null;
}

function sweepEnd(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!contextMeets(SWEEP_REQS, ms)) return false;
  const p = pState(t.ps, ms.p);
  return p !== null && p.endRange(ev.typ) === null;
}
