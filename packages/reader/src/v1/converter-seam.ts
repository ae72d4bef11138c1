// The seam between this reader and the pre-1.22 ("v1", Go 1.11–1.21) trace
// converter in src/v1. A converter turns a whole v1 trace into v2-shaped base
// events, as Go's tracev1.go does; reader.ts wraps them in Events without the
// ordering layer. src/v1 implements it; ReaderOptions.v1Converter can replace it.

/** One stack frame of a v1 trace. */
export interface V1Frame {
  readonly pc: number | bigint;
  readonly func: string;
  readonly file: string;
  readonly line: number;
}

/**
 * One converted event, shaped like Go's baseEvent plus its context: `type` is
 * the v2 wire type (src/specs.ts numbering), `args` Go's base.args after dt
 * (up to four; smuggled "extra" values included, e.g. UserTaskEnd's parent and
 * extra-string ID).
 */
export interface V1BaseEvent {
  readonly type: number;
  /** Time in nanoseconds (int64). */
  readonly time: number | bigint;
  /** Context: thread, proc and goroutine, -1 for none. */
  readonly m: number;
  readonly p: number;
  readonly g: number;
  readonly args: readonly (number | bigint)[];
}

/** A converted v1 trace. */
export interface V1Trace {
  /** String table by ID. */
  readonly strings: ReadonlyMap<number, string>;
  /** Stacks by ID, innermost frame first. */
  readonly stacks: ReadonlyMap<number, readonly V1Frame[]>;
  /** Strings made during conversion (Go's extra strings): extra ID i is extraStrings[i - 1]. */
  readonly extraStrings?: readonly string[];
  /**
   * The events in Go's emission order. May be lazy: an error thrown while
   * iterating is reported after the events before it, as Go reports errors
   * of its v1 event iterator.
   */
  readonly events: Iterable<V1BaseEvent>;
  /**
   * Time of Go's first Sync (N=1): the first *parsed* event's time − 1, or
   * undefined for no first Sync. When the property is absent, the first
   * converted event's time − 1 is used.
   */
  readonly firstSyncTime?: number | undefined;
  /** Time of Go's final Sync, read once the events are exhausted; default: last event time + 1. */
  readonly finalSyncTime?: number;
}

/** Converts a whole pre-1.22 trace. */
export interface V1Converter {
  /**
   * `bytes` is the whole trace, header included; `version` is the N of its
   * "go 1.N trace" header (11, 19 or 21). Throws a TraceError (with Go's
   * message as goMessage) when Go's NewReader would fail.
   */
  convert(bytes: Uint8Array, version: number): V1Trace;
}
