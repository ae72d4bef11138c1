// The timeline model: what the canvas draws, built in the worker one event at
// a time and posted to the page as typed arrays (their buffers transferred, so
// a 100 MB trace's millions of spans cross threads without a copy).
import { type Event, EventKind, GoState, ResourceKind, type U64 } from "@gotrace/reader";
import { type TransitionParts, readTransition } from "@gotrace/reader/internal";

/**
 * Spans of one row, sorted by start and never overlapping (so their ends are sorted too). About
 * 28 bytes a span: a 100 MB trace has tens of millions of them.
 */
export interface Spans {
  /** Start, ns after the trace's first event. */
  start: Float64Array;
  /** End, ns after the trace's first event. */
  end: Float64Array;
  /** On a P row the goroutine that ran; on a goroutine row its GoState. */
  value: Int32Array;
  /**
   * Index into {@link TimelineModel.stacks} (-1: none). On a P row, the stack where the goroutine
   * stopped running (starting to run records none). On a goroutine row, the stack where the state
   * began; where it ended is the next span's when that starts at this one's end.
   */
  stack: Int32Array;
  /** The goroutine whose event began the span when that is another one (the creator, the unblocker); -1 else. */
  related: Int32Array;
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
  /** The values: a copy (`copy`, the builder goes on) or a view of the builder's own buffer. */
  done(copy: boolean): Float64Array {
    return copy ? this.a.slice(0, this.n) : this.a.subarray(0, this.n);
  }
}

/** Spans per chunk of a growing row. */
const CHUNK = 1 << 16;

/** One chunk of a row's spans. */
interface Chunk {
  start: Float64Array;
  end: Float64Array;
  value: Int32Array;
  stack: Int32Array;
  related: Int32Array;
}

function newChunk(size: number, from?: Chunk): Chunk {
  const c = {
    start: new Float64Array(size),
    end: new Float64Array(size),
    value: new Int32Array(size),
    stack: new Int32Array(size),
    related: new Int32Array(size),
  };
  if (from !== undefined) {
    c.start.set(from.start);
    c.end.set(from.end);
    c.value.set(from.value);
    c.stack.set(from.stack);
    c.related.set(from.related);
  }
  return c;
}

/**
 * A row's spans as it grows, in chunks of CHUNK spans: appending never copies a large array
 * (doubling one would copy and zero it again and again), and done() joins the chunks once. The
 * first chunk starts small and doubles up to CHUNK, so the many short rows stay small.
 */
class SpanBuilder {
  private readonly chunks: Chunk[] = [];
  private c: Chunk = newChunk(16);
  /** Spans in the current (last) chunk, and its capacity. */
  private k = 0;
  private cap = 16;

  constructor() {
    this.chunks.push(this.c);
  }

  add(start: number, end: number, value: number, stack: number, related: number): void {
    if (this.k === this.cap) this.grow();
    const c = this.c;
    const i = this.k++;
    c.start[i] = start;
    c.end[i] = end;
    c.value[i] = value;
    c.stack[i] = stack;
    c.related[i] = related;
  }

  private grow(): void {
    if (this.cap < CHUNK) {
      // Only the first chunk is ever short: double it in place.
      this.cap *= 2;
      this.c = newChunk(this.cap, this.c);
      this.chunks[0] = this.c;
    } else {
      this.c = newChunk(CHUNK);
      this.chunks.push(this.c);
      this.k = 0;
    }
  }

  /**
   * The spans in arrays of their own. With `release` the builder lets go of its chunks (it is
   * finished), so building a model needs the memory of one row twice, not of the whole model.
   */
  done(release: boolean): Spans {
    // Every chunk but the last is full.
    const n = (this.chunks.length - 1) * CHUNK + this.k;
    const out = newChunk(n);
    let at = 0;
    for (const c of this.chunks) {
      const take = Math.min(c.start.length, n - at);
      out.start.set(c.start.subarray(0, take), at);
      out.end.set(c.end.subarray(0, take), at);
      out.value.set(c.value.subarray(0, take), at);
      out.stack.set(c.stack.subarray(0, take), at);
      out.related.set(c.related.subarray(0, take), at);
      at += take;
    }
    if (release) this.chunks.length = 0;
    return out;
  }
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
      row = new SpanBuilder();
      this.procRows.set(p, row);
    }
    return row;
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
          row: new SpanBuilder(),
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
        row: new SpanBuilder(),
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
      open.row.add(open.since, rel, open.state, open.stack, open.related);
    }
    if (tr.from === GoState.Running && open.proc >= 0) {
      this.procRow(open.proc).add(open.runSince, rel, g, stack, open.runRelated);
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
        open.row.add(open.since, end, open.state, open.stack, open.related);
      }
      if (open.proc >= 0 && end > open.runSince)
        this.procRow(open.proc).add(open.runSince, end, g, -1, open.runRelated);
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
    stack: pick(s.stack),
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
    add(s.stack);
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
