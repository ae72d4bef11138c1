// Mutator utilization over time, built the way Go's internal/trace builds it
// (MutatorUtilizationV2 in gc.go), fed one event at a time so it can run in
// the same pass as the summarizer. The output is one point per change of
// utilization, as Go's; nothing is kept per event.
//
// Go's behaviour is kept on purpose, including its rough edges: nothing is
// recorded before the first GOMAXPROCS metric, a P's counters are indexed by
// the event's P, and a range found active at the start of the trace lowers
// the whole-system series back to its start.
import { type Event, EventKind, GoState, ResourceKind } from "@gotrace/reader";
import { type RangeView, readRange, type TransitionParts, readTransition } from "@gotrace/reader/internal";
import { ById } from "./by-id.js";

/**
 * Which activities count as taking the mutator's time (Go's `UtilFlags`), as bits; combine with `|`.
 * The /mmu page of `go tool trace` starts with `STW | Background | Assist`.
 */
export const UtilFlags = Object.freeze({
  /** Stop-the-world pauses of the GC (ranges named "stop-the-world … GC …"). */
  STW: 1,
  /** Background mark workers (goroutines labelled "GC (dedicated)", "GC (fractional)"). */
  Background: 2,
  /** Mark assists of goroutines ("GC mark assist"). */
  Assist: 4,
  /** Incremental sweeping on a P ("GC incremental sweep"). */
  Sweep: 8,
  /** One series per P (utilization 0 or 1) instead of one for the whole system. */
  PerProc: 16,
} as const);

/** A combination of {@link UtilFlags} bits. */
export type UtilFlags = number;

/** The /mmu page's names of the {@link UtilFlags} bits, in bit order: stw, background, assist, sweep, perProc. */
export const UTIL_FLAG_NAMES: readonly string[] = ["stw", "background", "assist", "sweep", "perProc"];

/** The names of the bits set in `flags`, in bit order (`["stw", "assist"]` for 5). */
export function utilFlagNames(flags: UtilFlags): string[] {
  return UTIL_FLAG_NAMES.filter((_, i) => (flags & (1 << i)) !== 0);
}

/** `flags` from names as {@link UTIL_FLAG_NAMES} spells them; throws on an unknown name. */
export function parseUtilFlags(names: Iterable<string>): UtilFlags {
  let flags = 0;
  for (const name of names) {
    const bit = UTIL_FLAG_NAMES.indexOf(name);
    if (bit < 0)
      throw new Error(`unknown utilization flag ${JSON.stringify(name)} (known: ${UTIL_FLAG_NAMES.join(", ")})`);
    flags |= 1 << bit;
  }
  return flags;
}

/** A change of mutator utilization (Go's `MutatorUtil`): from `time` (trace ns) on, the mean utilization is `util`, in [0, 1]. */
export interface MutatorUtil {
  readonly time: number;
  readonly util: number;
}

/** One series of utilization changes, in time order; the last point (utilization 0) marks the end of the trace. */
export type UtilizationSeries = MutatorUtil[];

/** What {@link UtilizationBuilder.finish} gives. */
export interface Utilization {
  /** The flags the series were built with. */
  flags: UtilFlags;
  /**
   * One series for the whole system, or with `PerProc` one per P (a P that goes away and comes
   * back gets a new series). Empty when the trace has no `/sched/gomaxprocs:threads` metric.
   */
  series: UtilizationSeries[];
  /** Events the series cover: all of them, or with `toLastSync` those up to the last Sync. */
  events: number;
  /** Time of the first covered event (0 when none). */
  startTime: number;
  /** Time of the last covered event (0 when none). */
  endTime: number;
}

/** A P's counters: how many GC activities hold it, and which series it writes. */
interface PerP {
  gc: number;
  series: number;
}

/** What finishing at a Sync needs: where each series stood after it, and which series the Ps wrote then. */
interface SyncMark {
  events: number;
  time: number;
  lengths: number[];
  last: (MutatorUtil | undefined)[];
  pSeries: number[];
  /** Whole copies of the series, taken before a later event rewrites points before the mark. */
  copy: MutatorUtil[][] | null;
}

const GOMAXPROCS_METRIC = "/sched/gomaxprocs:threads";

/** UtilizationBuilder's gcWork bits. */
const IN_ASSIST = 1;
const BG_MARK = 2;

/**
 * Builds mutator utilization series from a trace's events, as Go's `MutatorUtilizationV2` does,
 * one event at a time (the reader's shared event is fine: nothing is kept from it). Call
 * {@link UtilizationBuilder.event} for every event in order, then {@link UtilizationBuilder.finish};
 * pass the series to `new MMUCurve(…)`.
 */
