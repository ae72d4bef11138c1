// The heap model: fed heap records (digest/records.ts) in order, it keeps the
// live objects, spans and stacks, charges allocations to types, goroutines,
// tasks and regions, lines the heap up with GC cycles and the runtime's own
// metrics, and samples all of it over time. Memory follows the live heap.
import { type AllocFreeTypeEntry, decodeAllocFreeBatch } from "@gotrace/codec";
import { K, type RecordChunk, STRIDE, type SyncData } from "../digest/records.js";
import { GcCycles } from "./gc.js";
import { type AllocContext, BEFORE_TRACE_CONTEXT, Goroutines, NameKeys } from "./goroutines.js";
import { ASSUMED_LAYOUT, type HeapLayout, layoutFromInfo, stackSizeOfOrder } from "./layout.js";
import { COARSE_SPLIT_NS, quarterBucket, TypeLifetimes } from "./lifetimes.js";
import { emptyFields, type ObjectFields } from "./objects.js";
import { ObjectPlacement } from "./placement.js";
import { I_GC, INTS, type SlotChunk } from "./slot-arena.js";
import type { SizeClassTable } from "./size-classes.js";
import type { SpanTable } from "./spans.js";
import { CycleSurvivors } from "./survivors.js";
import { Timeline } from "./timeline.js";
import { TypeCounters } from "./type-counters.js";
import { TypeRegistry } from "./types.js";

/** Stack orders above this (stacks over 512 GiB; Go's limit is 1 GB) come from damage. */
const MAX_STACK_ORDER = 40;

const STW_MARK_TERMINATION = "GC mark termination";
const STW_SWEEP_TERMINATION = "GC sweep termination";

export interface AnalyzerOptions {
  /** The size-class table of the Go release that wrote the trace. */
  sizeClasses: SizeClassTable;
  /** Take snapshots for a diff at these times (ns after the first event). */
  diff?: { fromNs: number; toNs: number } | undefined;
  /** Roughly how many timeline points to keep (default 600). */
  timelinePoints?: number | undefined;
}

export interface TypeSnapshot {
  timeNs: number;
  objects: number[];
  bytes: number[];
}

export class HeapAnalyzer {
  readonly types = new TypeRegistry();
  readonly counters = new TypeCounters();
  readonly placement: ObjectPlacement;
  readonly goroutines = new Goroutines();
  readonly regions = new NameKeys("<no region>");
  readonly tasks = new NameKeys("<no task>");
  readonly gc = new GcCycles();
  readonly timeline: Timeline;
  readonly lifetimes: (TypeLifetimes | undefined)[] = [];
  layout: HeapLayout = ASSUMED_LAYOUT;
  readonly sizeClasses: SizeClassTable;
  /** Strings the records refer to, by id. */
  private readonly strings: string[] = [];

  startNs = Number.NaN;
  /** Time of the latest event; while a record is applied, its time ("now"). */
  endNs = Number.NaN;
  events = 0;
  allocFreeEvents = 0;
  /** Sync events seen: Go's reader gives one before each generation and one after the last (see generationsRead). */
  syncs = 0;
  generationsWithTypes = 0;
  sawSnapshot = false;
  sawInfo = false;
  /** Unix wall time of the first event in ns, when the trace has a clock snapshot (Go 1.25+). */
  wallStartNs: bigint | null = null;
  /** A sentence for each damaged AllocFree batch the analysis left out (see digest/alloc-free-check.ts). */
  readonly skippedBatches: string[] = [];

  liveObjects = 0;
  liveBytes = 0;
  peakBytes = 0;
  peakObjects = 0;
  peakNs = Number.NaN;

  readonly stacks = new Map<number, number>();
  stackBytes = 0;
  peakStackBytes = 0;
  stacksAllocated = 0;
  stacksFreed = 0;
  unknownStackFrees = 0;
  /** Stack events left out because their size is no stack's (the reader does not check alloc/free values). */
  impossibleStacks = 0;
  readonly stackAllocsBySize = new Map<number, number>();

  heapAlloc: number | null = null;
  heapGoal: number | null = null;
  heapAllocSamples = 0;

