// The raw decoder on its own: chunking never changes the result, encoding
// gives back the same bytes, bad input always ends in a typed error, and
// 64-bit values stay exact.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceError } from "../errors/trace-error.js";
import { formatRawEvent } from "../text/format-event.js";
import { encodeHeader } from "./header.js";
import { RawDecoder } from "./raw-decoder.js";
import { RawEncoder } from "./raw-encoder.js";

const goldenDir = join(goTestdataDir(), "golden-go1.27", "tests");
const goldens = readdirSync(goldenDir)
  .filter((f) => f.endsWith(".trace"))
  .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(goldenDir, f))) }));

/** Decodes bytes fed in chunks of the given sizes (cycled); returns the wire lines and how it ended. */
function decodeChunked(bytes: Uint8Array, sizes: number[]): { lines: string[]; error?: TraceError } {
  const d = new RawDecoder();
  const lines: string[] = [];
  let at = 0;
  let k = 0;
  try {
    while (at < bytes.length) {
      const n = sizes[k++ % sizes.length] as number;
      d.push(bytes.subarray(at, at + n));
      at += n;
      for (let ev = d.next(); ev !== null; ev = d.next()) lines.push(formatRawEvent(ev));
    }
    d.finish();
    for (let ev = d.next(); ev !== null; ev = d.next()) lines.push(formatRawEvent(ev));
    expect(d.ended).toBe(true);
  } catch (err) {
    if (!TraceError.isInstance(err)) throw err;
    return { lines, error: err };
  }
  return { lines };
}

function reencode(bytes: Uint8Array): Uint8Array {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  const first = d.next();
  const header = d.header;
  if (!header) throw new Error("no header");
  const enc = new RawEncoder(header.version, { header: bytes.subarray(0, header.length) });
  for (let ev = first; ev !== null; ev = d.next()) enc.writeCursor(ev);
  return enc.take();
}

describe("RawDecoder", () => {
  it("gives the same events whatever the chunk sizes", () => {
    const largest = [...goldens].sort((a, b) => b.bytes.length - a.bytes.length).slice(0, 3);
    for (const { name, bytes } of [...goldens.slice(0, 8), ...largest]) {
      const whole = decodeChunked(bytes, [bytes.length]);
      // Small chunks join; chunks above 2 KiB go through the stitch buffer.
      for (const sizes of [[1], [2, 3], [7], [17, 1, 64], [2049, 3001], [4096, 1, 5000]]) {
        expect(decodeChunked(bytes, sizes), `${name} ${sizes}`).toEqual(whole);
      }
    }
  });

  it("encodes every golden trace back to the same bytes", () => {
    for (const { name, bytes } of goldens) expect(reencode(bytes), name).toEqual(bytes);
  });

  it("keeps the runtime's 10-byte batch sizes and odd headers", () => {
    // go  1.026 trace, then EventBatch gen=1 m=1 time=5 size=1 padded to 10 bytes, then ProcStop dt=1... as data.
    const header = new TextEncoder().encode("go \t1.026 trace\0\0\0");
    const body = [1, 1, 1, 5, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b, 0x01];
    const bytes = new Uint8Array([...header, ...body]);
    const d = new RawDecoder();
    d.push(bytes);
    d.finish();
    const ev = d.next();
    expect(d.header?.version).toBe(26);
    expect(d.header?.length).toBe(header.length);
    expect(ev?.padded).toBe(true);
    expect(formatRawEvent(ev!)).toBe("EventBatch gen=1 m=1 time=5 size=2");
    expect(reencode(bytes)).toEqual(bytes);
  });

  it("reads 2^64-1 and values above 2^53 exactly", () => {
    const max = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    const twoTo53Plus1 = [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10];
    const bytes = new Uint8Array([...encodeHeader(26), 1, ...max, ...twoTo53Plus1, 0, 0]);
    const d = new RawDecoder();
    d.push(bytes);
    d.finish();
    const ev = d.next()!;
    expect(ev.argDecimal(0)).toBe("18446744073709551615");
    expect(ev.arg(0)).toBe(-1);
    expect(ev.argBigInt(1)).toBe(2n ** 53n + 1n);
    expect(ev.argDecimal(1)).toBe("9007199254740993");
    expect(() => ev.arg(1)).toThrow(/above 2\^53/);
    expect(ev.clone().args).toEqual([-1, 2n ** 53n + 1n, 0, 0]);
  });

  it("refuses an 11-byte varint with Go's message and the offset", () => {
    const bytes = new Uint8Array([
      ...encodeHeader(26),
      1,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x80,
      0x01,
    ]);
    const d = new RawDecoder();
    d.push(bytes);
    d.finish();
    try {
      d.next();
      expect.unreachable();
    } catch (err) {
      expect(TraceError.isInstance(err) && err.code).toBe("E_VARINT");
      expect((err as TraceError).offset).toBe(17);
      expect((err as TraceError).goMessage).toBe("binary: varint overflows a 64-bit integer");
    }
  });

  it("never crashes, hangs or over-allocates on any cut of a trace", () => {
    const { bytes } = goldens.find((g) => g.name.startsWith("go122-gc-stress")) ?? goldens[0]!;
    const full = decodeChunked(bytes, [bytes.length]).lines;
    for (let cut = 0; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 400))) {
      const { lines, error } = decodeChunked(bytes.subarray(0, cut), [4096]);
      // Every event before the cut is intact; the cut itself is reported, or lands between events.
      expect(lines).toEqual(full.slice(0, lines.length));
      if (error) expect(["E_TRUNCATED", "E_HEADER"]).toContain(error.code);
    }
  });

  it("does not allocate by a length field: a 2^40-byte string in a 30-byte file", () => {
    const bytes = new Uint8Array([...encodeHeader(26), 5, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x41]);
    const d = new RawDecoder();
    d.push(bytes);
    d.finish();
    expect(() => d.next()).toThrow(expect.objectContaining({ code: "E_TRUNCATED", goTreatsAsEnd: true }));
  });

  it("does not allocate by a frame count: 2^32 frames in a short file", () => {
    const bytes = new Uint8Array([...encodeHeader(26), 3, 1, 0x80, 0x80, 0x80, 0x80, 0x10, 1, 2, 3, 4, 5]);
    const d = new RawDecoder();
    d.push(bytes);
    d.finish();
    expect(() => d.next()).toThrow(expect.objectContaining({ code: "E_TRUNCATED" }));
    expect(d.event.lo.length).toBeLessThan(64);
  });

  it("reads go 1.23 AllocFree events as Go 1.24 does, or refuses them as Go 1.27 does", () => {
    const bytes = new Uint8Array([...encodeHeader(23), 132, 1, 2, 3]);
    const lenient = new RawDecoder();
    lenient.push(bytes);
    lenient.finish();
    expect(formatRawEvent(lenient.next()!)).toBe("HeapObjectAlloc dt=1 id=2 type=3");
    expect(lenient.table.release).toBe("1.24");
    const strict = new RawDecoder({ strictGo127: true });
    strict.push(bytes);
    strict.finish();
    expect(() => strict.next()).toThrow(expect.objectContaining({ goMessage: "invalid event type: 132" }));
  });
});
