// Merging the per-P batches into one stream (Go's parseEventBatches): repeatedly
// take the first unmerged event of every P whose goroutine transition is ready,
// and merge the earliest by timestamp. Then check the timestamps and move
// GoSysExit events to their real exit time.
//
// Go starts from its map of Ps, so its order of events with equal timestamps
// varies between runs. We start from the Ps in increasing id (-1 first), then
// the CPU samples as Go does; everything after that follows Go step by step.
import { goSortFunc } from "@gotrace/codec/internal";
import { TIME_ORDER, v1Error } from "./errors.js";
import { FAKE_P, V1 } from "./events.js";
import { EventHeap } from "./heap.js";
import { loadBatch } from "./load-batch.js";
import { applyTransition, type GOrderState, newTransition, transitionOf, transitionReady } from "./order.js";
import type { ParseState } from "./state.js";
import type { V1Event } from "./types.js";
import type { U64 } from "./u64.js";

/** A P's cursor into its current batch. */
interface Proc {
  readonly pid: number;
  events: V1Event[];
  pos: number;
  done: boolean;
}

const byTs = (a: V1Event, b: V1Event): number => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

/** All events of the trace in merged order, times still in ticks. */
export function mergeBatches(st: ParseState): V1Event[] {
  // Samples are written late by a separate goroutine; order them by the time
  // the signal handler took them (Go sorts with pdqsort, so ties follow it).
  goSortFunc(st.cpuSamples, byTs);

  const pids = [...st.pids].sort((a, b) => a - b);
  const allProcs: Proc[] = pids.map((pid) => ({ pid, events: [], pos: 0, done: false }));
  allProcs.push({ pid: FAKE_P.ProfileP, events: st.cpuSamples, pos: 0, done: false });

  const merged: V1Event[] = [];
  const gs = new Map<U64, GOrderState>();
  const frontier = new EventHeap<Proc>();
  const t = newTransition();
  // Ps whose next event is not in the frontier; removal swaps in the last one, as Go does.
  const available = allProcs.slice();
  const remove = (i: number): void => {
    available[i] = available[available.length - 1] as Proc;
    available.pop();
  };
  for (;;) {
    procs: for (let i = 0; i < available.length; i++) {
      const proc = available[i] as Proc;
      while (proc.pos >= proc.events.length) {
        // Batches can be empty, so load until one has events.
        const evs = loadBatch(st, proc.pid);
        if (evs === null) {
          proc.done = true;
          remove(i);
          i--;
          continue procs;
        }
        proc.events = evs;
        proc.pos = 0;
      }
      const ev = proc.events[proc.pos] as V1Event;
      transitionOf(ev, t);
      if (!transitionReady(t.g, gs.get(t.g), t.init)) continue;
      proc.pos++;
      remove(i);
      frontier.push({ ev, proc });
      i--;
    }

    if (frontier.length === 0) {
      if (allProcs.some((p) => !p.done)) throw v1Error("E_ORDER", "no consistent ordering of events possible");
      break;
    }
    const { ev, proc } = frontier.pop();
    transitionOf(ev, t);
    // The Local variants only matter for ordering.
    if (ev.type === V1.GoStartLocal) ev.type = V1.GoStart;
    else if (ev.type === V1.GoUnblockLocal) ev.type = V1.GoUnblock;
    else if (ev.type === V1.GoSysExitLocal) ev.type = V1.GoSysExit;
    merged.push(ev);
    if (!applyTransition(gs, t)) {
      throw v1Error("E_ORDER", "encountered impossible goroutine state transition", ev.offset);
    }
    available.push(proc);
  }

  for (let i = 1; i < merged.length; i++) {
    if ((merged[i] as V1Event).ts < (merged[i - 1] as V1Event).ts) {
      throw v1Error("E_ORDER", TIME_ORDER, (merged[i] as V1Event).offset);
    }
  }
  if (fixSysExitTimes(merged)) merged.sort(byTs);
  return merged;
}

/**
 * A GoSysExit is written when the goroutine gets a P again, long after the
 * syscall returned; its third argument is the real return time. Moves each
 * GoSysExit there (after checking it follows its syscall). True if any moved.
 */
function fixSysExitTimes(events: V1Event[]): boolean {
  const lastSysBlock = new Map<U64, bigint>();
  let moved = false;
  for (const ev of events) {
    if (ev.type === V1.GoSysBlock || ev.type === V1.GoInSyscall) {
      lastSysBlock.set(ev.g, ev.ts);
    } else if (ev.type === V1.GoSysExit) {
      // A renamed GoSysExitLocal has no third argument, so it stays put.
      const ts = ev.sysTs;
      if (ts === 0n) continue;
      const block = lastSysBlock.get(ev.g) ?? 0n;
      if (block === 0n) throw v1Error("E_ORDER", "stray syscall exit", ev.offset);
      if (ts < block) throw v1Error("E_ORDER", TIME_ORDER, ev.offset);
      if (ts !== ev.ts) moved = true;
      ev.ts = ts;
    }
  }
  return moved;
}