  /** Allocations by user region and by task key (0: none), added up from the allocation contexts by finish(). */
  readonly regionAlloc: { objects: number[]; bytes: number[] } = { objects: [0], bytes: [0] };
  readonly taskAlloc: { objects: number[]; bytes: number[] } = { objects: [0], bytes: [0] };
  readonly taskNames = new Map<number, number>();
  /** Per span class (below 256: size class << 1 | noscan): live objects and bytes, added up for each timeline sample. */
  private readonly classObjects = new Float64Array(256);
  private readonly classBytes = new Float64Array(256);
  /** Five numbers per span class, and five for objects outside any known span. */
  private readonly classScratch = new Float64Array(257 * 5);
  /** Live objects per type when each GC cycle began (the previous cycle's sweep is done by then). */
  readonly liveAtGcBegin: number[][] = [];
  /** What each GC cycle found live, per type (objects live at its mark's end that its sweep did not free). */
  readonly survivors = new CycleSurvivors();

  readonly diffWanted: { fromNs: number; toNs: number } | undefined;
  diffFrom: TypeSnapshot | null = null;
  diffTo: TypeSnapshot | null = null;

  private readonly scratch: ObjectFields = emptyFields();
  private inMarkTermination = false;
  private heapAllocInMarkTermination: number | null = null;

  constructor(options: AnalyzerOptions) {
    this.sizeClasses = options.sizeClasses;
    this.placement = new ObjectPlacement(
      options.sizeClasses,
      ASSUMED_LAYOUT,
      (options.sizeClasses.tinySizeClass << 1) | 1,
      this,
      (typeKey) => this.roundToSizeClass(this.types.sizes[typeKey] ?? 0),
    );
    this.timeline = new Timeline(options.timelinePoints ?? 600);
    this.diffWanted = options.diff;
    this.counters.ensure(0);
  }

  /** The spans in use (owned by the placement, which replaces them when the info batch arrives). */
  get spans(): SpanTable {
    return this.placement.spans;
  }

  /** Objects and bytes allocated inside the trace. */
  get allocObjects(): number {
    return this.goroutines.contexts.byIndex.reduce((n, c) => n + c.allocObjects, 0);
  }

  get allocBytes(): number {
    return this.goroutines.contexts.byIndex.reduce((n, c) => n + c.allocBytes, 0);
  }

  /** Applies a chunk of records, in order. */
  apply(chunk: RecordChunk): void {
    for (const s of chunk.strings) this.strings.push(s);
    if (Number.isNaN(this.startNs)) this.startNs = chunk.firstNs;
    const d = chunk.data;
    const diff = this.diffWanted !== undefined;
    const timeline = this.timeline;
    for (let i = 0, at = 0; i < chunk.count; i++, at += STRIDE) {
      const kind = d[at] as number;
      const time = d[at + 1] as number;
      this.endNs = time;
      if (diff) this.checkDiff(time);
      // The two kinds that are nearly all records first, without a call.
      if (kind === K.HeapObjectAlloc) {
        this.allocFreeEvents++;
        this.allocObject(d[at + 2] as number, this.types.resolve(d[at + 3] as number), d[at + 5] as number);
      } else if (kind === K.HeapObjectFree) {
        this.allocFreeEvents++;
        this.placement.free(d[at + 2] as number);
      } else if (kind >= K.Span && kind <= K.GoroutineStackFree) {
        this.allocFreeEvents++;
        this.experimental(kind, d, at);
      } else this.other(kind, d, at, chunk.syncs);
      if (time >= timeline.nextAt) this.sample(time, false);
    }
    this.events = chunk.events;
    if (!Number.isNaN(chunk.lastNs)) this.endNs = chunk.lastNs;
  }

  /**
   * Generations read. A whole trace ends with a Sync that starts no generation; a broken one
   * ends at its error instead, inside the generation its last Sync started.
   */
  generationsRead(broken: boolean): number {
    return broken ? this.syncs : Math.max(0, this.syncs - 1);
  }

  /** Called once after the last chunk. */
  finish(): void {
    this.gc.finish();
    this.closeSurvivors();
    if (this.events > 0) this.sample(this.endNs, true);
    if (this.diffWanted !== undefined) {
      if (this.diffFrom === null) this.diffFrom = this.snapshot(this.endNs);
      if (this.diffTo === null) this.diffTo = this.snapshot(this.endNs);
    }
    for (const to of [this.regionAlloc, this.taskAlloc]) {
      to.objects.length = 0;
      to.bytes.length = 0;
      charge(to, 0, 0, 0);
    }
    for (const c of this.goroutines.contexts.byIndex) {
      const objects = c.allocObjects;
      if (objects === 0) continue;
      const bytes = c.allocBytes;
      charge(this.regionAlloc, c.regionKey, objects, bytes);
      charge(this.taskAlloc, c.taskKey, objects, bytes);
    }
  }

