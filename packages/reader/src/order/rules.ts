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
import { type GState, type PState, seqSucceeds } from "./state.js";

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

/** Whether goroutine state `s` may take transition `t` with sequence number `seq` in generation `gen`. */
export function seqReady(t: SeqTransition, s: GState | null | undefined, gen: U64, seq: U64): s is GState {
  return s != null && s.status === t.from && seqSucceeds(gen, seq, s.seqGen, s.seqN);
}

/** Applies transition `t` (after seqReady) to `s`. */
export function seqTake(t: SeqTransition, s: GState, gen: U64, seq: U64): void {
  s.status = t.to;
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
