// Blocking profiles: how long goroutines spent blocked on the network, on
// synchronization, in system calls or waiting for a P, by the stack where the
// wait began. The same samples as `go tool trace -pprof=TYPE` (cmd/trace's
// pprof.go): a wait is the time from a goroutine's transition into the state
// (for net and sync, only with a matching reason) to its next transition into
// another state, counted where it overlaps the goroutine's life as Go's
// summary gives it ([first run, exit or trace end]), under the stack of the
// event that began it. Waits still going on at the end are not counted.
//
// Fed one event at a time; state is per live goroutine (its wait in progress,
// its start function, first run, end and open regions) and per distinct stack.
// What cannot be decided when a wait ends (a goroutine that has not run yet
// may never run, and then Go counts all of it; a goroutine seen only from the
// middle of a region may turn out to be inside a matching one) waits beside
// the goroutine, merged by stack, until the trace says.
import { type Event, EventKind, GoState, ResourceKind } from "@gotrace/reader";
import { isSystemGoroutine } from "./summarizer.js";

/** The four profiles of `go tool trace -pprof=TYPE`, in cmd/trace's order. */
export const PROFILE_TYPES = ["net", "sync", "syscall", "sched"] as const;

/**
 * Which wait a profile measures, as cmd/trace 1.27 defines them: `net`, time blocked with the
 * reason "network"; `sync`, blocked with a reason that names a channel, `sync` or `select`;
 * `syscall`, time in system calls; `sched`, time runnable before it runs (scheduler latency).
 */
export type ProfileType = (typeof PROFILE_TYPES)[number];

/**
 * Restricts the delays counted. Without any, a wait counts where it overlaps the goroutine's
 * life ([first run, exit or end of trace]), as cmd/trace's profiles do. `region` and `task`
 * count only the time inside regions (cmd/trace's region profiles: per goroutine, the union of
 * the matching regions, a region without a begin from the trace's start, one without an end to
 * its end); `goroutineGroup` only goroutines with that start function, during their life. Given
 * together, all must hold.
 */
export interface ProfileFilter {
  /** Time inside user regions of this name (`trace.WithRegion`'s regionType). */
  region?: string | undefined;
  /**
   * Time inside user regions of a task of this name (`trace.NewTask`'s taskType), including the
   * unnamed region a goroutine inherits when a region of the task creates it (Go's summary
   * records those; system goroutines drop them).
   */
  task?: string | undefined;
  /** Goroutines whose start function (outermost frame of their first stack) is this. */
  goroutineGroup?: string | undefined;
}

/** A frame of a sample's stack. */
export interface ProfileFrame {
  func: string;
  file: string;
  line: number;
  pc: number;
}

/** One stack's waits: how many, and their total overlap with the filter in nanoseconds. */
export interface ProfileSample {
  /** Leaf first, at most 128 frames (cmd/trace's limit). Empty when the event had no stack. */
  stack: ProfileFrame[];
  count: number;
  delayNs: number;
}

/** Go's pprofMaxStack: stacks are compared and written up to this many frames. */
const MAX_FRAMES = 128;

// Why a wait is held back: its goroutine has not run yet (Go counts the wait only if it never
// does), its start function is not known yet, or it may be inside a region begun before the trace.
const NEVER_RAN = 1;
const NAME = 2;
const REGION = 4;

interface StackEntry {
  key: string;
  frames: ProfileFrame[];
}

/**
 * Totals of one stack: those before the last Sync (kept) and those since. Go shows a stack's
 * frames as the last wait recorded with it had them (`seq` orders the waits), which matters only
 * where stacks with other frames have the same PCs (an empty stack and one of PC 0 frames).
 */
class Tally {
  count = 0;
  delay = 0;
  frames: ProfileFrame[];
  seq = -1;
  newCount = 0;
  newDelay = 0;
  newFrames: ProfileFrame[] = [];
  newSeq = -1;
  readonly key: string;
  constructor(entry: StackEntry) {
    this.key = entry.key;
    this.frames = entry.frames;
  }
  /** Moves what came since the last Sync into what is kept. */
  settle(): void {
    this.count += this.newCount;
    this.delay += this.newDelay;
    if (this.newSeq > this.seq) {
      this.frames = this.newFrames;
      this.seq = this.newSeq;
    }
    this.newCount = 0;
    this.newDelay = 0;
    this.newSeq = -1;
  }
  /** Adds another tally's kept totals into this one's kept. */
  merge(t: Tally): void {
    this.count += t.count;
    this.delay += t.delay;
    if (t.seq > this.seq) {
      this.frames = t.frames;
      this.seq = t.seq;
    }
  }
  /** Adds waits since the last Sync, the newest of them `seq`. */
  addNew(count: number, delay: number, frames: ProfileFrame[], seq: number): void {
    this.newCount += count;
    this.newDelay += delay;
    if (seq > this.newSeq) {
      this.newFrames = frames;
      this.newSeq = seq;
    }
  }
}

