// gotrace heap must not crash on any trace the reader accepts. The reader
// checks the ordering of alloc/free events but not their values, nor the
// experiment's batches (type tables, the info batch), which it only hands
// on. Seeded byte mutations of alloc/free fixtures, aimed at those parts:
// whatever analyzeHeap makes of a mutant, the only error it may throw is the
// reader's TraceError (a mutant the reader rejects).
import { TraceError, binaryToText, decodeAllocFreeBatch, encodeAllocFreeBatch, textToBinary } from "@gotrace/codec";
import { fixture, readBytes } from "@gotrace/conformance";
import { TraceReader } from "@gotrace/reader";
import { describe, expect, it } from "vitest";
import { type HeapResult, analyzeHeap } from "./analyze-heap.js";

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

function uvarintEnd(b: Uint8Array, p: number): number {
  while (b[p]! >= 0x80) p++;
  return p + 1;
}

interface BatchSpan {
  /** Offset of the batch's size field, and its data's start and end. */
  sizeAt: number;
  start: number;
  end: number;
  /** An ExperimentalBatch. */
  exp: boolean;
}

/** Where each batch's data is. */
function batchData(bytes: Uint8Array): BatchSpan[] {
  const out: BatchSpan[] = [];
  let p = 16;
  while (p < bytes.length) {
    const typ = bytes[p++]!;
    if (typ === 52) continue; // EndOfGeneration
    const exp = typ !== 1;
    if (exp) p++;
    for (let i = 0; i < 3; i++) p = uvarintEnd(bytes, p);
    const sizeAt = p;
    let size = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[p++]!;
      size += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) break;
    }
    out.push({ sizeAt, start: p, end: p + size, exp });
    p += size;
  }
  return out;
}

/** One mutant: a few bytes inside one batch's data overwritten (the framing stays whole). */
function mutate(bytes: Uint8Array, batches: ReturnType<typeof batchData>, next: () => number): Uint8Array {
  const exp = batches.filter((b) => b.exp && b.end > b.start);
  const pool = next() < 0.5 && exp.length > 0 ? exp : batches.filter((b) => b.end > b.start);
  const b = pool[Math.floor(next() * pool.length)]!;
  const out = bytes.slice();
  const n = 1 + Math.floor(next() * 3);
  for (let i = 0; i < n; i++) {
    const at = b.start + Math.floor(next() * (b.end - b.start));
    const how = next();
    // A random byte, a bit flip, or a varint continuation bit that runs the value on.
    out[at] =
      how < 0.4 ? Math.floor(next() * 256) : how < 0.8 ? out[at]! ^ (1 << Math.floor(next() * 8)) : out[at]! | 0x80;
  }
  return out;
}

/**
 * Every 20 iterations, a turn of the event loop: analyzeHeap on bytes in
 * memory only awaits promises that are already settled, so a long loop of it
 * would otherwise keep the test runner's own messages waiting.
 */