  /** Allocated objects and bytes per type key over the whole trace (the allocation contexts' counts, added up). */
  typeAllocations(): { objects: number[]; bytes: number[] } {
    const objects = new Array<number>(this.types.count).fill(0);
    const bytes = new Array<number>(this.types.count).fill(0);
    for (const c of this.goroutines.contexts.byIndex) {
      c.typeObjects.forEach((n, k) => {
        objects[k] = (objects[k] as number) + n;
        bytes[k] = (bytes[k] as number) + (c.typeBytes[k] as number);
      });
    }
    return { objects, bytes };
  }

  private experimental(kind: number, d: Float64Array, at: number): void {
    const id = d[at + 2] as number;
    switch (kind) {
      case K.HeapObject:
        this.sawSnapshot = true;
        this.allocObject(id, this.types.resolve(d[at + 3] as number), Number.NaN);
        break;
      case K.Span:
      case K.SpanAlloc:
        this.spans.add(id, d[at + 3] as number, d[at + 4] as number, kind === K.SpanAlloc);
        if (kind === K.Span) this.sawSnapshot = true;
        break;
      case K.SpanFree:
        this.spans.free(id);
        break;
      case K.GoroutineStack:
      case K.GoroutineStackAlloc: {
        if (kind === K.GoroutineStack) this.sawSnapshot = true;
        const order = d[at + 3] as number;
        if (order > MAX_STACK_ORDER) {
          this.impossibleStacks++;
          break;
        }
        const size = stackSizeOfOrder(order);
        const old = this.stacks.get(id);
        if (old !== undefined) this.stackBytes -= old;
        this.stacks.set(id, size);
        this.stackBytes += size;
        if (this.stackBytes > this.peakStackBytes) this.peakStackBytes = this.stackBytes;
        if (kind === K.GoroutineStackAlloc) {
          this.stacksAllocated++;
          this.stackAllocsBySize.set(size, (this.stackAllocsBySize.get(size) ?? 0) + 1);
        }
        break;
      }
      case K.GoroutineStackFree: {
        const size = this.stacks.get(id);
        if (size === undefined) {
          this.unknownStackFrees++;
          break;
        }
        this.stacks.delete(id);
        this.stackBytes -= size;
        this.stacksFreed++;
        break;
      }
    }
  }

  /** An object appears: allocated by goroutine `g`, or (g NaN) in the start-of-trace snapshot. */
  private allocObject(id: number, typeKey: number, g: number): void {
    const fresh = !Number.isNaN(g);
    const context = fresh ? this.goroutines.get(g).context : undefined;
    const f = this.scratch;
    f.typeKey = typeKey;
    f.allocTime = fresh ? this.endNs : Number.NaN;
    f.context = context === undefined ? BEFORE_TRACE_CONTEXT : context.index;
    f.gcAtAlloc = fresh ? this.gc.completed : -1;
    const bytes = this.placement.place(id, f);
    this.counted(typeKey, bytes, context);
  }

  /** The accounting of an object that appeared, now: live counts, the peak, and (allocated in `context`) its allocation. */
  private counted(typeKey: number, bytes: number, context: AllocContext | undefined): void {
    const c = this.counters;
    if (typeKey >= c.size) c.ensure(typeKey);
    c.change(typeKey, 1, bytes);
    this.liveObjects++;
    this.liveBytes += bytes;
    if (this.liveBytes > this.peakBytes) {
      this.peakBytes = this.liveBytes;
      this.peakObjects = this.liveObjects;
      this.peakNs = this.endNs;
      c.markPeak();
    }
    context?.charge(typeKey, bytes);
  }

  /** The placement's report of an object gone, now (ReleaseSink). */
  released(f: ObjectFields, fromEvent: boolean): void {
    this.gone(f.typeKey, f.bytes);
    if (fromEvent) this.freed(f.typeKey, f.bytes, f.allocTime, f.gcAtAlloc);
  }

  /** The placement's report of an event's free of an object in a span slot (ReleaseSink). */
  freedFromSlot(chunk: SlotChunk, slot: number, typeKey: number, bytes: number): void {
    this.gone(typeKey, bytes);
    this.freed(typeKey, bytes, chunk.times[slot] as number, (chunk.ints[slot * INTS + I_GC] as number) - 1);
  }

