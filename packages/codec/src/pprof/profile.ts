// The generic half of a pprof profile (github.com/google/pprof proto/profile.proto): the message
// as plain data, a string table, and one encoder. What a profile *means* (its sample types, its
// frames) is the caller's: @gotrace/heap writes synthetic type/goroutine stacks, @gotrace/analysis
// real stacks from a trace. Both go through here so the wire format has one writer.
import { ProtoWriter } from "./proto-writer.js";

/** The string table: index 0 is "" as profile.proto requires; others in first-use order. */
export class StringTable {
  /** Every string, by index. */
  readonly strings: string[] = [""];
  private readonly index = new Map<string, number>([["", 0]]);

  /** The index of `s`, added at the end on first use. */
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** A ValueType: string-table indexes of a type and its unit. */
export interface ProfileValueType {
  type: number;
  unit: number;
}

/** A Sample: location ids leaf first, one value per sample type. */
export interface ProfileSampleMessage {
  locationIds: readonly number[];
  values: readonly number[];
}

/** A Location with one Line per inlined frame (profile.proto's order: innermost first). */
export interface ProfileLocationMessage {
  id: number;
  mappingId: number;
  /** The PC; 0 when the frame has none (omitted on the wire). */
  address: number;
  lines: readonly { functionId: number; line: number }[];
}

/** A Function: string-table indexes of its names and file. */
export interface ProfileFunctionMessage {
  id: number;
  name: number;
  systemName: number;
  filename: number;
}

/** A Mapping, reduced to what the profiles we write say about it. */
export interface ProfileMappingMessage {
  id: number;
  hasFunctions: boolean;
  hasFilenames: boolean;
}

/** A whole Profile message; indexes point into `strings`. */
export interface ProfileMessage {
  sampleTypes: readonly ProfileValueType[];
  samples: readonly ProfileSampleMessage[];
  mappings: readonly ProfileMappingMessage[];
  locations: readonly ProfileLocationMessage[];
  functions: readonly ProfileFunctionMessage[];
  strings: readonly string[];
  /** Unix nanoseconds (a bigint: today's times are past 2^53); 0n when unknown. */
  timeNanos: bigint;
  durationNanos: bigint;
  periodType: ProfileValueType | null;
  period: number;
  comments: readonly number[];
  /** String-table index of the default sample type's name; 0 for none. */
  defaultSampleType: number;
}

/**
 * Encodes a Profile as uncompressed profile.proto, fields in field-number order as Go's encoder
 * writes them; scalars at their default are omitted (proto3), strings never (index 0 is "").
 */
export function encodeProfileMessage(p: ProfileMessage): Uint8Array<ArrayBuffer> {
  const w = new ProtoWriter();
  for (const t of p.sampleTypes) w.message(1, (vt) => vt.uint(1, t.type).uint(2, t.unit));
  for (const s of p.samples) w.message(2, (m) => m.packed(1, s.locationIds).packed(2, s.values));
  for (const m of p.mappings) {
    w.message(3, (mm) => mm.uint(1, m.id).bool(7, m.hasFunctions).bool(8, m.hasFilenames));
  }
  for (const l of p.locations) {
    w.message(4, (loc) => {
      loc.uint(1, l.id).uint(2, l.mappingId).uint(3, l.address);
      for (const line of l.lines) loc.message(4, (ln) => ln.uint(1, line.functionId).uint(2, line.line));
    });
  }
  for (const f of p.functions) {
    w.message(5, (fn) => fn.uint(1, f.id).uint(2, f.name).uint(3, f.systemName).uint(4, f.filename));
  }
  for (const s of p.strings) w.string(6, s);
  w.int64(9, p.timeNanos);
  w.int64(10, p.durationNanos);
  const pt = p.periodType;
  if (pt !== null) w.message(11, (vt) => vt.uint(1, pt.type).uint(2, pt.unit));
  w.uint(12, p.period);
  w.packed(13, p.comments);
  w.uint(14, p.defaultSampleType);
  return w.finish();
}
