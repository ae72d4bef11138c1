// Converting parsed v1 events into v2 base events (Go's tracev1.go). The whole
// trace becomes one generation with one string and stack table. Most events
// map one to one; some are dropped (the first Gomaxprocs, GoSysBlock,
// GoCreate before it), some become two (GoStartLabel, a non-blocking
// GoSysCall), and the first Gomaxprocs adds a GoStatus for every goroutine
// that existed at trace start and was not described otherwise.
import { EV, EVENT_SPECS } from "@gotrace/codec";
import { BUILTIN_STRINGS, S, stwReason } from "./builtin-strings.js";
import { v1Error } from "./errors.js";
import { V1, V1_EVENTS } from "./events.js";
import type { V1BaseEvent, V1Event, V1Frame, V1ParsedTrace } from "./types.js";
import { compareU64, numToU64, type U64, u64FromBigInt } from "./u64.js";

// v2 status values (Go's tracev2.GoStatus / ProcStatus).
const GO_RUNNABLE = 1;
const GO_RUNNING = 2;
const GO_SYSCALL = 3;
const GO_WAITING = 4;
const PROC_RUNNING = 1;
const PROC_IDLE = 2;
/** NoTask, NoThread, NoProc, NoGoroutine: 2^64-1, held as -1. */
const NONE = -1;
const MAX_U64 = 0xffff_ffff_ffff_ffffn;

/** The v1 block events and the reason string each becomes. */
const BLOCK_REASONS = new Map<number, [type: number, reason: number]>([
  [V1.GoStop, [EV.GoBlock, S.Forever]],
  [V1.GoSched, [EV.GoStop, S.Gosched]],
  [V1.GoPreempt, [EV.GoStop, S.Preempted]],
  [V1.GoSleep, [EV.GoBlock, S.Sleep]],
  [V1.GoBlock, [EV.GoBlock, S.Empty]],
  [V1.GoBlockSend, [EV.GoBlock, S.ChanSend]],
  [V1.GoBlockRecv, [EV.GoBlock, S.ChanRecv]],
  [V1.GoBlockSelect, [EV.GoBlock, S.Select]],
  [V1.GoBlockSync, [EV.GoBlock, S.Sync]],
  [V1.GoBlockCond, [EV.GoBlock, S.SyncCond]],
  [V1.GoBlockNet, [EV.GoBlock, S.Network]],
  [V1.GoBlockGC, [EV.GoBlock, S.MarkAssistWait]],
]);

/** v1 events that map to one v2 type with the arguments copied. */
const SAME_ARGS = new Map<number, number>([
  [V1.GCStart, EV.GCBegin],
  [V1.GCDone, EV.GCEnd],
  [V1.GCSweepStart, EV.GCSweepBegin],
  [V1.GCSweepDone, EV.GCSweepEnd],
  [V1.GoEnd, EV.GoDestroy],
  [V1.GoUnblock, EV.GoUnblock],
  [V1.GoSysExit, EV.GoSyscallEndBlocked],
  [V1.HeapAlloc, EV.HeapAlloc],
  [V1.HeapGoal, EV.HeapGoal],
  [V1.GCMarkAssistStart, EV.GCMarkAssistBegin],
  [V1.GCMarkAssistDone, EV.GCMarkAssistEnd],
]);

const SKIP = null;

/**
 * Streams the converted events of a parsed v1 trace, one `next()` at a time,
 * so that a reader can report the events before a conversion error as Go does.
 */
export class V1EventConverter {
  /** The N of "go 1.N trace". */
  readonly version: number;
  /** The string table: the trace's strings, the UserLog messages, then BUILTIN_STRINGS. */
  readonly strings = new Map<U64, string>();
  /** Go's extra strings (UserTaskEnd names): id k is extraStrings[k - 1]; 0 is "". Grows while converting. */
  readonly extraStrings: string[] = [];
  /** Stack id → frames, innermost first. */
  readonly stacks = new Map<number, V1Frame[]>();

