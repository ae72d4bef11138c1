// This module's side of the reader's v1 seam (src/v1/converter-seam.ts): a
// V1Converter whose trace streams its events, so that an error is reported
// after the events before it, as Go's ReadEvent does.
import { parseHeader } from "@gotrace/codec";
import type {
  V1BaseEvent as BoundaryEvent,
  V1Converter,
  V1Frame as BoundaryFrame,
  V1Trace as BoundaryTrace,
} from "./converter-seam.js";
import { V1EventConverter } from "./convert.js";
import { parseV1Body, V1_VERSIONS } from "./parser.js";
import type { V1BaseEvent } from "./types.js";
import type { U64 } from "./u64.js";

/**
 * The reader's V1Trace plus the two Sync times Go's reader uses for v1
 * traces, which the converted events alone do not give: Go's first Sync is
 * at the first *parsed* event's time − 1 (-1; emitted even when conversion
 * then fails on that event, or skips every event), and its final Sync at the
 * last converted time + 1 (0 when there was none).
 */
export interface V1StreamedTrace extends BoundaryTrace {
  /** Time of Go's first Sync (N=1), or undefined when the trace has no events (then Go emits none). */
  readonly firstSyncTime: number | undefined;
  /** Time of Go's final Sync; read it after the events are exhausted. */
  readonly finalSyncTime: number;
}

// IDs above 2^53 cannot occur in traces the Go runtime writes; the seam's
// context fields are numbers, so such values are rounded.
const num = (v: U64): number => (typeof v === "bigint" ? Number(v) : v);

function toBoundary(ev: V1BaseEvent): BoundaryEvent {
  return { type: ev.type, time: ev.time, m: num(ev.m), p: ev.p, g: num(ev.g), args: ev.args };
}

/** Whether `bytes` begins with a trace header of this version (else it is the body after it). */
function headerLength(bytes: Uint8Array, version: number): number {
  // A v1 body starts with a Batch event (0x41), never with "g".
  if (bytes[0] !== 0x67) return 0;
  try {
    const h = parseHeader(bytes);
    return h !== null && h.version === version ? h.length : 0;
  } catch {
    return 0;
  }
}

/**
 * Converts a v1 trace for the reader. `bytes` may be the whole trace (as
 * the seam documents; error offsets are then file offsets) or the part
 * after the header. Parse errors throw here; conversion errors throw while
 * iterating `events`, which can be iterated once.
 */
export function convertForReader(bytes: Uint8Array, version: number): V1StreamedTrace {
  const conv = new V1EventConverter(parseV1Body(bytes, version, headerLength(bytes, version)));
  const stacks = new Map<number, BoundaryFrame[]>();
  for (const [id, frames] of conv.stacks) {
    stacks.set(
      id,
      frames.map((f) => ({ pc: f.pc, func: f.func, file: f.file, line: num(f.line) })),
    );
  }
  return {
    // Keys above 2^53 are bigints here; the reader looks up numbers only.
    strings: conv.strings as ReadonlyMap<U64, string> as ReadonlyMap<number, string>,
    stacks,
    extraStrings: conv.extraStrings,
    events: {
      *[Symbol.iterator]() {
        for (let ev = conv.next(); ev !== undefined; ev = conv.next()) yield toBoundary(ev);
      },
    },
    firstSyncTime: conv.firstSyncTime,
    get finalSyncTime() {
      return conv.lastTime + 1;
    },
  };
}

/** The v1 converter in the shape src/v1/converter-seam.ts asks for. */
export const v1Converter: V1Converter = {
  convert(bytes, version) {
    if (!V1_VERSIONS.includes(version)) throw new RangeError(`not a v1 trace version: ${version}`);
    return convertForReader(bytes, version);
  },
};
