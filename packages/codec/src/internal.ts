/**
 * `@gotrace/codec/internal`: what the other `@gotrace` packages need from the
 * codec but users should not build on. Internal: no semver guarantee, for
 * `@gotrace` packages only; any release may change or remove it.
 *
 * The wire primitives are here, not in a public `./wire` subpath: users read
 * varints through ByteReader and 64-bit values through the root's u64
 * helpers; these allocation-free forms (a caller's holder, sentinel results)
 * are shaped for the reader's and heap's loops and may change with them.
 *
 * The resumable decoder and the batch scan (`resumeRawDecoder`, `rawResumePoint`, `scanBatches`,
 * `rawTable`) are here for the CLI, which splits a footprint tally across two threads; they
 * expose the decoder's state at a batch boundary, which users have no reason to handle.
 *
 * The pprof writer is here too (`encodeProfileMessage`, `StringTable`, `gzip`): @gotrace/heap and
 * @gotrace/analysis both write profile.proto, and they are peers that may not import each other,
 * so the one protobuf writer lives in the layer under both. It is wire format, not trace meaning.
 *
 * @module
 */
export { ERR_SYNTAX_MESSAGE, goQuote, goSortFunc, goUnquote } from "./gofmt/index.js";
export type { CompareFunc, SortProbe } from "./gofmt/index.js";
export { concatBytes } from "./wire/concat.js";
export { TWO32, u64ToDouble } from "./wire/uint64.js";
export { decodeUvarint, MAX_UVARINT_BYTES, UVARINT_OVERFLOW, UVARINT_SHORT } from "./wire/uvarint.js";
export type { Uint64Halves } from "./wire/uvarint.js";
export { scanBatches } from "./wire/batch-scan.js";
export type { BatchScan } from "./wire/batch-scan.js";
export { rawResumePoint, resumeRawDecoder } from "./wire/raw-decoder.js";
export type { RawResumePoint } from "./wire/raw-decoder.js";
export { rawTable } from "./wire/raw-tables.js";
export { gzip } from "./pprof/gzip.js";
export { encodeProfileMessage, StringTable } from "./pprof/profile.js";
export type {
  ProfileFunctionMessage,
  ProfileLocationMessage,
  ProfileMappingMessage,
  ProfileMessage,
  ProfileSampleMessage,
  ProfileValueType,
} from "./pprof/profile.js";
