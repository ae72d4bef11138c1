// Parsing a whole v1 trace (Go's tracev1.Parse): index the batches, merge
// them, convert ticks to nanoseconds, move timer unblocks and syscall exits to
// their fake Ps, and validate.
import { TraceError, parseHeader } from "@gotrace/codec";
import { v1Error } from "./errors.js";
import { FAKE_P, V1 } from "./events.js";
import { indexBatches } from "./index-batches.js";
import { mergeBatches } from "./merge.js";
import { V1Bytes } from "./raw-reader.js";
import { newParseState } from "./state.js";
import { ticksToNs } from "./ticks.js";
import type { V1ParsedTrace } from "./types.js";
import { validateV1 } from "./validate.js";

/**
 * The error for stacks that events refer to but the trace never defines. The
 * runtime writes the stack table after every event, so these are stacks of a
 * trace cut before (or inside) its stack table. Go's reader keeps going: it
 * drops events' own missing stacks without a word and panics on a created
 * goroutine's ("expected id N in trace.stack table"); a trace that lost its
 * stacks is broken either way, so this is an error, at the end of the input.
 * An event whose stack id was damaged looks the same, and Go accepts that
 * trace too (when only events' own stacks are missing): a deliberate
 * difference, documented in README.md.
 */
function missingStacks(ids: readonly number[], end: number): TraceError {
  const n = ids.length;
  const shown = ids.slice(0, 5).join(", ") + (n > 5 ? ", …" : "");
  return new TraceError(
    "E_TRUNCATED",
    `the trace ends before its stack table is complete, or is damaged: ${n} stack${n === 1 ? "" : "s"} referenced by events ${n === 1 ? "is" : "are"} missing from it (id${n === 1 ? "" : "s"} ${shown})`,
    { offset: end },
  );
}

/** The header versions of the v1 format. */
export const V1_VERSIONS: readonly number[] = Object.freeze([11, 19, 21]);

/**
 * Parses a v1 trace (header included). Throws TraceError with Go's message:
 * E_HEADER/E_VERSION for the header (also for a v2 trace, which is not ours),
 * then the parser's errors.
 */
export function parseV1Trace(data: Uint8Array): V1ParsedTrace {
  const header = parseHeader(data) as NonNullable<ReturnType<typeof parseHeader>>;
  if (!V1_VERSIONS.includes(header.version)) {
    throw v1Error("E_VERSION", `not a v1 trace: go 1.${header.version} is the format of Go 1.22 and later`, 0);
  }
  return parseV1Body(data, header.version, header.length);
}

/**
 * Parses a v1 trace whose header (of `version`) ends at byte `start` of
 * `data`; error offsets are offsets in `data`.
 */
export function parseV1Body(data: Uint8Array, version: number, start: number): V1ParsedTrace {
  const st = newParseState(new V1Bytes(data, version, start));
  indexBatches(st);
  const events = mergeBatches(st);
  if (st.ticksPerSec === 0) throw v1Error("E_ORDER", "no EvFrequency event");

  if (events.length > 0) {
    const minTs = (events[0] as (typeof events)[number]).ts;
    const nsPerTick = 1e9 / st.ticksPerSec;
    for (const ev of events) {
      ev.time = ticksToNs(ev.ts, minTs, nsPerTick);
      // Timer goroutines' unblocks and syscall exits get Ps of their own.
      if (ev.type === V1.GoUnblock && st.timerGoids.has(ev.g)) ev.p = FAKE_P.TimerP;
      if (ev.type === V1.GoSysExit) ev.p = FAKE_P.SyscallP;
    }
  }
  const missing = validateV1(events, st.stacks, st.definedStacks);
  if (missing.length > 0) throw missingStacks(missing, data.length);
  return {
    version,
    events,
    stacks: st.stacks,
    pcs: st.pcs,
    strings: st.bytes.strings,
    inlineStrings: st.inlineStrings,
  };
}
