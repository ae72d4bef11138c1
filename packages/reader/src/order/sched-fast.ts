// skip()'s shortcut for the scheduling events that dominate busy traces
// (GoStart, GoBlock, GoUnblock): when the event's rule would accept it without
// an error and without queueing anything but the event itself, and its table
// IDs exist, apply the rule's state change here and say so. Anything else
// (a precondition that does not hold, an error to report, a first advance)
// changes nothing here and is left to Ordering.advance, which then decides
// exactly as it always does.
import { EV } from "@gotrace/codec";
import { GoStatus } from "../event/kinds.js";
import type { Generation } from "../generation/generation.js";
import { type U64, isSuccessor } from "../u64.js";
import type { BaseEvent, Ordering } from "./ordering.js";
import type { GState, MState } from "./state.js";

/** What advanceSched reads, looked up once per run: the generation, its tables and the goroutine states. */
export class SchedTables {
  readonly gen: U64;
  readonly stacks: Uint8Array;
  readonly strings: Uint8Array;
  readonly gs: (GState | null)[];
  constructor(order: Ordering, evt: Generation) {
    this.gen = evt.gen;
    this.stacks = evt.stackIDs.bits;
    this.strings = evt.stringIDs.bits;
    this.gs = order.gStates.dense;
  }
}

/**
 * Whether `id` is in an IdBits' bitmap. 0 always is; an ID past the bitmap
 * (or a bigint) gets false, which only sends the event down the general path.
 */
function hasID(bits: Uint8Array, id: U64): boolean {
  if (id === 0) return true;
  if (typeof id !== "number" || !(id >= 0 && id < bits.length * 8)) return false;
  return (bits[id >> 3]! & (1 << (id & 7))) !== 0;
}

/** The state of goroutine `id` when it is in the dense array, else null (ask the table). */
function gState(gs: (GState | null)[], id: U64): GState | null {
  return typeof id === "number" && id >= 0 && id < gs.length ? gs[id]! : null;
}

/**
 * Advances `ev`, the next event of the thread whose state is `ms`, if it is
 * one of the shortcut's types and every check passes; then the event is
 * complete (its table IDs valid) and the caller hands it out. False means
 * nothing happened.
 */
export function advanceSched(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  const typ = ev.typ;
  if (typ === EV.GoUnblock) {
    // No context needed; the target must be waiting with the previous sequence number.
    const s = gState(t.gs, ev.a0);
    if (s === null || s.status !== GoStatus.Waiting || s.seqGen !== t.gen || !isSuccessor(ev.a1, s.seqN)) {
      return false;
    }
    if (!hasID(t.stacks, ev.a2)) return false;
    s.status = GoStatus.Runnable;
    s.seqN = ev.a1;
    return true;
  }
  if (typ === EV.GoStart) {
    // A proc and no goroutine on this thread; the goroutine runnable with the previous sequence number.
    if (ms.p === -1 || ms.g !== -1) return false;
    const gid = ev.a0;
    const s = gState(t.gs, gid);
    if (s === null || s.status !== GoStatus.Runnable || s.seqGen !== t.gen || !isSuccessor(ev.a1, s.seqN)) {
      return false;
    }
    s.status = GoStatus.Running;
    s.seqN = ev.a1;
    ms.g = gid;
    return true;
  }
  if (typ === EV.GoBlock) {
    // A proc and a running goroutine on this thread.
    if (ms.p === -1 || ms.g === -1) return false;
    const s = gState(t.gs, ms.g);
    if (s === null || s.status !== GoStatus.Running) return false;
    if (!hasID(t.strings, ev.a0) || !hasID(t.stacks, ev.a1)) return false;
    s.status = GoStatus.Waiting;
    ms.g = -1;
    return true;
  }
  return false;
}
