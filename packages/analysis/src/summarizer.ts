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
import { type TransitionParts, readTransition } from "@gotrace/reader/internal";
import { ById } from "./by-id.js";
import type {
  EventRef,
  ExecStats,
  FrameRef,
  GoroutineSummary,
  RegionSummary,
  TaskLog,
  TaskSummary,
  TraceSummary,
} from "./types.js";

/**
 * Running totals of one goroutine (or a snapshot of them), Go's GoroutineExecStats. The two
 * maps are made on first use: most goroutines of a busy server never block on more than one
 * reason and are in no range, and a trace can hold a million of them.
 */
class Stats {
  exec = 0;
  schedWait = 0;
  block: Map<string, number> | null = null;
  syscall = 0;
  syscallBlock = 0;
  total = 0;
  range: Map<string, number> | null = null;

  clone(): Stats {
    const r = new Stats();
    r.exec = this.exec;
    r.schedWait = this.schedWait;
    if (this.block !== null) r.block = new Map(this.block);
    r.syscall = this.syscall;
    r.syscallBlock = this.syscallBlock;
    r.total = this.total;
    if (this.range !== null) r.range = new Map(this.range);
    return r;
  }

  addBlock(reason: string, dt: number): void {
    this.block ??= new Map();
    addTo(this.block, reason, dt);
  }

  addRange(name: string, dt: number): void {
    this.range ??= new Map();
    addTo(this.range, name, dt);
  }

  /** this − v, over this one's keys only (as Go's sub: a key only v has is dropped). */
  minus(v: Stats): Stats {
    const r = this.clone();
    r.exec -= v.exec;
    r.schedWait -= v.schedWait;
    if (r.block !== null) for (const [k, dt] of r.block) r.block.set(k, dt - (v.block?.get(k) ?? 0));
    r.syscall -= v.syscall;
    r.syscallBlock -= v.syscallBlock;
    r.total -= v.total;
    if (r.range !== null) for (const [k, dt] of r.range) r.range.set(k, dt - (v.range?.get(k) ?? 0));
    return r;
  }
}

function addTo(m: Map<string, number>, key: string, dt: number): void {
  m.set(key, (m.get(key) ?? 0) + dt);
}

/** Stands in for a region's stats until the region ends (every region ends, by finish() at the latest). */
const PENDING: ExecStats = Object.freeze({
  execTime: 0,
  schedWaitTime: 0,
  blockTimeByReason: {},
  syscallTime: 0,
  syscallBlockTime: 0,
  totalTime: 0,
  rangeTime: {},
  unknownTime: 0,
});

/** A new region's summary, the object the output holds (the goroutine's and the task's lists share it). */
function newRegion(name: string, taskId: number, start: EventRef | null, frame: FrameRef | null): RegionSummary {
  return { name, taskId, start, end: null, stats: PENDING, frame };
}

/** A region open on a goroutine: its summary, and the goroutine's totals at its begin. */
interface OpenRegion {
  readonly summary: RegionSummary;
  readonly begin: Stats;
}

/** The shared empty lists of a goroutine without regions (never pushed to: see openRegion/endRegion). */
const NO_REGIONS: RegionSummary[] = [];
const NONE_OPEN: OpenRegion[] = [];

/** A goroutine while it is being summarised: its totals and the state of what it is doing now. */
class Goroutine {
  name = "";
  pc = 0;
  startTime = 0;
  endTime = 0;
  stats = new Stats();
  /** Ended regions; {@link NO_REGIONS} until the first. */
  regions: RegionSummary[] = NO_REGIONS;
  /** False once the summary is final (Go drops its private state then). */
  open = true;
  lastStart = 0;
  lastRunnable = 0;
  lastBlock = 0;
  lastBlockReason = "";
  lastSyscall = 0;
  lastSyscallBlock = 0;
  /** When each range the goroutine is in began, by range name; made on first use. */
  lastRange: Map<string, number> | null = null;
  /** Regions open now, innermost last. */
  active: OpenRegion[] = NONE_OPEN;
  readonly id: number;
  readonly creationTime: number;
  constructor(id: number, creationTime: number) {
    this.id = id;
    this.creationTime = creationTime;
  }

  /** The totals as they would be at `now`, with what is still going on counted up to then. */
  snapshot(now: number): Stats {
    const r = this.stats.clone();
    if (this.open) this.addPending(r, now);
    return r;
  }

  /** Adds to `r` what is still going on, counted up to `now`. */
  private addPending(r: Stats, now: number): void {
    if (this.stats.total === 0) r.total = now - this.creationTime;
    if (this.lastStart !== 0) r.exec += now - this.lastStart;
    if (this.lastRunnable !== 0) r.schedWait += now - this.lastRunnable;
    if (this.lastBlock !== 0) r.addBlock(this.lastBlockReason, now - this.lastBlock);
    if (this.lastSyscall !== 0) r.syscall += now - this.lastSyscall;
    // Go counts a syscall still blocked at this point as scheduler wait, not syscall block time.
    if (this.lastSyscallBlock !== 0) r.schedWait += now - this.lastSyscallBlock;
    if (this.lastRange !== null) for (const [name, ts] of this.lastRange) r.addRange(name, now - ts);
  }

