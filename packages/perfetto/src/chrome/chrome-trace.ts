// The Chrome Trace Event JSON that Go 1.27's `go tool trace` serves at
// /jsontrace (its default, per-P view): a port of cmd/trace's procgen.go,
// gstate.go and gen.go over internal/trace/traceviewer's Emitter and
// ViewerDataTraceConsumer, fed one event at a time and written as it goes.
// Go's names, rules and quirks are kept, since the point is the same output:
// a goroutine first seen running counts from the trace's first event, P 0's
// unblocks draw no arrow, a range of an unknown goroutine is Go's nil map
// entry (here: ignored, where Go would stop), and so on.
import { type Event, EventKind, type Frame, GoState, ProcState, ResourceKind } from "@gotrace/reader";
import { type TransitionParts, readTransition } from "@gotrace/reader/internal";

/** traceviewer's special P ids (fakep.go) and sections (format.go). */
const TIMER_P = 1000001;
const NETPOLL_P = 1000002;
const SYSCALL_P = 1000003;
const GC_P = 1000004;
const PROCS_SECTION = 0;
const STATS_SECTION = 1;
/** Go's noResource, and uint64(-1): what a NoProc/NoThread prints as. */
const NO_RESOURCE = -1;
const U64_MAX = "18446744073709551615";

/** traceviewer.GState. */
const G_DEAD = 0;
const G_RUNNABLE = 1;
const G_RUNNING = 2;
const G_WAITING = 3;
const G_WAITING_GC = 4;

/** One format.Event; undefined and the zero values of omitempty fields are left out as Go leaves them. */
interface ViewerEvent {
  name?: string;
  ph: string;
  s?: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: number;
  sf?: number;
  esf?: number;
  args?: string;
  cat?: string;
}

/** A JSON string as Go's encoding/json writes it (HTML-safe: <, > and & escaped, and U+2028/9). */
/** Printable ASCII but for `"`, `\\`, `<`, `>` and `&`: quoted as it is, by Go and by JSON.stringify. */
const PLAIN = /^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/;