interface OpenRegion {
  name: string;
  taskId: number;
  start: number;
  /** The unnamed region a goroutine gets from its creator's innermost region. */
  inherited: boolean;
}

/** What Go's summary says of a goroutine, as far as the profiles need it. */
class Life {
  name = "";
  startTime = 0;
  endTime = 0;
  open: OpenRegion[] = [];
  /** Held-back waits by bits and stack key. */
  held: Map<string, { bits: number; tally: Tally }> | null = null;
  /** First seen at a generation's start: it may be inside regions begun before the trace. */
  readonly preTrace: boolean;
  constructor(preTrace: boolean) {
    this.preTrace = preTrace;
  }
}

const EMPTY_STACK: StackEntry = { key: "", frames: [] };

/**
 * Builds one blocking profile from a trace's events, as `go tool trace -pprof=TYPE` does. Feed it
 * every event in order with {@link BlockingProfiler.event}, then call
 * {@link BlockingProfiler.finish}.
 */
export class BlockingProfiler {
  private readonly want: number;
  private readonly reasonMatters: boolean;
  private readonly filter: ProfileFilter;
  private readonly byLife: boolean;
  private readonly byRegion: boolean;
  private readonly lives = new Map<number, Life>();
  /** Waits in progress: goroutine → start time and stack. */
  private readonly waiting = new Map<number, { time: number; stack: StackEntry }>();
  private readonly tallies = new Map<string, Tally>();
  /** Tallies and held waits changed since the last Sync. */
  private readonly touched = new Set<Tally>();
  /** This generation's stacks by id (ids are per generation). */
  private stacks = new Map<unknown, StackEntry>();
  private readonly taskNames = new Map<number, string>();
  private done: ProfileSample[] | null = null;
  /** Events seen: the order of waits, for which frames a stack shows. */
  private seq = 0;

  /** Which wait this profile measures. */
  readonly type: ProfileType;

  /** A profiler of waits of kind `type`, counted as `filter` says. */
  constructor(type: ProfileType, filter: ProfileFilter = {}) {
    this.type = type;
    this.want =
      type === "syscall" ? GoState.Syscall : type === "sched" ? GoState.Runnable : (GoState.Waiting as number);
    this.reasonMatters = type === "net" || type === "sync";
    this.filter = filter;
    this.byRegion = filter.region !== undefined || filter.task !== undefined;
    // cmd/trace's profiles without a region filter count goroutine lives; with one, regions only.
    this.byLife = !this.byRegion || filter.goroutineGroup !== undefined;
  }

  /** Kinds of events a profile reads nothing of (see {@link skipped}). */
  static readonly QUIET_KINDS: readonly EventKind[] = [
    EventKind.Metric,
    EventKind.Label,
    EventKind.StackSample,
    EventKind.RangeBegin,
    EventKind.RangeActive,
    EventKind.RangeEnd,
    EventKind.Log,
    EventKind.Experimental,
  ];

  /** Counts `events` events of the QUIET_KINDS that are not handed over (they only move the waits' sequence on). */
  skipped(events: number): void {
    this.seq += events;
  }

  /** Adds the next event of the trace. */
  event(ev: Event): void {
    if (this.done !== null) throw new Error("BlockingProfiler.event after finish");
    this.seq++;
    switch (ev.kind) {
      case EventKind.Sync:
        // Go's profiles keep the events up to the last Sync of a broken trace.
        for (const t of this.touched) t.settle();
        this.touched.clear();
        this.stacks = new Map();
        break;
      case EventKind.StateTransition:
        this.transition(ev);
        break;
      case EventKind.RegionBegin:
      case EventKind.RegionEnd:
        if (this.byRegion) this.region(ev);
        break;
      case EventKind.TaskBegin:
      case EventKind.TaskEnd:
        if (this.filter.task !== undefined) {
          const t = ev.task();
          // The first name seen: a task's end may come without one.
          if (t.type !== "" && !this.taskNames.has(t.id)) this.taskNames.set(t.id, t.type);
        }
        break;
    }
  }