  /** An object is no longer live. */
  private gone(typeKey: number, bytes: number): void {
    this.counters.change(typeKey, -1, -bytes);
    this.liveObjects--;
    this.liveBytes -= bytes;
  }

  /** An object was freed by an event, now: the sweep's count, and its lifetime when it was allocated in the trace. */
  private freed(typeKey: number, bytes: number, allocTime: number, gcAtAlloc: number): void {
    this.gc.swept(bytes);
    this.gc.lastFreeNs = this.endNs;
    if (Number.isNaN(allocTime)) return;
    const ns = this.endNs - allocTime;
    // The cycle whose sweep frees an object found it dead; it survived the ones before.
    const cycles = gcAtAlloc < 0 ? 0 : Math.max(0, this.gc.completed - gcAtAlloc - 1);
    let lt = this.lifetimes[typeKey];
    if (lt === undefined) {
      lt = new TypeLifetimes();
      this.lifetimes[typeKey] = lt;
    }
    // The buckets are found here and only small integers passed on: a float
    // argument to a call that is not inlined costs an allocation.
    const b = quarterBucket(ns);
    lt.addBucket(b, cycles);
    if (ns > (COARSE_SPLIT_NS[b] as number)) lt.aboveCoarseSplit[b] = (lt.aboveCoarseSplit[b] as number) + 1;
    if (ns > lt.maxNs) lt.maxNs = ns;
  }

  private other(kind: number, d: Float64Array, at: number, syncs: SyncData[]): void {
    const time = d[at + 1] as number;
    switch (kind) {
      case K.Sync:
        this.sync(syncs[d[at + 2] as number] as SyncData);
        break;
      case K.GcBegin:
        this.liveAtGcBegin.push(this.counters.liveObjects.slice());
        this.gc.begin(d[at + 2] as number, time, this.liveBytes);
        this.sample(time, true);
        break;
      case K.GcEnd:
        this.gc.end(time, this.liveBytes, this.heapAllocInMarkTermination ?? this.heapAlloc);
        // A sweep that no sweep termination closed ends when the next mark does.
        this.closeSurvivors();
        // Only cycles the report lists (their mark began in the trace) get survivors.
        if (this.gc.cycles.at(-1)?.endNs === time) {
          this.survivors.markEnded(this.gc.cycles.at(-1)?.seq ?? -1, this.typeAllocations());
        }
        this.heapAllocInMarkTermination = null;
        this.sample(time, true);
        break;
      case K.StwBegin:
      case K.StwEnd:
        this.stw(this.strings[d[at + 2] as number] ?? "", kind === K.StwBegin);
        break;
      case K.HeapAlloc:
        this.heapAlloc = d[at + 2] as number;
        this.heapAllocSamples++;
        if (this.inMarkTermination) this.heapAllocInMarkTermination = this.heapAlloc;
        break;
      case K.HeapGoal:
        this.heapGoal = d[at + 2] as number;
        break;
      case K.TaskBegin:
        this.taskNames.set(d[at + 2] as number, this.tasks.keyOf(this.strings[d[at + 3] as number] ?? ""));
        break;
      case K.RegionBegin: {
        const task = d[at + 2] as number;
        const taskKey = task === 0 ? 0 : (this.taskNames.get(task) ?? this.tasks.keyOf(`<task ${task}>`));
        const region = this.regions.keyOf(this.strings[d[at + 3] as number] ?? "");
        this.goroutines.get(d[at + 5] as number).enterRegion(region, taskKey);
        break;
      }
      case K.RegionEnd:
        this.goroutines.get(d[at + 5] as number).leaveRegion();
        break;
      case K.GoroutineName:
        this.goroutines.get(d[at + 5] as number).name = this.strings[d[at + 2] as number] ?? null;
        break;
    }
  }

  private sync(s: SyncData): void {
    this.syncs++;
    for (const w of s.skipped) this.skippedBatches.push(w);
    if (this.wallStartNs === null && s.wallNs !== null) {
      // Wall time of the trace's first event: the snapshot's wall clock, moved back by the trace-clock distance.
      this.wallStartNs = s.wallNs - BigInt(Math.round(s.traceNs - this.startNs));
    }
    const entries: AllocFreeTypeEntry[] = [];
    let hasTable = false;
    for (const data of s.allocFree) {
      const decoded = decodeAllocFreeBatch(data);
      if (decoded.kind === "info") {
        this.layout = layoutFromInfo(decoded);
        this.placement.setLayout(this.sizeClasses, this.layout);
        this.sawInfo = true;
      } else {
        hasTable = true;
        entries.push(...decoded.entries);
      }
    }
    if (hasTable) this.generationsWithTypes++;
    this.types.startGeneration(this.syncs, entries, hasTable);
  }

