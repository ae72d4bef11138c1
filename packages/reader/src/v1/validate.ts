// The parser's consistency check over the merged events (Go's
// postProcessTrace): Ps run one goroutine at a time, goroutines change state
// in allowed ways, GC/STW/sweep/assist spans nest, tasks and regions match.
// It also moves unblocks of network waits to the netpoll P, GC starts to the
// GC P, and drops references to stacks that do not exist.
import { goQuote } from "@gotrace/codec/internal";
import { v1Error } from "./errors.js";
import { FAKE_P, V1, V1_EVENTS } from "./events.js";
import type { V1Event } from "./types.js";
import { i64Decimal, type U64, u64Decimal, u64ToU32 } from "./u64.js";

const G_DEAD = 0;
const G_RUNNABLE = 1;
const G_RUNNING = 2;
const G_WAITING = 3;

interface GDesc {
  state: number;
  ev: V1Event | null;
  evStart: V1Event | null;
  evCreate: V1Event | null;
  evMarkAssist: V1Event | null;
}

interface PDesc {
  running: boolean;
  g: U64;
  evSweep: V1Event | null;
}

const newG = (state = G_DEAD): GDesc => ({ state, ev: null, evStart: null, evCreate: null, evMarkAssist: null });
const utf8 = new TextEncoder();

/** Go's tracev1 Event.String(), used inside some error messages. */
export function v1EventString(ev: V1Event): string {
  const desc = V1_EVENTS[ev.type] as (typeof V1_EVENTS)[number];
  let s = `${i64Decimal(ev.time)} ${desc.name} p=${ev.p} g=${u64Decimal(ev.g)} stk=${ev.stk}`;
  desc.args.forEach((name, i) => {
    s += ` ${name}=${u64Decimal(ev.args[i] ?? 0)}`;
  });
  return s;
}

const q = (ev: V1Event): string => goQuote(utf8.encode(v1EventString(ev)));

/**
 * Checks the merged events (times in ns) and applies Go's fix-ups; throws
 * Go's first error. Returns the ids of stacks that events refer to (as their
 * own stack, or as a created goroutine's) but that no Stack event defines:
 * a complete trace has none, a trace cut before or inside its stack table
 * (written last) does. `defined` holds every id a Stack event defined, with
 * or without frames.
 */
