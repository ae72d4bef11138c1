// Property checks over random traces: for random events of every v2 version
// (random types, 64-bit extremes, random data bytes), writing text and
// reading it back gives the same events, any spelling Go accepts (comments,
// blank lines, any white space, CRLF) reads the same, and text → binary →
// text agrees with an independent encoder and the decoder.
import { describe, expect, it } from "vitest";
import { EV, EVENT_SPECS } from "../gen/events.gen.js";
import { RawDecoder } from "../wire/raw-decoder.js";
import { RawEncoder } from "../wire/raw-encoder.js";
import type { RawEventRecord } from "../wire/raw-event.js";
import { textEventNames } from "./event-names.js";
import { toRecordValue } from "./go-uint.js";
import { parseTextTrace, TextStreamReader } from "./text-reader.js";
import { textToBinary } from "./text-to-binary.js";
import { binaryToText, recordsToText } from "./text-writer.js";

/** A small seeded generator (mulberry32), so failures can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

/** Values at the edges: varint width steps, 2^53 around, bit 63, 2^64-1 (stored as -1). */
const EDGES: readonly (number | bigint)[] = [
  0,
  1,
  127,
  128,
  16383,
  16384,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53 - 1,
  2n ** 53n,
  2n ** 53n + 1n,
  2n ** 63n - 1n,
  2n ** 63n,
  2n ** 64n - 2n,
  -1,
];

function value(r: Rng): number | bigint {
  switch (r.int(4)) {
    case 0:
      return r.pick(EDGES);
    case 1:
      return r.int(1000);
    case 2:
      return Math.floor(r.next() * 2 ** 53);
    default: {
      const v = (BigInt(r.int(2 ** 32)) << 32n) | BigInt(r.int(2 ** 32));
      return toRecordValue(v);
    }
  }
}

function data(r: Rng): Uint8Array {
  const n = r.pick([0, 1, 3, 8, 40]);
  const out = new Uint8Array(n);
  const kind = r.int(3);
  for (let i = 0; i < n; i++) {
    // Raw bytes, ASCII with the characters quoting escapes, or UTF-8 text.
    out[i] =
      kind === 0
        ? r.int(256)
        : kind === 1
          ? r.pick([0x22, 0x5c, 0x0a, 0x23, 0x3d, 0x20, 0x09, 0x41, 0x7f])
          : r.int(128);
  }
  if (kind === 2 && n > 0) return new TextEncoder().encode(`é${"中😀 #x=1"}${String.fromCharCode(...out)}`);
  return out;
}

function randomEvents(r: Rng, version: number, count: number): RawEventRecord[] {
  const types = [...textEventNames(version).values()];
  const events: RawEventRecord[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.pick(types);
    const spec = EVENT_SPECS[type];
    if (!spec) throw new Error(`no spec for ${type}`);
    const args = spec.args.map(() => value(r));
    if (spec.isStack) {
      const frames = r.int(4);
      args[1] = frames;
      for (let k = 0; k < 4 * frames; k++) args.push(value(r));
    }
    events.push(spec.hasData ? { type, args, data: data(r) } : { type, args });
  }
  return events;
}

const SPACE = [
  " ",
  "\t",
  "\v",
  "\f",
  "\r",
  "\u0085",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
];

/** Respells canonical text the ways Go's reader also accepts. */
function decorate(r: Rng, text: string): string {
  const ws = (min: number) => {
    let s = "";
    for (let n = min + r.int(3); n > 0; n--) s += r.pick(SPACE);
    return s;
  };
  const out: string[] = [];
  for (const line of text.split("\n")) {
    while (r.int(4) === 0) out.push(r.pick(["", ws(1), `#${ws(0)}comment x=1 "y`, `${ws(0)}# data="z"`]));
    if (line === "") {
      out.push(line);
      continue;
    }
    if (line.startsWith("\tdata=")) {
      out.push(`${ws(0)}data${ws(0)}=${ws(0)}${line.slice("\tdata=".length)}${ws(0)}`);
      continue;
    }
    out.push(ws(0) + line.trim().split(" ").join(ws(1)) + ws(0));
  }
  return out.map((l) => l + (r.int(2) === 0 ? "\r" : "")).join("\n");
}

/** Encodes with the codec's RawEncoder, independently of text-to-binary. */
function encode(version: number, events: readonly RawEventRecord[]): Uint8Array {
  const enc = new RawEncoder(version);
  for (const ev of events) enc.write(ev);
  return enc.take();
}

function decode(bytes: Uint8Array): RawEventRecord[] {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  const events: RawEventRecord[] = [];
  for (let ev = d.next(); ev !== null; ev = d.next()) events.push(ev.clone());
  return events;
}

function readChunked(r: Rng, text: string): RawEventRecord[] {
  const reader = new TextStreamReader();
  const events: RawEventRecord[] = [];
  for (let at = 0; at < text.length; ) {
    const n = 1 + r.int(40);
    reader.push(text.slice(at, at + n));
    at += n;
    for (let ev = reader.next(); ev !== null; ev = reader.next()) events.push(ev);
  }
  reader.finish();
  for (let ev = reader.next(); ev !== null; ev = reader.next()) events.push(ev);
  expect(reader.ended).toBe(true);
  return events;
}

describe("random traces", () => {
  for (const version of [22, 23, 25, 26]) {
    it(`go 1.${version}: text ⇄ events ⇄ binary`, () => {
      let emptyData = 0;
      let stackFrames = 0;
      for (let seed = 1; seed <= 60; seed++) {
        const r = rng(version * 1000 + seed);
        const events = randomEvents(r, version, 1 + r.int(40));
        const text = recordsToText(version, events);

        // Text written from events reads back as the same events.
        expect(parseTextTrace(text)).toEqual({ version, events });
        // However Go's reader allows it to be spelled, and however it arrives.
        const fancy = decorate(r, text);
        expect(parseTextTrace(fancy).events, `seed ${seed}`).toEqual(events);
        expect(readChunked(r, fancy)).toEqual(events);

        // Binary: the bytes of an independent encoder; they decode to the same events.
        const bytes = textToBinary(fancy);
        expect(bytes).toEqual(encode(version, events));
        expect(decode(bytes)).toEqual(events);
        // And back to text: the same text, except that Go prints no line for empty data.
        expect(binaryToText(bytes)).toBe(text.replaceAll('\n\tdata=""', ""));
        emptyData += events.filter((e) => e.data?.length === 0).length;
        stackFrames += events.filter((e) => EVENT_SPECS[e.type]?.isStack && e.args.length > 2).length;
      }
      // The corner cases did come up.
      expect(emptyData).toBeGreaterThan(0);
      expect(stackFrames).toBeGreaterThan(0);
    });
  }

  it("2^64-1 and 2^53+1 survive every step", () => {
    const events: RawEventRecord[] = [{ type: EV.ProcStatus, args: [-1, 2n ** 53n + 1n, 2 ** 53 - 1] }];
    const text = recordsToText(26, events);
    expect(text).toBe("Trace Go1.26\nProcStatus dt=18446744073709551615 p=9007199254740993 pstatus=9007199254740991\n");
    expect(decode(textToBinary(text))).toEqual(events);
  });
});