  private stw(kind: string, begin: boolean): void {
    if (kind === STW_MARK_TERMINATION) {
      this.inMarkTermination = begin;
      if (begin) this.heapAllocInMarkTermination = null;
    } else if (kind === STW_SWEEP_TERMINATION && !begin) {
      // The previous cycle's sweep is finished by the end of this pause.
      this.gc.closeSweep();
      this.closeSurvivors();
    }
  }

  /** The open cycle's sweep is done (or the trace ended): count its survivors. */
  private closeSurvivors(): void {
    if (!this.survivors.isOpen) return;
    const live = { objects: this.counters.liveObjects, bytes: this.counters.liveBytes };
    this.survivors.close(this.endNs, live, this.typeAllocations());
  }

  private roundToSizeClass(size: number): number {
    const sizes = this.sizeClasses.objectSize;
    if (size <= 0) return 0;
    for (let c = 1; c < sizes.length; c++) if ((sizes[c] as number) >= size) return sizes[c] as number;
    const page = this.layout.pageSize;
    return Math.ceil(size / page) * page;
  }

  private checkDiff(time: number): void {
    const want = this.diffWanted;
    if (want === undefined) return;
    if (this.diffFrom === null && time >= this.startNs + want.fromNs) this.diffFrom = this.snapshot(time);
    if (this.diffTo === null && time >= this.startNs + want.toNs) this.diffTo = this.snapshot(time);
  }

  private snapshot(time: number): TypeSnapshot {
    return { timeNs: time, objects: this.counters.liveObjects.slice(), bytes: this.counters.liveBytes.slice() };
  }

  /** Span classes with spans or live objects, as the timeline keeps them. */
  private classSnapshot(): Float64Array {
    // Objects in span slots are the placement's running tallies; the rest
    // (tiny-block neighbours, displaced objects) are the side table's own.
    const objects = this.classObjects;
    const bytes = this.classBytes;
    const placement = this.placement;
    const side = placement.side;
    for (let sc = 0; sc < 256; sc++) {
      objects[sc] = (side.classObjects[sc] as number) + (placement.spanClassObjects[sc] as number);
      bytes[sc] = (side.classBytes[sc] as number) + (placement.spanClassBytes[sc] as number);
    }
    const spans = this.spans.perClass;
    const classes = Math.min(256, spans.length);
    const out = this.classScratch;
    let at = 0;
    for (let sc = 0; sc < 256; sc++) {
      const c = sc < classes ? spans[sc] : undefined;
      const n = objects[sc] as number;
      if ((c === undefined || c.spans === 0) && n === 0) continue;
      out[at++] = sc;
      out[at++] = n;
      out[at++] = bytes[sc] as number;
      out[at++] = c?.spans ?? 0;
      out[at++] = c?.pages ?? 0;
    }
    if (side.unspannedObjects !== 0) {
      // Span class -1: objects in spans the trace never showed, so that the classes add up.
      out[at++] = -1;
      out[at++] = side.unspannedObjects;
      out[at++] = side.unspannedBytes;
      out[at++] = 0;
      out[at++] = 0;
    }
    return out.slice(0, at);
  }

  private sample(time: number, atGc: boolean): void {
    this.timeline.add({
      timeNs: time,
      liveObjects: this.liveObjects,
      liveBytes: this.liveBytes,
      heapSpanBytes: this.spans.heapPages * this.layout.pageSize,
      stackBytes: this.stackBytes,
      heapAlloc: this.heapAlloc,
      heapGoal: this.heapGoal,
      gcCycles: this.gc.completed,
      typeBytes: new Float64Array(this.counters.liveBytes),
      classes: this.classSnapshot(),
      atGc,
    });
  }
}

function charge(to: { objects: number[]; bytes: number[] }, key: number, objects: number, bytes: number): void {
  while (to.objects.length <= key) {
    to.objects.push(0);
    to.bytes.push(0);
  }
  to.objects[key] = (to.objects[key] as number) + objects;
  to.bytes[key] = (to.bytes[key] as number) + bytes;
}
