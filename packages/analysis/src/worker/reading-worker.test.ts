// Reading on a worker gives exactly what reading on this thread gives: every
// fixture (Go 1.22+ read on the other end of a MessageChannel, older ones
// here), whole and broken, analysed both ways.
import { readFileSync } from "node:fs";
import { TraceError } from "@gotrace/codec";
import { fixtures, samplePath } from "@gotrace/conformance";
import { afterEach, describe, expect, it } from "vitest";
import { type TraceAnalysis, analyzeTrace } from "../analyze.js";
import { DEFAULT_UTIL_FLAGS, analyzeMMU } from "../mmu-trace.js";
import { blockingProfile } from "../profile-trace.js";
import type { ReadingMessage, ReadingPort } from "./messages.js";
import { serveTraceReading } from "./serve.js";

const open: MessageChannel[] = [];
afterEach(() => {
  for (const c of open.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

/**
 * A port to serveTraceReading on the far end of a MessageChannel, a count of the chunks sent over
 * it, and of the event records that came back.
 */
function readingWorker(): { port: ReadingPort; chunks: () => number; records: () => number } {
  const channel = new MessageChannel();
  open.push(channel);
  const wrap = (p: MessagePort): ReadingPort => ({
    post: (m, transfer) => p.postMessage(m, transfer ?? []),
    onMessage: (h) => {
      p.onmessage = (e: MessageEvent<ReadingMessage>) => h(e.data);
    },
  });
  serveTraceReading(wrap(channel.port2));
  let chunks = 0;
  let records = 0;
  const inner = wrap(channel.port1);
  return {
    port: {
      post: (m, transfer) => {
        if ((m as { t?: string }).t === "chunk") chunks++;
        inner.post(m, transfer);
      },
      onMessage: (h) =>
        inner.onMessage((m) => {
          const batch = (m as { t?: string; batch?: { count: number } }).batch;
          if (batch !== undefined) records += batch.count;
          h(m);
        }),
    },
    chunks: () => chunks,
    records: () => records,
  };
}

/** The analysis without its error, which is compared apart (an Error's fields do not show in toEqual). */
function body(a: TraceAnalysis) {
  const { error: _error, ...rest } = a;
  return rest;
}

function errorFields(e: Error | null) {
  if (e === null) return null;
  const t = e as TraceError;
  return {
    traceError: TraceError.isInstance(e),
    message: e.message,
    code: t.code,
    offset: t.offset,
    goMessage: t.goMessage,
  };
}

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath, v2: f.header >= 22 })),
  { name: "sample", path: samplePath(), v2: true },
];

describe("analyzeTrace with a reading worker gives what it gives without", () => {
  it("covers old and new, whole and broken traces", () => {
    expect(traces.some((t) => !t.v2)).toBe(true);
    expect(fixtures().some((f) => f.header >= 22 && !f.expect.ok)).toBe(true);
  });
  for (const t of traces) {
    it(t.name, async () => {
      const bytes = readFileSync(t.path);
      const options = { keepPartial: true, mmuFlags: DEFAULT_UTIL_FLAGS };
      const here = await analyzeTrace(bytes, options);
      const w = readingWorker();
      const there = await analyzeTrace(bytes, { ...options, readingWorker: w.port });
      expect(errorFields(there.error)).toEqual(errorFields(here.error));
      expect(body(there)).toEqual(body(here));
      // Go 1.22+ traces crossed to the worker; older ones were read here.
      expect(w.chunks() > 0).toBe(t.v2);
      expect(bytes.length, "the caller's bytes are left whole").toBe(readFileSync(t.path).length);
    });
  }
});

describe("alloc/free events cross folded", () => {
  it("the sample's alloc/free events are counted, not sent one by one", async () => {
    const bytes = readFileSync(samplePath());
    for (const mmuFlags of [undefined, DEFAULT_UTIL_FLAGS]) {
      const w = readingWorker();
      const there = await analyzeTrace(bytes, { mmuFlags, readingWorker: w.port });
      expect(there).toEqual(await analyzeTrace(bytes, { mmuFlags }));
      expect(w.records()).toBeLessThan(there.summary.events / 2);
    }
  });
});

describe("the other readers take a reading worker too", () => {
  const v2 = traces.filter((t) => t.v2);
  // The first few, and every one with alloc/free events (whose runs cross folded).
  const picks = [...v2.slice(0, 8), ...v2.slice(8).filter((t) => t.name.includes("allocfree") || t.name === "sample")];
  for (const t of picks) {
    it(t.name, async () => {
      const bytes = readFileSync(t.path);
      const mmuHere = await analyzeMMU(bytes, { keepPartial: true });
      const mmuThere = await analyzeMMU(bytes, { keepPartial: true, readingWorker: readingWorker().port });
      expect(mmuThere.utilization).toEqual(mmuHere.utilization);
      const profHere = await blockingProfile(bytes, "sync", { keepPartial: true });
      const profThere = await blockingProfile(bytes, "sync", {
        keepPartial: true,
        readingWorker: readingWorker().port,
      });
      expect(profThere.samples).toEqual(profHere.samples);
      expect(profThere.limits).toEqual(profHere.limits);
    });
  }
});

describe("errors", () => {
  const broken = fixtures().filter((f) => f.header >= 22 && !f.expect.ok);
  for (const f of broken.slice(0, 6)) {
    it(`${f.name}: without keepPartial, rejects with the reader's error`, async () => {
      const bytes = readFileSync(f.tracePath);
      const here = await analyzeTrace(bytes).catch((e: Error) => e);
      const there = await analyzeTrace(bytes, { readingWorker: readingWorker().port }).catch((e: Error) => e);
      expect(here).toBeInstanceOf(Error);
      expect(errorFields(there as Error)).toEqual(errorFields(here as Error));
    });
  }
  it("bytes that are no trace are read here, with the reader's error", async () => {
    const junk = new TextEncoder().encode("not a trace at all, not even close");
    const w = readingWorker();
    const there = await analyzeTrace(junk, { readingWorker: w.port }).catch((e: Error) => e);
    const here = await analyzeTrace(junk).catch((e: Error) => e);
    expect(errorFields(there as Error)).toEqual(errorFields(here as Error));
    expect(w.chunks()).toBe(0);
  });
  it("a worker that fails makes the analysis reject", async () => {
    const port: ReadingPort = {
      post: () => undefined,
      onMessage: () => undefined,
      onError: (h) => setTimeout(() => h(new Error("gone")), 10),
    };
    const bytes = readFileSync(samplePath());
    await expect(analyzeTrace(bytes, { readingWorker: port })).rejects.toThrow(/trace reading worker: gone/);
  });
});