  private transition(ev: Event): void {
    const t = ev.transition();
    if (t.kind !== ResourceKind.Goroutine) return;
    const id = typeof t.id === "number" ? t.id : Number(t.id);
    const time = ev.time;
    const to = t.to;

    // cmd/trace: a wait begins at a transition into the state, ends at one into any other.
    const begun = this.waiting.get(id);
    if (begun === undefined) {
      if (to === this.want && (!this.reasonMatters || this.reasonMatches(ev.transitionReason()))) {
        this.waiting.set(id, { time, stack: this.stackOf(ev) });
      }
    } else if (to !== this.want) {
      this.waiting.delete(id);
      this.count(id, begun.time, time, begun.stack, to === GoState.Running);
    }

    // Go's summary of the goroutine (summary.go's rules, as GoroutineSummarizer has them).
    if (t.from === to) return;
    let life: Life | undefined;
    if (t.from === GoState.Undetermined) {
      life = this.replace(id, new Life(true));
    } else if (t.from === GoState.NotExist) {
      life = this.replace(id, new Life(false));
      const top = this.lives.get(ev.goroutine)?.open.at(-1);
      if (top !== undefined) life.open = [{ name: "", taskId: top.taskId, start: time, inherited: true }];
    } else {
      life = this.lives.get(id);
      if (life === undefined) return;
    }
    if (life.name === "") {
      const stack = ev.transitionStackID() === null ? null : ev.stateTransition().stack;
      const outer = stack?.at(-1);
      if (outer !== undefined) life.name = outer.func;
    }
    if (to === GoState.Running) {
      if (life.startTime === 0) life.startTime = time;
    } else if (to === GoState.NotExist || (to === GoState.Waiting && ev.transitionReason() === "forever")) {
      life.endTime = time;
      life.open = [];
      // A goroutine that ended needs no state, unless waits of it are held back.
      if (life.held === null) this.lives.delete(id);
    }
  }

  /** A new life for goroutine `id` (Go's summary replaces a goroutine whose id comes back). */
  private replace(id: number, life: Life): Life {
    const old = this.lives.get(id);
    if (old !== undefined) life.held = old.held;
    this.lives.set(id, life);
    return life;
  }

  private reasonMatches(reason: string): boolean {
    if (this.type === "net") return reason === "network";
    return reason.includes("chan") || reason.includes("sync") || reason.includes("select");
  }

  private stackOf(ev: Event): StackEntry {
    const id = ev.stackID();
    if (id === null) return EMPTY_STACK;
    let entry = this.stacks.get(id);
    if (entry === undefined) {
      const frames = (ev.stack() ?? []).slice(0, MAX_FRAMES).map((f) => ({
        func: f.func,
        file: f.file,
        line: f.line,
        pc: f.pc,
      }));
      // Go tells stacks apart by their first 128 PCs alone, zero-padded: trailing zeros do not count.
      let n = frames.length;
      while (n > 0 && (frames[n - 1] as ProfileFrame).pc === 0) n--;
      const key = frames
        .slice(0, n)
        .map((f) => f.pc)
        .join(",");
      entry = { key, frames };
      this.stacks.set(id, entry);
    }
    return entry;
  }

  /** A wait of goroutine `id` from `start` to `end` has ended. */
  private count(id: number, start: number, end: number, stack: StackEntry, startsRunning: boolean): void {
    const life = this.lives.get(id);
    // A goroutine Go's summary does not have gets no interval, so its waits count nowhere.
    if (life === undefined) return;
    let lo = start;
    let hi = end;
    let bits = 0;
    if (this.byLife) {
      const group = this.filter.goroutineGroup;
      if (group !== undefined) {
        if (life.name === "") bits |= NAME;
        else if (life.name !== group) return;
      }
      // The life starts at the first run; this very event may be it.
      const first = life.startTime !== 0 ? life.startTime : startsRunning ? end : 0;
      if (first === 0) bits |= NEVER_RAN;
      else if (first > lo) lo = first;
      if (life.endTime !== 0 && life.endTime < hi) hi = life.endTime;
    }
    if (this.byRegion) {
      // Regions change only while the goroutine runs, so those open now were open all along.
      const outer = life.open.find((r) => this.regionMatches(r, life));
      if (outer !== undefined) {
        if (outer.start > lo) lo = outer.start;
      } else if (life.preTrace) {
        bits |= REGION;
      } else {
        return;
      }
    }
    const delay = hi - lo;
    if (delay <= 0) return;
    this.add(bits === 0 ? this.tally(stack) : this.heldTally(life, bits, stack), 1, delay, stack.frames);
  }

