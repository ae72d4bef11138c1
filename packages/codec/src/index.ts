// @gotrace/codec: Go execution traces as bytes and as Go's raw text format.
export { TraceError } from "./errors/trace-error.js";
export type { TraceErrorCode, TraceErrorOptions } from "./errors/trace-error.js";

export {
  EV,
  EVENT_SPECS,
  EVENT_TABLE_LENGTH,
  EXPERIMENTS,
  FORMATS,
  LIMITS,
  OLD_FORMATS,
  STACK_FRAME_FIELDS,
} from "./gen/events.gen.js";
export type { EventName, EventSpec, EventType, TraceFormat } from "./gen/events.gen.js";
export { toTypedEvent, writeTypedEvent } from "./gen/typed.gen.js";
// Every typed event shape, so that narrowing a TypedEvent by `kind` gives a type users can name.
export type * from "./gen/typed.gen.js";
export { ALLOC_FREE_EXPERIMENT, decodeAllocFreeBatch, encodeAllocFreeBatch } from "./gen/alloc-free.gen.js";
export type { AllocFreeBatch, AllocFreeInfo, AllocFreeTypeEntry, AllocFreeTypes } from "./gen/alloc-free.gen.js";

export { ByteReader } from "./wire/byte-reader.js";
export { ByteWriter } from "./wire/byte-writer.js";
export { encodeHeader, parseHeader } from "./wire/header.js";
export type { TraceHeader } from "./wire/header.js";
export { RawDecoder } from "./wire/raw-decoder.js";
export type { RawDecoderOptions } from "./wire/raw-decoder.js";
export { RawEncoder } from "./wire/raw-encoder.js";
export type { RawEncoderOptions } from "./wire/raw-encoder.js";
export { RawEvent } from "./wire/raw-event.js";
export type { RawEventRecord } from "./wire/raw-event.js";
export type { RawTable } from "./wire/raw-tables.js";
export { FootprintCounter, countFootprint } from "./wire/footprint.js";
export { chunksOf, rawEvents, rawEventsFromStream } from "./wire/streams.js";
export { u64ToBigInt, u64ToDecimal, u64ToNumber, uvarintSize } from "./wire/uint64.js";

export { UNNAMED_EVENT, formatRawEvent, formatTextEvent, textHeaderLine } from "./text/format-event.js";
export { textEventNames } from "./text/event-names.js";
export { formatRawRecord } from "./text/format-record.js";
export { parseTextTrace, TextReader, TextStreamReader } from "./text/text-reader.js";
export type { TextReaderOptions } from "./text/text-reader.js";
export { TextToBinary, textToBinary } from "./text/text-to-binary.js";
export { BinaryToText, binaryToText, recordsToText } from "./text/text-writer.js";
export type { BinaryToTextOptions } from "./text/text-writer.js";

// Go standard library ports (goQuote, goSortFunc, ...) are not API: @gotrace/reader gets the
// two it needs from "@gotrace/codec/internal".