export class UtilizationBuilder {
  /** The flags this builder was made with. */
  readonly flags: UtilFlags;
  private readonly out: MutatorUtil[][] = [];
  private stw = 0;
  private ps: PerP[] = [];
  /**
   * Per goroutine, whether it does GC work: IN_ASSIST while in a mark assist, BG_MARK once
   * labelled a background mark worker. One table, read on every state transition.
   */
  private readonly gcWork = new ById<number>();
  /** Goroutines' last known states, while a range found active may still need them. */
  private readonly states = new ById<number>();
  /** GOMAXPROCS changes: time and count. */
  private readonly procs: { time: number; n: number }[] = [];
  private nSync = 0;
  private count = 0;
  private firstTime = 0;
  private lastTime = 0;
  private mark: SyncMark | null = null;
  /** Where the counts of an event outside every P go: written, never read. */
  private readonly noP: PerP = { gc: 0, series: -1 };
  /** How many Ps (of `ps`) have GC work now: kept as their counters change, not counted per event. */
  private gcBusy = 0;
  /** Whether every series ends at its utilization now (see event). */
  private seriesAtUtil = true;
  /** Filled by each transition: no object per event. */
  private readonly scratch: TransitionParts = { kind: ResourceKind.None, id: 0, from: 0, to: 0 };
  private readonly rangeScratch: RangeView = { name: "", scopeKind: ResourceKind.None, scopeId: 0 };
  private done = false;

  /** A builder for `flags` ({@link UtilFlags} bits). */
  constructor(flags: UtilFlags) {
    this.flags = flags;
  }

  /** Events taken so far. */
  get events(): number {
    return this.count;
  }

  /** Events up to and including the last Sync so far (what Go's cmd/trace keeps of a broken trace). */
  get eventsToLastSync(): number {
    return this.mark?.events ?? 0;
  }

  /**
   * Kinds of events that change no counter of the builder: one makes a series record the current
   * utilization only when the event before it left a series elsewhere (see event()).
   */
  static readonly QUIET_KINDS: readonly EventKind[] = [
    EventKind.StackSample,
    EventKind.TaskBegin,
    EventKind.TaskEnd,
    EventKind.RegionBegin,
    EventKind.RegionEnd,
    EventKind.Log,
    EventKind.Experimental,
  ];

  /**
   * Counts `events` events of the QUIET_KINDS not handed over, each of them right after another
   * (handed over or not) with an earlier time, as in a Go 1.22+ trace: the first of the two has
   * left every series at its utilization, so the others would change nothing.
   */
  skipped(events: number): void {
    // Never so in a Go 1.22+ trace; the events' times would be needed otherwise.
    if (!this.seriesAtUtil && this.ps.length > 0) {
      throw new Error("UtilizationBuilder.skipped after an event that left a series below its utilization");
    }
    this.count += events;
  }

