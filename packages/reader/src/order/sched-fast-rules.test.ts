// The shortcut (sched-fast.ts) against the general rule (Ordering.advance):
// for every combination of goroutine status, sequence number, thread context
// and table IDs that can reach it, advanceSched either declines (and changes
// nothing) or leaves exactly the state Ordering.advance leaves, for an event
// Ordering.advance accepts without error and without queueing anything but
// the event itself. This is what lets skip() take the shortcut at all.
import { EV } from "@gotrace/codec";
import { describe, expect, it } from "vitest";
import { GoStatus, ProcStatus } from "../event/kinds.js";
import { Generation } from "../generation/generation.js";
import { TimeFrame } from "../time.js";
import type { U64 } from "../u64.js";
import { type BaseEvent, Ordering } from "./ordering.js";
import { SchedTables, advanceSched } from "./sched-fast.js";
import { GState, type MState, PState, makeRangeType } from "./state.js";
import { NO_TASK } from "./rules.js";
import { missingTableID } from "./table-ids.js";

const GEN = 3;
const P = 2;
const G = 7;
const OTHER_G = 9;
const STACK = 5;
const REASON = 6;

interface Case {
  typ: number;
  status: number;
  /** The status of proc P. */
  pStatus: number;
  /** G's and P's last sequence number's generation and value. */
  seqGen: number;
  seqN: number;
  /** The event's sequence number (GoSyscallBegin's is the proc's). */
  seq: number;
  p: U64;
  g: U64;
  stackKnown: boolean;
  stringKnown: boolean;
}

const TYPES = [
  EV.GoStart,
  EV.GoUnblock,
  EV.GoBlock,
  EV.GoStop,
  EV.GoDestroy,
  EV.GoSyscallBegin,
  EV.GoSyscallEnd,
  EV.GoCreate,
  EV.UserTaskBegin,
  EV.UserTaskEnd,
  EV.UserRegionBegin,
  EV.UserRegionEnd,
  EV.GCMarkAssistBegin,
  EV.GCMarkAssistEnd,
  EV.GCSweepBegin,
  EV.GCSweepEnd,
];
/** The task the annotation events name. */
const TASK = 3;
/** A goroutine no case creates beforehand. */
const NEW_G = 11;

function* cases(): Generator<Case> {
  for (const typ of TYPES)
    for (const status of Object.values(GoStatus))
      for (const pStatus of [ProcStatus.Running, ProcStatus.Syscall, ProcStatus.Idle])
        for (const seqGen of [GEN - 1, GEN])
          for (const [seqN, seq] of [
            [4, 5],
            [4, 4],
            [4, 6],
          ] as const)
            for (const p of [-1, P])
              for (const g of [-1, G, OTHER_G])
                for (const stackKnown of [false, true])
                  for (const stringKnown of [false, true])
                    yield { typ, status, pStatus, seqGen, seqN, seq, p, g, stackKnown, stringKnown };
}

/** The event of a case: each type's arguments in the spec's order. */
function eventOf(c: Case): BaseEvent {
  const ev: BaseEvent = { typ: c.typ, time: 10, a0: 0, a1: 0, a2: 0, a3: 0, offset: 100 };
  if (c.typ === EV.GoStart || c.typ === EV.GoUnblock) {
    // (g, seq) and GoUnblock's stack.
    ev.a0 = G;
    ev.a1 = c.seq;
    ev.a2 = STACK;
  } else if (c.typ === EV.GoBlock || c.typ === EV.GoStop) {
    // (reason, stack)
    ev.a0 = REASON;
    ev.a1 = STACK;
  } else if (c.typ === EV.GoCreate) {
    // (new g, new stack, stack); the sequence cases pick a new goroutine
    // (seq 5) or one that exists (G).
    ev.a0 = c.seq === 5 ? NEW_G : G;
    ev.a1 = STACK;
    ev.a2 = STACK;
  } else if (c.typ === EV.UserTaskBegin) {
    // (task, parent, name, stack); parent 0 (none) or 2.
    ev.a0 = TASK;
    ev.a1 = c.seq === 5 ? 0 : 2;
    ev.a2 = REASON;
    ev.a3 = STACK;
  } else if (c.typ === EV.UserTaskEnd) {
    // (task, stack)
    ev.a0 = TASK;
    ev.a1 = STACK;
  } else if (c.typ === EV.UserRegionBegin || c.typ === EV.UserRegionEnd) {
    // (task, name, stack)
    ev.a0 = TASK;
    ev.a1 = REASON;
    ev.a2 = STACK;
  } else if (c.typ === EV.GCMarkAssistBegin || c.typ === EV.GCSweepBegin) {
    // (stack)
    ev.a0 = STACK;
  } else if (c.typ === EV.GCSweepEnd) {
    // (swept, reclaimed): no table IDs.
    ev.a0 = 100;
    ev.a1 = 50;
  } else if (c.typ === EV.GoSyscallBegin) {
    // (proc seq, stack)
    ev.a0 = c.seq;
    ev.a1 = STACK;
  }
  return ev;
}

