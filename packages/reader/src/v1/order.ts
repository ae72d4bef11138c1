// The goroutine state machine that decides when an event may be merged (Go's
// tracev1 order.go): events that change a goroutine's state carry sequence
// numbers, and an event is ready once its goroutine is in the state and at
// the sequence number it expects.
import { V1 } from "./events.js";
import type { V1Event } from "./types.js";
import { type U64, u64Inc } from "./u64.js";

/** Goroutine status for ordering. */
export const G_DEAD = 0;
export const G_RUNNABLE = 1;
export const G_RUNNING = 2;
export const G_WAITING = 3;

// Go's uint64 sentinels, held as u64Num numbers (2^64-1 → -1, 2^64-2 → -2).
/** The event has no ordering requirement. */
export const UNORDERED = -1;
/** The pseudo-goroutine that orders GC starts. */
export const GARBAGE = -2;
/** Any sequence number is fine (init) / keep the current one (next). */
export const NOSEQ = -1;
/** The next sequence number is the current one plus one. */
export const SEQINC = -2;

/** A goroutine's ordering state. */
export interface GOrderState {
  seq: U64;
  status: number;
}

/** The result of transitionOf, reused between calls. */
export interface Transition {
  g: U64;
  init: GOrderState;
  next: GOrderState;
}

/** A scratch Transition. */
export function newTransition(): Transition {
  return { g: 0, init: { seq: 0, status: 0 }, next: { seq: 0, status: 0 } };
}

const inc = u64Inc;

function set(t: Transition, g: U64, is: U64, ist: number, ns: U64, nst: number): Transition {
  t.g = g;
  t.init.seq = is;
  t.init.status = ist;
  t.next.seq = ns;
  t.next.status = nst;
  return t;
}

/**
 * Fills `t` with the goroutine an event orders on, the state it needs and the
 * state it leaves (Go's stateTransition), and returns it.
 */
export function transitionOf(ev: V1Event, t: Transition): Transition {
  switch (ev.type) {
    case V1.GoCreate:
      return set(t, ev.args[0], 0, G_DEAD, 1, G_RUNNABLE);
    case V1.GoWaiting:
    case V1.GoInSyscall:
      return set(t, ev.g, 1, G_RUNNABLE, 2, G_WAITING);
    case V1.GoStart:
    case V1.GoStartLabel:
      return set(t, ev.g, ev.args[1], G_RUNNABLE, inc(ev.args[1]), G_RUNNING);
    case V1.GoStartLocal:
      // Emitted on the P that made the goroutine runnable, so already ordered after it.
      return set(t, ev.g, NOSEQ, G_RUNNABLE, SEQINC, G_RUNNING);
    case V1.GoBlock:
    case V1.GoBlockSend:
    case V1.GoBlockRecv:
    case V1.GoBlockSelect:
    case V1.GoBlockSync:
    case V1.GoBlockCond:
    case V1.GoBlockNet:
    case V1.GoSleep:
    case V1.GoSysBlock:
    case V1.GoBlockGC:
      return set(t, ev.g, NOSEQ, G_RUNNING, NOSEQ, G_WAITING);
    case V1.GoSched:
    case V1.GoPreempt:
      return set(t, ev.g, NOSEQ, G_RUNNING, NOSEQ, G_RUNNABLE);
    case V1.GoUnblock:
    case V1.GoSysExit:
      return set(t, ev.args[0], ev.args[1], G_WAITING, inc(ev.args[1]), G_RUNNABLE);
    case V1.GoUnblockLocal:
    case V1.GoSysExitLocal:
      return set(t, ev.args[0], NOSEQ, G_WAITING, SEQINC, G_RUNNABLE);
    case V1.GCStart:
      return set(t, GARBAGE, ev.args[0], G_DEAD, inc(ev.args[0]), G_DEAD);
    default:
      return set(t, UNORDERED, 0, 0, 0, 0);
  }
}

const DEAD: GOrderState = Object.freeze({ seq: 0, status: G_DEAD });

/** Whether a goroutine in state `curr` (undefined: never seen) can take an event needing `init`. */
export function transitionReady(g: U64, curr: GOrderState | undefined, init: GOrderState): boolean {
  if (g === UNORDERED) return true;
  const c = curr ?? DEAD;
  return (init.seq === NOSEQ || init.seq === c.seq) && init.status === c.status;
}

/** Applies a transition to the goroutine states; false when it is not possible (Go's error). */
export function applyTransition(gs: Map<U64, GOrderState>, t: Transition): boolean {
  if (t.g === UNORDERED) return true;
  const curr = gs.get(t.g) ?? DEAD;
  if (!transitionReady(t.g, curr, t.init)) return false;
  let seq = t.next.seq;
  if (seq === NOSEQ) seq = curr.seq;
  else if (seq === SEQINC) seq = inc(curr.seq);
  gs.set(t.g, { seq, status: t.next.status });
  return true;
}