  private add(t: Tally, count: number, delay: number, frames: ProfileFrame[], seq = this.seq): void {
    t.addNew(count, delay, frames, seq);
    this.touched.add(t);
  }

  private tally(stack: StackEntry): Tally {
    let t = this.tallies.get(stack.key);
    if (t === undefined) {
      t = new Tally(stack);
      this.tallies.set(stack.key, t);
    }
    return t;
  }

  private regionMatches(r: { name: string; taskId: number; inherited?: boolean }, life: Life): boolean {
    // Go's summary drops the regions a system goroutine inherited.
    if (r.inherited === true && isSystemGoroutine(life.name)) return false;
    if (this.filter.region !== undefined && r.name !== this.filter.region) return false;
    if (this.filter.task !== undefined && (this.taskNames.get(r.taskId) ?? "") !== this.filter.task) return false;
    return true;
  }

  private region(ev: Event): void {
    const life = this.lives.get(ev.goroutine);
    if (life === undefined) return;
    const r = ev.region();
    if (ev.kind === EventKind.RegionBegin) {
      life.open.push({ name: r.type, taskId: r.task, start: ev.time, inherited: false });
      return;
    }
    if (life.open.pop() !== undefined || life.held === null) return;
    // A region that began before the trace: every held-back wait of the goroutine was inside it.
    if (!this.regionMatches({ name: r.type, taskId: r.task }, life)) return;
    for (const [key, held] of [...life.held]) {
      if ((held.bits & REGION) === 0) continue;
      life.held.delete(key);
      const bits = held.bits & ~REGION;
      const from = held.tally;
      const stack = { key: from.key, frames: from.frames };
      const into = bits === 0 ? this.tally(stack) : this.heldTally(life, bits, stack);
      into.merge(from);
      if (from.newCount > 0) this.add(into, from.newCount, from.newDelay, from.newFrames, from.newSeq);
      this.touched.delete(from);
    }
    if (life.held.size === 0) life.held = null;
  }

  private heldTally(life: Life, bits: number, stack: StackEntry): Tally {
    life.held ??= new Map();
    const key = `${bits}|${stack.key}`;
    let held = life.held.get(key);
    if (held === undefined) {
      held = { bits, tally: new Tally(stack) };
      life.held.set(key, held);
    }
    return held.tally;
  }

  /**
   * The profile's samples, most delay first. `broken`: the trace ended in an error, so only the
   * waits that ended before its last Sync count (cmd/trace keeps the events up to there).
   * Held-back waits are decided by what the whole trace said. Later calls return the same.
   */
  finish(broken = false): ProfileSample[] {
    if (this.done !== null) return this.done;
    if (!broken) for (const t of this.touched) t.settle();
    this.touched.clear();
    for (const life of this.lives.values()) {
      if (life.held === null) continue;
      for (const { bits, tally } of life.held.values()) {
        if ((bits & REGION) !== 0) continue;
        if ((bits & NEVER_RAN) !== 0 && life.startTime !== 0) continue;
        if ((bits & NAME) !== 0 && life.name !== this.filter.goroutineGroup) continue;
        this.tally({ key: tally.key, frames: tally.frames }).merge(tally);
      }
    }
    const out: ProfileSample[] = [];
    for (const t of this.tallies.values()) {
      if (t.count > 0) out.push({ stack: t.frames, count: t.count, delayNs: t.delay });
    }
    out.sort((a, b) => b.delayNs - a.delayNs || b.count - a.count || compareStacks(a.stack, b.stack));
    this.done = out;
    return out;
  }
}

function compareStacks(a: ProfileFrame[], b: ProfileFrame[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const d = (a[i] as ProfileFrame).pc - (b[i] as ProfileFrame).pc;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
