// Every failure of the reader is the codec's TraceError: `goMessage` is the
// exact text Go's reader returns, `message` adds where it happened.
import { TraceError, type TraceErrorCode } from "@gotrace/codec";

/** Where in the trace a problem was found, as far as it is known. */
export interface ErrorSite {
  /** Generation number (from the batch headers). */
  gen?: number | bigint | string;
  /** M of the batch. */
  m?: number | bigint | string;
  /** Byte offset in the file (header included) of the event or batch. */
  offset?: number;
}

/** A TraceError whose goMessage is Go's text and whose message says where. */
export function traceError(code: TraceErrorCode, goMessage: string, site: ErrorSite = {}): TraceError {
  const where: string[] = [];
  if (site.gen !== undefined) where.push(`generation ${site.gen}`);
  if (site.m !== undefined) where.push(`batch M=${site.m}`);
  const detail = where.length > 0 ? `${goMessage} (${where.join(", ")})` : goMessage;
  return new TraceError(code, detail, {
    goMessage,
    ...(site.offset !== undefined ? { offset: site.offset } : {}),
  });
}
