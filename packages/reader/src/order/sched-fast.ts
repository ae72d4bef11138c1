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
import type { U64 } from "../u64.js";
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
  createdStatus,
  meets,
  procSeqReady,
  seqReady,
  seqTake,
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
 * A rule's requirements as a bit per context of a thread (which the
 * shortcut always has): bit (p present ? 2 : 0) | (g present ? 1 : 0) is set
 * when the rule accepts that context. Computed once with the rule's meets().
 */
function contextMask(r: SchedReqs): number {
  let mask = 0;
  for (let c = 0; c < 4; c++) {
    if (meets(r.m, true) && meets(r.p, (c & 2) !== 0) && meets(r.g, (c & 1) !== 0)) mask |= 1 << c;
  }
  return mask;
}
const START_CONTEXT = contextMask(GO_START.reqs);
const START_FROM = GO_START.from;
const START_TO = GO_START.to;
const UNBLOCK_FROM = GO_UNBLOCK.from;
const UNBLOCK_TO = GO_UNBLOCK.to;
const UNBLOCK_CONTEXT = contextMask(GO_UNBLOCK.reqs);
const STOP_CONTEXT = contextMask(GO_STOP_REQS);
const SYSCALL_BEGIN_CONTEXT = contextMask(SYSCALL_BEGIN_REQS);
const SYSCALL_END_CONTEXT = contextMask(SYSCALL_END_REQS);
const CREATE_CONTEXT = contextMask(GO_CREATE_REQS);
const ANNOTATION_CONTEXT = contextMask(USER_ANNOTATION_REQS);
const RANGE_CONTEXT = contextMask(GO_RANGE_REQS);
const SWEEP_CONTEXT = contextMask(SWEEP_REQS);

/** Whether a thread's context (its proc and goroutine) is one of `mask`'s. */
function accepts(mask: number, ms: MState): boolean {
  return ((mask >> ((ms.p !== -1 ? 2 : 0) | (ms.g !== -1 ? 1 : 0))) & 1) !== 0;
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
  // The three events of nearly every busy trace are written out here, the
  // others in a function of their own: small enough for V8 to compile the
  // hot ones together.
  const typ = ev.typ;
  if (typ === EV.GoUnblock) {
    if (!accepts(UNBLOCK_CONTEXT, ms)) return false;
    const s = gState(t.gs, ev.a0);
    if (!seqReady(UNBLOCK_FROM, s, t.gen, ev.a1) || !hasID(t.stacks, ev.a2)) return false;
    seqTake(UNBLOCK_TO, s, t.gen, ev.a1);
    return true;
  }
  if (typ === EV.GoStart) {
    // The general rule checks readiness first and then the context (an
    // error); here both must hold, so their order does not matter.
    if (!accepts(START_CONTEXT, ms)) return false;
    const gid = ev.a0;
    const s = gState(t.gs, gid);
    if (!seqReady(START_FROM, s, t.gen, ev.a1)) return false;
    seqTake(START_TO, s, t.gen, ev.a1);
    ms.g = gid;
    return true;
  }
  if (typ === EV.GoBlock || typ === EV.GoStop) {
    // The running goroutine blocks (Waiting) or stops (Runnable).
    if (!accepts(STOP_CONTEXT, ms)) return false;
    const s = gState(t.gs, ms.g);
    if (s === null || s.status !== GO_STOP_FROM) return false;
    if (!hasID(t.strings, ev.a0) || !hasID(t.stacks, ev.a1)) return false;
    s.status = stoppedStatus(typ);
    ms.g = -1;
    return true;
  }
  return advanceOther(t, ev, ms);
}

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
  if (!accepts(STOP_CONTEXT, ms)) return false;
  const s = gState(t.gs, ms.g);
  if (s === null || s.status !== GO_STOP_FROM) return false;
  t.gStates.remove(ms.g);
  ms.g = -1;
  return true;
}

function goSyscallBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(SYSCALL_BEGIN_CONTEXT, ms)) return false;
  const s = gState(t.gs, ms.g);
  const p = pState(t.ps, ms.p);
  if (s === null || s.status !== SYSCALL_BEGIN_FROM || p === null) return false;
  if (!procSeqReady(p, t.gen, ev.a0) || !hasID(t.stacks, ev.a1)) return false;
  syscallBegin(s, p, t.gen, ev.a0);
  return true;
}

function goSyscallEnd(t: SchedTables, ms: MState): boolean {
  if (!accepts(SYSCALL_END_CONTEXT, ms)) return false;
  const s = gState(t.gs, ms.g);
  const p = pState(t.ps, ms.p);
  if (s === null || s.status !== SYSCALL_END_FROM || p === null || p.status !== SYSCALL_END_PROC_FROM) return false;
  syscallEnd(s, p);
  return true;
}

function goCreate(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(CREATE_CONTEXT, ms)) return false;
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
  if (!accepts(ANNOTATION_CONTEXT, ms) || t.tasks.has(ev.a0)) return false;
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
  if (!accepts(ANNOTATION_CONTEXT, ms) || !hasID(t.stacks, ev.a1)) return false;
  // The rule fills in the parent and name for the event handed out.
  const task = taskEnd(t.tasks, ev.a0);
  ev.a2 = task === undefined ? NO_TASK : task.parent;
  ev.a3 = task === undefined ? 0 : t.evt.addExtraString(task.name);
  return true;
}

function userRegionBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(ANNOTATION_CONTEXT, ms)) return false;
  if (!hasID(t.strings, ev.a1) || !hasID(t.stacks, ev.a2)) return false;
  const g = gState(t.gs, ms.g);
  if (g === null) return false;
  regionBegin(g, ev.a0, t.evt.string(ev.a1));
  return true;
}

function userRegionEnd(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(ANNOTATION_CONTEXT, ms)) return false;
  if (!hasID(t.strings, ev.a1) || !hasID(t.stacks, ev.a2)) return false;
  const g = gState(t.gs, ms.g);
  if (g === null || regionEndMismatch(g, ev.a0, t.evt.string(ev.a1)) !== null) return false;
  regionEnd(g);
  return true;
}

// The range rules' own RangeState methods change nothing when they report
// an error, so a failed one leaves the event to the general path untouched.

function markAssistBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(RANGE_CONTEXT, ms) || !hasID(t.stacks, ev.a0)) return false;
  const g = gState(t.gs, ms.g);
  return g !== null && g.beginRange(makeRangeType(ev.typ, 0)) === null;
}

function markAssistEnd(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(RANGE_CONTEXT, ms)) return false;
  const g = gState(t.gs, ms.g);
  return g !== null && typeof g.endRange(ev.typ) !== "string";
}

function sweepBegin(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(SWEEP_CONTEXT, ms) || !hasID(t.stacks, ev.a0)) return false;
  const p = pState(t.ps, ms.p);
  return p !== null && p.beginRange(makeRangeType(ev.typ, 0)) === null;
}

function sweepEnd(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  if (!accepts(SWEEP_CONTEXT, ms)) return false;
  const p = pState(t.ps, ms.p);
  return p !== null && typeof p.endRange(ev.typ) !== "string";
}
