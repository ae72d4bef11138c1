// The compact row against the straightforward one: every span's start, end,
// value, stack and related read back through the accessors equal what was
// added, on made-up rows built to reach each of the compact form's escapes
// (gaps on a goroutine row, spans of 2^32 ns and more, block boundaries, chunk
// boundaries, columns that must widen past a byte, two bytes and 32 bits, times
// that are not integers), and the bytes a span follow from the layout.
import { describe, expect, it } from "vitest";
import {
  LONG,
  SpanBuilder,
  type Spans,
  firstSpanEndingAfter,
  spanBytes,
  spanEnd,
  spanRelated,
  spanStack,
  spanStart,
  spanValue,
} from "./spans.js";

/** The straightforward representation: one number per field and span. */
interface Plain {
  start: number[];
  end: number[];
  value: number[];
  stack: number[];
  related: number[];
}

function build(touching: boolean, p: Plain): Spans {
  const b = new SpanBuilder(touching);
  for (let i = 0; i < p.start.length; i++) b.add(p.start[i]!, p.end[i]!, p.value[i]!, p.stack[i]!, p.related[i]!);
  return b.done(true);
}

/** Every field of every span, read back; Object.is, so -0 or NaN would not pass for 0. */
function expectSame(s: Spans, p: Plain): void {
  expect(s.n).toBe(p.start.length);
  for (let i = 0; i < s.n; i++) {
    const got = [spanStart(s, i), spanEnd(s, i), spanValue(s, i), spanStack(s, i), spanRelated(s, i)];
    const want = [p.start[i], p.end[i], p.value[i], p.stack[i], p.related[i]];
    if (!got.every((v, k) => Object.is(v, want[k]))) expect(got, `span ${i}`).toEqual(want);
  }
}

/** A goroutine row: n spans, each ending where the next starts except where `gapAt(i)`. */
function goroutineRow(n: number, step: (i: number) => number, gapAt: (i: number) => number): Plain {
  const p: Plain = { start: [], end: [], value: [], stack: [], related: [] };
  let t = 1000;
  for (let i = 0; i < n; i++) {
    const end = t + step(i);
    p.start.push(t);
    p.end.push(end);
    p.value.push(i % 6);
    p.stack.push((i % 5) - 1);
    p.related.push(i % 3 === 0 ? i % 40 : -1);
    t = end + gapAt(i);
  }
  return p;
}

describe("compact spans", () => {
  it("a goroutine row with gaps, spans over 2^32 ns and block boundaries reads back exactly", () => {
    // Every 1000th span lasts 5e9 ns (> 2^32, 4.29e9): the next span's offset leaves the
    // block, so a new block begins there; every 777th is followed by a gap of 3 ns.
    const p = goroutineRow(
      200_000,
      (i) => (i % 1000 === 999 ? 5e9 : 1 + (i % 13)),
      (i) => (i % 777 === 0 ? 3 : 0),
    );
    const s = build(true, p);
    expectSame(s, p);
    // The escapes were taken: blocks beyond the first, and the ends at gaps kept.
    expect(s.blockFirst.length).toBeGreaterThan(100);
    expect(s.endAt.length).toBe(Math.ceil(200_000 / 777) + 1);
    expect(s.duration.length).toBe(0);
  });

  it("a P row with long spans, gaps and wide values reads back exactly", () => {
    const n = 150_000;
    const p: Plain = { start: [], end: [], value: [], stack: [], related: [] };
    let t = 2 ** 40;
    for (let i = 0; i < n; i++) {
      // Durations of 2^32 - 1 (the LONG marker itself) and 2^32 + 7 must go to the exceptions.
      const d = i % 5000 === 1 ? LONG : i % 5000 === 2 ? 2 ** 32 + 7 : 10 + (i % 100);
      p.start.push(t);
      p.end.push(t + d);
      // Goroutine ids past a byte, two bytes, then past 32 bits (from the second chunk on).
      p.value.push(i < 70_000 ? i % 300 : i < 140_000 ? 70_000 + i : 2 ** 33 + i);
      p.stack.push(i % 2 === 0 ? -1 : i);
      p.related.push(i % 2 === 0 ? -1 : i % 250);
      t += d + 1 + (i % 7);
    }
    const s = build(false, p);
    expectSame(s, p);
    expect(s.value).toBeInstanceOf(Float64Array);
    expect(s.stack).toBeInstanceOf(Uint32Array);
    expect(s.related).toBeInstanceOf(Uint8Array);
    expect(s.endAt.length).toBe(2 * Math.ceil((n - 1) / 5000));
  });

  it("times that are not integers, or go back, are kept exactly all the same", () => {
    const p: Plain = {
      start: [0.5, 1.25, 1.25, 2 ** 53 - 10, 3, 3],
      end: [1.25, 1.25, 2, 2 ** 53 - 2, 2.5, 3.75],
      value: [3, 4, 2, 3, 4, 5],
      stack: [-1, 0, 1, 2, 3, 4],
      related: [-1, -1, 7, -1, 9, -1],
    };
    expectSame(build(true, p), p);
    expectSame(build(false, p), p);
  });

  it("a partial row (the builder going on) equals the spans added so far", () => {
    const p = goroutineRow(
      100_000,
      (i) => 1 + (i % 9),
      (i) => (i % 5000 === 0 ? 1 : 0),
    );
    const b = new SpanBuilder(true);
    for (let i = 0; i < p.start.length; i++) {
      b.add(p.start[i]!, p.end[i]!, p.value[i]!, p.stack[i]!, p.related[i]!);
      if (i === 70_000) {
        const cut = (a: number[]) => a.slice(0, i + 1);
        expectSame(b.done(false), {
          start: cut(p.start),
          end: cut(p.end),
          value: cut(p.value),
          stack: cut(p.stack),
          related: cut(p.related),
        });
      }
    }
    expectSame(b.done(true), p);
  });

  it("finds the first span ending after a time, at gaps and block boundaries", () => {
    const p = goroutineRow(
      5000,
      (i) => (i % 100 === 99 ? 5e9 : 2),
      (i) => (i % 7 === 0 ? 5 : 0),
    );
    const s = build(true, p);
    for (let i = 0; i < s.n; i += 37) {
      const e = p.end[i]!;
      expect(firstSpanEndingAfter(s, e - 1)).toBe(i);
      expect(firstSpanEndingAfter(s, e)).toBe(i + 1);
    }
  });

  it("costs 7 bytes a touching goroutine span and 11 a P span with byte-sized values", () => {
    // Offset 4, value, stack and related a byte each; a P span adds its 4-byte duration.
    // The rest (one block, one kept end) is a few bytes for the whole row.
    const n = 1 << 20;
    const p = goroutineRow(
      n,
      (i) => 1 + (i % 50),
      () => 0,
    );
    expect(spanBytes(build(true, p)) / n).toBeCloseTo(7, 3);
    const q = goroutineRow(
      n,
      (i) => 1 + (i % 50),
      () => 1,
    );
    expect(spanBytes(build(false, q)) / n).toBeCloseTo(11, 3);
  });
});
