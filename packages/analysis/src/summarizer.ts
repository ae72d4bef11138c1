// The goroutine and task summarizer: the same bookkeeping as Go's
// internal/trace Summarizer (summary.go), fed one event at a time, so a trace
// is summarised while it is read and nothing is kept per event. State is per
// goroutine, per task, per region and per open syscall or range.
//
// Go's own quirks are kept on purpose, because the point is to give Go's
// numbers: a time of 0 means "not set" (a v1 trace's events at time 0 are
// treated the same way Go treats them), a goroutine id that comes back after
// its exit replaces the earlier summary, and a map key that Go creates by
// adding zero stays in the output.
import { goSortFunc } from "@gotrace/codec/internal";
import { type Event, EventKind, GoState, ProcState, ResourceKind } from "@gotrace/reader";
import type {
  EventRef,
  ExecStats,
  GoroutineSummary,
  RegionSummary,
  TaskLog,
  TaskSummary,
  TraceSummary,
} from "./types.js";

/** Running totals of one goroutine (or a snapshot of them), Go's GoroutineExecStats. */
class Stats {
  exec = 0;
  schedWait = 0;
  block = new Map<string, number>();
  syscall = 0;
  syscallBlock = 0;
  total = 0;
  range = new Map<string, number>();

  clone(): Stats {
    const r = new Stats();
    r.exec = this.exec;
    r.schedWait = this.schedWait;
    r.block = new Map(this.block);
    r.syscall = this.syscall;
    r.syscallBlock = this.syscallBlock;
    r.total = this.total;
    r.range = new Map(this.range);
    return r;
  }

  /** this − v, over this one's keys only (as Go's sub: a key only v has is dropped). */
  minus(v: Stats): Stats {
    const r = this.clone();
    r.exec -= v.exec;
    r.schedWait -= v.schedWait;
    for (const [k, dt] of r.block) r.block.set(k, dt - (v.block.get(k) ?? 0));
    r.syscall -= v.syscall;
    r.syscallBlock -= v.syscallBlock;
    r.total -= v.total;
    for (const [k, dt] of r.range) r.range.set(k, dt - (v.range.get(k) ?? 0));
    return r;
  }
}

function addTo(m: Map<string, number>, key: string, dt: number): void {
  m.set(key, (m.get(key) ?? 0) + dt);
}

/** A region while it is being summarised. */
class Region {
  readonly name: string;
  readonly taskId: number;
  readonly start: EventRef | null;
  /** At its begin, the goroutine's totals then; at its end, the difference. */
  stats: Stats;
  /** The outermost frame of the start event's stack (cmd/trace groups region types by it). */
  readonly frame: { func: string; pc: number } | null;
  end: EventRef | null = null;
  constructor(
    name: string,
    taskId: number,
    start: EventRef | null,
    stats: Stats,
    frame: { func: string; pc: number } | null,
  ) {
    this.name = name;
    this.taskId = taskId;
    this.start = start;
    this.stats = stats;
    this.frame = frame;
  }
}

/** A goroutine while it is being summarised: its totals and the state of what it is doing now. */
class Goroutine {
  name = "";
  pc = 0;
  startTime = 0;
  endTime = 0;
  stats = new Stats();
  regions: Region[] = [];
  /** False once the summary is final (Go drops its private state then). */
  open = true;
  lastStart = 0;
  lastRunnable = 0;
  lastBlock = 0;
  lastBlockReason = "";
  lastSyscall = 0;
  lastSyscallBlock = 0;
  lastRange = new Map<string, number>();
  /** Regions open now, innermost last. */
  active: Region[] = [];
  readonly id: number;
  readonly creationTime: number;
  constructor(id: number, creationTime: number) {
    this.id = id;
    this.creationTime = creationTime;
  }

