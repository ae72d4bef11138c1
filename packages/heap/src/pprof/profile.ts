// Builds a pprof Profile message (github.com/google/pprof proto/profile.proto)
// shaped like a Go heap profile, from per-(type, goroutine group, task) totals
// derived from a trace's alloc/free events.
//
// The stacks are synthetic: the trace's alloc events do not carry the
// allocating call stack we would want here, so each sample's "stack" is
// leaf → root: object type, allocating goroutine group, then the task or
// region when there is one. That lets `pprof -top/-tree/-web` and flame graphs
// group the heap by type and by who allocated it.
//
// Output is deterministic: ids and string-table indexes follow first use in
// the input order, so the same input always gives the same bytes.

import { encodeProfileMessage, StringTable } from "@gotrace/codec/internal";

/** One cell of the heap analysis: totals for objects of one type allocated by one goroutine group (and task). */
export interface PprofSample {
  /** Object type as the runtime names it, e.g. `*main.node`; the leaf frame. */
  type: string;
  /** Allocating goroutine group (its start function, e.g. `main.worker`). */
  group: string;
  /** Task or region the allocation happened in; the root frame. Absent or "" means none. */
  task?: string;
  allocObjects: number;
  allocBytes: number;
  inuseObjects: number;
  inuseBytes: number;
}

/** What encodeHeapProfile writes: the samples, and when and for how long the trace ran. HeapResult.pprof is one. */
export interface PprofInput {
  samples: PprofSample[];
  /**
   * Wall-clock start of the trace in Unix nanoseconds, or 0 when unknown.
   * Today's times are past 2^53: pass a bigint to keep every nanosecond
   * (an integer number is accepted and encoded as the value it holds).
   */
  timeNanos: number | bigint;
  /** Trace duration in nanoseconds. */
  durationNanos: number | bigint;
  /** Extra comments, appended after the fixed one that says where the profile came from. */
  comments?: string[];
}

/** The comment every profile starts with, so a reader of `pprof -comments` knows these are exact, derived numbers. */
export const PROFILE_COMMENT =
  "gotrace heap: derived from a Go execution trace's alloc/free events (GODEBUG=traceallocfree=1); exact counts, not sampled";

/** Sample types in Go heap profile order; the last one is the default, as in Go's heap profiles. */
export const SAMPLE_TYPES = [
  ["alloc_objects", "count"],
  ["alloc_space", "bytes"],
  ["inuse_objects", "count"],
  ["inuse_space", "bytes"],
] as const;

const DEFAULT_SAMPLE_TYPE = "inuse_space";
const MAPPING_ID = 1;

// Pseudo source files of the synthetic frames. They make a type, a goroutine
// group and a task of the same name distinct functions in the profile, and say
// in `pprof -raw`/`-traces` output what kind of frame each is. (`pprof -top`
// at its default function granularity still adds same-named frames together.)
export const FRAME_FILES = { type: "<type>", group: "<goroutine>", task: "<task>" } as const;
type FrameKind = keyof typeof FRAME_FILES;

interface Func {
  id: number;
  name: number;
  filename: number;
}

const VALUE_KEYS = ["allocObjects", "allocBytes", "inuseObjects", "inuseBytes"] as const;

// The writer rejects these too; checking here names the offending field.
function checkCount(what: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0)
    throw new RangeError(`pprof: ${what} = ${v}, want a non-negative safe integer`);
}

function toInt64(what: string, v: number | bigint): bigint {
  if (typeof v === "number" && !Number.isInteger(v)) throw new RangeError(`pprof: ${what} = ${v}, want an integer`);
  return BigInt(v);
}

/** Encodes `input` as an uncompressed profile.proto message. */
export function encodeHeapProfile(input: PprofInput): Uint8Array<ArrayBuffer> {
  const strings = new StringTable();
  // Interned up front so their indexes do not depend on the samples.
  const sampleTypes = SAMPLE_TYPES.map(([type, unit]) => [strings.id(type), strings.id(unit)] as const);
  const periodType = [strings.id("space"), strings.id("bytes")] as const;
  const defaultSampleType = strings.id(DEFAULT_SAMPLE_TYPE);

  // One Function and one Location per distinct (kind, name); location id = function id.
  const funcs = new Map<string, Func>();
  const frame = (kind: FrameKind, name: string): number => {
    const key = `${kind}\0${name}`;
    let f = funcs.get(key);
    if (f === undefined) {
      f = { id: funcs.size + 1, name: strings.id(name), filename: strings.id(FRAME_FILES[kind]) };
      funcs.set(key, f);
    }
    return f.id;
  };

  const timeNanos = toInt64("timeNanos", input.timeNanos);
  const durationNanos = toInt64("durationNanos", input.durationNanos);
  const samples = input.samples.map((s, i) => {
    for (const k of VALUE_KEYS) checkCount(`samples[${i}].${k}`, s[k]);
    const stack = [frame("type", s.type), frame("group", s.group)];
    if (s.task !== undefined && s.task !== "") stack.push(frame("task", s.task));
    return { stack, values: VALUE_KEYS.map((k) => s[k]) };
  });
  const comments = [PROFILE_COMMENT, ...(input.comments ?? [])].map((c) => strings.id(c));

  const fs = [...funcs.values()];
  return encodeProfileMessage({
    sampleTypes: sampleTypes.map(([type, unit]) => ({ type, unit })),
    samples: samples.map((s) => ({ locationIds: s.stack, values: s.values })),
    // One mapping that says "already symbolized" (has_functions, has_filenames),
    // so pprof neither looks for a binary to symbolize with nor prints "Main
    // binary filename not available". Only written when some location uses it.
    mappings: fs.length > 0 ? [{ id: MAPPING_ID, hasFunctions: true, hasFilenames: true }] : [],
    // Location{id, mapping_id, line{function_id}}: no address, line 0.
    locations: fs.map((f) => ({ id: f.id, mappingId: MAPPING_ID, address: 0, lines: [{ functionId: f.id, line: 0 }] })),
    // system_name is left empty on purpose: pprof "demangles" a function whose
    // system_name equals its name, and its C++ demangler strips anything in
    // angle brackets (`<unknown type>` became "", `chan<- int` would be cut).
    // A distinct (empty) system_name marks the name as final.
    functions: fs.map((f) => ({ id: f.id, name: f.name, systemName: 0, filename: f.filename })),
    strings: strings.strings,
    timeNanos,
    durationNanos,
    periodType: { type: periodType[0], unit: periodType[1] },
    // Period 1: every allocation is counted, unlike the runtime's 512 KiB sampling.
    period: 1,
    comments,
    defaultSampleType,
  });
}
