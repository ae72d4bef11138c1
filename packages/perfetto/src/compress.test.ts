// Perfetto's packet compression: the deflated output holds exactly the
// uncompressed packets, in bundles trace_processor accepts (one whole zlib
// frame each, under 512 KB, nothing beside the compressed bytes), cut at the
// same records however the output is chunked.
import { readFileSync } from "node:fs";
import { fixtures, samplePath } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { BUNDLE_BYTES, COMPRESSED_PACKET_LIMIT, deflatePackets } from "./compress.js";
import { exportPerfetto, perfettoChunks } from "./export.js";
import { inflatePackets } from "./testing/decode.js";

/** Per-case limit: it only ends a hang. */
const SLOW = 600_000;

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  { name: "sample", path: samplePath() },
];

describe.each(traces)("$name", (t) => {
  it(
    "the deflated output inflates to exactly the uncompressed output",
    async () => {
      const bytes = new Uint8Array(readFileSync(t.path));
      const plain = await exportPerfetto(bytes, { keepPartial: true, compression: "none" });
      const deflated = await exportPerfetto(bytes, { keepPartial: true });
      const inflated = inflatePackets(deflated);
      expect(Buffer.from(inflated.bytes).equals(Buffer.from(plain))).toBe(true);
      // One bundle per BUNDLE_BYTES of packets, at least (a bundle ends before the record that would overfill it).
      expect(inflated.compressed).toBeGreaterThanOrEqual(Math.ceil(plain.length / BUNDLE_BYTES));
      expect(deflated.length).toBeLessThan(plain.length);
    },
    SLOW,
  );
});

it(
  "bundles are cut at the same records whatever the chunk size",
  async () => {
    const bytes = new Uint8Array(
      readFileSync(fixtures().find((f) => f.name === "heapknown-go1.27-allocfree")!.tracePath),
    );
    const whole = await exportPerfetto(bytes);
    const chunks: Uint8Array[] = [];
    for await (const c of perfettoChunks(bytes, { chunkBytes: 4096 })) chunks.push(c);
    // 1.3 MB of packets: several bundles, each its own chunk.
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(inflatePackets(chunks[0]!).compressed).toBe(1);
    expect(Buffer.concat(chunks).equals(Buffer.from(whole))).toBe(true);
  },
  SLOW,
);

/** Records with random bodies: `Trace.packet` tag, length, bytes. */
function records(sizes: number[], seed: number): Uint8Array {
  let x = seed;
  const out: number[] = [];
  for (const size of sizes) {
    out.push(0x0a, ...varint(size));
    for (let i = 0; i < size; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      out.push(x >>> 24);
    }
  }
  return new Uint8Array(out);
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  return new Uint8Array(Buffer.concat(parts));
}

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const c of cuts) {
    yield bytes.slice(at, c);
    at = c;
  }
  yield bytes.slice(at);
}

it("splits at record boundaries, keeps every record, and each bundle stays under Perfetto's limit", async () => {
  const sizes = Array.from({ length: 400 }, (_, i) => 1 + ((i * 7919) % 3000));
  const input = records(sizes, 7);
  // Chunks of whole records, cut at arbitrary record ends.
  const ends: number[] = [];
  for (let at = 0, i = 0; at < input.length; i++) {
    const len = sizes[i]!;
    at += 1 + (len >= 0x80 ? 2 : 1) + len;
    if (i % 37 === 5) ends.push(at);
  }
  const out = await collect(deflatePackets(chunked(input, ends), 64 * 1024));
  const inflated = inflatePackets(out);
  expect(Buffer.from(inflated.bytes).equals(Buffer.from(input))).toBe(true);
  // Random bytes do not shrink: ~600 KB of records in 64 KiB bundles is at least ten bundles.
  expect(inflated.compressed).toBeGreaterThanOrEqual(Math.ceil(input.length / (64 * 1024)));
});

it("a bundle that would not fit Perfetto's limit once deflated is written uncompressed", async () => {
  // 600 KiB of random records in one bundle: deflate cannot bring it under 512 KB.
  const input = records(
    Array.from({ length: 300 }, () => 2048),
    11,
  );
  expect(input.length).toBeGreaterThan(COMPRESSED_PACKET_LIMIT);
  const out = await collect(deflatePackets(chunked(input, []), 1 << 20));
  // The records themselves, unchanged (random bodies are not packets a decoder could read).
  expect(Buffer.from(out).equals(Buffer.from(input))).toBe(true);
});

/** A varint's bytes. */
function varint(n: number): number[] {
  const b: number[] = [];
  while (n >= 0x80) {
    b.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  b.push(n);
  return b;
}

/** Reads the varint at `at`: its value and where it ends. */
function readVarint(b: Uint8Array, at: number): [number, number] {
  let v = 0;
  for (let scale = 1; ; scale *= 0x80) {
    const byte = b[at++]!;
    v += (byte & 0x7f) * scale;
    if (byte < 0x80) return [v, at];
  }
}

it("the test's inflater refuses what trace_processor refuses: bytes after the zlib frame, a cut frame", async () => {
  const out = await exportPerfetto(new Uint8Array(readFileSync(samplePath())));
  // The sample's packets fit one bundle: 0x0a, the packet's length, field 50's tag, the zlib bytes' length and bytes.
  expect(inflatePackets(out).compressed).toBe(1);
  expect(out[0]).toBe(0x0a);
  const [, packetAt] = readVarint(out, 1);
  expect([out[packetAt], out[packetAt + 1]]).toEqual([0x92, 0x03]);
  const [zlen, frameAt] = readVarint(out, packetAt + 2);
  const frame = out.subarray(frameAt, frameAt + zlen);
  expect(frameAt + zlen).toBe(out.length);
  const wrap = (z: Uint8Array) => {
    const field = [0x92, 0x03, ...varint(z.length), ...z];
    return new Uint8Array([0x0a, ...varint(field.length), ...field]);
  };
  expect(Buffer.from(wrap(frame)).equals(Buffer.from(out))).toBe(true);
  expect(() => inflatePackets(wrap(new Uint8Array([...frame, 1, 2])))).toThrow(/2 bytes after the zlib frame/);
  expect(() => inflatePackets(wrap(frame.subarray(0, frame.length - 4)))).toThrow();
});