export function validateV1(
  events: V1Event[],
  stacks: Map<number, U64[]>,
  defined: { has(id: number): boolean } = stacks,
): number[] {
  const missing = new Set<number>();
  // Go keeps values in maps and writes them back; entries that Go never
  // writes back must not be created here either (GoCreate checks presence).
  const gs = new Map<U64, GDesc>();
  const ps = new Map<number, PDesc>();
  const tasks = new Map<U64, V1Event>();
  const activeRegions = new Map<U64, V1Event[]>();
  gs.set(0, newG(G_RUNNING));
  let evGC: V1Event | null = null;
  let evSTW: V1Event | null = null;

  const getG = (id: U64): GDesc => gs.get(id) ?? newG();
  const getP = (id: number): PDesc => {
    let p = ps.get(id);
    if (p === undefined) {
      p = { running: false, g: 0, evSweep: null };
      ps.set(id, p);
    }
    return p;
  };

  for (const ev of events) {
    const fail = (msg: string) => v1Error("E_ORDER", msg, ev.offset);
    // Only formatted for an error message.
    const time = () => i64Decimal(ev.time);
    const evG = () => u64Decimal(ev.g);
    const name = () => (V1_EVENTS[ev.type] as (typeof V1_EVENTS)[number]).name;
    const checkRunning = (p: PDesc, g: GDesc, allowG0: boolean): void => {
      if (g.state !== G_RUNNING) throw fail(`g ${evG()} is not running while ${name()} (time ${time()})`);
      if (p.g !== ev.g) throw fail(`p ${ev.p} is not running g ${evG()} while ${name()} (time ${time()})`);
      if (!allowG0 && ev.g === 0) throw fail(`g 0 did ${name()} (time ${time()})`);
    };

    switch (ev.type) {
      case V1.ProcStart: {
        const p = getP(ev.p);
        if (p.running) throw fail(`p ${ev.p} is running before start (time ${time()})`);
        p.running = true;
        break;
      }
      case V1.ProcStop: {
        const p = getP(ev.p);
        if (!p.running) throw fail(`p ${ev.p} is not running before stop (time ${time()})`);
        if (p.g !== 0) throw fail(`p ${ev.p} is running a goroutine ${u64Decimal(p.g)} during stop (time ${time()})`);
        p.running = false;
        break;
      }
      case V1.GCStart:
        if (evGC !== null) throw fail(`previous GC is not ended before a new one (time ${time()})`);
        evGC = ev;
        // GC belongs to no P.
        ev.p = FAKE_P.GCP;
        break;
      case V1.GCDone:
        if (evGC === null) throw fail(`bogus GC end (time ${time()})`);
        evGC = null;
        break;
      case V1.STWStart:
        if (evSTW !== null) throw fail(`previous STW is not ended before a new one (time ${time()})`);
        evSTW = ev;
        break;
      case V1.STWDone:
        if (evSTW === null) throw fail(`bogus STW end (time ${time()})`);
        evSTW = null;
        break;
      case V1.GCSweepStart: {
        const p = getP(ev.p);
        if (p.evSweep !== null) throw fail(`previous sweeping is not ended before a new one (time ${time()})`);
        p.evSweep = ev;
        break;
      }
      case V1.GCMarkAssistStart: {
        const g = getG(ev.g);
        if (g.evMarkAssist !== null) throw fail(`previous mark assist is not ended before a new one (time ${time()})`);
        g.evMarkAssist = ev;
        gs.set(ev.g, g);
        break;
      }
      case V1.GCMarkAssistDone: {
        // An assist may have begun before tracing did, so no check; but Go
        // still writes the goroutine's entry back.
        const g = getG(ev.g);
        g.evMarkAssist = null;
        gs.set(ev.g, g);
        break;
      }
      case V1.GCSweepDone: {
        const p = getP(ev.p);
        if (p.evSweep === null) throw fail(`bogus sweeping end (time ${time()})`);
        p.evSweep = null;
        break;
      }
      case V1.GoWaiting:
      case V1.GoInSyscall: {
        const g = getG(ev.g);
        if (g.state !== G_RUNNABLE) throw fail(`g ${evG()} is not runnable before Ev${name()} (time ${time()})`);
        g.state = G_WAITING;
        g.ev = ev;
        gs.set(ev.g, g);
        break;
      }
      case V1.GoCreate: {
        checkRunning(getP(ev.p), getG(ev.g), true);
        if (gs.has(ev.args[0])) throw fail(`g ${u64Decimal(ev.args[0])} already exists (time ${time()})`);
        gs.set(ev.args[0], { ...newG(G_RUNNABLE), ev, evCreate: ev });
        // Go prints the new goroutine's stack without a check (and panics when it is missing).
        const created = u64ToU32(ev.args[1]);
        if (created !== 0 && !defined.has(created)) missing.add(created);
        break;
      }
      case V1.GoStart:
      case V1.GoStartLabel: {
        const g = getG(ev.g);
        const p = getP(ev.p);
        if (g.state !== G_RUNNABLE) throw fail(`g ${evG()} is not runnable before start (time ${time()})`);
        if (p.g !== 0) {
          throw fail(`p ${ev.p} is already running g ${u64Decimal(p.g)} while start g ${evG()} (time ${time()})`);
        }
        g.state = G_RUNNING;
        g.evStart = ev;
        p.g = ev.g;
        if (g.evCreate !== null) {
          ev.stk = u64ToU32(g.evCreate.args[1]);
          g.evCreate = null;
        }
        g.ev = null;
        gs.set(ev.g, g);
        break;
      }
      case V1.GoEnd:
      case V1.GoStop: {
        const g = getG(ev.g);
        const p = getP(ev.p);
        checkRunning(p, g, false);
        g.evStart = null;
        g.state = G_DEAD;
        p.g = 0;
        if (ev.type === V1.GoEnd) activeRegions.delete(ev.g);
        gs.set(ev.g, g);
        break;
      }
      case V1.GoSched:
      case V1.GoPreempt: {
        const g = getG(ev.g);
        const p = getP(ev.p);
        checkRunning(p, g, false);
        g.state = G_RUNNABLE;
        g.evStart = null;
        p.g = 0;
        g.ev = ev;
        gs.set(ev.g, g);
        break;
      }
      case V1.GoUnblock: {
        const g = getG(ev.g);
        const p = getP(ev.p);
        if (g.state !== G_RUNNING) throw fail(`g ${evG()} is not running while unpark (time ${time()})`);
        if (ev.p !== FAKE_P.TimerP && p.g !== ev.g) {
          throw fail(`p ${ev.p} is not running g ${evG()} while unpark (time ${time()})`);
        }
        const g1 = getG(ev.args[0]);
        if (g1.state !== G_WAITING) {
          throw fail(`g ${u64Decimal(ev.args[0])} is not waiting before unpark (time ${time()})`);
        }
        // Unblocks of network waits come from the netpoller.
        if (g1.ev !== null && g1.ev.type === V1.GoBlockNet) ev.p = FAKE_P.NetpollP;
        g1.state = G_RUNNABLE;
        g1.ev = ev;
        gs.set(ev.args[0], g1);
        break;
      }
      case V1.GoSysCall: {
        const g = getG(ev.g);
        checkRunning(getP(ev.p), g, false);
        g.ev = ev;
        gs.set(ev.g, g);
        break;
      }
      case V1.GoSysBlock: {
        const g = getG(ev.g);
        const p = getP(ev.p);
        checkRunning(p, g, false);
        g.state = G_WAITING;
        g.evStart = null;
        p.g = 0;
        gs.set(ev.g, g);
        break;
      }
      case V1.GoSysExit: {
        const g = getG(ev.g);
        if (g.state !== G_WAITING) throw fail(`g ${evG()} is not waiting during syscall exit (time ${time()})`);
        g.state = G_RUNNABLE;
        g.ev = ev;
        gs.set(ev.g, g);
        break;
      }
      case V1.GoSleep:
      case V1.GoBlock:
      case V1.GoBlockSend:
      case V1.GoBlockRecv:
      case V1.GoBlockSelect:
      case V1.GoBlockSync:
      case V1.GoBlockCond:
      case V1.GoBlockNet:
      case V1.GoBlockGC: {
        const g = getG(ev.g);
        const p = getP(ev.p);
        checkRunning(p, g, false);
        g.state = G_WAITING;
        g.ev = ev;
        g.evStart = null;
        p.g = 0;
        gs.set(ev.g, g);
        break;
      }
      case V1.UserTaskCreate: {
        const prev = tasks.get(ev.args[0]);
        if (prev !== undefined) {
          throw fail(`task id conflicts (id:${u64Decimal(ev.args[0])}), ${q(ev)} vs ${q(prev)}`);
        }
        tasks.set(ev.args[0], ev);
        break;
      }
      case V1.UserTaskEnd:
        tasks.delete(ev.args[0]);
        break;
      case V1.UserRegion: {
        const mode = ev.args[1];
        const regions = activeRegions.get(ev.g) ?? [];
        if (mode === 0) {
          regions.push(ev);
          activeRegions.set(ev.g, regions);
        } else if (mode === 1) {
          const s = regions[regions.length - 1];
          // A region that began before tracing has no start event: no check.
          if (s !== undefined) {
            if (s.args[0] !== ev.args[0] || s.args[2] !== ev.args[2]) {
              throw fail(
                `misuse of region in goroutine ${evG()}: span end ${q(ev)} when the inner-most active span start event is ${q(s)}`,
              );
            }
            regions.pop();
            if (regions.length === 0) activeRegions.delete(ev.g);
          }
        } else {
          throw fail(`invalid user region mode: ${q(ev)}`);
        }
        break;
      }
    }

    // Stacks that were never defined (or had no frames) read as no stack.
    if (ev.stk !== 0 && !stacks.has(ev.stk)) {
      if (!defined.has(ev.stk)) missing.add(ev.stk);
      ev.stk = 0;
    }
  }
  return [...missing].sort((a, b) => a - b);
}