  /** The totals as they would be at `now`, with what is still going on counted up to then. */
  snapshot(now: number): Stats {
    const r = this.stats.clone();
    if (!this.open) return r;
    if (this.stats.total === 0) r.total = now - this.creationTime;
    if (this.lastStart !== 0) r.exec += now - this.lastStart;
    if (this.lastRunnable !== 0) r.schedWait += now - this.lastRunnable;
    if (this.lastBlock !== 0) addTo(r.block, this.lastBlockReason, now - this.lastBlock);
    if (this.lastSyscall !== 0) r.syscall += now - this.lastSyscall;
    // Go counts a syscall still blocked at this point as scheduler wait, not syscall block time.
    if (this.lastSyscallBlock !== 0) r.schedWait += now - this.lastSyscallBlock;
    for (const [name, ts] of this.lastRange) addTo(r.range, name, now - ts);
    return r;
  }

  /** Closes the totals at `now`; `trigger` is the exit (or block forever), null at the end of the trace. */
  finalize(now: number, trigger: EventRef | null): void {
    if (trigger !== null) this.endTime = trigger.time;
    const final = this.snapshot(now);
    this.stats = final;
    // A system goroutine drops the regions it inherited from its creator (a GC worker started inside a region, say).
    if (!isSystemGoroutine(this.name)) {
      for (const r of this.active) {
        r.end = trigger;
        r.stats = final.minus(r.stats);
        this.regions.push(r);
      }
    }
    this.lastStart = 0;
    this.lastRunnable = 0;
    this.lastBlock = 0;
    this.lastBlockReason = "";
    this.lastSyscall = 0;
    this.lastSyscallBlock = 0;
    this.lastRange = new Map();
    this.active = [];
  }
}

/** A task while it is being summarised. */
class Task {
  name = "";
  parent: Task | null = null;
  children: Task[] = [];
  start: EventRef | null = null;
  end: EventRef | null = null;
  logs: TaskLog[] = [];
  regions: Region[] = [];
  goroutines = new Set<number>();
  readonly id: number;
  constructor(id: number) {
    this.id = id;
  }
}

/**
 * Go's IsSystemGoroutine: a goroutine whose start function is unknown, or in package runtime
 * other than runtime.main.
 */
export function isSystemGoroutine(startFunction: string): boolean {
  return startFunction === "" || (startFunction !== "runtime.main" && startFunction.startsWith("runtime."));
}

/** A copy of what a summary keeps of an event (the reader may refill the event object). */
function refOf(ev: Event): EventRef {
  return { time: ev.time, kind: ev.kindName, goroutine: ev.goroutine };
}

/**
 * Summarises goroutines and user tasks as Go's internal/trace Summarizer does, one event at a
 * time: pass every event of the trace, in order, to {@link GoroutineSummarizer.event}, then call
 * {@link GoroutineSummarizer.finish}. Events from `TraceReader.nextShared()` are fine: nothing
 * keeps the event object. Memory grows with goroutines, tasks, regions and logs, not events.
 */
export class GoroutineSummarizer {
  private readonly gs = new Map<number, Goroutine>();
  private readonly tasks = new Map<number, Task>();
  private readonly syscallingP = new Map<number, number>();
  private readonly syscallingG = new Map<number, number>();
  /** "proc\0range name" → the goroutine a P-scoped range (a sweep) is attributed to. */
  private readonly rangesP = new Map<string, number>();
  private lastTs = 0;
  private syncTs = 0;
  private firstTs = 0;
  private count = 0;
  private finished: TraceSummary | null = null;

  /** Events summarised so far. */
  get events(): number {
    return this.count;
  }

  /** Adds the next event of the trace. */
  event(ev: Event): void {
    if (this.finished !== null) throw new Error("GoroutineSummarizer.event after finish");
    const time = ev.time;
    if (this.count === 0) this.firstTs = time;
    this.count++;
    if (this.syncTs === 0) this.syncTs = time;
    this.lastTs = time;
    switch (ev.kind) {
      case EventKind.Sync:
        this.syncTs = time;
        break;
      case EventKind.StateTransition:
        this.transition(ev, time);
        break;
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
        this.rangeBegin(ev, time);
        break;
      case EventKind.RangeEnd:
        this.rangeEnd(ev, time);
        break;
      case EventKind.RegionBegin:
        this.regionBegin(ev, time);
        break;
      case EventKind.RegionEnd:
        this.regionEnd(ev, time);
        break;
      case EventKind.TaskBegin:
      case EventKind.TaskEnd:
        this.taskEvent(ev);
        break;
      case EventKind.Log: {
        const log = ev.log();
        const task = this.task(log.task);
        task.goroutines.add(ev.goroutine);
        task.logs.push({ time, goroutine: ev.goroutine, category: log.category, message: log.message });
        break;
      }
    }
  }