  /** Takes the next event of the trace. */
  event(ev: Event): void {
    if (this.done) throw new Error("UtilizationBuilder.event after finish");
    const time = ev.time;
    if (this.count === 0) this.firstTime = time;
    this.count++;
    this.lastTime = time;
    const kind = ev.kind;
    // Only these kinds change the Ps, the stop-the-world count or who does GC work. After any
    // other the utilization is what it was, so when every series already ends at it the update
    // below would add nothing (an alloc/free trace is mostly events of other kinds: tens of
    // millions). A series can end elsewhere only after two changes at one time stamp (a v1
    // trace's), where the lower one stays; the next event then records the current one.
    switch (kind) {
      case EventKind.Sync:
      case EventKind.Metric:
      case EventKind.RangeActive:
      case EventKind.RangeBegin:
      case EventKind.RangeEnd:
      case EventKind.StateTransition:
      case EventKind.Label:
        break;
      default:
        if (this.seriesAtUtil) return;
    }
    const flags = this.flags;
    const perProc = (flags & UtilFlags.PerProc) !== 0;
    // Whether this event may change the utilization: most transitions and ranges are of goroutines
    // that do no GC work, or ranges the flags leave out.
    let changed = false;
    if (kind === EventKind.Sync) {
      this.nSync = ev.sync().n;
    } else if (kind === EventKind.Metric && ev.metricName() === GOMAXPROCS_METRIC) {
      this.gomaxprocs(ev.metric().value, time, perProc);
      changed = true;
    }
    const ps = this.ps;
    if (ps.length === 0) {
      // Nothing is known before the first GOMAXPROCS, so nothing is recorded.
      if (kind === EventKind.Sync) this.markSync();
      return;
    }
    switch (kind) {
      case EventKind.RangeActive:
      case EventKind.RangeBegin:
      case EventKind.RangeEnd:
        changed = this.range(ev, kind);
        break;
      case EventKind.StateTransition: {
        const t = readTransition(ev, this.scratch);
        if (t.kind !== ResourceKind.Goroutine) break;
        const g = typeof t.id === "number" ? t.id : Number(t.id);
        if (this.gcWork.get(g) !== undefined) {
          const was = executing(t.from);
          const is = executing(t.to);
          if (was !== is) {
            this.addGC(this.p(ev), is ? 1 : -1);
            changed = true;
          }
        }
        // Only read for ranges found active in the first generation; an exited goroutine reads as not executing anyway.
        if (this.nSync <= 1) {
          if (t.to === GoState.NotExist) this.states.delete(g);
          else this.states.set(g, t.to);
        }
        break;
      }
      case EventKind.Label:
        if ((flags & UtilFlags.Background) !== 0) {
          const label = ev.label().label;
          if (label.startsWith("GC ") && label !== "GC (idle)") {
            // A dedicated worker empties its P of goroutines, so per P it delays none of them directly.
            if (!(perProc && label === "GC (dedicated)")) {
              this.gcWork.set(ev.goroutine, (this.gcWork.get(ev.goroutine) ?? 0) | BG_MARK);
              this.addGC(this.p(ev), 1);
              changed = true;
            }
          }
        }
        break;
    }
    // Unchanged counters give the utilization every series already ends at: addUtil would add
    // nothing (as in the early return above).
    if (!changed && this.seriesAtUtil) {
      if (kind === EventKind.Sync) this.markSync();
      return;
    }
    if (!perProc) {
      const gcPs = this.stw > 0 ? ps.length : this.gcBusy;
      const util = 1 - gcPs / ps.length;
      const s = this.series(0);
      // Most events change nothing: no call (and no boxed time) for them.
      if (s.length === 0 || (s[s.length - 1] as MutatorUtil).util !== util) addUtil(s, time, util);
      this.seriesAtUtil = (s[s.length - 1] as MutatorUtil).util === util;
    } else {
      let atUtil = true;
      for (const p of ps) {
        const s = this.series(p.series);
        const util = this.stw > 0 || p.gc > 0 ? 0 : 1;
        addUtil(s, time, util);
        if ((s[s.length - 1] as MutatorUtil).util !== util) atUtil = false;
      }
      this.seriesAtUtil = atUtil;
    }
    if (kind === EventKind.Sync) this.markSync();
  }

  /**
   * The series. With `toLastSync`, they cover only the events up to the last Sync, as Go's
   * cmd/trace does for a trace that turned out broken. Each series ends with a point of
   * utilization 0 at the last covered event.
   */
  finish(options: { toLastSync?: boolean | undefined } = {}): Utilization {
    this.done = true;
    const out = this.out;
    let events = this.count;
    let endTime = this.lastTime;
    let pSeries = this.ps.map((p) => p.series);
    if (options.toLastSync) {
      const m = this.mark;
      if (m === null) return { flags: this.flags, series: [], events: 0, startTime: 0, endTime: 0 };
      events = m.events;
      endTime = m.time;
      pSeries = m.pSeries;
      out.length = m.lengths.length;
      for (const [i, n] of m.lengths.entries()) {
        if (m.copy !== null) {
          out[i] = m.copy[i] ?? [];
          continue;
        }
        const s = this.series(i);
        s.length = n;
        const last = m.last[i];
        if (n > 0 && last !== undefined) s[n - 1] = last;
      }
    }
    if (events === 0) return { flags: this.flags, series: [], events: 0, startTime: 0, endTime: 0 };
    for (const i of pSeries) addUtil(this.series(i), endTime, 0);
    return { flags: this.flags, series: out, events, startTime: this.firstTime, endTime };
  }

  private series(i: number): MutatorUtil[] {
    const s = this.out[i];
    if (s === undefined) throw new Error(`utilization series ${i} does not exist`);
    return s;
  }

  /**
   * The counters of the event's P. Go indexes them without a check and fails on an event with no
   * P or a P beyond GOMAXPROCS (a valid trace has none); such an event counts on no P here.
   */
  private p(ev: Event): PerP {
    return this.ps[ev.proc] ?? this.noP;
  }

  /** Adds `d` to P `p`'s GC work, keeping the count of Ps busy with GC. */
  private addGC(p: PerP, d: number): void {
    const was = p.gc > 0;
    p.gc += d;
    if (p !== this.noP && was !== p.gc > 0) this.gcBusy += was ? -1 : 1;
  }

