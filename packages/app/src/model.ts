// The timeline model: what the canvas draws, built in the worker one event at
// a time and posted to the page as typed arrays (their buffers transferred, so
// a 100 MB trace's millions of spans cross threads without a copy).
import { type Event, EventKind, GoState, ResourceKind } from "@gotrace/reader";

/** Spans of one row, sorted by start and never overlapping (so their ends are sorted too). */
export interface Spans {
  /** Start, ns after the trace's first event. */
  start: Float64Array;
  /** End, ns after the trace's first event. */
  end: Float64Array;
  /** On a P row the goroutine that ran; on a goroutine row its GoState. */
  value: Float64Array;
  /** Index into {@link TimelineModel.stacks} of the stack where the span ended (-1: none). */
  endStack: Int32Array;
  /** Index into {@link TimelineModel.stacks} of the stack where the span began (-1: none). */
  startStack: Int32Array;
  /** The goroutine whose event began the span when that is another one (the creator, the unblocker); -1 else. */
  related: Float64Array;
}

/** A series of counter points (time ns after the first event, value). */
export interface Counter {
  time: Float64Array;
  value: Float64Array;
}

/** The trace at a glance: what the overview shows. */
export interface Overview {
  /** The N of "go 1.N trace". */
  goVersion: number;
  /** Last event time minus first, ns. */
  durationNs: number;
  /** Generations read (Sync events). */
  generations: number;
  /** Events read. */
  events: number;
  /** GC cycles: "GC concurrent mark phase" ranges begun. */
  gcCycles: number;
  /** Goroutines seen. */
  goroutines: number;
  /** Ps seen. */
  procs: number;
  /** The trace has AllocFree experiment events (GODEBUG=traceallocfree=1). */
  allocFree: boolean;
  /** Time of the first event on the trace clock, ns. */
  startNs: number;
}

/** Everything the timeline draws. */
export interface TimelineModel {
  overview: Overview;
  /** P ids, in row order. */
  procIds: number[];
  /** One row per P: which goroutine ran on it when. */
  procs: Spans[];
  /** Goroutine ids, in row order (ascending). */
  goroutineIds: number[];
  /** Each goroutine's name: its start function, or "" when unknown. */
  goroutineNames: string[];
  /** One row per goroutine: its states over time. */
  goroutines: Spans[];
  /** GC mark phases. */
  gc: { start: Float64Array; end: Float64Array };
  /** /memory/classes/heap/objects:bytes (HeapAlloc). */
  heapAlloc: Counter;
  /** /gc/heap/goal:bytes (HeapGoal). */
  heapGoal: Counter;
  /** Stacks, each as lines "func file:line", outermost last. */
  stacks: string[][];
}

