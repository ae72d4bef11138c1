// Mutations of binary traces. Each takes the bytes, the seed's layout and a
// Rng, and returns { bytes, what } (what: a short description for the
// report), or null when it does not apply to this input. Byte-level ones
// work on any input; batch-level ones use the layout read by @gotrace/codec.
import { traceLayout } from "./layout.mjs";
import { decodeUvarint, encodeOverflowing, encodeOverlong, encodePadded } from "./varint.mjs";

/** Byte values that mean something in traces: batch and event types, varint edges. */
const INTERESTING_BYTES = [
  0x00, 0x01, 0x02, 0x04, 0x05, 0x08, 0x31, 0x32, 0x33, 0x34, 0x35, 0x7f, 0x80, 0x81, 0x88, 0x89, 0xfe, 0xff,
];

/** Values for varints: zero, one, limits of Go's reader, 2^53 and 2^64 edges. */
const INTERESTING_VALUES = [
  0n,
  1n,
  127n,
  128n,
  1024n,
  1025n,
  65535n,
  65536n,
  65537n,
  (1n << 31n) - 1n,
  1n << 32n,
  (1n << 53n) - 1n,
  1n << 53n,
  (1n << 63n) - 1n,
  1n << 63n,
  (1n << 64n) - 2n,
  (1n << 64n) - 1n,
];

