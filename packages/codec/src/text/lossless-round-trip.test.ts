// gotrace's text (BinaryToText with `lossless`, what `gotrace text` prints)
// read back by textToBinary (`gotrace encode`) must give every event back:
// for every input the text conversion accepts, the re-encoded trace decodes
// to the same raw events, event by event. Go's own text loses two kinds of
// event: nameless ones (go 1.26 types 53–127, printed as empty lines) and
// ones with empty data (no data line, so the reader takes the next line for
// it). Checked on every fixture and golden trace and on seeded mutants.
import { fixtures, goGoldens, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { TraceError } from "../errors/trace-error.js";
import { EV } from "../gen/events.gen.js";
import { encodeHeader } from "../wire/header.js";
import { RawDecoder } from "../wire/raw-decoder.js";
import { UNNAMED_EVENT } from "./format-event.js";
import { parseTextTrace } from "./text-reader.js";
import { textToBinary } from "./text-to-binary.js";
import { binaryToText } from "./text-writer.js";

/** Each raw event as one string: type, arguments in decimal, data in hex. */
function eventKeys(bytes: Uint8Array): string[] {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  const keys: string[] = [];
  try {
    for (let ev = d.next(); ev !== null; ev = d.next()) {
      let k = String(ev.type);
      for (let i = 0; i < ev.argCount; i++) k += ` ${ev.argDecimal(i)}`;
      if (ev.data !== null) k += ` data=${Buffer.from(ev.data).toString("hex")}`;
      keys.push(k);
    }
  } catch (err) {
    // Where Go's raw reader sees the end of the file, so does the text conversion.
    if (!(TraceError.isInstance(err) && err.code === "E_TRUNCATED" && err.goTreatsAsEnd)) throw err;
  }
  return keys;
}

/** The text `gotrace text` prints, or null when it rejects the input. */
function textOf(bytes: Uint8Array): string | null {
  try {
    return binaryToText(bytes, { lossless: true });
  } catch (err) {
    if (TraceError.isInstance(err)) return null;
    throw err;
  }
}

/** What went wrong with text → encode for `bytes`, or null when every event came back. */
function roundTripProblem(bytes: Uint8Array, text: string): string | null {
  const want = eventKeys(bytes);
  let back: Uint8Array;
  try {
    back = textToBinary(text);
  } catch (err) {
    return `encode failed: ${(err as Error).message}`;
  }
  const got = eventKeys(back);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) return `event ${i}: want ${want[i]}, got ${got[i]}`;
  }
  return null;
}

/** A small seeded PRNG (mulberry32): the same mutants on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Byte offsets where events start, for mutations that insert whole events. */
function eventStarts(bytes: Uint8Array): number[] {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  const out: number[] = [];
  try {
    for (let ev = d.next(); ev !== null; ev = d.next()) out.push(ev.offset);
  } catch {
    // Only the offsets before a break are needed.
  }
  return out;
}

/** One mutant of `base`: a bit flip, a byte overwritten, inserted or deleted, a cut, or an odd event inserted. */
function mutate(base: Uint8Array, starts: number[], next: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(next() * n);
  // Mutate past the 16-byte header: a broken header is rejected before any event.
  const at = 16 + pick(base.length - 16);
  const splice = (insert: number[], remove = 0) => {
    const out = new Uint8Array(base.length + insert.length - remove);
    out.set(base.subarray(0, at));
    out.set(insert, at);
    out.set(base.subarray(at + remove), at + insert.length);
    return out;
  };
  switch (pick(7)) {
    case 0: {
      const out = base.slice();
      out[at] = out[at]! ^ (1 << pick(8));
      return out;
    }
    case 1: {
      const out = base.slice();
      out[at] = pick(256);
      return out;
    }
    case 2:
      return splice([pick(256)]);
    case 3:
      return splice([], 1);
    case 4:
      return base.subarray(0, at);
    default: {
      // At an event start: a nameless type byte (go 1.26), or a String with empty data.
      const s = starts[pick(starts.length)] ?? 16;
      const ev = pick(2) === 0 ? [53 + pick(75)] : [EV.String, 1 + pick(100), 0];
      const out = new Uint8Array(base.length + ev.length);
      out.set(base.subarray(0, s));
      out.set(ev, s);
      out.set(base.subarray(s), s + ev.length);
      return out;
    }
  }
}

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  ...(["tests", "fuzz", "edge"] as const).flatMap((g) =>
    goGoldens(g).map((t) => ({ name: `${g}/${t.name}`, path: t.tracePath })),
  ),
];

