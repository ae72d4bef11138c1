// One place that builds the parser's errors: a TraceError whose goMessage is
// Go's exact text and whose offset is the byte of the event at fault.
import { TraceError, type TraceErrorCode } from "@gotrace/codec";

/** Go's tracev1.ErrTimeOrder text. */
export const TIME_ORDER = "time stamps out of order";
/** Go's errMalformedVarint text. */
export const MALFORMED_VARINT = "malformatted base-128 varint";

/** A TraceError whose message is Go's (the offset, when known, is added by TraceError). */
export function v1Error(code: TraceErrorCode, goMessage: string, offset?: number): TraceError {
  return new TraceError(code, goMessage, offset === undefined ? { goMessage } : { goMessage, offset });
}