function splice(bytes, at, removed, inserted) {
  const out = new Uint8Array(bytes.length - removed + inserted.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(inserted, at);
  out.set(bytes.subarray(at + removed), at + inserted.length);
  return out;
}

/** A random offset, biased towards the first bytes where the header and first batches are. */
function offset(bytes, rng) {
  if (bytes.length === 0) return 0;
  return rng.chance(0.2) ? rng.int(Math.min(bytes.length, 64)) : rng.int(bytes.length);
}

const bitFlip = (bytes, _layout, rng) => {
  if (bytes.length === 0) return null;
  const out = bytes.slice();
  const n = rng.range(1, 4);
  const at = [];
  for (let i = 0; i < n; i++) {
    const o = offset(bytes, rng);
    out[o] ^= 1 << rng.int(8);
    at.push(o);
  }
  return { bytes: out, what: `bit flip at ${at.join(",")}` };
};

const overwrite = (bytes, _layout, rng) => {
  if (bytes.length === 0) return null;
  const out = bytes.slice();
  const o = offset(bytes, rng);
  const n = Math.min(rng.range(1, 4), bytes.length - o);
  for (let i = 0; i < n; i++) out[o + i] = rng.chance(0.6) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
  return { bytes: out, what: `overwrite ${n} byte(s) at ${o}` };
};

const insert = (bytes, _layout, rng) => {
  const o = rng.int(bytes.length + 1);
  const n = rng.range(1, 8);
  const ins = new Uint8Array(n);
  for (let i = 0; i < n; i++) ins[i] = rng.chance(0.5) ? rng.pick(INTERESTING_BYTES) : rng.int(256);
  return { bytes: splice(bytes, o, 0, ins), what: `insert ${n} byte(s) at ${o}` };
};

const remove = (bytes, _layout, rng) => {
  if (bytes.length === 0) return null;
  const o = offset(bytes, rng);
  const n = Math.min(rng.range(1, 16), bytes.length - o);
  return { bytes: splice(bytes, o, n, new Uint8Array(0)), what: `delete ${n} byte(s) at ${o}` };
};

const truncate = (bytes, layout, rng) => {
  let at;
  if (layout.batches.length > 0 && rng.chance(0.5)) {
    // Near a batch boundary: just before, at, or just after it.
    at = Math.max(0, Math.min(bytes.length, rng.pick(layout.batches).start + rng.range(-2, 12)));
  } else {
    at = rng.int(bytes.length);
  }
  return { bytes: bytes.slice(0, at), what: `truncate at ${at}` };
};

const duplicateBatch = (bytes, layout, rng) => {
  if (layout.batches.length === 0) return null;
  const b = rng.pick(layout.batches);
  const to = rng.chance(0.5) ? b.end : rng.pick(layout.batches).start;
  return { bytes: splice(bytes, to, 0, bytes.slice(b.start, b.end)), what: `duplicate batch at ${b.start} to ${to}` };
};

const dropBatch = (bytes, layout, rng) => {
  if (layout.batches.length === 0) return null;
  const b = rng.pick(layout.batches);
  return { bytes: splice(bytes, b.start, b.end - b.start, new Uint8Array(0)), what: `drop batch at ${b.start}` };
};

const swapBatches = (bytes, layout, rng) => {
  if (layout.batches.length < 2) return null;
  let i = rng.int(layout.batches.length);
  let j = rng.int(layout.batches.length);
  if (i === j) j = (i + 1) % layout.batches.length;
  if (i > j) [i, j] = [j, i];
  const a = layout.batches[i];
  const b = layout.batches[j];
  const out = new Uint8Array(bytes.length);
  let at = 0;
  for (const part of [
    bytes.subarray(0, a.start),
    bytes.subarray(b.start, b.end),
    bytes.subarray(a.end, b.start),
    bytes.subarray(a.start, a.end),
    bytes.subarray(b.end),
  ]) {
    out.set(part, at);
    at += part.length;
  }
  return { bytes: out, what: `swap batches at ${a.start} and ${b.start}` };
};

/** A varint position: a real one from the layout, or (for v1 and damaged input) wherever one decodes. */
function varintSite(bytes, layout, rng) {
  if (layout.varints.length > 0 && rng.chance(0.85)) return rng.pick(layout.varints);
  const at = offset(bytes, rng);
  const v = decodeUvarint(bytes, at);
  return v === null ? null : { at, width: v.width };
}

const varintReshape = (bytes, layout, rng) => {
  const site = varintSite(bytes, layout, rng);
  if (site === null) return null;
  const v = decodeUvarint(bytes, site.at);
  if (v === null) return null;
  const shape = rng.weighted([
    [5, "padded to 10 bytes"],
    [2, "padded to fewer bytes"],
    [2, "11 bytes (overlong)"],
    [2, "10th byte above 1 (overflow)"],
  ]);
  let enc;
  if (shape === "padded to 10 bytes") enc = encodePadded(v.value, 10);
  else if (shape === "padded to fewer bytes") enc = encodePadded(v.value, rng.range(v.width + 1, 9));
  else if (shape === "11 bytes (overlong)") enc = encodeOverlong(v.value);
  else enc = encodeOverflowing(v.value);
  return { bytes: splice(bytes, site.at, v.width, enc), what: `varint at ${site.at} ${shape}` };
};

const varintValue = (bytes, layout, rng) => {
  const site = varintSite(bytes, layout, rng);
  if (site === null) return null;
  const v = decodeUvarint(bytes, site.at);
  if (v === null) return null;
  const value = rng.chance(0.7) ? rng.pick(INTERESTING_VALUES) : BigInt.asUintN(64, v.value + BigInt(rng.range(-2, 2)));
  const enc = encodePadded(value, rng.chance(0.5) ? v.width : 1);
  return { bytes: splice(bytes, site.at, v.width, enc), what: `varint at ${site.at} set to ${value}` };
};

const batchSize = (bytes, layout, rng) => {
  const sized = layout.batches.filter((b) => b.sizeAt >= 0);
  if (sized.length === 0) return null;
  const b = rng.pick(sized);
  const size = decodeUvarint(bytes, b.sizeAt)?.value ?? 0n;
  const value = rng.weighted([
    [3, size + 1n],
    [3, size > 0n ? size - 1n : 0n],
    [1, 0n],
    [2, 65536n],
    [2, 65537n],
    [1, 1n << 32n],
    [1, (1n << 53n) + 1n],
    [1, (1n << 64n) - 1n],
    [1, BigInt(bytes.length)],
  ]);
  // Keep the runtime's 10-byte shape most of the time, so the rest of the batch stays aligned.
  const enc = encodePadded(value, rng.chance(0.8) ? Math.max(b.sizeWidth, 10) : 1);
  return {
    bytes: splice(bytes, b.sizeAt, b.sizeWidth, enc),
    what: `batch at ${b.start}: size ${size} -> ${value}`,
  };
};

const headerVersion = (bytes, _layout, rng) => {
  // "go 1.NN trace\0\0\0": point it at another version, valid or not.
  if (bytes.length < 16 || bytes[0] !== 0x67) return null;
  const out = bytes.slice();
  const version = rng.pick(["11", "19", "21", "22", "23", "24", "25", "26", "27", "99", "2 ", "1a"]);
  out[5] = version.charCodeAt(0);
  out[6] = version.charCodeAt(1);
  return { bytes: out, what: `header version 1.${version}` };
};

/** Every binary mutation, with its weight. */
export const BINARY_MUTATIONS = [
  [6, ["bit flip", bitFlip]],
  [5, ["overwrite", overwrite]],
  [3, ["insert", insert]],
  [3, ["delete", remove]],
  [4, ["truncate", truncate]],
  [3, ["duplicate batch", duplicateBatch]],
  [3, ["drop batch", dropBatch]],
  [3, ["swap batches", swapBatches]],
  [4, ["varint shape", varintReshape]],
  [3, ["varint value", varintValue]],
  [4, ["batch size", batchSize]],
  [1, ["header version", headerVersion]],
];

/**
 * Applies one to three mutations to a binary seed.
 * @returns {{ bytes: Uint8Array, mutations: string[] }}
 */
export function mutateBinary(seedBytes, layout, rng) {
  let bytes = seedBytes;
  const mutations = [];
  const rounds = rng.weighted([
    [6, 1],
    [3, 2],
    [1, 3],
  ]);
  for (let tries = 0; mutations.length < rounds && tries < 20; tries++) {
    const [name, fn] = rng.weighted(BINARY_MUTATIONS);
    // Later rounds see the layout of what the earlier ones made, as far as it still reads.
    const r = fn(bytes, mutations.length === 0 ? layout : traceLayout(bytes), rng);
    if (r === null) continue;
    bytes = r.bytes;
    mutations.push(`${name}: ${r.what}`);
  }
  return { bytes, mutations };
}
