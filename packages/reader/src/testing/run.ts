// Test helper: runs the reader over a whole trace the way `go tool trace
// -d=parsed` does, collecting the printed text and the error that ended it.
import { TraceError } from "@gotrace/codec";
import { formatEvent } from "../event/format.js";
import { type ReaderOptions, TraceReader } from "../reader.js";

export interface RunResult {
  /** Concatenation of formatEvent(ev) + "\n" for every event. */
  out: string;
  /** Number of events. */
  events: number;
  /** The error that ended the run, or null. */
  error: TraceError | null;
}

/** Reads `bytes` to the end or to the first error. */
export function runParsed(bytes: Uint8Array, options?: ReaderOptions & { timeZone?: string }): RunResult {
  let out = "";
  let events = 0;
  let error: TraceError | null = null;
  try {
    const r = new TraceReader(bytes, options);
    for (let ev = r.next(); ev !== null; ev = r.next()) {
      out += formatEvent(ev, options?.timeZone !== undefined ? { timeZone: options.timeZone } : {}) + "\n";
      events++;
    }
  } catch (e) {
    if (!TraceError.isInstance(e)) throw e;
    error = e;
  }
  return { out, events, error };
}
