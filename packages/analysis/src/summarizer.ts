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
import { type RangeView, readRange, type TransitionParts, readTransition } from "@gotrace/reader/internal";
import { ById } from "./by-id.js";
import { emptyStats } from "./groups.js";
import { GoroutineTable, NO_SLOT, RangeClock, Stats } from "./goroutine-table.js";
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
 * The regions of a goroutine that has none: one shared, frozen list (most goroutines of a server
 * have none, and a trace can hold a million goroutines).
 */
const NO_REGIONS: RegionSummary[] = Object.freeze([]) as unknown as RegionSummary[];

/** Stands in for a region's stats until the region ends (every region ends, by finish() at the latest). */
const PENDING: ExecStats = Object.freeze(emptyStats());

/** A new region's summary, the object the output holds (the goroutine's and the task's lists share it). */
function newRegion(name: string, taskId: number, start: EventRef | null, frame: FrameRef | null): RegionSummary {
  return { name, taskId, start, end: null, stats: PENDING, frame };
}

/** Past this many goroutines a task's list becomes a set. */
const SMALL_SET = 16;

/** Lists up to this long are kept at their exact length (see appended). */
const EXACT_LENGTH = 8;

/**
 * `list` with `item` added at the end. V8 gives an array room for 16 more elements at its
 * first push: a trace with a million tasks, each holding one or two logs, regions and
 * goroutines, kept a quarter of its summary's memory in those empty slots. So a short list is
 * copied to one of exactly the new length (the old copy dies young; concat makes it exact,
 * where a spread leaves room) and only a longer one grows in place.
 */
function appended<T>(list: T[], item: T): T[] {
  if (list.length >= EXACT_LENGTH) {
    list.push(item);
    return list;
  }
  return list.concat([item]);
}

/**
 * A task while it is being summarised, and then its summary: exactly TaskSummary's fields, in
 * its order. A trace can hold a million tasks, and a second object per task made at the end
 * (with its list of child ids) was a million more for the collector to copy. What only the
 * summarizer needs (the goroutines of a task with many) is kept beside it.
 */
class Task implements TaskSummary {
  readonly id: number;
  name = "";
  parent: number | null = null;
  /** Ids, in the order the trace introduced them. */
  children: number[] = [];
  start: EventRef | null = null;
  end: EventRef | null = null;
  /** Set by finish(), as are descendents and the order of goroutines. */
  complete = false;
  descendents: number[] = [];
  logs: TaskLog[] = [];
  regions: RegionSummary[] = [];
  /** While it is short (most tasks have one or two goroutines); past SMALL_SET, a set in manyGoroutines. */
  goroutines: number[] = [];
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
  private readonly gs = new GoroutineTable();
  /** Tasks by id (dense: Go's task ids count up from 1; a trace can hold a million). */
  private readonly tasks = new ById<Task>();
  /** The goroutines of each task with more than SMALL_SET of them. */
  private readonly manyGoroutines = new Map<Task, Set<number>>();
  /** The goroutine in a syscall on each P, and the P of each goroutine in a syscall (set and cleared on every syscall). */
  private readonly syscallingP = new ById<number>();
  private readonly syscallingG = new ById<number>();
  /** Range name → proc → the goroutine a P-scoped range (a sweep) is attributed to (Go's rangesP). */
  private readonly rangesP = new Map<string, ById<number>>();
  /** Filled by each transition and range: no object per event. */
  private readonly scratch: TransitionParts = { kind: ResourceKind.None, id: 0, from: 0, to: 0 };
  private readonly rangeScratch: RangeView = { name: "", scopeKind: ResourceKind.None, scopeId: 0 };
  /** The outermost frame of each stack seen in this generation, by stack ID (null: none). */
  private readonly frames = new Map<number | bigint, FrameRef | null>();
  /** The time of the event being summarised. */
  private now = 0;
  private lastTs = 0;
  private syncTs = 0;
  private firstTs = 0;
  private count = 0;
  private finished: TraceSummary | null = null;