  /** Closes the totals at `now`; `trigger` is the exit (or block forever), null at the end of the trace. */
  finalize(now: number, trigger: EventRef | null): void {
    if (trigger !== null) this.endTime = trigger.time;
    // In place, as snapshot(now) would give them: nothing else holds this.stats.
    if (this.open) this.addPending(this.stats, now);
    const final = this.stats;
    // A system goroutine drops the regions it inherited from its creator (a GC worker started inside a region, say).
    if (!isSystemGoroutine(this.name)) {
      for (const r of this.active) {
        r.summary.end = trigger;
        r.summary.stats = statsOut(final.minus(r.begin));
        this.endRegion(r.summary);
      }
    } else {
      this.abandonRegions();
    }
    this.lastStart = 0;
    this.lastRunnable = 0;
    this.lastBlock = 0;
    this.lastBlockReason = "";
    this.lastSyscall = 0;
    this.lastSyscallBlock = 0;
    this.lastRange = null;
    this.active = NONE_OPEN;
  }

  /**
   * Leaves the open regions unended: their task still lists them, with the goroutine's totals at
   * their begin, as Go's summary leaves a region nobody ends (a system goroutine's, or one whose
   * goroutine id is taken over by a new goroutine).
   */
  abandonRegions(): void {
    for (const r of this.active) r.summary.stats = statsOut(r.begin);
    this.active = NONE_OPEN;
  }

  openRegion(r: OpenRegion): void {
    if (this.active === NONE_OPEN) this.active = [];
    this.active.push(r);
  }

  endRegion(r: RegionSummary): void {
    if (this.regions === NO_REGIONS) this.regions = [];
    this.regions.push(r);
  }
}

/** Past this many goroutines a task's list becomes a set. */
const SMALL_SET = 16;