  private gomaxprocs(n: number, time: number, perProc: boolean): void {
    const ps = this.ps;
    if (ps.length > n) {
      if (perProc) for (const p of ps.slice(n)) addUtil(this.series(p.series), time, 0);
      ps.length = n;
    }
    while (ps.length < n) {
      let series = 0;
      if (perProc || this.out.length === 0) {
        series = this.out.length;
        this.out.push([{ time, util: 1 }]);
      }
      ps.push({ gc: 0, series });
    }
    let busy = 0;
    for (const p of ps) if (p.gc > 0) busy++;
    this.gcBusy = busy;
    const last = this.procs[this.procs.length - 1];
    if (last === undefined || last.n !== n) this.procs.push({ time, n });
  }

  /** Takes a range event; false when it changes no counter (a range the flags leave out). */
  private range(ev: Event, kind: EventKind): boolean {
    const flags = this.flags;
    const r = readRange(ev, this.rangeScratch);
    const stw = (flags & UtilFlags.STW) !== 0 && r.name.startsWith("stop-the-world") && r.name.includes("GC");
    const assist = (flags & UtilFlags.Assist) !== 0 && r.name === "GC mark assist";
    const sweep = (flags & UtilFlags.Sweep) !== 0 && r.name === "GC incremental sweep";
    let begin = kind !== EventKind.RangeEnd;
    if (kind === EventKind.RangeActive) {
      // After a whole generation every range in progress was seen begin; an Active event repeats it.
      if (this.nSync > 1) return false;
      // Go counts an assist found active only when its goroutine is running.
      const counted = sweep || (assist && executing(this.states.get(ev.goroutine) ?? GoState.Undetermined));
      if (counted && (flags & UtilFlags.PerProc) === 0) this.backdate();
      // An assist whose goroutine is not running still begins a range below, as in Go.
      begin = true;
    }
    const goroutine = r.scopeKind === ResourceKind.Goroutine ? r.scopeId : -1;
    const d = begin ? 1 : -1;
    if (stw) {
      this.stw += d;
    } else if (sweep) {
      this.addGC(this.p(ev), d);
    } else if (assist) {
      this.addGC(this.p(ev), d);
      if (goroutine !== -1) {
        const work = this.gcWork.get(goroutine) ?? 0;
        const now = begin ? work | IN_ASSIST : work & ~IN_ASSIST;
        if (now === 0) this.gcWork.delete(goroutine);
        else this.gcWork.set(goroutine, now);
      }
    } else {
      return false;
    }
    return true;
  }

  /**
   * A P was busy with GC since the start of the trace and we learn it only now: take 1/GOMAXPROCS
   * (of the GOMAXPROCS then) off every point so far, floored at 0.
   */
  private backdate(): void {
    const m = this.mark;
    if (m !== null && m.copy === null) {
      // These points are rewritten; a later finish at that Sync needs them as they were.
      m.copy = this.out.map((s, i) => s.slice(0, m.lengths[i] ?? 0));
      for (const [i, s] of m.copy.entries()) {
        const last = m.last[i];
        if (s.length > 0 && last !== undefined) s[s.length - 1] = last;
      }
    }
    const s = this.series(0);
    const procs = this.procs;
    let pi = 0;
    for (let mi = 0; mi < s.length; ) {
      const point = s[mi] as MutatorUtil;
      const next = procs[pi + 1];
      if (next !== undefined && next.time < point.time) {
        pi++;
        continue;
      }
      const n = (procs[pi] as { n: number }).n;
      let util = point.util - 1 / n;
      if (util < 0) util = 0;
      s[mi] = { time: point.time, util };
      mi++;
    }
  }

  private markSync(): void {
    this.mark = {
      events: this.count,
      time: this.lastTime,
      lengths: this.out.map((s) => s.length),
      last: this.out.map((s) => s[s.length - 1]),
      pSeries: this.ps.map((p) => p.series),
      copy: null,
    };
  }
}

/** Go's GoState.Executing(): running, or in a syscall. */
function executing(state: number): boolean {
  return state === GoState.Running || state === GoState.Syscall;
}

/** Appends a change, or lowers a change at the same time; nothing when the utilization stays. */
function addUtil(s: MutatorUtil[], time: number, util: number): void {
  const last = s[s.length - 1];
  if (last !== undefined) {
    if (util === last.util) return;
    if (time === last.time) {
      if (util < last.util) s[s.length - 1] = { time, util };
      return;
    }
  }
  s.push({ time, util });
}
