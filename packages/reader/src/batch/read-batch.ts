// Reading one batch from the byte stream (Go's readBatch), incrementally: when
// the bytes so far end inside a batch and more may come, nothing is consumed
// and NEED_MORE is returned; at the true end of input Go's error for the cut is
// thrown. The data length never sizes an allocation: data is a view.
import { EV, LIMITS, type TraceErrorCode } from "@gotrace/codec";
import { traceError } from "../errors.js";
import { type U64, u64FromHalves } from "../u64.js";
import type { Batch } from "./batch.js";
import type { ChunkBuffer } from "./chunk-buffer.js";

/** More input is needed to finish the batch. */
export const NEED_MORE = 0;
/** The input ended cleanly before a batch (Go's bare io.EOF). */
export const END = 1;

const TWO32 = 0x1_0000_0000;

// Result of the header varint scan (module scratch: no allocation per varint).
let vLo = 0;
let vHi = 0;

/** Varint scan outcomes. */
const V_OK = 0;
const V_SHORT = 1;
const V_OVERFLOW = 2;

/**
 * Scans a uvarint at buf[p] (Go's binary.ReadUvarint rules). Sets vLo/vHi and
 * returns V_OK with the end in `scanEnd`, or V_SHORT / V_OVERFLOW.
 */
let scanEnd = 0;
function scanUvarint(buf: Uint8Array, p: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (p >= buf.length) {
      scanEnd = p;
      return V_SHORT;
    }
    const b = buf[p++]!;
    if (i === 9 && b > 1) return V_OVERFLOW;
    const v = b & 0x7f;
    const shift = 7 * i;
    if (shift < 28) lo |= v << shift;
    else if (shift === 28) {
      lo |= (v & 0x0f) << 28;
      hi |= v >>> 4;
    } else hi |= v << (shift - 32);
    if (b < 0x80) {
      vLo = lo >>> 0;
      vHi = hi >>> 0;
      scanEnd = p;
      return V_OK;
    }
  }
  return V_OVERFLOW;
}

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
    const r = scanUvarint(buf, p);
    if (r === V_SHORT) {
      if (!final) return NEED_MORE;
      const eof = scanEnd === p ? "EOF" : "unexpected EOF";
      throw traceError("E_TRUNCATED", `error reading batch ${FIELDS[f]}: ${eof}`, { offset });
    }
    if (r === V_OVERFLOW) {
      throw traceError("E_VARINT", `error reading batch ${FIELDS[f]}: binary: varint overflows a 64-bit integer`, {
        offset,
      });
    }
    p = scanEnd;
    if (f === 2) {
      timeDouble = vHi * TWO32 + vLo;
      timeExact = vHi === 0 ? BigInt(vLo) : (BigInt(vHi) << 32n) | BigInt(vLo);
    } else if (f === 3) {
      if (vHi !== 0 || vLo > LIMITS.maxBatchSize) {
        const shown = vHi === 0 ? String(vLo) : ((BigInt(vHi) << 32n) | BigInt(vLo)).toString();
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
