// @gotrace/reader: Go 1.27's internal/trace reader. Bytes or a stream in, Go's
// ordered, validated events out, one generation at a time.
export { readTrace, TraceReader } from "./reader.js";
export type { ReaderOptions } from "./reader.js";
export { Event } from "./event/event.js";
export type {
  ClockSnapshot,
  ExperimentalEvent,
  Frame,
  Label,
  Log,
  Metric,
  Range,
  RangeAttribute,
  Region,
  ResourceID,
  StateTransition,
  Sync,
  Task,
} from "./event/event.js";
export type { ExperimentalBatch } from "./generation/generation.js";
export { formatEvent, formatEventBytes, formatEventExact } from "./event/format.js";
export type { FormatOptions } from "./event/format.js";
export { formatRFC3339Nano } from "./event/wall-time.js";
export {
  EventKind,
  GoState,
  ProcState,
  ResourceKind,
  goStateName,
  procStateName,
  resourceKindName,
} from "./event/kinds.js";
export { v1Converter } from "./v1/boundary.js";
export type { V1BaseEvent, V1Converter, V1Frame, V1Trace } from "./v1/converter-seam.js";
export type { U64 } from "./u64.js";
// The record protocol with @gotrace/heap (scanRecords, RECORD_*) is in "@gotrace/reader/internal".
