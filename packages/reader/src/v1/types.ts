// The parsed (not yet converted) v1 trace: Go's tracev1.Event and Trace, and
// the converted events. uint64 values are U64 (see u64.ts).
import type { U64 } from "./u64.js";

/** One v1 event after parsing (Go's tracev1.Event). */
export interface V1Event {
  /** v1 event type (see V1 in events.ts); Local variants are renamed by the merge. */
  type: number;
  /** Timestamp in CPU ticks while parsing (Go's int64). */
  ts: bigint;
  /** Nanoseconds since the first event, set by the tick conversion. */
  time: number;
  /** Goroutine the event happened on (Go's uint64; 0 is none). */
  g: U64;
  /** Type-specific arguments after the timestamp, without the stack id (Go's Args[4]). */
  args: [U64, U64, U64, U64];
  /** Stack id (Go's uint32 StkID), 0 for none. */
  stk: number;
  /** P the event happened on: a real P, -1, or one of the fake Ps (FAKE_P). */
  p: number;
  /** GoSysExit's third argument (the real exit time in ticks) exactly, as Go's int64. */
  sysTs: bigint;
  /** Byte offset of the event in the file, for error messages. */
  offset: number;
}

/** A stack frame as the v1 trace gives it: the string ids of function and file. */
export interface V1RawFrame {
  pc: U64;
  fn: U64;
  file: U64;
  /** Go's int(line). */
  line: U64;
}

/** A parsed v1 trace (Go's tracev1.Trace). */
export interface V1ParsedTrace {
  /** The N of "go 1.N trace": 11, 19 or 21. */
  version: number;
  /** All events in the order Go's merge gives them, times in ns since the first. */
  events: V1Event[];
  /** Stack id → PCs. */
  stacks: Map<number, U64[]>;
  /** PC → the frame of its first occurrence. */
  pcs: Map<U64, V1RawFrame>;
  /** String dictionary. */
  strings: Map<U64, string>;
  /** UserLog messages by inline id (order of first appearance). */
  inlineStrings: string[];
}

/** A resolved stack frame of the converted trace. */
export interface V1Frame {
  pc: U64;
  func: string;
  file: string;
  line: U64;
}

/**
 * One converted event: Go's v2 baseEvent plus its scheduling context, as
 * tracev1.go builds them. `args` are the four slots after the timestamp
 * (Go's timedEventArgs), including the extra slots the converter fills
 * (UserTaskEnd: [task, stack, parent, extra string id of the name]).
 * uint64 values follow u64.ts: 2^64-1 (NoTask, NoThread, …) is -1.
 */
export interface V1BaseEvent {
  /** v2 event type byte (EV in @gotrace/codec). */
  type: number;
  /** Nanoseconds since the first event, strictly increasing. */
  time: number;
  /** Thread (-1: none). */
  m: U64;
  /** P (-1: none; ≥ 1000000: a fake P of the v1 parser). */
  p: number;
  /** Goroutine (-1: none). */
  g: U64;
  args: [U64, U64, U64, U64];
}