  private readonly events: V1Event[];
  private pos = 0;
  /** For each event, the index of the next event on the same goroutine, or -1. */
  private readonly nextSameG: Int32Array;
  private readonly pending: V1BaseEvent[] = [];
  private preInit = true;
  private readonly createdPreInit = new Set<U64>();
  private readonly tasks = new Map<U64, { name: string; parent: U64 }>();
  private readonly seenProcs = new Set<number>();
  private readonly procMs = new Map<number, U64>();
  private lastTs = -1;
  private lastStwReason: U64 = 0;
  private readonly extraIds = new Map<string, number>();
  private readonly inlineToStringID: U64[] = [];
  private readonly builtinToStringID: U64[] = [];

  constructor(trace: V1ParsedTrace) {
    this.version = trace.version;
    this.events = trace.events;
    this.nextSameG = nextEventOfSameG(trace.events);
    this.buildStrings(trace);
    for (const [id, pcs] of trace.stacks) {
      this.stacks.set(
        id,
        pcs.map((pc) => {
          const f = trace.pcs.get(pc);
          if (f === undefined) return { pc: 0, func: "", file: "", line: 0 };
          return { pc: f.pc, func: this.strings.get(f.fn) ?? "", file: this.strings.get(f.file) ?? "", line: f.line };
        }),
      );
    }
  }

  /** Time for the Sync Go's reader puts first (the first event's time − 1); undefined when there are no events. */
  get firstSyncTime(): number | undefined {
    const first = this.events[0];
    return first === undefined ? undefined : first.time - 1;
  }

  /** Time of the last event returned (-1 before any); Go's final Sync comes at this + 1. */
  get lastTime(): number {
    return this.lastTs;
  }

  /** The next converted event, or undefined at the end. Throws Go's `unexpected event type %d`. */
  next(): V1BaseEvent | undefined {
    for (;;) {
      let ev = this.pending.shift();
      if (ev === undefined) {
        const old = this.events[this.pos];
        if (old === undefined) return undefined;
        this.pos++;
        const out = this.convert(old);
        if (out === SKIP) continue;
        ev = out;
      }
      // v2 needs strictly increasing times; synthesized events share one.
      if (ev.time <= this.lastTs) ev.time = this.lastTs + 1;
      this.lastTs = ev.time;
      return ev;
    }
  }

  /** Go's evTable.addExtraString. */
  private addExtraString(s: string): number {
    if (s === "") return 0;
    let id = this.extraIds.get(s);
    if (id === undefined) {
      this.extraStrings.push(s);
      id = this.extraStrings.length;
      this.extraIds.set(s, id);
    }
    return id;
  }

  private buildStrings(trace: V1ParsedTrace): void {
    let max = 0n;
    for (const [id, s] of trace.strings) {
      this.strings.set(id, s);
      const u = numToU64(id);
      if (u > max) max = u;
    }
    // New ids go after the largest one: UserLog messages, then the built-ins.
    const added = BigInt(trace.inlineStrings.length + BUILTIN_STRINGS.length);
    if (max + added > MAX_U64) throw v1Error("E_LIMIT", "trace contains too many strings");
    trace.inlineStrings.forEach((s, i) => {
      const id = u64FromBigInt(max + 1n + BigInt(i));
      this.inlineToStringID.push(id);
      this.strings.set(id, s);
    });
    max += BigInt(trace.inlineStrings.length);
    BUILTIN_STRINGS.forEach((s, i) => {
      const id = u64FromBigInt(max + 1n + BigInt(i));
      this.builtinToStringID.push(id);
      this.strings.set(id, s);
    });
  }

  private builtin(s: number): U64 {
    return this.builtinToStringID[s] as U64;
  }