async function breather(i: number): Promise<void> {
  if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Whether the reader reads the whole trace without an error. */
function readerAccepts(bytes: Uint8Array): boolean {
  try {
    const r = new TraceReader(bytes);
    while (r.next() !== null);
    return true;
  } catch (e) {
    if (TraceError.isInstance(e)) return false;
    throw e;
  }
}

const BASES = [
  "sched-go1.27-allocfree",
  "annotations-go1.25-allocfree",
  "stackgrowth-go1.23-allocfree",
  "heapknown-go1.23-allocfree",
];

describe("analyzeHeap on mutants of alloc/free fixtures", () => {
  it("never throws anything but the reader's TraceError, over 400 seeded mutants", { timeout: 600_000 }, async () => {
    const next = rng(0x6f7472);
    const failures: string[] = [];
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 400; i++) {
      await breather(i);
      const base = BASES[i % BASES.length]!;
      const bytes = readBytes(fixture(base).tracePath);
      const mutant = mutate(bytes, batchData(bytes), next);
      const ok = readerAccepts(mutant);
      if (ok) accepted++;
      else rejected++;
      try {
        await analyzeHeap(mutant);
        if (!ok) failures.push(`mutant ${i} of ${base}: the reader rejects it, analyzeHeap did not`);
      } catch (e) {
        if (!ok && TraceError.isInstance(e)) continue;
        failures.push(`mutant ${i} of ${base}: ${(e as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
      }
    }
    expect(failures).toEqual([]);
    // The mutants get past the reader often enough to test the heap side.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(0);
  });
});

/** The trace with one batch's data replaced (its size field rewritten to match). */
function withBatchData(bytes: Uint8Array, b: BatchSpan, data: Uint8Array): Uint8Array {
  const size: number[] = [];
  let n = data.length;
  do {
    size.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n >>>= 7;
  } while (n !== 0);
  return Uint8Array.from([...bytes.subarray(0, b.sizeAt), ...size, ...data, ...bytes.subarray(b.end)]);
}

/** The trace with its events edited in gotrace's text, each EventBatch's size recomputed. */
function withEvents(bytes: Uint8Array, edit: (lines: string[]) => string[]): Uint8Array {
  const lines = edit(binaryToText(bytes, { lossless: true }).trimEnd().split("\n"));
  const header = `${lines[0]}\n`;
  const base = textToBinary(header).length;
  const encodedLength = (body: string[]) => textToBinary(`${header}${body.join("\n")}\n`).length - base;
  const out = [lines[0]!];
  let batch = -1;
  let body: string[] = [];
  const close = () => {
    if (batch >= 0) out[batch] = out[batch]!.replace(/size=\d+$/, `size=${encodedLength(body)}`);
    out.push(...body);
    body = [];
  };
  for (const line of lines.slice(1)) {
    if (line.startsWith("EventBatch ") || line.startsWith("ExperimentalBatch ") || line === "EndOfGeneration") {
      close();
      batch = line.startsWith("EventBatch ") ? out.length : -1;
      out.push(line);
    } else body.push(line);
  }
  close();
  return textToBinary(`${out.join("\n")}\n`);
}

/** analyzeHeap with its warnings collected. */
async function analyse(bytes: Uint8Array): Promise<{ result: HeapResult; warnings: string[] }> {
  const warnings: string[] = [];
  const result = await analyzeHeap(bytes, { onWarning: (w) => warnings.push(w) });
  return { result, warnings };
}

describe("damaged AllocFree batches are skipped with a warning, and the analysis goes on", () => {
  const name = "sched-go1.27-allocfree";
  const bytes = readBytes(fixture(name).tracePath);
  const exp = batchData(bytes).filter((b) => b.exp);
  const info = exp.find((b) => bytes[b.start] === 1)!;
  const table = exp.find((b) => bytes[b.start] === 0 && b.end - b.start > 40)!;

  it("has an info batch and a type table to damage, and no warning whole", async () => {
    expect(info).toBeDefined();
    expect(table).toBeDefined();
    const { result, warnings } = await analyse(bytes);
    expect(warnings).toEqual([]);
    expect(result.report.limits.join("\n")).not.toMatch(/skipped/);
  });

  const cases: [string, () => Uint8Array, RegExp][] = [
    [
      "a type table whose last name runs past its data",
      () => withBatchData(bytes, table, bytes.slice(table.start, table.end - 3)),
      /^Generation \d+: an AllocFree type table batch \(\d+ bytes, thread -?\d+\) was skipped: at byte \d+ of its data: data ends where \d+ bytes was expected\.$/,
    ],
    [
      "a type table with an absurd name length",
      () => {
        const data = bytes.slice(table.start, table.end);
        // The first entry's id, address, size and pointer bytes are one-byte
        // or longer varints; the name length follows them: make it 2^35.
        const entry = decodeAllocFreeBatch(data);
        if (entry.kind !== "types") throw new Error("not a type table");
        const e = entry.entries[0]!;
        const head = encodeAllocFreeBatch({ kind: "types", entries: [e] }).subarray(0, -(e.name.length + 1));
        return withBatchData(bytes, table, Uint8Array.from([...head, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]));
      },
      /was skipped: at byte \d+ of its data: data ends where 34359738368 bytes was expected\.$/,
    ],
    [
      "an info batch with page size 0",
      () =>
        withBatchData(
          bytes,
          info,
          encodeAllocFreeBatch({
            kind: "info",
            minPageHeapAddr: 0xc000000000,
            pageSize: 0,
            minHeapAlign: 8,
            fixedStack: 2048,
          }),
        ),
      /an AllocFree info batch \(\d+ bytes, thread -?\d+\) was skipped: its page size 0 is not a power of two up to 1048576\.$/,
    ],
    [
      "an info batch with a heap alignment above the page size",
      () =>
        withBatchData(
          bytes,
          info,
          encodeAllocFreeBatch({
            kind: "info",
            minPageHeapAddr: 0xc000000000,
            pageSize: 8192,
            minHeapAlign: 16384,
            fixedStack: 2048,
          }),
        ),
      /its heap alignment 16384 is not a power of two up to the page size\.$/,
    ],
    [
      "a batch of an unknown kind",
      () => withBatchData(bytes, table, Uint8Array.from([7, 1, 2, 3])),
      /an AllocFree type table batch \(4 bytes, thread -?\d+\) was skipped: at byte 0 of its data: unknown AllocFree batch kind 7\.$/,
    ],
  ];

  for (const [what, make, pattern] of cases) {
    it(what, async () => {
      const damaged = make();
      expect(readerAccepts(damaged)).toBe(true);
      const whole = (await analyse(bytes)).result.report;
      const { result, warnings } = await analyse(damaged);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(pattern);
      expect(result.report.limits).toContain(warnings[0]);
      if (/info batch/.test(what)) {
        expect(result.report.limits).toContain(
          "The trace's info batch was damaged and skipped: addresses are unknown; ids are used as keys, with page size 8192, alignment 8 and stack unit 2048 assumed.",
        );
      }
      // The rest of the trace is analysed as before.
      expect(result.report.trace.allocFreeEvents).toBe(whole.trace.allocFreeEvents);
      expect(result.report.trace.events).toBe(whole.trace.events);
    });
  }
});

describe("absurd values in alloc/free events neither crash nor explode memory", () => {
  const bytes = readBytes(fixture("sched-go1.27-allocfree").tracePath);
  /** Replaces the n-th line starting with `prefix` by `to(line)`. */
  const nth = (lines: string[], prefix: string, n: number, to: (l: string) => string) => {
    let seen = 0;
    return lines.map((l) => (l.startsWith(prefix) && seen++ === n ? to(l) : l));
  };

  it("a span of 2^40 pages, one of 2^40 bytes, a span class no table has, a stack of order 1000, an object id of 2^60 and a free of nothing", {
    timeout: 60_000,
  }, async () => {
    const damaged = withEvents(bytes, (lines) => {
      let out = nth(lines, "SpanAlloc ", 0, (l) => l.replace(/npages_value=\d+/, "npages_value=1099511627776"));
      out = nth(out, "SpanAlloc ", 1, (l) => l.replace(/kindclass=\d+/, "kindclass=1099511627776"));
      // 2^27 pages of 8 KiB: one large object of 2^40 bytes.
      out = nth(out, "SpanAlloc ", 2, (l) =>
        l.replace(/npages_value=\d+ kindclass=\d+/, "npages_value=134217728 kindclass=2"),
      );
      out = nth(out, "GoroutineStackAlloc ", 0, (l) => l.replace(/order=\d+/, "order=1000"));
      out = nth(out, "HeapObjectAlloc ", 0, (l) => l.replace(/ id=\d+/, " id=1152921504606846976"));
      out = nth(out, "HeapObjectAlloc ", 1, (l) => `${l}\nHeapObjectFree dt=0 id=77`);
      return out.flatMap((l) => l.split("\n"));
    });
    expect(readerAccepts(damaged)).toBe(true);
    const before = process.memoryUsage().rss;
    const { result } = await analyse(damaged);
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
    const report = result.report;
    const limits = report.limits.join("\n");
    expect(limits).toMatch(/^3 span events were left out as impossible/m);
    expect(limits).toMatch(/^1 goroutine stack events were left out as impossible/m);
    expect(limits).toMatch(/objects were freed that the trace never showed allocated/);
    // No Infinity or NaN turned into null in the numbers.
    expect(JSON.stringify(report)).not.toMatch(/Infinity|NaN/);
  });
});

describe("alloc/free events with extreme values, at random", () => {
  const VALUES = [
    0n,
    1n,
    2n,
    7n,
    255n,
    4096n,
    65535n,
    2n ** 40n,
    2n ** 53n - 1n,
    2n ** 53n + 1n,
    2n ** 62n,
    2n ** 64n - 1n,
  ];
  const EVENT =
    /^(Span|SpanAlloc|SpanFree|HeapObject|HeapObjectAlloc|HeapObjectFree|GoroutineStack|GoroutineStackAlloc|GoroutineStackFree) /;

  it("120 seeded mutants: the reader accepts them, the analysis neither throws nor reports a non-finite number", {
    timeout: 600_000,
  }, async () => {
    const next = rng(0x616c6c);
    const failures: string[] = [];
    let accepted = 0;
    // The small bases: each mutant goes through the text form and back.
    const small = BASES.filter((b) => !b.startsWith("heapknown"));
    for (let i = 0; i < 120; i++) {
      await breather(i);
      const name = small[i % small.length]!;
      const bytes = readBytes(fixture(name).tracePath);
      const mutant = withEvents(bytes, (lines) => {
        const at = lines.flatMap((l, j) => (EVENT.test(l) ? [j] : []));
        for (let k = 1 + Math.floor(next() * 6); k > 0; k--) {
          const j = at[Math.floor(next() * at.length)]!;
          const parts = lines[j]!.split(" ");
          // An argument after dt (which the reader orders events by).
          const a = 2 + Math.floor(next() * (parts.length - 2));
          if (a >= parts.length) continue;
          parts[a] = `${parts[a]!.split("=")[0]}=${VALUES[Math.floor(next() * VALUES.length)]}`;
          lines[j] = parts.join(" ");
        }
        return lines;
      });
      if (!readerAccepts(mutant)) continue;
      accepted++;
      try {
        const { result } = await analyse(mutant);
        const json = JSON.stringify(result.report, (_k, v) =>
          typeof v === "number" && !Number.isFinite(v) ? `!${v}` : v,
        );
        const bad = /.{60}"!(NaN|Infinity|-Infinity)"/.exec(json);
        if (bad !== null) failures.push(`mutant ${i} of ${name}: ${bad[0]}`);
      } catch (e) {
        failures.push(`mutant ${i} of ${name}: ${(e as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
      }
    }
    expect(failures).toEqual([]);
    expect(accepted).toBeGreaterThan(90);
  });
});
