// The timeline model: what the canvas draws, built in the worker one event at
// a time and posted to the page as typed arrays (their buffers transferred, so
// a 100 MB trace's millions of spans cross threads without a copy).
import { type Event, EventKind, GoState, ResourceKind, type U64 } from "@gotrace/reader";
import { type TransitionParts, readTransition } from "@gotrace/reader/internal";
import {
  F64,
  SpanBuilder,
  type Spans,
  spanArrays,
  spanEnd,
  spanRelated,
  spanStack,
  spanStart,
  spanValue,
} from "./spans.js";

export type { Spans } from "./spans.js";

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

/** What is open for a goroutine: its state since when, and how it got there. */
interface GoOpen {
  /** Its row. */
  row: SpanBuilder;
  /** It has a name (a stack has been seen for it). */
  named: boolean;
  state: number;
  since: number;
  stack: number;
  related: number;
  /** The P it runs on while running (-1 else). */
  proc: number;
  runSince: number;
  runRelated: number;
}

/**
 * Told of each span added to a row, in the order added: the row (a P or a goroutine, by id) and
 * the span as plain numbers, before the row's compact form keeps it.
 */
export type SpanListener = (
  row: "proc" | "goroutine",
  id: number,
  start: number,
  end: number,
  value: number,
  stack: number,
  related: number,
) => void;

/** Goroutine ids below this are also kept in an array. */
const DENSE_GOROUTINES = 1 << 20;
const GC_MARK = "GC concurrent mark phase";
const HEAP_ALLOC = "/memory/classes/heap/objects:bytes";
const HEAP_GOAL = "/gc/heap/goal:bytes";

/**
 * Builds the {@link TimelineModel} from the reader's events, one at a time
 * (the reader's shared event is fine: nothing is kept from it but numbers and
 * resolved stacks).
 */
export class TimelineBuilder {
  private readonly onSpan: SpanListener | undefined;
  private t0 = Number.NaN;
  private last = 0;
  private events = 0;
  private generations = 0;
  private gcCycles = 0;
  private allocFree = false;
  /** Every goroutine seen, by id. */
  private readonly goOpen = new Map<number, GoOpen>();
  /** The same for small ids, in an array: one lookup per transition, cheaper than the map's. */
  private readonly goDense: (GoOpen | undefined)[] = [];
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
  private genStacks = new Map<U64, number>();
  private readonly scratch: TransitionParts = { kind: ResourceKind.None, id: 0, from: 0, to: 0 };