  /** An event with the context the special cases use: M from procMs, defaulting to 0 as Go's map read does. */
  private withProcM(ev: V1Event, type: number, time: number, args: V1BaseEvent["args"]): V1BaseEvent {
    return { type, time, m: this.procMs.get(ev.p) ?? 0, p: ev.p, g: ev.g, args };
  }

  private convert(ev: V1Event): V1BaseEvent | typeof SKIP {
    let type: number;
    let args: V1BaseEvent["args"] = [ev.args[0], ev.args[1], ev.args[2], ev.args[3]];
    const block = BLOCK_REASONS.get(ev.type);
    const same = SAME_ARGS.get(ev.type);
    if (block !== undefined) {
      type = block[0];
      args = [this.builtin(block[1]), ev.stk, 0, 0];
    } else if (same !== undefined) {
      type = same;
    } else {
      switch (ev.type) {
        case V1.Gomaxprocs:
          type = EV.ProcsChange;
          if (this.preInit) {
            this.endPreInit(ev);
            return SKIP;
          }
          break;
        case V1.ProcStart:
          this.procMs.set(ev.p, ev.args[0]);
          if (this.seenProcs.has(ev.p)) {
            type = EV.ProcStart;
            args = [ev.p, 0, 0, 0];
          } else {
            this.seenProcs.add(ev.p);
            type = EV.ProcStatus;
            args = [ev.p, PROC_RUNNING, 0, 0];
          }
          break;
        case V1.ProcStop:
          if (this.seenProcs.has(ev.p)) {
            type = EV.ProcStop;
            args = [ev.p, 0, 0, 0];
          } else {
            this.seenProcs.add(ev.p);
            type = EV.ProcStatus;
            args = [ev.p, PROC_IDLE, 0, 0];
          }
          break;
        case V1.STWStart: {
          const sid = this.builtin(S.STWUnknown + stwReason(this.version, ev.args[0]));
          this.lastStwReason = sid;
          type = EV.STWBegin;
          args = [sid, 0, 0, 0];
          break;
        }
        case V1.STWDone:
          type = EV.STWEnd;
          args = [this.lastStwReason, 0, 0, 0];
          break;
        case V1.GoCreate:
          if (this.preInit) {
            this.createdPreInit.add(ev.args[0]);
            return SKIP;
          }
          type = EV.GoCreate;
          break;
        case V1.GoStart:
          if (this.preInit) {
            type = EV.GoStatus;
            args = [ev.args[0], NONE, GO_RUNNING, 0];
            this.createdPreInit.delete(ev.args[0]);
          } else {
            type = EV.GoStart;
          }
          break;
        case V1.GoStartLabel:
          // A GoStart followed by the label, both in the running goroutine's context.
          this.pending.push(this.withProcM(ev, EV.GoLabel, ev.time, [ev.args[2], 0, 0, 0]));
          return this.withProcM(ev, EV.GoStart, ev.time, args);
        case V1.GoSysCall:
          if (this.syscallBlocks()) {
            type = EV.GoSyscallBegin;
            args = [0, ev.stk, 0, 0];
          } else {
            // v1 syscalls that did not block are instants; v2 needs a span, so make it 1 ns long.
            const begin = this.withProcM(ev, EV.GoSyscallBegin, ev.time, [0, ev.stk, 0, 0]);
            this.pending.push({ ...begin, type: EV.GoSyscallEnd, time: ev.time + 1, args: [0, 0, 0, 0] });
            return begin;
          }
          break;
        case V1.GoSysBlock:
          return SKIP;
        case V1.GoWaiting:
          type = EV.GoStatus;
          args = [ev.args[0], NONE, GO_WAITING, 0];
          this.createdPreInit.delete(ev.args[0]);
          break;
        case V1.GoInSyscall:
          // v1 does not say which thread the syscall is on.
          type = EV.GoStatus;
          args = [ev.args[0], NONE, GO_SYSCALL, 0];
          this.createdPreInit.delete(ev.args[0]);
          break;
        case V1.UserTaskCreate: {
          type = EV.UserTaskBegin;
          const parent = ev.args[1] === 0 ? NONE : ev.args[1];
          args = [ev.args[0], parent, ev.args[2], ev.stk];
          this.tasks.set(ev.args[0], { name: this.strings.get(ev.args[2]) ?? "", parent: ev.args[1] });
          break;
        }
        case V1.UserTaskEnd: {
          type = EV.UserTaskEnd;
          // The reader's Task() finds the parent and name in the extra slots.
          const task = this.tasks.get(ev.args[0]);
          if (task !== undefined) {
            this.tasks.delete(ev.args[0]);
            args = [ev.args[0], ev.args[1], task.parent, this.addExtraString(task.name)];
          } else {
            args = [ev.args[0], ev.args[1], NONE, this.addExtraString("")];
          }
          break;
        }
        case V1.UserRegion:
          // The validator rejected other modes; Go would leave the type 0.
          type = ev.args[1] === 0 ? EV.UserRegionBegin : ev.args[1] === 1 ? EV.UserRegionEnd : 0;
          args = [ev.args[0], ev.args[2], ev.stk, 0];
          break;
        case V1.UserLog:
          type = EV.UserLog;
          args = [ev.args[0], ev.args[1], this.inlineToStringID[ev.args[3] as number] as U64, ev.stk];
          break;
        case V1.CPUSample:
          // v2 samples: [stack, M, P, G]; v1 samples have no M.
          type = EV.CPUSample;
          args = [ev.stk, NONE, ev.p, ev.g];
          break;
        default:
          throw v1Error("E_EVENT_TYPE", `unexpected event type ${ev.type}`, ev.offset);
      }
    }

    // The event's own stack goes where the v2 event keeps it. (For CPUSample
    // that is the G slot, as in Go; the reader takes a sample's stack from slot 0.)
    if ((V1_EVENTS[ev.type] as (typeof V1_EVENTS)[number]).stack) {
      const at = EVENT_SPECS[type]?.stackArgs[0];
      if (at !== undefined) args[at - 1] = ev.stk;
    }
    let m: U64 = NONE;
    if (ev.p !== -1 && ev.type !== V1.CPUSample) m = this.procMs.get(ev.p) ?? NONE;
    if (ev.type === V1.ProcStop) this.procMs.delete(ev.p);
    return { type, time: ev.time, m, p: ev.p, g: ev.g === 0 ? NONE : ev.g, args };
  }

