// One run of whole batches tallied on its own, on either thread of the
// two-thread footprint (footprint-parallel.ts): the same RawDecoder.tally
// the serial path runs, from a resume point, with the bytes of the run as
// the whole input. No Node imports: the worker and the main thread share it.
import { RawDecoder } from "@gotrace/codec";
import { type RawResumePoint, rawResumePoint, resumeRawDecoder } from "@gotrace/codec/internal";

/** A run's tally. Good only when `ok`: its events end exactly at its end, with no error on the way. */
export interface RunTally {
  readonly ok: boolean;
  /** Events and bytes per type byte (RawDecoder.tally's arrays). */
  readonly counts: Float64Array;
  readonly bytes: Float64Array;
  readonly events: number;
  /** Whether the decoder was on the writing release's table at the run's end. */
  readonly writerTable: boolean;
}

/**
 * Tallies `bytes`, the trace from `point.offset` on, as the whole input; `point` undefined means
 * the file's start (header included). A run that does not end on an event boundary, or that
 * has any error in it, is not ok: the caller reads from there on event by event, so every
 * message and number is the serial path's.
 */
export function tallyRun(point: RawResumePoint | undefined, bytes: Uint8Array, strictGo127: boolean): RunTally {
  const counts = new Float64Array(256);
  const sizes = new Float64Array(256);
  const decoder = point === undefined ? new RawDecoder({ strictGo127 }) : resumeRawDecoder(point);
  let events = 0;
  let ok = false;
  try {
    decoder.push(bytes);
    decoder.finish();
    events = decoder.tally(counts, sizes);
    ok = decoder.ended;
  } catch {
    // The serial reading of this run says what went wrong.
  }
  const end = rawResumePoint(decoder);
  return {
    ok: ok && end !== undefined,
    counts,
    bytes: sizes,
    events,
    writerTable: end?.writerTable ?? false,
  };
}
