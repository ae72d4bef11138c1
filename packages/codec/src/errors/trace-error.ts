// The one error type of the codec (and of the packages built on it). A code
// says what went wrong, `offset` where (byte offset in the trace, or `line`
// in a text trace), and `goMessage` what Go's own tools print for it, so the
// CLI can match Go while telling the user more.

const MARKER = Symbol.for("gotrace.error");

/** What kind of failure a TraceError is; each code names what was expected and not found. */
export type TraceErrorCode =
  /** Not a Go trace: the header does not scan. */
  | "E_HEADER"
  /** A header that scans, with a version Go does not know. */
  | "E_VERSION"
  /** The input ends inside an event. */
  | "E_TRUNCATED"
  /** A uvarint longer than 10 bytes or above 2^64-1. */
  | "E_VARINT"
  /** An event type the trace's format does not have. */
  | "E_EVENT_TYPE"
  /** A length or count above Go's limits. */
  | "E_LIMIT"
  /** A 64-bit value asked for as a number that a number cannot hold exactly. */
  | "E_RANGE"
  /** An experiment's batch payload that does not decode. */
  | "E_PAYLOAD"
  /** A text trace that does not parse. */
  | "E_TEXT"
  /** An event that cannot be encoded (bad value, unknown name). */
  | "E_ENCODE"
  /** Events out of order or inconsistent (the reader's validation). */
  | "E_ORDER"
  /** An input/output failure. */
  | "E_IO";

/** Where a TraceError happened and what Go says about it; every field is optional. */
export interface TraceErrorOptions {
  /** Byte offset in the trace file (header included). */
  offset?: number;
  /** 1-based line in a text trace. */
  line?: number;
  /** The text Go's tools print for the same problem. */
  goMessage?: string;
  /**
   * For E_TRUNCATED: Go's raw reader (go tool trace -d=wire/-d=footprint)
   * takes this cut as a normal end of file and exits 0.
   */
  goTreatsAsEnd?: boolean;
  cause?: unknown;
}

/**
 * The one error type of the codec, and of the packages built on it. `code`
 * says what went wrong, `offset` (or `line` in a text trace) where, and
 * `goMessage` what Go's own tools print for the same input. Identify it with
 * {@link TraceError.isInstance}, which works across bundles where
 * `instanceof` does not.
 */
export class TraceError extends Error {
  readonly [MARKER] = true;
  readonly code: TraceErrorCode;
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly goMessage: string;
  readonly goTreatsAsEnd: boolean;

  constructor(code: TraceErrorCode, detail: string, options: TraceErrorOptions = {}) {
    const where =
      options.line !== undefined
        ? `line ${options.line}: `
        : options.offset !== undefined
          ? `at byte ${options.offset}: `
          : "";
    super(`${where}${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TraceError";
    this.code = code;
    this.offset = options.offset;
    this.line = options.line;
    this.goMessage = options.goMessage ?? detail;
    this.goTreatsAsEnd = options.goTreatsAsEnd ?? false;
  }

  /** True for a TraceError from any copy of the package (no instanceof across bundles). */
  static isInstance(value: unknown): value is TraceError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}
