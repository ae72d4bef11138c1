// The WebAssembly tally loop (tally-kernel.wat) must count exactly what the
// JavaScript loop counts, and leave the same events, and so the same errors,
// to next(): every fixture, pushed whole and in pieces, with the kernel's
// window cut small so that events straddle its edges; mutants of the
// fixtures; and made-up streams of every varint shape the kernel has to
// refuse (padded, ten bytes, overflowing) next to ones it takes.
import { fixtures, readBytes } from "@gotrace/conformance";
import { afterEach, describe, expect, it } from "vitest";
import { TraceError } from "../errors/trace-error.js";
import { parseHeader } from "./header.js";
import { RawDecoder } from "./raw-decoder.js";
import { INVALID, rawTable, TRAILER_DATA, TRAILER_STACK } from "./raw-tables.js";
import { allowTallyKernel, tallyKernel } from "./tally-kernel.js";

interface Tally {
  readonly counts: number[];
  readonly bytes: number[];
  readonly events: number;
  readonly ended: boolean;
  readonly error: string | undefined;
}

/** Tallies `input` pushed in pieces of `piece` bytes, with the kernel (its window cut to `window` bytes) or without. */
function tally(input: Uint8Array, piece: number, kernel: boolean, window?: number): Tally {
  allowTallyKernel(kernel);
  const k = tallyKernel();
  if (kernel) {
    if (k === null) throw new Error("no kernel");
    if (window !== undefined) k.windowBytes = window;
  }
  const d = new RawDecoder();
  const counts = new Float64Array(256);
  const bytes = new Float64Array(256);
  let events = 0;
  let error: string | undefined;
  try {
    for (let at = 0; at < input.length; at += piece) {
      d.push(input.subarray(at, at + piece));
      events += d.tally(counts, bytes);
    }
    d.finish();
    events += d.tally(counts, bytes);
  } catch (err) {
    error = err instanceof TraceError ? `${err.code} at ${err.offset}: ${err.message}` : String(err);
  }
  return { counts: [...counts], bytes: [...bytes], events, ended: d.ended, error };
}

const fullWindow = tallyKernel()?.windowBytes ?? 0;
afterEach(() => {
  allowTallyKernel(true);
  const k = tallyKernel();
  if (k !== null) k.windowBytes = fullWindow;
});

/** Checks that the kernel, with each window size, counts `input` as the JavaScript loop does. */
function expectSame(
  input: Uint8Array,
  what: string,
  pieces: readonly number[],
  windows: readonly (number | undefined)[],
) {
  for (const piece of pieces) {
    const want = tally(input, piece, false);
    for (const window of windows) {
      expect(tally(input, piece, true, window), `${what}, pieces of ${piece}, window ${window ?? "full"}`).toEqual(
        want,
      );
    }
  }
}

/** Deterministic numbers (xorshift32) for the mutants and the made-up streams. */
function numbers(seed: number): (below: number) => number {
  let x = seed >>> 0 || 1;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % below;
  };
}

const traces = fixtures().filter((f) => f.header >= 22);

it("runs here: Node has WebAssembly, so tallies use the kernel", () => {
  expect(tallyKernel()).not.toBeNull();
  // and a tally with it counts events (the kernel, not next(), took most of them)
  const f = traces.find((t) => t.expect.ok);
  if (f === undefined) throw new Error("no fixture");
  const got = tally(readBytes(f.tracePath), 1 << 20, true);
  expect(got.events).toBeGreaterThan(0);
  expect(got.error).toBeUndefined();
});

describe("every fixture counts as with the JavaScript loop, windows cut small", () => {
  for (const f of traces) {
    it(f.name, () => {
      const input = readBytes(f.tracePath);
      expectSame(input, f.name, [input.length || 1, 4093, 97], [undefined, 200, 65]);
    });
  }
});

it("keeps each decoder's window apart: two decoders tallying in turns count as each alone", () => {
  const [a, b] = traces.filter((f) => f.expect.ok).map((f) => readBytes(f.tracePath));
  if (a === undefined || b === undefined) throw new Error("two fixtures needed");
  const k = tallyKernel();
  if (k === null) throw new Error("no kernel");
  // A window wider than a piece: each call copies one window holding the piece, and the other
  // decoder's next call starts at about the same offset, inside it.
  k.windowBytes = 4096;
  const decoders = [new RawDecoder(), new RawDecoder()];
  const inputs = [a, b];
  const counts = [new Float64Array(256), new Float64Array(256)];
  const bytes = [new Float64Array(256), new Float64Array(256)];
  const piece = 997;
  for (let at = 0; at < Math.max(a.length, b.length); at += piece) {
    for (let i = 0; i < 2; i++) {
      const input = inputs[i] as Uint8Array;
      if (at >= input.length) continue;
      decoders[i]?.push(input.subarray(at, at + piece));
      decoders[i]?.tally(counts[i] as Float64Array, bytes[i] as Float64Array);
    }
  }
  for (let i = 0; i < 2; i++) {
    decoders[i]?.finish();
    decoders[i]?.tally(counts[i] as Float64Array, bytes[i] as Float64Array);
    const alone = tally(inputs[i] as Uint8Array, piece, false);
    expect({ counts: [...(counts[i] as Float64Array)], bytes: [...(bytes[i] as Float64Array)] }).toEqual({
      counts: alone.counts,
      bytes: alone.bytes,
    });
  }
});