  private transition(ev: Event, time: number): void {
    const t = ev.transition();
    if (t.kind === ResourceKind.Proc) {
      // A P going idle while its goroutine is in a syscall: the syscall now blocks without a P.
      if (t.from !== t.to && t.to === ProcState.Idle) {
        const p = typeof t.id === "number" ? t.id : Number(t.id);
        const goid = this.syscallingP.get(p);
        if (goid !== undefined) {
          const g = this.gs.get(goid);
          if (g !== undefined) g.lastSyscallBlock = time;
          this.syscallingP.delete(p);
        }
      }
      return;
    }
    if (t.kind !== ResourceKind.Goroutine || t.from === t.to) return;
    const id = typeof t.id === "number" ? t.id : Number(t.id);
    const from = t.from;
    const to = t.to;
    let g = this.gs.get(id);
    // The reason and stack cost a lookup each; only some transitions need them.
    let st: ReturnType<Event["stateTransition"]> | null = null;
    const full = () => (st ??= ev.stateTransition());

    switch (from) {
      case GoState.Undetermined: {
        // First seen at a generation's start: it existed since the last sync, in the state it has now.
        g = new Goroutine(id, this.syncTs);
        const dt = time - this.syncTs;
        switch (to) {
          case GoState.Running:
            g.stats.exec += dt;
            break;
          case GoState.Waiting:
            addTo(g.stats.block, full().reason, dt);
            break;
          case GoState.Runnable:
            g.stats.schedWait += dt;
            break;
          case GoState.Syscall:
            // With a P it has held one all along; without, the syscall has been blocking.
            if (ev.proc === -1) g.stats.syscallBlock += dt;
            else g.stats.syscall += dt;
            break;
        }
        this.gs.set(id, g);
        break;
      }
      case GoState.NotExist: {
        g = new Goroutine(id, time);
        // A goroutine created inside a region belongs to that region's task, as a region with no name.
        const creator = this.gs.get(ev.goroutine);
        const top = creator?.active[creator.active.length - 1];
        if (top !== undefined) g.active = [new Region("", top.taskId, refOf(ev), new Stats(), outermost(ev))];
        this.gs.set(id, g);
        break;
      }
      case GoState.Running:
        if (g === undefined) return;
        g.stats.exec += time - g.lastStart;
        g.lastStart = 0;
        break;
      case GoState.Waiting:
        if (g === undefined) return;
        if (g.lastBlock !== 0) {
          addTo(g.stats.block, g.lastBlockReason, time - g.lastBlock);
          g.lastBlock = 0;
        }
        break;
      case GoState.Runnable:
        if (g === undefined) return;
        if (g.lastRunnable !== 0) {
          g.stats.schedWait += time - g.lastRunnable;
          g.lastRunnable = 0;
        }
        break;
      case GoState.Syscall:
        if (g === undefined) return;
        if (g.lastSyscall !== 0) {
          if (g.lastSyscallBlock !== 0) {
            g.stats.syscallBlock += time - g.lastSyscallBlock;
            g.stats.syscall += g.lastSyscallBlock - g.lastSyscall;
          } else {
            g.stats.syscall += time - g.lastSyscall;
          }
          g.lastSyscall = 0;
          g.lastSyscallBlock = 0;
          // Go reads a missing entry as P 0 here, and so drops P 0's binding; kept for equal numbers.
          this.syscallingP.delete(this.syscallingG.get(id) ?? 0);
          this.syscallingG.delete(id);
        }
        break;
      default:
        if (g === undefined) return;
    }

    // The start function is the outermost frame of any stack of the goroutine: it never changes.
    if (g.name === "") {
      const stack = full().stack;
      if (stack !== null) {
        for (const f of stack) {
          g.pc = f.pc;
          g.name = f.func;
        }
      }
    }

    switch (to) {
      case GoState.Running:
        g.lastStart = time;
        if (g.startTime === 0) g.startTime = time;
        break;
      case GoState.Runnable:
        g.lastRunnable = time;
        break;
      case GoState.Waiting: {
        const reason = full().reason;
        // Blocked forever ends the goroutine as an exit does.
        if (reason !== "forever") {
          g.lastBlock = time;
          g.lastBlockReason = reason;
        } else {
          g.finalize(time, refOf(ev));
        }
        break;
      }
      case GoState.NotExist:
        g.finalize(time, refOf(ev));
        break;
      case GoState.Syscall:
        this.syscallingP.set(ev.proc, id);
        this.syscallingG.set(id, ev.proc);
        g.lastSyscall = time;
        break;
    }
  }