  /** `onSpan` hears of each span as it is added to a row (tests compare the rows with it). */
  constructor(onSpan?: SpanListener) {
    this.onSpan = onSpan;
  }

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
  private stackIndex(ev: Event, id: U64): number {
    if (id === 0 || id === 0n) return -1;
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
  private name(g: number, stack: number): boolean {
    const frames = this.stacks[stack];
    const outer = frames?.[frames.length - 1];
    if (outer === undefined) return false;
    if (!this.goNames.has(g)) this.goNames.set(g, outer.slice(0, outer.indexOf(" ")));
    return true;
  }

  private setOpen(g: number, open: GoOpen): void {
    this.goOpen.set(g, open);
    if (g < DENSE_GOROUTINES) this.goDense[g] = open;
  }

  private procRow(p: number): SpanBuilder {
    let row = this.procRows.get(p);
    if (row === undefined) {
      row = new SpanBuilder(false);
      this.procRows.set(p, row);
    }
    return row;
  }

  /** Closes goroutine g's open state at `end`: a span on its row. */
  private goSpan(g: number, open: GoOpen, end: number): void {
    open.row.add(open.since, end, open.state, open.stack, open.related);
    this.onSpan?.("goroutine", g, open.since, end, open.state, open.stack, open.related);
  }

  /** A running span on P p's row. */
  private procSpan(p: number, start: number, end: number, g: number, stack: number, related: number): void {
    this.procRow(p).add(start, end, g, stack, related);
    this.onSpan?.("proc", p, start, end, g, stack, related);
  }

  private transition(ev: Event, rel: number): void {
    // Into a scratch object: this runs for most events of a trace.
    const tr = readTransition(ev, this.scratch);
    if (tr.kind !== ResourceKind.Goroutine) return;
    const g = typeof tr.id === "number" ? tr.id : Number(tr.id);
    const sid = ev.transitionStackID();
    const stack = sid === null ? -1 : this.stackIndex(ev, sid);
    const by = ev.goroutine;
    const related = by >= 0 && by !== g ? by : -1;
    let open = g < DENSE_GOROUTINES ? this.goDense[g] : this.goOpen.get(g);
    if (tr.from === GoState.Undetermined) {
      // A GoStatus at a generation's start: the goroutine has been in \`to\` since that
      // generation's sync (as Go's summarizer counts it), or it restates what we know.
      if (open === undefined) {
        const since = this.lastSync;
        this.setOpen(g, {
          row: new SpanBuilder(true),
          named: false,
          state: tr.to,
          since,
          stack,
          related: -1,
          proc: tr.to === GoState.Running ? ev.proc : -1,
          runSince: since,
          runRelated: -1,
        });
        if (stack >= 0) this.name(g, stack);
        return;
      }
      if (open.state === tr.to) return;
    }
    if (open === undefined) {
      open = {
        row: new SpanBuilder(true),
        named: false,
        state: tr.from,
        since: this.lastSync,
        stack: -1,
        related: -1,
        proc: tr.from === GoState.Running ? ev.proc : -1,
        runSince: this.lastSync,
        runRelated: -1,
      };
      this.setOpen(g, open);
    }
    if (stack >= 0 && !open.named) open.named = this.name(g, stack);
    if (open.state !== GoState.NotExist && rel > open.since) {
      this.goSpan(g, open, rel);
    }
    if (tr.from === GoState.Running && open.proc >= 0) {
      this.procSpan(open.proc, open.runSince, rel, g, stack, open.runRelated);
      open.proc = -1;
    }
    if (tr.to === GoState.Running) {
      open.proc = ev.proc;
      open.runSince = rel;
      // Who made it runnable, for the running span that follows.
      open.runRelated = open.state === GoState.Runnable ? open.related : related;
    }
    open.state = tr.to;
    open.since = rel;
    open.stack = stack;
    open.related = related;
  }

  /**
   * The model of what has been read so far, for drawing while the rest is read: the closed spans
   * only (what is open goes on), copied, so the builder goes on unchanged.
   */
  preview(goVersion: number): TimelineModel {
    return this.model(goVersion, true);
  }

  /** Closes what is open at the last event and returns the model (its arrays are the builder's: use it once). */
  finish(goVersion: number): TimelineModel {
    const end = this.last;
    for (const [g, open] of this.goOpen) {
      if (open.state !== GoState.NotExist && end > open.since) {
        this.goSpan(g, open, end);
      }
      if (open.proc >= 0 && end > open.runSince) this.procSpan(open.proc, open.runSince, end, g, -1, open.runRelated);
    }
    if (this.gcOpen >= 0) {
      this.gcStart.push(this.gcOpen);
      this.gcEnd.push(end);
    }
    return this.model(goVersion, false);
  }

  private model(goVersion: number, copy: boolean): TimelineModel {
    const end = this.last;
    const procIds = [...this.procRows.keys()].sort((a, b) => a - b);
    const goroutineIds = [...this.goOpen.keys()].sort((a, b) => a - b);
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
      procs: procIds.map((p) => sortedSpans(this.procRows.get(p)!.done(!copy))),
      goroutineIds,
      goroutineNames: goroutineIds.map((g) => this.goNames.get(g) ?? ""),
      goroutines: goroutineIds.map((g) => sortedSpans(this.goOpen.get(g)!.row.done(!copy))),
      gc: { start: this.gcStart.done(copy), end: this.gcEnd.done(copy) },
      heapAlloc: { time: this.heapAlloc.time.done(copy), value: this.heapAlloc.value.done(copy) },
      heapGoal: { time: this.heapGoal.time.done(copy), value: this.heapGoal.value.done(copy) },
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
 * so they are already in order (the spans closed by finish() start after the rest of their row).
 * Checking costs one pass; should a row ever be out of order, it is decoded, sorted and
 * encoded again.
 */
function sortedSpans(s: Spans): Spans {
  const n = s.n;
  let sorted = true;
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = spanStart(s, i);
    if (t < prev) {
      sorted = false;
      break;
    }
    prev = t;
  }
  if (sorted) return s;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => spanStart(s, a) - spanStart(s, b));
  const out = new SpanBuilder(s.touching);
  for (const i of order) {
    out.add(spanStart(s, i), spanEnd(s, i), spanValue(s, i), spanStack(s, i), spanRelated(s, i));
  }
  return out.done(true);
}

/** The buffers of a model, for postMessage's transfer list. */
export function transferables(m: TimelineModel): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const s of [...m.procs, ...m.goroutines]) for (const a of spanArrays(s)) out.push(a.buffer as ArrayBuffer);
  for (const a of [m.gc.start, m.gc.end, m.heapAlloc.time, m.heapAlloc.value, m.heapGoal.time, m.heapGoal.value]) {
    out.push(a.buffer as ArrayBuffer);
  }
  return out;
}