function addGoroutine(task: Task, id: number): void {
  const gs = task.goroutines;
  if (!Array.isArray(gs)) {
    gs.add(id);
  } else if (!gs.includes(id)) {
    if (gs.length < SMALL_SET) gs.push(id);
    else task.goroutines = new Set([...gs, id]);
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
  regions: RegionSummary[] = [];
  /** A list while it is short (most tasks have one or two goroutines), a set past SMALL_SET. */
  goroutines: number[] | Set<number> = [];
  /** The last descendents() walk that met this task. */
  mark = 0;
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
  private readonly gs = new ById<Goroutine>();
  private readonly tasks = new Map<number, Task>();
  /** The goroutine in a syscall on each P, and the P of each goroutine in a syscall (set and cleared on every syscall). */
  private readonly syscallingP = new ById<number>();
  private readonly syscallingG = new ById<number>();
  /** "proc\0range name" → the goroutine a P-scoped range (a sweep) is attributed to. */
  private readonly rangesP = new Map<string, number>();
  /** Filled by each transition: no object per event. */
  private readonly scratch: TransitionParts = { kind: ResourceKind.None, id: 0, from: 0, to: 0 };
  /** The outermost frame of each stack seen in this generation, by stack ID (null: none). */
  private readonly frames = new Map<number | bigint, FrameRef | null>();
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
        // Stack IDs are the generation's own.
        this.frames.clear();
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
        addGoroutine(task, ev.goroutine);
        task.logs.push({ time, goroutine: ev.goroutine, category: log.category, message: log.message });
        break;
      }
    }
  }

  private transition(ev: Event, time: number): void {
    const t = readTransition(ev, this.scratch);
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
    switch (from) {
      case GoState.Undetermined: {
        // First seen at a generation's start: it existed since the last sync, in the state it has now.
        g?.abandonRegions();
        g = new Goroutine(id, this.syncTs);
        const dt = time - this.syncTs;
        switch (to) {
          case GoState.Running:
            g.stats.exec += dt;
            break;
          case GoState.Waiting:
            g.stats.addBlock(ev.transitionReason(), dt);
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
        g?.abandonRegions();
        g = new Goroutine(id, time);
        // A goroutine created inside a region belongs to that region's task, as a region with no name.
        const creator = this.gs.get(ev.goroutine);
        const top = creator?.active[creator.active.length - 1];
        if (top !== undefined) {
          const frame = this.outermostFrame(ev, ev.stackID(), false);
          g.openRegion({ summary: newRegion("", top.summary.taskId, refOf(ev), frame), begin: new Stats() });
        }
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
          g.stats.addBlock(g.lastBlockReason, time - g.lastBlock);
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
      const frame = this.outermostFrame(ev, ev.transitionStackID(), true);
      if (frame !== null) {
        g.pc = frame.pc;
        g.name = frame.func;
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
        const reason = ev.transitionReason();
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
      g.lastRange ??= new Map();
      const ts = g.lastRange.get(r.name) ?? 0;
      if (ts !== 0) g.stats.addRange(r.name, this.syncTs - ts);
      g.lastRange.set(r.name, this.syncTs);
    } else {
      g.lastRange ??= new Map();
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
    const ts = g.lastRange?.get(r.name) ?? 0;
    if (ts === 0) return;
    g.stats.addRange(r.name, time - ts);
    g.lastRange?.delete(r.name);
  }

  private regionBegin(ev: Event, time: number): void {
    const g = this.gs.get(ev.goroutine);
    if (g === undefined) return;
    const r = ev.region();
    const region = newRegion(r.type, r.task, refOf(ev), this.outermostFrame(ev, ev.stackID(), false));
    g.openRegion({ summary: region, begin: g.snapshot(time) });
    const task = this.task(r.task);
    task.regions.push(region);
    addGoroutine(task, g.id);
  }

  private regionEnd(ev: Event, time: number): void {
    const g = this.gs.get(ev.goroutine);
    if (g === undefined) return;
    const open = g.active.pop();
    let region: RegionSummary;
    let begin: Stats | null = null;
    if (open === undefined) {
      // It began before the trace: it starts here, with nothing to subtract.
      const r = ev.region();
      region = newRegion(r.type, r.task, null, null);
      const task = this.task(r.task);
      addGoroutine(task, g.id);
      task.regions.push(region);
    } else {
      region = open.summary;
      begin = open.begin;
    }
    const now = g.snapshot(time);
    region.stats = statsOut(begin === null ? now : now.minus(begin));
    region.end = refOf(ev);
    g.endRegion(region);
  }

  private taskEvent(ev: Event): void {
    const t = ev.task();
    const task = this.task(t.id);
    task.name = t.type;
    addGoroutine(task, ev.goroutine);
    if (ev.kind === EventKind.TaskBegin) task.start = refOf(ev);
    else task.end = refOf(ev);
    // The parent is set once, so that the task is its parent's child only once.
    if (t.parent !== -1 && task.parent === null) {
      const parent = this.task(t.parent);
      task.parent = parent;
      parent.children.push(task);
    }
  }

  /**
   * The outermost frame of stack `id` (the event's transition stack, or its own), resolved once
   * per stack and generation: resolving decodes every frame's strings.
   */
  private outermostFrame(ev: Event, id: number | bigint | null, transition: boolean): FrameRef | null {
    if (id === null) return null;
    let frame = this.frames.get(id);
    if (frame === undefined) {
      const stack = transition ? ev.stateTransition().stack : ev.stack();
      const f = stack === null ? undefined : stack[stack.length - 1];
      frame = f === undefined ? null : { func: f.func, pc: f.pc };
      this.frames.set(id, frame);
    }
    return frame;
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
      goroutines.push({
        id: g.id,
        name: g.name,
        pc: g.pc,
        creationTime: g.creationTime,
        startTime: g.startTime,
        endTime: g.endTime,
        isSystem: isSystemGoroutine(g.name),
        stats: statsOut(g.stats),
        // Its own list, even when empty: the output is the caller's to change.
        regions: g.regions === NO_REGIONS ? [] : g.regions,
      });
    }
    // Task ids are unsigned in Go: "no task" (-1 here) sorts last.
    const taskIds = [...this.tasks.keys()].sort((a, b) => (a === -1 ? 1 : b === -1 ? -1 : a - b));
    let mark = 0;
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
        descendents: descendents(t, ++mark),
        logs: t.logs,
        regions: t.regions,
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

/**
 * The task, then its children's descendents depth first; a task met twice (a cycle) is left out
 * the second time. `mark` is new for each call: tasks carry the mark of the last walk that met
 * them, so no set is made per task.
 */
function descendents(t: Task, mark: number): number[] {
  const out: number[] = [];
  const todo: Task[] = [t];
  while (todo.length > 0) {
    const x = todo.pop() as Task;
    if (x.mark === mark) continue;
    x.mark = mark;
    out.push(x.id);
    for (let i = x.children.length - 1; i >= 0; i--) todo.push(x.children[i] as Task);
  }
  return out;
}

function statsOut(s: Stats): ExecStats {
  let sum = s.exec + s.schedWait + s.syscall + s.syscallBlock;
  if (s.block !== null) for (const dt of s.block.values()) sum += dt;
  return {
    execTime: s.exec,
    schedWaitTime: s.schedWait,
    blockTimeByReason: s.block === null ? {} : Object.fromEntries(s.block),
    syscallTime: s.syscall,
    syscallBlockTime: s.syscallBlock,
    totalTime: s.total,
    rangeTime: s.range === null ? {} : Object.fromEntries(s.range),
    unknownTime: sum < s.total ? s.total - sum : 0,
  };
}