  private rangeBegin(ev: Event, time: number): void {
    const r = ev.range();
    let g: Goroutine | undefined;
    if (r.scope.kind === ResourceKind.Goroutine) {
      g = this.gs.get(r.scope.id);
    } else if (r.scope.kind === ResourceKind.Proc) {
      // Bound to the P, not the goroutine; counted for the goroutine if it is still there at the end.
      g = this.gs.get(ev.goroutine);
      if (g !== undefined) this.rangesP.set(`${r.scope.id}\u0000${r.name}`, ev.goroutine);
    }
    if (g === undefined) return;
    if (ev.kind === EventKind.RangeActive) {
      // Active since the last sync at least.
      const ts = g.lastRange.get(r.name) ?? 0;
      if (ts !== 0) addTo(g.stats.range, r.name, this.syncTs - ts);
      g.lastRange.set(r.name, this.syncTs);
    } else {
      g.lastRange.set(r.name, time);
    }
  }

  private rangeEnd(ev: Event, time: number): void {
    const r = ev.range();
    let g: Goroutine | undefined;
    if (r.scope.kind === ResourceKind.Goroutine) {
      g = this.gs.get(r.scope.id);
    } else if (r.scope.kind === ResourceKind.Proc) {
      const key = `${r.scope.id}\u0000${r.name}`;
      const goid = this.rangesP.get(key);
      if (goid !== undefined) {
        if (goid === ev.goroutine) g = this.gs.get(goid);
        this.rangesP.delete(key);
      }
    }
    if (g === undefined) return;
    const ts = g.lastRange.get(r.name) ?? 0;
    if (ts === 0) return;
    addTo(g.stats.range, r.name, time - ts);
    g.lastRange.delete(r.name);
  }

  private regionBegin(ev: Event, time: number): void {
    const g = this.gs.get(ev.goroutine);
    if (g === undefined) return;
    const r = ev.region();
    const region = new Region(r.type, r.task, refOf(ev), g.snapshot(time), outermost(ev));
    g.active.push(region);
    const task = this.task(r.task);
    task.regions.push(region);
    task.goroutines.add(g.id);
  }

  private regionEnd(ev: Event, time: number): void {
    const g = this.gs.get(ev.goroutine);
    if (g === undefined) return;
    let region = g.active.pop();
    if (region === undefined) {
      // It began before the trace: it starts here, with nothing to subtract.
      const r = ev.region();
      region = new Region(r.type, r.task, null, new Stats(), null);
      const task = this.task(r.task);
      task.goroutines.add(g.id);
      task.regions.push(region);
    }
    region.stats = g.snapshot(time).minus(region.stats);
    region.end = refOf(ev);
    g.regions.push(region);
  }

  private taskEvent(ev: Event): void {
    const t = ev.task();
    const task = this.task(t.id);
    task.name = t.type;
    task.goroutines.add(ev.goroutine);
    if (ev.kind === EventKind.TaskBegin) task.start = refOf(ev);
    else task.end = refOf(ev);
    // The parent is set once, so that the task is its parent's child only once.
    if (t.parent !== -1 && task.parent === null) {
      const parent = this.task(t.parent);
      task.parent = parent;
      parent.children.push(task);
    }
  }

