// The parts of the ordering's rules that more than one path applies: the
// context a rule requires (Go's schedReqs and validateCtx) and the goroutine
// transitions of the scheduling events that dominate busy traces. The
// ordering's general path (ordering.ts) and skip()'s shortcut (sched-fast.ts)
// both take them from here, so a rule is written once: the shortcut may only
// decline an event (leaving it to the general path) or do exactly what the
// general rule would.
import { EV } from "@gotrace/codec";
import { GoStatus, ProcStatus } from "../event/kinds.js";
import type { U64 } from "../u64.js";
import { type GState, type PState, type UserRegion, seqSucceeds } from "./state.js";

/** A rule's requirement on one part of the context (Go's schedReqs values). */
export const MUST_NOT = 0;
export const MAY = 1;
export const MUST = 2;

/** What a rule requires of the thread, proc and goroutine of its event's context. */
export interface SchedReqs {
  readonly m: number;
  readonly p: number;
  readonly g: number;
}

/** Whether a part of the context, present or not, meets requirement `req`. */
export function meets(req: number, present: boolean): boolean {
  return req === MAY || (req === MUST) === present;
}

/**
 * Go's validateCtx: the first of the requirements (on the thread, proc and
 * goroutine) the context (thread m, proc p, goroutine g; -1 for none)
 * breaks, as Go's error text, or null when it meets them all.
 */
export function contextError(reqM: number, reqP: number, reqG: number, m: U64, p: U64, g: U64): string | null {
  if (!meets(reqM, m !== -1))
    return reqM === MUST ? "expected a thread but didn't have one" : "expected no thread but had one";
  if (!meets(reqP, p !== -1))
    return reqP === MUST ? "expected a proc but didn't have one" : "expected no proc but had one";
  if (!meets(reqG, g !== -1)) {
    return reqG === MUST ? "expected a goroutine but didn't have one" : "expected no goroutine but had one";
  }
  return null;
}

/** The rules that only check the context and queue their event (Go's advanceAllocFree, advanceAnnotation, advanceHeapMetric). */
export const ALLOC_FREE_REQS: SchedReqs = { m: MUST, p: MAY, g: MAY };
export const ANNOTATION_REQS: SchedReqs = { m: MUST, p: MUST, g: MUST };
export const HEAP_METRIC_REQS: SchedReqs = { m: MUST, p: MUST, g: MAY };

/**
 * A goroutine transition driven by a sequence number (GoStart, GoUnblock):
 * the goroutine must be in `from` and the event's number must follow its
 * last one in this generation; it then moves to `to`. The rule's context
 * must meet `reqs` (GoUnblock's, ANY_CONTEXT, are always met: it may come
 * from any thread).
 */
export interface SeqTransition {
  readonly reqs: SchedReqs;
  readonly from: number;
  readonly to: number;
}

/** No requirement on any part of the context. */
export const ANY_CONTEXT: SchedReqs = { m: MAY, p: MAY, g: MAY };

export const GO_START: SeqTransition = {
  reqs: { m: MUST, p: MUST, g: MUST_NOT },
  from: GoStatus.Runnable,
  to: GoStatus.Running,
};
export const GO_UNBLOCK: SeqTransition = { reqs: ANY_CONTEXT, from: GoStatus.Waiting, to: GoStatus.Runnable };

/**
 * Whether goroutine state `s` may take a sequenced transition from status
 * `from` (a SeqTransition's) with sequence number `seq` in generation `gen`.
 */
export function seqReady(from: number, s: GState | null | undefined, gen: U64, seq: U64): s is GState {
  return s != null && s.status === from && seqSucceeds(gen, seq, s.seqGen, s.seqN);
}

/** Applies a sequenced transition to status `to` (a SeqTransition's), after seqReady, to `s`. */
export function seqTake(to: number, s: GState, gen: U64, seq: U64): void {
  s.status = to;
  s.seqGen = gen;
  s.seqN = seq;
}

/**
 * The rule of GoStop, GoBlock and GoDestroy (Go's advanceGoStopExec): the
 * thread's running goroutine stops; it is left Runnable (GoStop), Waiting
 * (GoBlock) or gone (GoDestroy).
 */
export const GO_STOP_REQS: SchedReqs = { m: MUST, p: MUST, g: MUST };
export const GO_STOP_FROM = GoStatus.Running;

/** The status GoStop and GoBlock leave their goroutine in (GoDestroy removes it instead). */
export function stoppedStatus(typ: number): number {
  return typ === EV.GoStop ? GoStatus.Runnable : GoStatus.Waiting;
}

/**
 * GoSwitch's and GoSwitchDestroy's target goroutine (Go's advanceGoSwitch):
 * waiting, with the next sequence number, it starts running on the thread
 * of the goroutine that switched to it.
 */
export const GO_SWITCH_TO: SeqTransition = { reqs: GO_STOP_REQS, from: GoStatus.Waiting, to: GoStatus.Running };

