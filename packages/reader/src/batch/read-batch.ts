// Reading one batch from the byte stream (Go's readBatch), incrementally: when
// the bytes so far end inside a batch and more may come, nothing is consumed
// and NEED_MORE is returned; at the true end of input Go's error for the cut is
// thrown. The data length never sizes an allocation: data is a view.
import { EV, LIMITS, type TraceErrorCode, u64ToBigInt, u64ToDecimal } from "@gotrace/codec";
import {
  decodeUvarint,
  type Uint64Halves,
  u64ToDouble,
  UVARINT_OVERFLOW,
  UVARINT_SHORT,
} from "@gotrace/codec/internal";
import { traceError } from "../errors.js";
import { type U64, u64FromHalves } from "../u64.js";
import type { Batch } from "./batch.js";
import type { ChunkBuffer } from "./chunk-buffer.js";

/** More input is needed to finish the batch. */
export const NEED_MORE = 0;
/** The input ended cleanly before a batch (Go's bare io.EOF). */
export const END = 1;

// The header varint being read (reused: no allocation per varint).
const field: Uint64Halves = { lo: 0, hi: 0 };

const FIELDS = ["gen", "M ID", "timestamp", "size"] as const;

/** Bytes from the read position that readFrom needs to go on, when it returns NEED_MORE. */
let needBytes = 0;

/** Room for a batch header: type, experiment and four 10-byte varints. */
const HEADER_MAX = 2 + 4 * 10;

/**
 * Reads the next batch from `input`. Returns the batch, NEED_MORE, or END.
 * Throws a TraceError with Go's message for a malformed or cut batch.
 */
export function readBatch(input: ChunkBuffer): Batch | typeof NEED_MORE | typeof END {
  for (;;) {
    const r = readFrom(input);
    // Short of bytes in the current chunk: bring in what the batch needs from the next ones.
    if (r !== NEED_MORE || !input.pull(needBytes)) return r;
  }
}

/** readBatch over the contiguous bytes of `input.buf`. */
function readFrom(input: ChunkBuffer): Batch | typeof NEED_MORE | typeof END {
  const buf = input.buf;
  const start = input.pos;
  const final = input.final;
  const offset = input.offset;
  needBytes = HEADER_MAX;
  if (start >= buf.length) return final ? END : NEED_MORE;
  const typ = buf[start]!;
  if (typ === EV.EndOfGeneration) {
    input.pos = start + 1;
    return {
      gen: 0,
      m: -1,
      time: 0,
      timeExact: 0n,
      exp: 0,
      data: buf.subarray(start, start + 1),
      offset,
      dataOffset: offset,
    };
  }
  if (typ !== EV.EventBatch && typ !== EV.ExperimentalBatch) {
    throw traceError("E_EVENT_TYPE", `expected batch event, got event ${typ}`, { offset });
  }
  let p = start + 1;
  let exp = 0;
  if (typ === EV.ExperimentalBatch) {
    // Go reads the experiment with ReadByte and returns its bare io.EOF, which
    // the generation reader takes for a clean end of the trace.
    if (p >= buf.length) return final ? END : NEED_MORE;
    exp = buf[p++]!;
  }
  const values: U64[] = [0, 0, 0, 0];
  let timeDouble = 0;
  let timeExact = 0n;
  let size = 0;
  for (let f = 0; f < 4; f++) {
    const q = decodeUvarint(buf, p, buf.length, field);
    if (q === UVARINT_SHORT) {
      if (!final) return NEED_MORE;
      const eof = p >= buf.length ? "EOF" : "unexpected EOF";
      throw traceError("E_TRUNCATED", `error reading batch ${FIELDS[f]}: ${eof}`, { offset });
    }
    if (q === UVARINT_OVERFLOW) {
      throw traceError("E_VARINT", `error reading batch ${FIELDS[f]}: binary: varint overflows a 64-bit integer`, {
        offset,
      });
    }
    p = q;
    const vLo = field.lo;
    const vHi = field.hi;
    if (f === 2) {
      timeDouble = u64ToDouble(vLo, vHi);
      timeExact = u64ToBigInt(vLo, vHi);
    } else if (f === 3) {
      if (vHi !== 0 || vLo > LIMITS.maxBatchSize) {
        const shown = u64ToDecimal(vLo, vHi);
        throw traceError(limitCode, `invalid batch size ${shown}, maximum is ${LIMITS.maxBatchSize}`, { offset });
      }
      size = vLo;
    } else {
      values[f] = u64FromHalves(vLo, vHi);
    }
  }
  const have = buf.length - p;
  if (have < size) {
    needBytes = p - start + size;
    if (!final) return NEED_MORE;
    throw traceError("E_TRUNCATED", `failed to read full batch: read ${have} but wanted ${size}`, { offset });
  }
  input.pos = p + size;
  return {
    gen: values[0]!,
    m: values[1]!,
    time: timeDouble,
    timeExact,
    exp,
    data: buf.subarray(p, p + size),
    offset,
    dataOffset: input.offsetAt(p),
  };
}

const limitCode: TraceErrorCode = "E_LIMIT";