  /** Whether the syscall just taken blocked: the goroutine's next event is a GoSysBlock. */
  private syscallBlocks(): boolean {
    const next = this.nextSameG[this.pos - 1] as number;
    return next >= 0 && (this.events[next] as V1Event).type === V1.GoSysBlock;
  }

  /**
   * The first Gomaxprocs ends the trace's initial state dump: goroutines
   * created in it that were neither running, waiting nor in a syscall are
   * runnable. Go emits their GoStatus in map order; we use increasing ids.
   */
  private endPreInit(ev: V1Event): void {
    this.preInit = false;
    const ids = [...this.createdPreInit].sort(compareU64);
    for (const id of ids) {
      this.pending.push({
        type: EV.GoStatus,
        time: ev.time,
        m: NONE,
        p: NONE,
        g: NONE,
        args: [id, NONE, GO_RUNNABLE, 0],
      });
    }
    this.createdPreInit.clear();
  }
}

/** For each event, the index of the next event with the same G, or -1 (one pass from the end). */
function nextEventOfSameG(events: V1Event[]): Int32Array {
  const next = new Int32Array(events.length);
  const seen = new Map<U64, number>();
  for (let i = events.length - 1; i >= 0; i--) {
    const g = (events[i] as V1Event).g;
    next[i] = seen.get(g) ?? -1;
    seen.set(g, i);
  }
  return next;
}