/**
 * GoSyscallBegin (Go's advanceGoSyscallBegin): the thread's running
 * goroutine enters a syscall and its proc with it; the event's number must
 * follow the proc's (a mismatch is an error, not a wait).
 */
export const SYSCALL_BEGIN_REQS: SchedReqs = GO_STOP_REQS;
export const SYSCALL_BEGIN_FROM = GoStatus.Running;

/** Whether GoSyscallBegin's proc sequence number `seq` follows proc state `p`'s in generation `gen`. */
export function procSeqReady(p: PState, gen: U64, seq: U64): boolean {
  return seqSucceeds(gen, seq, p.seqGen, p.seqN);
}

/** GoSyscallBegin's state change, once its checks have passed. */
export function syscallBegin(s: GState, p: PState, gen: U64, seq: U64): void {
  s.status = GoStatus.Syscall;
  p.status = ProcStatus.Syscall;
  p.seqGen = gen;
  p.seqN = seq;
}

/**
 * GoSyscallEnd (Go's advanceGoSyscallEnd): the thread's goroutine, in a
 * syscall, returns to running on its proc, which must be in the syscall too.
 */
export const SYSCALL_END_REQS: SchedReqs = GO_STOP_REQS;
export const SYSCALL_END_FROM = GoStatus.Syscall;
export const SYSCALL_END_PROC_FROM = ProcStatus.Syscall;

/** GoSyscallEnd's state change, once its checks have passed. */
export function syscallEnd(s: GState, p: PState): void {
  s.status = GoStatus.Running;
  p.status = ProcStatus.Running;
}

/**
 * GoCreate and GoCreateBlocked (Go's advanceGoCreate): on a thread with a
 * proc, the goroutine running there (if any) must be Running, and the new
 * goroutine must not exist yet (both errors otherwise); it starts Runnable,
 * or Waiting for GoCreateBlocked.
 */
export const GO_CREATE_REQS: SchedReqs = { m: MUST, p: MUST, g: MAY };
export const GO_CREATE_CREATOR = GoStatus.Running;

/** The status a goroutine created by an event of type `typ` starts in. */
export function createdStatus(typ: number): number {
  return typ === EV.GoCreateBlocked ? GoStatus.Waiting : GoStatus.Runnable;
}

/**
 * The user-annotation rules (Go's advanceUserTaskBegin/End and
 * advanceUserRegionBegin/End) need a thread, a proc and a goroutine.
 */
export const USER_ANNOTATION_REQS: SchedReqs = ANNOTATION_REQS;

/** Go's NoTask: a task begun with parent 0 has none; an end whose begin was not seen has none either. */
export const NO_TASK = -1;

/** A task in flight: its name (string bytes) and parent. */
export interface ActiveTask {
  readonly name: Uint8Array;
  readonly parent: U64;
}

/** The parent a UserTaskBegin event carries after the rule: 0 (the background task on the wire) means none. */
export function taskParent(wireParent: U64): U64 {
  return wireParent === 0 ? NO_TASK : wireParent;
}

/**
 * UserTaskEnd's state change: the task leaves the active set. Returns it
 * (its begin may be in an earlier generation: the end carries its parent
 * and name along), or undefined when its begin was not seen.
 */
export function taskEnd(tasks: Map<U64, ActiveTask>, id: U64): ActiveTask | undefined {
  const t = tasks.get(id);
  if (t !== undefined) tasks.delete(id);
  return t;
}

/** UserRegionBegin's state change: the region becomes the goroutine's innermost. */
export function regionBegin(g: GState, task: U64, name: string): void {
  const region = { task, name };
  // A goroutine's regions start as a shared frozen empty list.
  if (g.regions.length === 0) g.regions = [region];
  else g.regions.push(region);
}

/**
 * UserRegionEnd's check: the goroutine's innermost region when the end does
 * not match it (an error), else null. Regions begun before the trace started
 * are not known, so an end with none in flight passes.
 */
export function regionEndMismatch(g: GState, task: U64, name: string): UserRegion | null {
  const n = g.regions.length;
  if (n === 0) return null;
  const top = g.regions[n - 1]!;
  return top.task === task && top.name === name ? null : top;
}

/** UserRegionEnd's state change, after its check: the innermost region, if any, ends. */
export function regionEnd(g: GState): void {
  if (g.regions.length !== 0) g.regions.pop();
}

/**
 * GC mark assist and STW ranges on a goroutine (Go's advanceGoRangeBegin and
 * advanceGoRangeEnd): the thread's running goroutine begins or ends one.
 */
export const GO_RANGE_REQS: SchedReqs = { m: MUST, p: MUST, g: MUST };

/** Sweeping on a proc (Go's advanceGCSweepBegin and advanceGCSweepEnd): the thread's proc begins or ends it. */
export const SWEEP_REQS: SchedReqs = { m: MUST, p: MUST, g: MAY };
