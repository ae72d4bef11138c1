// The shortcut (sched-fast.ts) against the general rule (Ordering.advance):
// for every combination of goroutine status, sequence number, thread context
// and table IDs that can reach it, advanceSched either declines (and changes
// nothing) or leaves exactly the state Ordering.advance leaves, for an event
// Ordering.advance accepts without error and without queueing anything but
// the event itself. This is what lets skip() take the shortcut at all.
import { EV } from "@gotrace/codec";
import { describe, expect, it } from "vitest";
import { GoStatus } from "../event/kinds.js";
import { Generation } from "../generation/generation.js";
import { TimeFrame } from "../time.js";
import type { U64 } from "../u64.js";
import { type BaseEvent, Ordering } from "./ordering.js";
import { SchedTables, advanceSched } from "./sched-fast.js";
import { GState, type MState } from "./state.js";

const GEN = 3;
const G = 7;
const OTHER_G = 9;
const STACK = 5;
const REASON = 6;

interface Case {
  typ: number;
  status: number;
  /** The goroutine's last sequence number's generation and value. */
  seqGen: number;
  seqN: number;
  /** The event's sequence number. */
  seq: number;
  p: U64;
  g: U64;
  stackKnown: boolean;
  stringKnown: boolean;
}

function* cases(): Generator<Case> {
  for (const typ of [EV.GoStart, EV.GoUnblock, EV.GoBlock])
    for (const status of Object.values(GoStatus))
      for (const seqGen of [GEN - 1, GEN])
        for (const [seqN, seq] of [
          [4, 5],
          [4, 4],
          [4, 6],
        ] as const)
          for (const p of [-1, 2])
            for (const g of [-1, G, OTHER_G])
              for (const stackKnown of [false, true])
                for (const stringKnown of [false, true])
                  yield { typ, status, seqGen, seqN, seq, p, g, stackKnown, stringKnown };
}

/** An ordering that has advanced once (started), with goroutine G in the case's state, and thread 1's state. */
function setUp(c: Case): { order: Ordering; gen: Generation; ms: MState; ev: BaseEvent } {
  const gen = new Generation(new TimeFrame());
  gen.gen = GEN;
  if (c.stackKnown) gen.stackIDs.add(STACK);
  if (c.stringKnown) gen.stringIDs.add(REASON);
  const order = new Ordering(27);
  // A first advance records the first generation (advanceSched needs it): a proc status event of another thread.
  const first: BaseEvent = { typ: EV.ProcStatus, time: 1, a0: 0, a1: 2, a2: 0, a3: 0, offset: 0 };
  expect(order.advance(first, gen, 99, GEN, order.mState(99))).toBe(true);
  while (order.queue.pop() !== null);
  const s = new GState(G, c.status, c.seqGen);
  s.seqN = c.seqN;
  order.gStates.set(G, s);
  // The running goroutine of the thread, when the case has one other than G, is running.
  if (c.g === OTHER_G) order.gStates.set(OTHER_G, new GState(OTHER_G, GoStatus.Running, GEN));
  const ms = order.mState(1)!;
  ms.p = c.p;
  ms.g = c.g;
  // GoStart: (g, seq); GoUnblock: (g, seq, stack); GoBlock: (reason, stack).
  const ev: BaseEvent =
    c.typ === EV.GoBlock
      ? { typ: c.typ, time: 10, a0: REASON, a1: STACK, a2: 0, a3: 0, offset: 100 }
      : { typ: c.typ, time: 10, a0: G, a1: c.seq, a2: STACK, a3: 0, offset: 100 };
  return { order, gen, ms, ev };
}

/** What a case leaves: the thread's context and every goroutine's status and sequence number. */
function stateOf(order: Ordering, ms: MState): unknown {
  const gs = [...order.gStates].map(([id, s]) => [id, s.status, s.seqGen, s.seqN]);
  return { p: ms.p, g: ms.g, gs };
}

describe("advanceSched does what Ordering.advance does, or nothing", () => {
  it("on every combination of status, sequence, context and table IDs", () => {
    let taken = 0;
    let declined = 0;
    for (const c of cases()) {
      const what = JSON.stringify(c);
      const fast = setUp(c);
      const before = stateOf(fast.order, fast.ms);
      const took = advanceSched(new SchedTables(fast.order, fast.gen), fast.ev, fast.ms);
      if (!took) {
        expect(stateOf(fast.order, fast.ms), what).toEqual(before);
        declined++;
        continue;
      }
      taken++;
      // The general rule must accept the same event, queueing only it, and
      // its table IDs must pass Go's check.
      const slow = setUp(c);
      const ok = slow.order.advance(slow.ev, slow.gen, 1, GEN, slow.ms);
      expect(ok, what).toBe(true);
      expect(slow.order.queue.length, what).toBe(1);
      const q = slow.order.queue.pop()!;
      expect(q.type, what).toBe(c.typ);
      const ids = c.typ === EV.GoStart ? true : c.typ === EV.GoUnblock ? c.stackKnown : c.stackKnown && c.stringKnown;
      expect(ids, what).toBe(true);
      expect(stateOf(fast.order, fast.ms), what).toEqual(stateOf(slow.order, slow.ms));
    }
    // Both outcomes happen: the shortcut is neither dead nor unconditional.
    // Taken, counted from the rules: GoStart needs G Runnable, seq 5 after 4
    // in this generation, a proc and no goroutine; it reads no table IDs, so
    // 4 ID combinations. GoUnblock needs G Waiting and the sequence, any of
    // the 2 × 3 contexts, its stack known and any string flag: 12. GoBlock
    // needs a proc and a running goroutine on the thread, and both IDs,
    // whatever the sequence fields (2 × 3): with g = G only when G's status
    // is Running (6), with g = OTHER_G (always Running) for all 5 statuses
    // of G (30).
    expect(taken).toBe(4 + 12 + 6 + 30);
    expect(declined).toBeGreaterThan(0);
  });
});
