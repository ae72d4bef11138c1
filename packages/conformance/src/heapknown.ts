// The expectations of the heapknown fixtures (fixtures/heapknown.expect.json): what the
// program tools/fixtures/progs/heapknown allocates, frees and keeps, derived from its flags,
// its types and Go's size classes (never from our own analysis). Checked against Go's own
// -d=parsed/-d=wire goldens by tools/fixtures/heapcheck.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir } from "./fixtures.js";

/** A number of objects and the bytes of their slots. */
export interface HeapCount {
  objects: number;
  bytes: number;
}

/** One of the program's named types. */
export interface HeapKnownType {
  /** The runtime's type name, as in the trace's type table, e.g. "main.retained". */
  name: string;
  /** The type's size and its pointer-holding prefix, as in the type table. */
  size: number;
  ptrBytes: number;
  /** Size class (0 for a large object) and the size of a slot; slotBytes equals size for every type. */
  sizeClass: number;
  slotBytes: number;
  /** The kindclass argument of its spans' Span/SpanAlloc events (span class << 1). */
  kindclass: number;
  /** Pages of the span of each object (large objects only). */
  spanPages?: number;
  allocated: HeapCount;
  freed: HeapCount;
  /** Objects in the start snapshot (none) + allocated − freed. */
  liveAtEnd: HeapCount;
  allocatedOn: string;
  why: string;
}

/** The contents of fixtures/heapknown.expect.json. */
export interface HeapKnownExpectations {
  program: "heapknown";
  source: string;
  /** The fixture names these numbers hold for. */
  fixtures: string[];
  /** The program's arguments (equal to each fixture's `args`) and the same as name → value. */
  args: string[];
  flags: Record<string, number>;
  why: string;
  /** The alloc/free info batch. */
  info: { pageSize: number; minHeapAlign: number; minStackAlign: number; why: string };
  types: HeapKnownType[];
  /** Allocations of the types above by goroutine: by start function, or the main goroutine (no startFunction). */
  byGoroutine: { startFunction?: string; goroutine?: string; types: Record<string, HeapCount>; why: string }[];
  /** Allocations of the types above inside user regions. */
  byRegion: { task: string; region: string; types: Record<string, HeapCount>; why: string }[];
  /** The goroutine whose stack grows to a known size. Orders are bits.Len(size) = log2(size)+1. */
  stack: {
    startFunction: string;
    frameBytes: number;
    depth: number;
    peakBytes: number;
    peakOrder: number;
    startBytes: number;
    /** Orders of the GoroutineStackAlloc events on that goroutine, in order. */
    growthOrders: number[];
    /** The peak stack is freed (GoroutineStackFree) when the goroutine exits. */
    freedAtExit: boolean;
    why: string;
  };
  notTheseNumbers: string;
}

/** Reads fixtures/heapknown.expect.json. */
export function heapKnown(): HeapKnownExpectations {
  return JSON.parse(readFileSync(join(fixturesDir(), "heapknown.expect.json"), "utf8")) as HeapKnownExpectations;
}