function goString(s: string): string {
  if (PLAIN.test(s)) return `"${s}"`;
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A uint64 resource id as Go prints it: -1 (NoProc, NoThread) is 2^64-1. */
function u64(n: number): string {
  return n < 0 ? U64_MAX : String(n);
}

/** viewerTime: nanoseconds as float microseconds (encoding/json and JS print float64 alike). */
const viewerTime = (ns: number): number => ns / 1000;

function encodeEvent(e: ViewerEvent): string {
  let out = "{";
  if (e.name !== undefined && e.name !== "") out += `"name":${goString(e.name)},`;
  out += `"ph":${goString(e.ph)}`;
  if (e.s) out += `,"s":${goString(e.s)}`;
  out += `,"ts":${e.ts}`;
  if (e.dur) out += `,"dur":${e.dur}`;
  out += `,"pid":${e.pid},"tid":${u64(e.tid)}`;
  if (e.id) out += `,"id":${e.id}`;
  if (e.sf) out += `,"sf":${e.sf}`;
  if (e.esf) out += `,"esf":${e.esf}`;
  if (e.args !== undefined) out += `,"args":${e.args}`;
  if (e.cat) out += `,"cat":${goString(e.cat)}`;
  return `${out}}\n`;
}

interface ActiveRange {
  time: number;
  stack: Frame[] | null;
}

interface CompletedRange {
  name: string;
  startTime: number;
  endTime: number;
  startStack: Frame[] | null;
  endStack: Frame[] | null;
  arg?: string;
}

/** cmd/trace's gState[ProcID]. */
class GState {
  baseName: string;
  named = false;
  label = "";
  executing = NO_RESOURCE;
  lastStopStack: Frame[] | null = null;
  /** In insertion order; Go's map order is random, so the order of slices at a stop may differ. */
  activeRanges = new Map<string, ActiveRange>();
  completedRanges: CompletedRange[] = [];
  startRunningTime = 0;
  syscall = { time: 0, stack: null as Frame[] | null, active: false };
  startBlockReason = "";
  startCause = { time: 0, name: "", resource: 0, stack: null as Frame[] | null };

  constructor(id: number) {
    this.baseName = `G${id}`;
  }

  name(): string {
    return this.label !== "" ? `${this.baseName} (${this.label})` : this.baseName;
  }

  augmentName(stack: Frame[] | null): void {
    if (this.named || stack === null) return;
    // lastFunc: the outermost frame's function ("" for a stack with no frames, as Go gives it).
    this.baseName += ` ${stack.length > 0 ? stack[stack.length - 1]!.func : ""}`;
    this.named = true;
  }

  setStartCause(ts: number, name: string, resource: number, stack: Frame[] | null): void {
    this.startCause = { time: ts, name, resource, stack };
  }
}

/**
 * Go's /jsontrace output of a Go trace, built event by event: `event(ev)` for each event in order,
 * `take()` for the JSON text so far, `finish()` at the end (then `take()` the rest).
 */
export class ChromeTraceExporter {
  /** The text not yet taken, appended to (V8 joins it once, when it is encoded). */
  private out = "";
  private size = 0;
  private written = 0;
  private started = false;
  private startTime = 0;
  private endTime = 0;
  private finished = false;
  // Emitter state.
  private gstates = [0, 0, 0, 0, 0];
  private prevGstates = "0,0,0,0,0";
  private threadStats = [0, 0, 0];
  private prevThreadStats = "0,0,0";
  private heap = { alloc: 0, nextGC: 0 };
  private prevHeap = "0,0";
  private arrowSeq = 0;
  private frameSeq = 0;
  private readonly frameTree = new Map<string, number>();
  /** The frames as stackFrames entries, by id. */
  private readonly frames: { key: string; json: string }[] = [];
  // procGenerator state.
  private readonly gStates = new Map<number, GState>();
  private readonly inSyscall = new Map<number, GState>();
  private maxProc = 0;
  private globalRanges = new Map<string, ActiveRange>();
  private globalSeenSync = 0;
  private procRanges = new Map<string, ActiveRange & { name: string; proc: number }>();
  private procSeenSync = 0;

  constructor() {
    this.write('{"displayTimeUnit":"ns"\n,');
  }

  /** Characters of JSON ready to take. */
  get bufferedLength(): number {
    return this.size;
  }

  /** The JSON text so far; later text continues it. */
  take(): string {
    const s = this.out;
    this.out = "";
    this.size = 0;
    return s;
  }

  private write(s: string): void {
    this.out += s;
    this.size += s.length;
  }

  private emit(e: ViewerEvent): void {
    if (this.written === 0) this.write('"traceEvents": [');
    else this.write(",");
    this.write(encodeEvent(e));
    this.written++;
  }

  private elapsed(t: number): number {
    return t - this.startTime;
  }

  /** Filled by each state transition: no object per event. */
  private readonly scratch: TransitionParts = { kind: ResourceKind.None, id: 0, from: 0, to: 0 };
  /** The frame-tree id of each stack id of this generation already written. */
  private readonly stackIds = new Map<number | bigint, number>();

  /**
   * `stack(ev.stack())`, remembered by the event's stack id for the generation: the frames are
   * resolved once per stack, not per event. The frame tree is the same either way (a stack seen
   * before adds no frame), so the ids written are.
   */
  private eventStack(ev: Event): number {
    const id = ev.stackID();
    if (id === null) return 0;
    let sf = this.stackIds.get(id);
    if (sf === undefined) {
      sf = this.stack(ev.stack());
      this.stackIds.set(id, sf);
    }
    return sf;
  }

  /** Emitter.Stack: the id of the stack's innermost frame in the frame tree (0 for none). */
  private stack(frames: Frame[] | null): number {
    if (frames === null) return 0;
    let parent = 0;
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!;
      const key = `${parent}:${f.pc}`;
      let id = this.frameTree.get(key);
      if (id === undefined) {
        id = ++this.frameSeq;
        this.frameTree.set(key, id);
        const name = goString(`${f.func}:${f.line}`);
        this.frames.push({ key: String(id), json: `{"name":${name}${parent !== 0 ? `,"parent":${parent}` : ""}}` });
      }
      parent = id;
    }
    return parent;
  }

  /** Adds one event of the ordered stream. */
  event(ev: Event): void {
    if (this.finished) throw new Error("ChromeTraceExporter.event after finish");
    const t = ev.time;
    if (!this.started) {
      this.started = true;
      this.startTime = t;
    }
    this.endTime = t;
    switch (ev.kind) {
      case EventKind.Sync:
        this.globalSeenSync++;
        this.procSeenSync++;
        // Stack ids are per generation.
        this.stackIds.clear();
        break;
      case EventKind.StackSample: {
        const p = ev.proc;
        if (p === NO_RESOURCE) break;
        this.instant("CPU profile sample", t, p, this.eventStack(ev));
        break;
      }
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
      case EventKind.RangeEnd: {
        const r = ev.range();
        if (r.scope.kind === ResourceKind.Goroutine) this.goroutineRange(ev, r.name, r.scope.id, t);
        else if (r.scope.kind === ResourceKind.Proc) this.procRange(ev, r.name, r.scope.id, t);
        else if (r.scope.kind === ResourceKind.None) this.globalRange(ev, r.name, t);
        break;
      }
      case EventKind.Metric: {
        const m = ev.metric();
        if (m.name === "/memory/classes/heap/objects:bytes") {
          this.heap.alloc = m.value;
          this.heapCounters(t);
        } else if (m.name === "/gc/heap/goal:bytes") {
          // Go's HeapGoal ignores goals above a petabyte (the runtime's "no goal").
          this.heap.nextGC = m.value > 2 ** 50 ? 0 : m.value;
          this.heapCounters(t);
        }
        break;
      }
      case EventKind.Label: {
        const l = ev.label();
        if (l.resource.kind === ResourceKind.Goroutine) {
          const gs = this.gStates.get(l.resource.id);
          if (gs !== undefined) gs.label = l.label;
        }
        break;
      }
      case EventKind.StateTransition: {
        // Read into a scratch object: the stack and reason are resolved only where they are used.
        const st = readTransition(ev, this.scratch);
        const id = typeof st.id === "number" ? st.id : Number(st.id);
        if (st.kind === ResourceKind.Proc) this.procTransition(ev, id, st.from, st.to, t);
        else if (st.kind === ResourceKind.Goroutine) this.goroutineTransition(ev, id, st.from, st.to, t);
        break;
      }
      case EventKind.Log: {
        const p = ev.proc;
        if (p === NO_RESOURCE) break;
        const l = ev.log();
        const name = l.category !== "" ? `[${l.category}] ${l.message}` : l.message;
        this.emit({
          name,
          ph: "I",
          s: "t",
          ts: viewerTime(this.elapsed(t)),
          pid: PROCS_SECTION,
          tid: p,
          sf: this.eventStack(ev),
          cat: "user event",
        });
        break;
      }
    }
  }

  // ---- emitter pieces

  private instant(name: string, t: number, resource: number, sf: number, args?: string, cat?: string): void {
    this.emit({
      name,
      ph: "I",
      s: "t",
      ts: viewerTime(this.elapsed(t)),
      pid: PROCS_SECTION,
      tid: resource,
      sf,
      ...(args !== undefined ? { args } : {}),
      ...(cat !== undefined ? { cat } : {}),
    });
  }

  private slice(name: string, ts: number, dur: number, resource: number, sf: number, esf: number, args?: string): void {
    this.emit({
      name,
      ph: "X",
      ts: viewerTime(ts),
      dur: viewerTime(dur),
      pid: PROCS_SECTION,
      tid: resource,
      sf,
      esf,
      ...(args !== undefined ? { args } : {}),
    });
  }

  private heapCounters(t: number): void {
    const key = `${this.heap.alloc},${this.heap.nextGC}`;
    if (key === this.prevHeap) return;
    const diff = this.heap.nextGC > this.heap.alloc ? this.heap.nextGC - this.heap.alloc : 0;
    this.emit({
      name: "Heap",
      ph: "C",
      ts: viewerTime(this.elapsed(t)),
      pid: STATS_SECTION,
      tid: 0,
      args: `{"Allocated":${this.heap.alloc},"NextGC":${diff}}`,
    });
    this.prevHeap = key;
  }

  private goroutineCounters(t: number, from: number, to: number): void {
    this.gstates[from]!--;
    this.gstates[to]!++;
    const key = this.gstates.join(",");
    if (key === this.prevGstates) return;
    const [, runnable, running, , gcWaiting] = this.gstates;
    this.emit({
      name: "Goroutines",
      ph: "C",
      ts: viewerTime(this.elapsed(t)),
      pid: STATS_SECTION,
      tid: 0,
      args: `{"Running":${running},"Runnable":${runnable},"GCWaiting":${gcWaiting}}`,
    });
    this.prevGstates = key;
  }

  private threadCounters(t: number, delta: number): void {
    this.threadStats[2]! += delta;
    const key = this.threadStats.join(",");
    if (key === this.prevThreadStats) return;
    this.emit({
      name: "Threads",
      ph: "C",
      ts: viewerTime(this.elapsed(t)),
      pid: STATS_SECTION,
      tid: 0,
      args: `{"Running":${this.threadStats[2]},"InSyscall":${this.threadStats[0]}}`,
    });
    this.prevThreadStats = key;
  }

  private arrow(name: string, start: number, end: number, from: number, to: number, sf: number): void {
    this.arrowSeq++;
    this.emit({ name, ph: "s", ts: viewerTime(start), pid: PROCS_SECTION, tid: from, id: this.arrowSeq, sf });
    this.emit({ name, ph: "t", ts: viewerTime(end), pid: PROCS_SECTION, tid: to, id: this.arrowSeq });
  }

  // ---- gen.go's range generators

  private globalRange(ev: Event, name: string, t: number): void {
    if (ev.kind === EventKind.RangeBegin) this.globalRanges.set(name, { time: t, stack: ev.stack() });
    else if (ev.kind === EventKind.RangeActive) {
      if (this.globalSeenSync < 2) this.globalRanges.set(name, { time: this.startTime, stack: ev.stack() });
    } else {
      const ar = this.globalRanges.get(name) ?? { time: 0, stack: null };
      if (name.includes("GC")) {
        const sf = this.stack(ar.stack);
        this.slice(name, this.elapsed(ar.time), t - ar.time, GC_P, sf, this.eventStack(ev));
      }
      this.globalRanges.delete(name);
    }
  }

  private procRange(ev: Event, name: string, proc: number, t: number): void {
    const key = `${proc}\u0000${name}`;
    if (ev.kind === EventKind.RangeBegin) this.procRanges.set(key, { time: t, stack: ev.stack(), name, proc });
    else if (ev.kind === EventKind.RangeActive) {
      if (this.procSeenSync < 2) this.procRanges.set(key, { time: this.startTime, stack: ev.stack(), name, proc });
    } else {
      const ar = this.procRanges.get(key) ?? { time: 0, stack: null };
      const sf = this.stack(ar.stack);
      this.slice(name, this.elapsed(ar.time), t - ar.time, proc, sf, this.eventStack(ev));
      this.procRanges.delete(key);
    }
  }

  private goroutineRange(ev: Event, name: string, g: number, t: number): void {
    const gs = this.gStates.get(g);
    if (gs === undefined) return;
    if (ev.kind === EventKind.RangeBegin) {
      gs.activeRanges.set(name, { time: gs.executing !== NO_RESOURCE ? t : 0, stack: ev.stack() });
    } else if (ev.kind === EventKind.RangeActive) {
      gs.activeRanges.set(name, { time: gs.executing !== NO_RESOURCE ? gs.startRunningTime : 0, stack: null });
    } else {
      if (gs.executing !== NO_RESOURCE) {
        const r = gs.activeRanges.get(name) ?? { time: 0, stack: null };
        gs.completedRanges.push({ name, startTime: r.time, endTime: t, startStack: r.stack, endStack: ev.stack() });
      }
      gs.activeRanges.delete(name);
    }
  }

  // ---- procgen.go

  private goroutineTransition(ev: Event, id: number, from: number, to: number, t: number): void {
    let gs = this.gStates.get(id);
    if (gs === undefined) {
      gs = new GState(id);
      this.gStates.set(id, gs);
    }
    if (!gs.named && ev.transitionStackID() !== null) gs.augmentName(ev.stateTransition().stack);
    if (from === to) return;
    const executing = (s: number) => s === GoState.Running || s === GoState.Syscall;
    const proc = ev.proc;
    if (from === GoState.Running && !executing(to)) {
      if (to === GoState.Waiting) gs.startBlockReason = ev.transitionReason();
      this.stop(gs, t, ev.stack());
    }
    if (!executing(from) && to === GoState.Running) {
      this.start(gs, from === GoState.Undetermined ? this.startTime : t, proc);
    }
    if (from === GoState.Waiting) this.unblock(gs, t, ev.stack(), proc);
    if (from === GoState.NotExist && to === GoState.Runnable && proc !== NO_RESOURCE) {
      gs.setStartCause(t, "go", proc, ev.stack());
    }
    if (from === GoState.Syscall && to !== GoState.Running) {
      const name = "exit blocked syscall";
      const stack = ev.stack();
      gs.setStartCause(t, name, SYSCALL_P, stack);
      this.instant(name, t, SYSCALL_P, this.stack(stack));
    }
    if (to === GoState.Syscall && proc !== NO_RESOURCE) {
      const start = from === GoState.Undetermined ? this.startTime : t;
      gs.syscall = { time: start, stack: ev.stack(), active: true };
      if (gs.executing === NO_RESOURCE) {
        gs.executing = proc;
        gs.startRunningTime = start;
      }
      this.inSyscall.set(proc, gs);
    }
    if (from === GoState.Syscall && this.inSyscall.has(proc)) {
      this.syscallEnd(gs, t, false);
      this.inSyscall.delete(proc);
    }
    const inMarkAssist = gs.activeRanges.has("GC mark assist");
    this.goroutineCounters(t, viewerGState(from, inMarkAssist), viewerGState(to, inMarkAssist));
    // Go keeps every goroutine's state to the end, where it writes only those still executing; one
    // that ended and is not (it ended running, not in a syscall) has nothing left to write. Go never
    // reuses a goroutine id, so dropping it keeps memory to the live goroutines, output unchanged.
    if (to === GoState.NotExist && gs.executing === NO_RESOURCE) this.gStates.delete(id);
  }

  private procTransition(ev: Event, proc: number, from: number, to: number, t: number): void {
    this.maxProc = Math.max(this.maxProc, proc);
    const sf = this.eventStack(ev);
    const thread = ev.thread;
    // SchedCtxArg: thread then proc, each left out when 0.
    const parts: string[] = [];
    if (thread !== 0) parts.push(`"thread":${u64(thread)}`);
    if (proc !== 0) parts.push(`"proc":${u64(proc)}`);
    const args = `{${parts.join(",")}}`;
    if (from === to) return;
    if (to === ProcState.Running) {
      const start = from === ProcState.Undetermined ? this.startTime : t;
      this.threadCounters(start, 1);
      this.instant("proc start", start, proc, sf, args);
    }
    if (from === ProcState.Running) {
      this.threadCounters(t, -1);
      const gs = this.inSyscall.get(proc);
      if (gs !== undefined) {
        this.syscallEnd(gs, t, true);
        this.stop(gs, t, ev.stack());
        this.inSyscall.delete(proc);
      }
      this.instant("proc stop", t, proc, sf, args);
    }
  }

  // ---- gstate.go

  private start(gs: GState, ts: number, resource: number): void {
    for (const name of gs.activeRanges.keys()) gs.activeRanges.set(name, { time: ts, stack: null });
    if (gs.startCause.name !== "") {
      const c = gs.startCause;
      this.arrow(c.name, this.elapsed(c.time), this.elapsed(ts), c.resource, resource, this.stack(c.stack));
      gs.startCause = { time: 0, name: "", resource: 0, stack: null };
    }
    gs.executing = resource;
    gs.startRunningTime = ts;
  }

  private unblock(gs: GState, ts: number, stack: Frame[] | null, resource: number): void {
    let name = "unblock";
    let viewerResource = resource;
    if (gs.startBlockReason !== "") name = `${name} (${gs.startBlockReason})`;
    if (gs.startBlockReason.includes("network")) {
      viewerResource = NETPOLL_P;
      this.instant(name, ts, viewerResource, this.stack(stack));
    }
    gs.startBlockReason = "";
    if (viewerResource !== 0) gs.setStartCause(ts, name, viewerResource, stack);
  }

  private syscallEnd(gs: GState, ts: number, blocked: boolean): void {
    if (!gs.syscall.active) return;
    gs.completedRanges.push({
      name: "syscall",
      startTime: gs.syscall.time,
      endTime: ts,
      startStack: gs.syscall.stack,
      endStack: null,
      arg: `{"blocked":"${blocked ? "yes" : "no"}"}`,
    });
    gs.syscall = { time: 0, stack: null, active: false };
  }

  private stop(gs: GState, ts: number, stack: Frame[] | null): void {
    // Go panics here ("generator invariant not held"); no trace Go's reader accepts gets here.
    if (gs.startRunningTime === 0 || gs.executing === NO_RESOURCE) return;
    const sf = gs.lastStopStack !== null ? this.stack(gs.lastStopStack) : 0;
    const esf = stack !== null ? this.stack(stack) : 0;
    this.slice(gs.name(), this.elapsed(gs.startRunningTime), ts - gs.startRunningTime, gs.executing, sf, esf);
    for (const cr of gs.completedRanges) {
      const csf = this.stack(cr.startStack);
      this.slice(
        cr.name,
        this.elapsed(cr.startTime),
        cr.endTime - cr.startTime,
        gs.executing,
        csf,
        this.stack(cr.endStack),
        cr.arg,
      );
    }
    gs.completedRanges = [];
    for (const [name, r] of gs.activeRanges) {
      if (r.time === 0) continue;
      this.slice(name, this.elapsed(r.time), ts - r.time, gs.executing, this.stack(r.stack), 0);
    }
    for (const name of gs.activeRanges.keys()) gs.activeRanges.set(name, { time: 0, stack: null });
    gs.startRunningTime = 0;
    gs.lastStopStack = stack;
    gs.executing = NO_RESOURCE;
  }

  /** Closes what is open at the last event's time, then writes the metadata and the stack frames. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const end = this.endTime;
    // procRangeGenerator.Finish, globalRangeGenerator.Finish, then every goroutine.
    for (const r of this.procRanges.values()) {
      this.slice(r.name, this.elapsed(r.time), end - r.time, r.proc, this.stack(r.stack), 0);
    }
    for (const [name, r] of this.globalRanges) {
      if (!name.includes("GC")) continue;
      this.slice(name, this.elapsed(r.time), end - r.time, GC_P, this.stack(r.stack), 0);
    }
    for (const gs of this.gStates.values()) {
      if (gs.executing === NO_RESOURCE) continue;
      this.syscallEnd(gs, end, false);
      this.stop(gs, end, null);
    }
    // Emitter.Flush: the sections' and rows' names and order.
    const meta = (name: string, pid: number, tid: number, args: string) =>
      this.emit({ name, ph: "M", ts: 0, pid, tid, args });
    meta("process_name", STATS_SECTION, 0, '{"name":"STATS"}');
    meta("process_sort_index", STATS_SECTION, 0, '{"sort_index":0}');
    meta("process_name", PROCS_SECTION, 0, '{"name":"PROCS"}');
    meta("process_sort_index", PROCS_SECTION, 0, '{"sort_index":2}');
    const row = (tid: number, name: string, index: number) => {
      meta("thread_name", PROCS_SECTION, tid, `{"name":${goString(name)}}`);
      meta("thread_sort_index", PROCS_SECTION, tid, `{"sort_index":${index}}`);
    };
    row(GC_P, "GC", -6);
    row(NETPOLL_P, "Network", -5);
    row(TIMER_P, "Timers", -4);
    row(SYSCALL_P, "Syscalls", -3);
    for (let p = 0; p <= this.maxProc; p++) row(p, `Proc ${p}`, p);
    // encoding/json writes a map's keys sorted as strings ("1", "10", "2").
    const frames = this.frames.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.write(`], "stackFrames":{${frames.map((f) => `${goString(f.key)}:${f.json}`).join(",")}}\n}`);
  }
}

/** cmd/trace's viewerGState. */
function viewerGState(state: number, inMarkAssist: boolean): number {
  switch (state) {
    case GoState.Runnable:
      return G_RUNNABLE;
    case GoState.Running:
    case GoState.Syscall:
      return G_RUNNING;
    case GoState.Waiting:
      return inMarkAssist ? G_WAITING_GC : G_WAITING;
    default:
      return G_DEAD;
  }
}