/** A growable Float64Array: amortised appends without boxing each value in a JS array. */
class F64 {
  a = new Float64Array(16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

/** A growable Int32Array. */
class I32 {
  a = new Int32Array(16);
  n = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

class SpanBuilder {
  start = new F64();
  end = new F64();
  value = new F64();
  endStack = new I32();
  startStack = new I32();
  related = new F64();
  add(start: number, end: number, value: number, startStack: number, endStack: number, related: number): void {
    this.start.push(start);
    this.end.push(end);
    this.value.push(value);
    this.startStack.push(startStack);
    this.endStack.push(endStack);
    this.related.push(related);
  }
  done(): Spans {
    return {
      start: this.start.done(),
      end: this.end.done(),
      value: this.value.done(),
      endStack: this.endStack.done(),
      startStack: this.startStack.done(),
      related: this.related.done(),
    };
  }
}

/** What is open for a goroutine: its state since when, and how it got there. */
interface GoOpen {
  state: number;
  since: number;
  stack: number;
  related: number;
  /** The P it runs on while running (-1 else). */
  proc: number;
  runSince: number;
  runStack: number;
  runRelated: number;
}

const GC_MARK = "GC concurrent mark phase";
const HEAP_ALLOC = "/memory/classes/heap/objects:bytes";
const HEAP_GOAL = "/gc/heap/goal:bytes";

/**
 * Builds the {@link TimelineModel} from the reader's events, one at a time
 * (the reader's shared event is fine: nothing is kept from it but numbers and
 * resolved stacks).
 */
export class TimelineBuilder {
  private t0 = Number.NaN;
  private last = 0;
  private events = 0;
  private generations = 0;
  private gcCycles = 0;
  private allocFree = false;
  private readonly goOpen = new Map<number, GoOpen>();
  private readonly goRows = new Map<number, SpanBuilder>();
  private readonly goNames = new Map<number, string>();
  private readonly procRows = new Map<number, SpanBuilder>();
  private readonly gcStart = new F64();
  private readonly gcEnd = new F64();
  private gcOpen = -1;
  /** Time of the last Sync (a generation's start), ns after the first event. */
  private lastSync = 0;
  private readonly heapAlloc = { time: new F64(), value: new F64() };
  private readonly heapGoal = { time: new F64(), value: new F64() };
  private readonly stacks: string[][] = [];
  private readonly stackByKey = new Map<string, number>();
  /** This generation's stack ids to indexes in `stacks` (ids are per generation). */
  private genStacks = new Map<unknown, number>();

  /** Takes one event. */
  event(ev: Event): void {
    const t = ev.time;
    if (Number.isNaN(this.t0)) this.t0 = t;
    const rel = t - this.t0;
    this.last = rel;
    this.events++;
    switch (ev.kind) {
      case EventKind.Sync:
        this.generations++;
        this.lastSync = rel;
        this.genStacks = new Map();
        break;
      case EventKind.StateTransition:
        this.transition(ev, rel);
        break;
      case EventKind.RangeBegin:
      case EventKind.RangeActive:
        if (ev.range().name === GC_MARK && this.gcOpen < 0) {
          if (ev.kind === EventKind.RangeBegin) this.gcCycles++;
          this.gcOpen = rel;
        }
        break;
      case EventKind.RangeEnd:
        if (ev.range().name === GC_MARK) {
          this.gcStart.push(Math.max(0, this.gcOpen));
          this.gcEnd.push(rel);
          this.gcOpen = -1;
        }
        break;
      case EventKind.Metric: {
        const m = ev.metric();
        const series = m.name === HEAP_ALLOC ? this.heapAlloc : m.name === HEAP_GOAL ? this.heapGoal : undefined;
        if (series !== undefined) {
          series.time.push(rel);
          series.value.push(m.value);
        }
        break;
      }
      case EventKind.Experimental:
        if (!this.allocFree && ev.experimental().experiment === "AllocFree") this.allocFree = true;
        break;
    }
  }

  /** The index of the stack with this generation's id, resolving and interning it on first sight. */
  private stackIndex(ev: Event, id: unknown): number {
    if (id === null || id === 0 || id === 0n) return -1;
    const known = this.genStacks.get(id);
    if (known !== undefined) return known;
    const frames = transitionStack(ev);
    let idx = -1;
    if (frames !== null && frames.length > 0) {
      const key = frames.join("\n");
      idx = this.stackByKey.get(key) ?? -1;
      if (idx < 0) {
        idx = this.stacks.length;
        this.stacks.push(frames);
        this.stackByKey.set(key, idx);
      }
    }
    this.genStacks.set(id, idx);
    return idx;
  }

  /** Names a goroutine as Go's summarizer does: the outermost frame of the first stack seen for it. */
  private name(g: number, stack: number): void {
    if (stack < 0 || this.goNames.has(g)) return;
    const frames = this.stacks[stack];
    const outer = frames?.[frames.length - 1];
    if (outer !== undefined) this.goNames.set(g, outer.slice(0, outer.indexOf(" ")));
  }

  private transition(ev: Event, rel: number): void {
    const tr = ev.transition();
    if (tr.kind !== ResourceKind.Goroutine) return;
    const g = Number(tr.id);
    const stack = this.stackIndex(ev, ev.transitionStackID());
    const by = ev.goroutine;
    const related = by >= 0 && by !== g ? by : -1;
    let open = this.goOpen.get(g);
    if (tr.from === GoState.Undetermined) {
      // A GoStatus at a generation's start: the goroutine has been in `to` since that
      // generation's sync (as Go's summarizer counts it), or it restates what we know.
      if (open === undefined) {
        const since = this.lastSync;
        this.goOpen.set(g, {
          state: tr.to,
          since,
          stack,
          related: -1,
          proc: tr.to === GoState.Running ? ev.proc : -1,
          runSince: since,
          runStack: stack,
          runRelated: -1,
        });
        this.name(g, stack);
        if (!this.goRows.has(g)) this.goRows.set(g, new SpanBuilder());
        return;
      }
      if (open.state === tr.to) return;
    }
    if (open === undefined) {
      open = {
        state: tr.from,
        since: this.lastSync,
        stack: -1,
        related: -1,
        proc: -1,
        runSince: this.lastSync,
        runStack: -1,
        runRelated: -1,
      };
      this.goOpen.set(g, open);
      if (tr.from === GoState.Running) open.proc = ev.proc;
    }
    this.name(g, stack);
    let row = this.goRows.get(g);
    if (row === undefined) {
      row = new SpanBuilder();
      this.goRows.set(g, row);
    }
    if (open.state !== GoState.NotExist && rel > open.since) {
      row.add(open.since, rel, open.state, open.stack, stack, open.related);
    }
    if (tr.from === GoState.Running && open.proc >= 0) {
      let prow = this.procRows.get(open.proc);
      if (prow === undefined) {
        prow = new SpanBuilder();
        this.procRows.set(open.proc, prow);
      }
      prow.add(open.runSince, rel, g, open.runStack, stack, open.runRelated);
      open.proc = -1;
    }
    if (tr.to === GoState.Running) {
      open.proc = ev.proc;
      open.runSince = rel;
      open.runStack = stack;
      open.runRelated = open.related;
    }
    open.state = tr.to;
    open.since = rel;
    open.stack = stack;
    if (tr.to === GoState.Runnable || tr.to === GoState.Running) {
      // Keep who made it runnable for the running span that follows.
      if (related >= 0 || tr.to === GoState.Runnable) open.related = related;
    } else {
      open.related = related;
    }
  }

  /**
   * The model of what has been read so far, for drawing while the rest is read: the closed spans
   * only (what is open goes on), copied, so the builder goes on unchanged.
   */
  preview(goVersion: number): TimelineModel {
    return this.model(goVersion);
  }

  /** Closes what is open at the last event and returns the model. */
  finish(goVersion: number): TimelineModel {
    const end = this.last;
    for (const [g, open] of this.goOpen) {
      const row = this.goRows.get(g);
      if (row !== undefined && open.state !== GoState.NotExist && end > open.since) {
        row.add(open.since, end, open.state, open.stack, -1, open.related);
      }
      if (open.proc >= 0 && end > open.runSince) {
        let prow = this.procRows.get(open.proc);
        if (prow === undefined) {
          prow = new SpanBuilder();
          this.procRows.set(open.proc, prow);
        }
        prow.add(open.runSince, end, g, open.runStack, -1, open.runRelated);
      }
    }
    if (this.gcOpen >= 0) {
      this.gcStart.push(this.gcOpen);
      this.gcEnd.push(end);
    }
    return this.model(goVersion);
  }

  private model(goVersion: number): TimelineModel {
    const end = this.last;
    const procIds = [...this.procRows.keys()].sort((a, b) => a - b);
    const goroutineIds = [...this.goRows.keys()].sort((a, b) => a - b);
    return {
      overview: {
        goVersion,
        durationNs: end,
        generations: this.generations,
        events: this.events,
        gcCycles: this.gcCycles,
        goroutines: goroutineIds.length,
        procs: procIds.length,
        allocFree: this.allocFree,
        startNs: Number.isNaN(this.t0) ? 0 : this.t0,
      },
      procIds,
      procs: procIds.map((p) => sortedSpans(this.procRows.get(p)!.done())),
      goroutineIds,
      goroutineNames: goroutineIds.map((g) => this.goNames.get(g) ?? ""),
      goroutines: goroutineIds.map((g) => sortedSpans(this.goRows.get(g)!.done())),
      gc: { start: this.gcStart.done(), end: this.gcEnd.done() },
      heapAlloc: { time: this.heapAlloc.time.done(), value: this.heapAlloc.value.done() },
      heapGoal: { time: this.heapGoal.time.done(), value: this.heapGoal.value.done() },
      stacks: this.stacks.slice(),
    };
  }
}

/** The transition's resource stack as "func file:line" lines, or null. */
function transitionStack(ev: Event): string[] | null {
  const frames = ev.stateTransition().stack;
  if (frames === null) return null;
  return frames.map((f) => `${f.func} ${f.file}:${f.line}`);
}

/**
 * The spans in start order. Spans are appended when they end; on one row they never overlap,
 * so they are already in order, except that the spans closed by finish() come last; sorting
 * a sorted array by index costs one pass.
 */
function sortedSpans(s: Spans): Spans {
  const n = s.start.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (s.start[i]! < s.start[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return s;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.start[a]! - s.start[b]!);
  const pick = <T extends Float64Array | Int32Array>(a: T): T => {
    const out = a.slice() as T;
    for (let i = 0; i < n; i++) out[i] = a[order[i]!]!;
    return out;
  };
  return {
    start: pick(s.start),
    end: pick(s.end),
    value: pick(s.value),
    endStack: pick(s.endStack),
    startStack: pick(s.startStack),
    related: pick(s.related),
  };
}

/** The buffers of a model, for postMessage's transfer list. */
export function transferables(m: TimelineModel): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  const add = (a: Float64Array | Int32Array) => out.push(a.buffer as ArrayBuffer);
  for (const s of [...m.procs, ...m.goroutines]) {
    add(s.start);
    add(s.end);
    add(s.value);
    add(s.endStack);
    add(s.startStack);
    add(s.related);
  }
  add(m.gc.start);
  add(m.gc.end);
  add(m.heapAlloc.time);
  add(m.heapAlloc.value);
  add(m.heapGoal.time);
  add(m.heapGoal.value);
  return out;
}