  /** Events summarised so far. */
  get events(): number {
    return this.count;
  }

  /** Kinds of events the summaries read nothing of but their time (see {@link skipped}). */
  static readonly QUIET_KINDS: readonly EventKind[] = [
    EventKind.Metric,
    EventKind.Label,
    EventKind.StackSample,
    EventKind.Experimental,
  ];

  /**
   * Counts `events` events of the QUIET_KINDS that are not handed over: each is read for its time
   * alone, and an event with a later time comes after them.
   */
  skipped(events: number): void {
    this.count += events;
  }

  /** Adds the next event of the trace. */
  event(ev: Event): void {
    if (this.finished !== null) throw new Error("GoroutineSummarizer.event after finish");
    // In a field, not passed on as an argument: a time is past V8's small integers, and each
    // call that takes one as an argument would box it (an allocation per event).
    const time = ev.time;
    this.now = time;
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
        this.transition(ev);
        break;
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
        this.rangeBegin(ev);
        break;
      case EventKind.RangeEnd:
        this.rangeEnd(ev);
        break;
      case EventKind.RegionBegin:
        this.regionBegin(ev);
        break;
      case EventKind.RegionEnd:
        this.regionEnd(ev);
        break;
      case EventKind.TaskBegin:
      case EventKind.TaskEnd:
        this.taskEvent(ev);
        break;
      case EventKind.Log: {
        const log = ev.log();
        const task = this.task(log.task);
        this.addGoroutine(task, ev.goroutine);
        task.logs = appended(task.logs, {
          time,
          goroutine: ev.goroutine,
          category: log.category,
          message: log.message,
        });
        break;
      }
    }
  }

  private transition(ev: Event): void {
    const time = this.now;
    const t = readTransition(ev, this.scratch);
    if (t.kind === ResourceKind.Proc) {
      // A P going idle while its goroutine is in a syscall: the syscall now blocks without a P.
      if (t.from !== t.to && t.to === ProcState.Idle) {
        const p = typeof t.id === "number" ? t.id : Number(t.id);
        const goid = this.syscallingP.get(p);
        if (goid !== undefined) {
          const g = this.gs.slotOf(goid);
          if (g !== NO_SLOT) this.gs.lastSyscallBlock[g] = time;
          this.syscallingP.delete(p);
        }
      }
      return;
    }
    if (t.kind !== ResourceKind.Goroutine || t.from === t.to) return;
    const id = typeof t.id === "number" ? t.id : Number(t.id);
    const from = t.from;
    const to = t.to;
    const gs = this.gs;
    let g = gs.slotOf(id);
    switch (from) {
      case GoState.Undetermined: {
        // First seen at a generation's start: it existed since the last sync, in the state it has now.
        if (g !== NO_SLOT) gs.abandonRegions(g);
        g = gs.create(id, this.syncTs);
        const dt = time - this.syncTs;
        switch (to) {
          case GoState.Running:
            gs.exec[g] = (gs.exec[g] as number) + dt;
            break;
          case GoState.Waiting:
            gs.addBlock(g, ev.transitionReason(), dt);
            break;
          case GoState.Runnable:
            gs.schedWait[g] = (gs.schedWait[g] as number) + dt;
            break;
          case GoState.Syscall:
            // With a P it has held one all along; without, the syscall has been blocking.
            if (ev.proc === -1) gs.syscallBlock[g] = (gs.syscallBlock[g] as number) + dt;
            else gs.syscall[g] = (gs.syscall[g] as number) + dt;
            break;
        }
        break;
      }
      case GoState.NotExist: {
        if (g !== NO_SLOT) gs.abandonRegions(g);
        // A goroutine created inside a region belongs to that region's task, as a region with no name.
        const creator = gs.slotOf(ev.goroutine);
        const top = creator === NO_SLOT ? undefined : gs.topRegion(creator);
        g = gs.create(id, time);
        if (top !== undefined) {
          const frame = this.outermostFrame(ev, ev.stackID(), false);
          gs.openRegion(g, { summary: newRegion("", top.summary.taskId, refOf(ev), frame), begin: new Stats() });
        }
        break;
      }
      case GoState.Running:
        if (g === NO_SLOT) return;
        gs.exec[g] = (gs.exec[g] as number) + (time - (gs.lastStart[g] as number));
        gs.lastStart[g] = 0;
        break;
      case GoState.Waiting: {
        if (g === NO_SLOT) return;
        const lastBlock = gs.lastBlock[g] as number;
        if (lastBlock !== 0) {
          gs.addBlock(g, gs.lastBlockReason[g] as string, time - lastBlock);
          gs.lastBlock[g] = 0;
        }
        break;
      }
      case GoState.Runnable: {
        if (g === NO_SLOT) return;
        const lastRunnable = gs.lastRunnable[g] as number;
        if (lastRunnable !== 0) {
          gs.schedWait[g] = (gs.schedWait[g] as number) + (time - lastRunnable);
          gs.lastRunnable[g] = 0;
        }
        break;
      }
      case GoState.Syscall: {
        if (g === NO_SLOT) return;
        const lastSyscall = gs.lastSyscall[g] as number;
        if (lastSyscall !== 0) {
          const lastSyscallBlock = gs.lastSyscallBlock[g] as number;
          if (lastSyscallBlock !== 0) {
            gs.syscallBlock[g] = (gs.syscallBlock[g] as number) + (time - lastSyscallBlock);
            gs.syscall[g] = (gs.syscall[g] as number) + (lastSyscallBlock - lastSyscall);
          } else {
            gs.syscall[g] = (gs.syscall[g] as number) + (time - lastSyscall);
          }
          gs.lastSyscall[g] = 0;
          gs.lastSyscallBlock[g] = 0;
          // Go reads a missing entry as P 0 here, and so drops P 0's binding; kept for equal numbers.
          this.syscallingP.delete(this.syscallingG.get(id) ?? 0);
          this.syscallingG.delete(id);
        }
        break;
      }
      default:
        if (g === NO_SLOT) return;
    }

    // The start function is the outermost frame of any stack of the goroutine: it never changes.
    if (gs.name[g] === "") {
      const frame = this.outermostFrame(ev, ev.transitionStackID(), true);
      if (frame !== null) {
        gs.pc[g] = frame.pc;
        gs.name[g] = frame.func;
      }
    }

    switch (to) {
      case GoState.Running:
        gs.lastStart[g] = time;
        if (gs.startTime[g] === 0) gs.startTime[g] = time;
        break;
      case GoState.Runnable:
        gs.lastRunnable[g] = time;
        break;
      case GoState.Waiting: {
        const reason = ev.transitionReason();
        // Blocked forever ends the goroutine as an exit does.
        if (reason !== "forever") {
          gs.lastBlock[g] = time;
          gs.lastBlockReason[g] = reason;
        } else {
          gs.finalize(g, time, refOf(ev), isSystemGoroutine(gs.name[g] as string));
        }
        break;
      }
      case GoState.NotExist:
        gs.finalize(g, time, refOf(ev), isSystemGoroutine(gs.name[g] as string));
        break;
      case GoState.Syscall:
        this.syscallingP.set(ev.proc, id);
        this.syscallingG.set(id, ev.proc);
        gs.lastSyscall[g] = time;
        break;
    }
  }

  private rangeBegin(ev: Event): void {
    const time = this.now;
    const r = readRange(ev, this.rangeScratch);
    const gs = this.gs;
    let g = NO_SLOT;
    if (r.scopeKind === ResourceKind.Goroutine) {
      g = gs.slotOf(r.scopeId);
    } else if (r.scopeKind === ResourceKind.Proc) {
      // Bound to the P, not the goroutine; counted for the goroutine if it is still there at the end.
      g = gs.slotOf(ev.goroutine);
      if (g !== NO_SLOT) this.procRanges(r.name).set(r.scopeId, ev.goroutine);
    }
    if (g === NO_SLOT) return;
    let lastRange = gs.lastRange.get(g);
    if (lastRange === undefined) {
      lastRange = new RangeClock();
      gs.lastRange.set(g, lastRange);
    }
    if (ev.kind === EventKind.RangeActive) {
      // Active since the last sync at least.
      const ts = lastRange.get(r.name) ?? 0;
      if (ts !== 0) gs.addRange(g, r.name, this.syncTs - ts);
      lastRange.set(r.name, this.syncTs);
    } else {
      lastRange.set(r.name, time);
    }
  }

  private rangeEnd(ev: Event): void {
    const time = this.now;
    const r = readRange(ev, this.rangeScratch);
    const gs = this.gs;
    let g = NO_SLOT;
    if (r.scopeKind === ResourceKind.Goroutine) {
      g = gs.slotOf(r.scopeId);
    } else if (r.scopeKind === ResourceKind.Proc) {
      const byProc = this.rangesP.get(r.name);
      const goid = byProc?.get(r.scopeId);
      if (byProc !== undefined && goid !== undefined) {
        if (goid === ev.goroutine) g = gs.slotOf(goid);
        byProc.delete(r.scopeId);
      }
    }
    if (g === NO_SLOT) return;
    const lastRange = gs.lastRange.get(g);
    const ts = lastRange?.get(r.name) ?? 0;
    if (ts === 0) return;
    gs.addRange(g, r.name, time - ts);
    lastRange?.delete(r.name);
  }

  /** The goroutines P-scoped ranges named `name` are attributed to, by proc. */
  private procRanges(name: string): ById<number> {
    let byProc = this.rangesP.get(name);
    if (byProc === undefined) {
      byProc = new ById<number>();
      this.rangesP.set(name, byProc);
    }
    return byProc;
  }

  private regionBegin(ev: Event): void {
    const time = this.now;
    const g = this.gs.slotOf(ev.goroutine);
    if (g === NO_SLOT) return;
    const r = ev.region();
    const region = newRegion(r.type, r.task, refOf(ev), this.outermostFrame(ev, ev.stackID(), false));
    this.gs.openRegion(g, { summary: region, begin: this.gs.snapshot(g, time) });
    const task = this.task(r.task);
    task.regions = appended(task.regions, region);
    this.addGoroutine(task, ev.goroutine);
  }

  private regionEnd(ev: Event): void {
    const time = this.now;
    const g = this.gs.slotOf(ev.goroutine);
    if (g === NO_SLOT) return;
    const open = this.gs.popRegion(g);
    let region: RegionSummary;
    let begin: Stats | null = null;
    if (open === undefined) {
      // It began before the trace: it starts here, with nothing to subtract.
      const r = ev.region();
      region = newRegion(r.type, r.task, null, null);
      const task = this.task(r.task);
      this.addGoroutine(task, ev.goroutine);
      task.regions = appended(task.regions, region);
    } else {
      region = open.summary;
      begin = open.begin;
    }
    region.stats = this.gs.regionStats(g, time, begin);
    region.end = refOf(ev);
    this.gs.endRegion(g, region);
  }

  private taskEvent(ev: Event): void {
    const t = ev.task();
    const task = this.task(t.id);
    task.name = t.type;
    this.addGoroutine(task, ev.goroutine);
    if (ev.kind === EventKind.TaskBegin) task.start = refOf(ev);
    else task.end = refOf(ev);
    // The parent is set once, so that the task is its parent's child only once.
    if (t.parent !== -1 && task.parent === null) {
      const parent = this.task(t.parent);
      task.parent = parent.id;
      parent.children = appended(parent.children, task.id);
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

  /**
   * The task, then its children's descendents depth first; a task met twice (a cycle) is left
   * out the second time. `tasks` is how many there are.
   */
  private descendents(t: Task, tasks: number): number[] {
    // Most tasks have no children: a list of one, at its exact length.
    if (t.children.length === 0) return [t.id];
    // A task has one parent, set once, so without a cycle a walk meets each task below it once
    // and never more than `tasks` of them; a set of those met (a new one per walk, half a
    // million walks here) is needed only when a walk goes past that, around a cycle.
    const out = this.walk(t, tasks, null);
    return out ?? (this.walk(t, Number.POSITIVE_INFINITY, new Set<number>()) as number[]);
  }

  /** descendents()'s walk: null when it meets more than `limit` tasks. */
  private walk(t: Task, limit: number, seen: Set<number> | null): number[] | null {
    const out: number[] = [];
    const todo: number[] = [t.id];
    while (todo.length > 0) {
      const id = todo.pop() as number;
      if (seen !== null) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      if (out.length === limit) return null;
      out.push(id);
      const children = (this.tasks.get(id) as Task).children;
      for (let i = children.length - 1; i >= 0; i--) todo.push(children[i] as number);
    }
    // Trimmed to its length while short (see appended).
    return out.length <= EXACT_LENGTH ? out.slice() : out;
  }

  private addGoroutine(task: Task, id: number): void {
    const gs = task.goroutines;
    if (gs.length < SMALL_SET) {
      if (!gs.includes(id)) task.goroutines = appended(gs, id);
      return;
    }
    let set = this.manyGoroutines.get(task);
    if (set === undefined) {
      set = new Set(gs);
      this.manyGoroutines.set(task, set);
    }
    set.add(id);
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
    const gs = this.gs;
    for (const g of gs.current()) {
      const name = gs.name[g] as string;
      gs.finalize(g, this.lastTs, null, isSystemGoroutine(name));
      gs.open[g] = 0;
      const regions = byStart(gs.regions.get(g) ?? NO_REGIONS);
      goroutines.push({
        id: gs.id[g] as number,
        name,
        pc: gs.pc[g] as number,
        creationTime: gs.creationTime[g] as number,
        startTime: gs.startTime[g] as number,
        endTime: gs.endTime[g] as number,
        isSystem: isSystemGoroutine(name),
        stats: gs.statsOut(g),
        regions,
      });
    }
    // Task ids are unsigned in Go: "no task" (-1 here, the only negative id) sorts last.
    const byId = this.tasks.values();
    const ordered = [...byId.filter((t) => t.id >= 0), ...byId.filter((t) => t.id < 0)];
    for (const t of ordered) {
      t.complete = t.start !== null && t.end !== null;
      t.descendents = this.descendents(t, ordered.length);
      const many = this.manyGoroutines.get(t);
      if (many !== undefined) t.goroutines = [...many];
      t.goroutines.sort((a, b) => a - b);
    }
    const tasks: TaskSummary[] = ordered;
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
 * The regions by start time, those without a start first, in Go's own (unstable) sort, so that
 * regions with equal starts keep Go's order. The sort orders positions by a column of start
 * times, then the regions follow: a goroutine can hold a million regions, and comparing them
 * through their start objects cost a cache miss or more per comparison. The sort's moves depend
 * only on the comparisons' outcomes, which are the same either way.
 */
export function byStart(regions: RegionSummary[]): RegionSummary[] {
  const n = regions.length;
  // Nothing to sort (most goroutines of a server have no region at all).
  if (n < 2) return regions;
  const starts = new Float64Array(n);
  const order: number[] = new Array<number>(n);
  // Strictly increasing already (a goroutine's regions one after another): any sort keeps them so.
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const start = (regions[i] as RegionSummary).start;
    starts[i] = start === null ? Number.NEGATIVE_INFINITY : start.time;
    order[i] = i;
    if (i > 0 && !((starts[i - 1] as number) < (starts[i] as number))) sorted = false;
  }
  if (sorted) return regions;
  goSortFunc(order, (a, b) => {
    const sa = starts[a] as number;
    const sb = starts[b] as number;
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
  return order.map((i) => regions[i] as RegionSummary);
}
