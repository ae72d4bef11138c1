// skip()'s shortcut for the scheduling events that dominate busy traces
// (GoStart, GoBlock, GoUnblock). It applies the general rules' own pieces
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
  GO_START,
  GO_STOP_FROM,
  GO_STOP_REQS,
  GO_UNBLOCK,
  type SchedReqs,
  meets,
  seqReady,
  seqTake,
  stoppedStatus,
} from "./rules.js";
import type { GState, MState } from "./state.js";

/** What advanceSched reads, looked up once per run: the generation, its table-ID bitmaps and the goroutine states. */
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
 * The shortcut reads the table arguments of its types at fixed argument
 * slots: GoUnblock's stack is a2, GoBlock's reason string a0 and its stack
 * a1, GoStart has none. Checked against the spec's table arguments when the
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
const UNBLOCK_CONTEXT = contextMask(GO_UNBLOCK.reqs);
const BLOCK_CONTEXT = contextMask(GO_STOP_REQS);

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

/**
 * Advances `ev`, the next event of the thread whose state is `ms`, if it is
 * one of the shortcut's types and its rule accepts it as described above;
 * then the event is complete (its table IDs valid) and the caller hands it
 * out. False means nothing happened. The thread is present: `ms` exists
 * only for a real thread.
 */
export function advanceSched(t: SchedTables, ev: BaseEvent, ms: MState): boolean {
  const typ = ev.typ;
  if (typ === EV.GoUnblock) {
    if (!accepts(UNBLOCK_CONTEXT, ms)) return false;
    const s = gState(t.gs, ev.a0);
    if (!seqReady(GO_UNBLOCK, s, t.gen, ev.a1) || !hasID(t.stacks, ev.a2)) return false;
    seqTake(GO_UNBLOCK, s, t.gen, ev.a1);
    return true;
  }
  if (typ === EV.GoStart) {
    // The general rule checks readiness first and then the context (an
    // error); here both must hold, so their order does not matter.
    if (!accepts(START_CONTEXT, ms)) return false;
    const gid = ev.a0;
    const s = gState(t.gs, gid);
    if (!seqReady(GO_START, s, t.gen, ev.a1)) return false;
    seqTake(GO_START, s, t.gen, ev.a1);
    ms.g = gid;
    return true;
  }
  if (typ === EV.GoBlock) {
    if (!accepts(BLOCK_CONTEXT, ms)) return false;
    const s = gState(t.gs, ms.g);
    if (s === null || s.status !== GO_STOP_FROM || !hasID(t.strings, ev.a0) || !hasID(t.stacks, ev.a1)) return false;
    s.status = stoppedStatus(typ);
    ms.g = -1;
    return true;
  }
  return false;
}