describe("mutants of the fixtures count, and fail, as with the JavaScript loop", () => {
  const sources = traces.filter((f) => f.expect.ok).slice(0, 6);
  for (const f of sources) {
    it(f.name, () => {
      const input = readBytes(f.tracePath);
      const random = numbers(input.length);
      for (let m = 0; m < 40; m++) {
        const mutant = input.slice();
        for (let k = 1 + random(4); k > 0; k--) {
          const at = 16 + random(Math.max(1, mutant.length - 16));
          mutant[at] = [0x00, 0x80, 0xff, 0x01, random(256)][random(5)] as number;
        }
        const cut = random(3) === 0 ? mutant.subarray(0, 16 + random(mutant.length - 16)) : mutant;
        expectSame(cut, `${f.name} mutant ${m}`, [cut.length || 1, 509], [undefined, 300]);
      }
    });
  }
});

describe("made-up streams of every varint shape", () => {
  const header = new TextEncoder().encode("go 1.26 trace\0\0\0");
  const table = rawTable(parseHeader(header, header.length, true)?.format);
  const types: number[] = [];
  for (let t = 0; t < 256; t++) {
    if (table.argCount[t] !== INVALID && table.trailer[t] !== TRAILER_STACK) types.push(t);
  }

  /** A uvarint of `value` below 2^28 in `width` bytes (padded when wider than it needs). */
  function varint(out: number[], value: number, width: number): void {
    for (let i = 0; i < width - 1; i++) out.push(((value >>> (7 * i)) & 0x7f) | 0x80);
    out.push(width > 4 ? 0 : (value >>> (7 * (width - 1))) & 0x7f);
  }

  /** `events` random events; ten-byte varints overflow only if `overflow` (and the stream then fails there). */
  function stream(seed: number, events: number, overflow: boolean): Uint8Array {
    const random = numbers(seed);
    const out = [...header];
    for (let e = 0; e < events; e++) {
      const type = types[random(types.length)] as number;
      out.push(type);
      for (let a = table.argCount[type] as number; a > 0; a--) {
        const shape = random(20);
        if (shape === 0)
          varint(out, random(1 << 20), 5 + random(5)); // padded, up to ten bytes
        else if (shape === 1) {
          // ten bytes: 2^63 and above (a last byte of 1; 0 is padding), or an overflow (above 1)
          for (let i = 0; i < 9; i++) out.push(0x80 | random(128));
          out.push(overflow ? 2 + random(126) : random(2));
        } else if (shape === 2)
          varint(out, 0, 1 + random(3)); // zero, padded when wider than a byte
        else {
          const value = random(1 << (7 * (1 + random(4))));
          let width = 1;
          while (value >= 2 ** (7 * width)) width++;
          varint(out, value, width);
        }
      }
      if (table.trailer[type] === TRAILER_DATA) {
        const len = random(8) === 0 ? 100 + random(400) : random(12);
        varint(out, len, random(10) === 0 ? 2 : len < 128 ? 1 : 2);
        for (let i = 0; i < len; i++) out.push(97 + random(26));
      }
    }
    return Uint8Array.from(out);
  }

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: valid, every event read`, () => {
      const input = stream(seed, 3000, false);
      const plain = tally(input, input.length, false);
      expect(plain).toMatchObject({ events: 3000, ended: true, error: undefined });
      expectSame(input, `seed ${seed}`, [input.length, 1000, 61], [undefined, 333, 80]);
    });
  }
  for (const seed of [7, 8, 9, 10]) {
    it(`seed ${seed}: an overflowing varint`, () => {
      const input = stream(seed, 3000, true);
      expect(tally(input, input.length, false).error).toMatch(/^E_VARINT/);
      expectSame(input, `seed ${seed}`, [input.length, 1000, 61], [undefined, 333, 80]);
    });
  }
});
