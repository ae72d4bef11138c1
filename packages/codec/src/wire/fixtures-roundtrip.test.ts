// Every real trace our Go programs wrote: decoding and re-encoding gives back
// the same bytes (padded batch sizes included), text and back gives the same
// text, and chunked decoding sees the same events as decoding the whole file.
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceError } from "../errors/trace-error.js";
import { textToBinary } from "../text/text-to-binary.js";
import { binaryToText } from "../text/text-writer.js";
import { RawDecoder } from "./raw-decoder.js";
import { RawEncoder } from "./raw-encoder.js";

const v2 = fixtures().filter((f) => f.header >= 22 && f.golden.wire.exit === 0);

function reencode(bytes: Uint8Array): Uint8Array {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  const first = d.next();
  const header = d.header!;
  const enc = new RawEncoder(header.version, { header: bytes.subarray(0, header.length) });
  for (let ev = first; ev !== null; ev = d.next()) enc.writeCursor(ev);
  return enc.take();
}

function countChunked(bytes: Uint8Array, chunk: number): number {
  const d = new RawDecoder();
  let n = 0;
  for (let at = 0; at < bytes.length; at += chunk) {
    d.push(bytes.subarray(at, at + chunk));
    while (d.next() !== null) n++;
  }
  d.finish();
  while (d.next() !== null) n++;
  return n;
}

describe("real traces", () => {
  it("are there to test", () => expect(v2.length).toBeGreaterThan(50));

  for (const f of v2) {
    it(`${f.name}: bytes → events → bytes is exact`, () => {
      const bytes = readBytes(f.tracePath);
      expect(Buffer.from(reencode(bytes)).equals(Buffer.from(bytes))).toBe(true);
    });

    it(`${f.name}: text → binary → text is exact`, () => {
      const text = binaryToText(readBytes(f.tracePath));
      expect(binaryToText(textToBinary(text))).toBe(text);
    });

    it(`${f.name}: chunking does not change the events`, () => {
      const bytes = readBytes(f.tracePath);
      const whole = countChunked(bytes, bytes.length);
      expect(countChunked(bytes, 4093)).toBe(whole);
      expect(countChunked(bytes, 65536)).toBe(whole);
    });
  }

  it("a trace Go's raw reader refuses gets a typed error with the offset", () => {
    const bad = fixtures().find((f) => f.golden.wire.exit !== 0 && f.header >= 22)!;
    const d = new RawDecoder();
    d.push(readBytes(bad.tracePath));
    d.finish();
    let error: unknown;
    try {
      while (d.next() !== null);
    } catch (err) {
      error = err;
    }
    expect(TraceError.isInstance(error)).toBe(true);
    expect((error as TraceError).goMessage).toBe(bad.golden.wire.stderrFirstLine);
    expect((error as TraceError).offset).toBeGreaterThan(0);
  });
});