/** An ordering that has advanced once (started), with goroutine G in the case's state, and thread 1's state. */
function setUp(c: Case): { order: Ordering; gen: Generation; ms: MState; ev: BaseEvent } {
  const gen = new Generation(new TimeFrame());
  gen.gen = GEN;
  if (c.stackKnown) gen.stackIDs.add(STACK);
  if (c.stringKnown) gen.addString(REASON, new TextEncoder().encode("r"), 0, 1);
  const order = new Ordering(27);
  // A first advance records the first generation (advanceSched needs it): a proc status event of another thread.
  const first: BaseEvent = { typ: EV.ProcStatus, time: 1, a0: 0, a1: 2, a2: 0, a3: 0, offset: 0 };
  expect(order.advance(first, gen, 99, GEN, order.mState(99))).toBe(true);
  while (order.queue.pop() !== null);
  const s = new GState(G, c.status, c.seqGen);
  s.seqN = c.seqN;
  order.gStates.set(G, s);
  // Annotation state, picked by the sequence fields: TASK active or not;
  // G inside a region the events end ("r" of TASK), another one, or none.
  if (c.seqGen === GEN) order.activeTasks.set(TASK, { name: new TextEncoder().encode("t"), parent: NO_TASK });
  if (c.seq === 4) s.regions = [{ task: TASK, name: "r" }];
  if (c.seq === 6) s.regions = [{ task: 9, name: "x" }];
  const ps = new PState(P, c.pStatus, c.seqGen);
  ps.seqN = c.seqN;
  order.pStates.set(P, ps);
  // GC work in flight, picked the same way: G assisting and P sweeping, or not.
  if (c.seq === 4) {
    expect(s.beginRange(makeRangeType(EV.GCMarkAssistBegin, 0))).toBeNull();
    expect(ps.beginRange(makeRangeType(EV.GCSweepBegin, 0))).toBeNull();
  }
  // The running goroutine of the thread, when the case has one other than G, is running.
  if (c.g === OTHER_G) order.gStates.set(OTHER_G, new GState(OTHER_G, GoStatus.Running, GEN));
  const ms = order.mState(1)!;
  ms.p = c.p;
  ms.g = c.g;
  return { order, gen, ms, ev: eventOf(c) };
}

/**
 * What a case leaves: the thread's context, every goroutine's and proc's
 * status and sequence number, the goroutines' regions, the active tasks,
 * the generation's extra strings, and the event's arguments (rules rewrite
 * some as the event is handed out).
 */
function stateOf(order: Ordering, ms: MState, gen: Generation, ev: BaseEvent): unknown {
  const dec = new TextDecoder();
  const gs = [...order.gStates].map(([id, s]) => [
    id,
    s.status,
    s.seqGen,
    s.seqN,
    s.regions.map((r) => [r.task, r.name]),
  ]);
  const ps = [...order.pStates].map(([id, s]) => [id, s.status, s.seqGen, s.seqN]);
  const tasks = [...order.activeTasks].map(([id, t]) => [id, dec.decode(t.name), t.parent]);
  const extra = [1, 2].map((id) => dec.decode(gen.extraString(id)));
  return { p: ms.p, g: ms.g, gs, ps, tasks, extra, args: [ev.a0, ev.a1, ev.a2, ev.a3] };
}

describe("advanceSched does what Ordering.advance does, or nothing", () => {
  it("on every combination of status, sequence, context and table IDs", () => {
    const taken = new Map<number, number>();
    const declined = new Map<number, number>();
    const bump = (m: Map<number, number>, t: number) => m.set(t, (m.get(t) ?? 0) + 1);
    for (const c of cases()) {
      const what = JSON.stringify(c);
      const fast = setUp(c);
      const before = stateOf(fast.order, fast.ms, fast.gen, fast.ev);
      const took = advanceSched(new SchedTables(fast.order, fast.gen), fast.ev, fast.ms);
      if (!took) {
        expect(stateOf(fast.order, fast.ms, fast.gen, fast.ev), what).toEqual(before);
        bump(declined, c.typ);
        continue;
      }
      bump(taken, c.typ);
      // The general rule must accept the same event without an error,
      // queueing only it, with table IDs that pass Go's check, and leave the
      // same state.
      const slow = setUp(c);
      const ok = slow.order.advance(slow.ev, slow.gen, 1, GEN, slow.ms);
      expect(ok, what).toBe(true);
      expect(slow.order.queue.length, what).toBe(1);
      const q = slow.order.queue.pop()!;
      expect(q.type, what).toBe(c.typ);
      expect(missingTableID(q, slow.gen), what).toBeNull();
      expect(stateOf(fast.order, fast.ms, fast.gen, fast.ev), what).toEqual(
        stateOf(slow.order, slow.ms, slow.gen, slow.ev),
      );
    }
    // Every type is both taken and declined: the shortcut is neither dead
    // nor unconditional for any of them.
    for (const t of TYPES) {
      expect(taken.get(t) ?? 0, `type ${t} taken`).toBeGreaterThan(0);
      expect(declined.get(t) ?? 0, `type ${t} declined`).toBeGreaterThan(0);
    }
  });
});