  private task(id: number): Task {
    let task = this.tasks.get(id);
    if (task === undefined) {
      task = new Task(id);
      this.tasks.set(id, task);
    }
    return task;
  }

  /**
   * Ends the summary at the last event seen (goroutines still alive are counted up to it; regions
   * still open stay without an end) and returns it. Later calls return the same summary.
   */
  finish(): TraceSummary {
    if (this.finished !== null) return this.finished;
    const goroutines: GoroutineSummary[] = [];
    for (const g of this.gs.values()) {
      g.finalize(this.lastTs, null);
      g.open = false;
      // Go's own (unstable) sort, so regions with equal starts keep Go's order.
      goSortFunc(g.regions, (a, b) => {
        if (a.start === null) return b.start === null ? 0 : -1;
        if (b.start === null) return 1;
        return a.start.time < b.start.time ? -1 : a.start.time > b.start.time ? 1 : 0;
      });
    }
    const ids = [...this.gs.keys()].sort((a, b) => a - b);
    for (const id of ids) {
      const g = this.gs.get(id) as Goroutine;
      goroutines.push({
        id: g.id,
        name: g.name,
        pc: g.pc,
        creationTime: g.creationTime,
        startTime: g.startTime,
        endTime: g.endTime,
        isSystem: isSystemGoroutine(g.name),
        stats: statsOut(g.stats),
        regions: g.regions.map(regionOut),
      });
    }
    // Task ids are unsigned in Go: "no task" (-1 here) sorts last.
    const taskIds = [...this.tasks.keys()].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
    const tasks: TaskSummary[] = taskIds.map((id) => {
      const t = this.tasks.get(id) as Task;
      return {
        id: t.id,
        name: t.name,
        parent: t.parent === null ? null : t.parent.id,
        children: t.children.map((c) => c.id),
        start: t.start,
        end: t.end,
        complete: t.start !== null && t.end !== null,
        descendents: descendents(t),
        logs: t.logs,
        regions: t.regions.map(regionOut),
        goroutines: [...t.goroutines].sort((a, b) => a - b),
      };
    });
    this.finished = {
      goroutines,
      tasks,
      startTime: this.count === 0 ? 0 : this.firstTs,
      endTime: this.count === 0 ? 0 : this.lastTs,
      events: this.count,
    };
    return this.finished;
  }
}

/** The outermost frame of the event's own stack, as cmd/trace picks a region's frame. */
function outermost(ev: Event): { func: string; pc: number } | null {
  const stack = ev.stack();
  if (stack === null || stack.length === 0) return null;
  const f = stack[stack.length - 1] as { func: string; pc: number };
  return { func: f.func, pc: f.pc };
}

/** The task, then its children's descendents depth first; a task met twice (a cycle) is left out the second time. */
function descendents(t: Task): number[] {
  const out: number[] = [];
  const seen = new Set<Task>();
  const walk = (x: Task) => {
    if (seen.has(x)) return;
    seen.add(x);
    out.push(x.id);
    for (const c of x.children) walk(c);
  };
  walk(t);
  return out;
}

function statsOut(s: Stats): ExecStats {
  let sum = s.exec + s.schedWait + s.syscall + s.syscallBlock;
  for (const dt of s.block.values()) sum += dt;
  return {
    execTime: s.exec,
    schedWaitTime: s.schedWait,
    blockTimeByReason: Object.fromEntries(s.block),
    syscallTime: s.syscall,
    syscallBlockTime: s.syscallBlock,
    totalTime: s.total,
    rangeTime: Object.fromEntries(s.range),
    unknownTime: sum < s.total ? s.total - sum : 0,
  };
}

/** Region summaries by region, so the goroutine's and the task's lists share one output object. */
const regionOutCache = new WeakMap<Region, RegionSummary>();

function regionOut(r: Region): RegionSummary {
  let out = regionOutCache.get(r);
  if (out === undefined) {
    out = { name: r.name, taskId: r.taskId, start: r.start, end: r.end, stats: statsOut(r.stats), frame: r.frame };
    regionOutCache.set(r, out);
  }
  return out;
}