describe("gotrace text → gotrace encode gives back every event", () => {
  it("keeps a nameless go 1.26 event and a String with empty data", () => {
    const h = encodeHeader(26);
    const bytes = Uint8Array.from([...h, EV.EventBatch, 1, 2, 3, 6, 60, EV.String, 7, 0, 100]);
    const text = textOf(bytes)!;
    expect(text).toBe(
      `Trace Go1.26\nEventBatch gen=1 m=2 time=3 size=6\n${UNNAMED_EVENT} type=60\nString id=7\n\tdata=""\n${UNNAMED_EVENT} type=100\n`,
    );
    expect(roundTripProblem(bytes, text)).toBeNull();
    // Go's own text has an empty line for each nameless event, and no data line.
    expect(binaryToText(bytes)).toBe("Trace Go1.26\nEventBatch gen=1 m=2 time=3 size=6\n\nString id=7\n\n");
  });

  it("keeps the other odd corners: a 10-byte varint, an unknown experiment, sizes that lie, empty frames", () => {
    const h = [...encodeHeader(26)];
    const ten = [0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]; // 5, padded to 10 bytes
    const cases: [string, number[]][] = [
      ["a 10-byte varint argument", [...h, EV.EventBatch, 1, ...ten, 3, 12, EV.ProcStop, ...ten]],
      [
        "an ExperimentalBatch of an experiment no Go has, and one with empty data",
        [...h, EV.ExperimentalBatch, 9, 1, 2, 3, 2, 0xab, 0xcd, EV.ExperimentalBatch, 9, 1, 2, 3, 0],
      ],
      [
        "a batch whose size says more than it holds, and one that says less",
        [...h, EV.EventBatch, 1, 2, 3, 100, EV.ProcStop, 1, EV.EventBatch, 1, 2, 3, 0, EV.ProcStop, 2],
      ],
      [
        "a batch size of 2^64-1",
        [...h, EV.EventBatch, 1, 2, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
      ],
      [
        "a Stack with no frames and one whose frame count has bit 63 set",
        [...h, EV.Stacks, EV.Stack, 1, 0, EV.Stack, 2, ...[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
      ],
      [
        "a String whose data holds a newline, a quote and invalid UTF-8",
        [...h, EV.Strings, EV.String, 1, 4, 0x0a, 0x22, 0xff, 0x00],
      ],
    ];
    for (const [what, bytes] of cases) {
      const trace = Uint8Array.from(bytes);
      const text = textOf(trace);
      expect(text, what).not.toBeNull();
      expect(roundTripProblem(trace, text!), what).toBeNull();
    }
  });

  it("reads Unnamed only for nameless slots of the version, and not as Go 1.27 when asked to be strict", () => {
    expect(parseTextTrace(`Trace Go1.26\n${UNNAMED_EVENT} type=127\n`).events).toEqual([{ type: 127, args: [] }]);
    expect(() => parseTextTrace(`Trace Go1.26\n${UNNAMED_EVENT} type=${EV.GoStart}\n`)).toThrow(
      /line 2: Unnamed type=16: not a nameless event type of go 1.26/,
    );
    expect(() => parseTextTrace(`Trace Go1.26\n${UNNAMED_EVENT} type=300\n`)).toThrow(/not a nameless event type/);
    expect(() => parseTextTrace(`Trace Go1.22\n${UNNAMED_EVENT} type=60\n`)).toThrow(/not a nameless event type/);
    expect(() => parseTextTrace(`Trace Go1.26\n${UNNAMED_EVENT} type=60\n`, { strictGo127: true })).toThrow(
      "unidentified event: Unnamed",
    );
  });

  it(`for all ${traces.length} fixture and golden traces that text accepts`, { timeout: 300_000 }, () => {
    const problems: string[] = [];
    let accepted = 0;
    for (const t of traces) {
      const bytes = readBytes(t.path);
      const text = textOf(bytes);
      if (text === null) continue;
      accepted++;
      const p = roundTripProblem(bytes, text);
      if (p !== null) problems.push(`${t.name}: ${p}`);
    }
    expect(problems).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
  });

  it("for 400 seeded mutants that text accepts", { timeout: 300_000 }, () => {
    // Small bases of every v2 format keep this quick.
    const bases = traces
      .map((t) => ({ name: t.name, bytes: readBytes(t.path) }))
      .filter((t) => t.bytes.length > 20 && t.bytes.length < 40_000 && textOf(t.bytes) !== null);
    const next = rng(20261206);
    const problems: string[] = [];
    let accepted = 0;
    let nameless = 0;
    let emptyData = 0;
    for (let i = 0; accepted < 400 && i < 4000; i++) {
      const base = bases[Math.floor(next() * bases.length)]!;
      const mutant = mutate(base.bytes, eventStarts(base.bytes), next);
      const text = textOf(mutant);
      if (text === null) continue;
      accepted++;
      if (text.includes(`\n${UNNAMED_EVENT} type=`)) nameless++;
      if (text.includes('\n\tdata=""')) emptyData++;
      const p = roundTripProblem(mutant, text);
      if (p !== null) problems.push(`mutant ${i} of ${base.name}: ${p}`);
    }
    expect(problems).toEqual([]);
    expect(accepted).toBe(400);
    // The mutants do reach the events Go's text loses.
    expect(nameless).toBeGreaterThan(20);
    expect(emptyData).toBeGreaterThan(20);
  });
});
