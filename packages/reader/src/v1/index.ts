// Pre-1.22 ("v1") execution traces: parse them as Go 1.27's tracev1 package
// does and convert them to v2 base events as its tracev1.go does. The reader
// uses `v1Converter` for traces with a go 1.11, 1.19 or 1.21 header.
import { v1Converter } from "./boundary.js";
import { V1EventConverter } from "./convert.js";
import { parseV1Trace } from "./parser.js";
import type { V1BaseEvent, V1Frame } from "./types.js";
import type { U64 } from "./u64.js";

export { convertForReader, v1Converter } from "./boundary.js";
export type { V1StreamedTrace } from "./boundary.js";
export { V1EventConverter } from "./convert.js";
export { FAKE_P, V1, V1_EVENTS } from "./events.js";
export type { V1EventDesc } from "./events.js";
export { parseV1Body, parseV1Trace, V1_VERSIONS } from "./parser.js";
export type { V1BaseEvent, V1Event, V1Frame, V1RawFrame, V1ParsedTrace } from "./types.js";
export type { U64 } from "./u64.js";

/** A whole v1 trace converted to v2 base events (one generation). */
export interface V1Converted {
  /** The N of "go 1.N trace": 11, 19 or 21. */
  version: number;
  /** String table (the trace's strings, UserLog messages, the converter's built-ins). */
  strings: Map<U64, string>;
  /** Extra strings (UserTaskEnd names): id k is extraStrings[k - 1], 0 is "". */
  extraStrings: string[];
  /** Stack id → frames, innermost first. */
  stacks: Map<number, V1Frame[]>;
  /** Converted events in Go's order, times strictly increasing. */
  events: V1BaseEvent[];
  /** Time of the Sync that Go's reader emits first (N=1), or undefined when there are no events (then none). */
  firstSyncTime: number | undefined;
  /** Time of Go's final Sync: the last event's time + 1 (0 without events). */
  finalSyncTime: number;
}

/**
 * Parses a v1 trace and returns a converter that yields its events one at a
 * time. Parse errors throw here (Go's NewReader fails before any event);
 * conversion errors throw from `next()` after the events before them (Go's
 * ReadEvent). Use this to reproduce Go's output up to an error.
 */
export function openV1Trace(bytes: Uint8Array): V1EventConverter {
  return new V1EventConverter(parseV1Trace(bytes));
}

/** Parses and converts a whole v1 trace; throws TraceError (goMessage = Go's text) on any error. */
export function convertV1Trace(bytes: Uint8Array): V1Converted {
  const conv = openV1Trace(bytes);
  const events: V1BaseEvent[] = [];
  for (let ev = conv.next(); ev !== undefined; ev = conv.next()) events.push(ev);
  return {
    version: conv.version,
    strings: conv.strings,
    extraStrings: conv.extraStrings,
    stacks: conv.stacks,
    events,
    firstSyncTime: conv.firstSyncTime,
    finalSyncTime: conv.lastTime + 1,
  };
}

export default v1Converter;
