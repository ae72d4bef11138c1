// The split analysis (reading here, applying behind a message port) gives
// the in-thread analysis's report, holds back when the other side is slow,
// and passes failures on.
import { fixture, readBytes, samplePath } from "@gotrace/conformance";
import { expect, test } from "vitest";
import { analyzeHeap } from "../analyze-heap.js";
import { analyzeHeapInWorker, MAX_IN_FLIGHT } from "./main-side.js";
import type { HeapWorkerMessage, PipelineMessage, WorkerPort } from "./messages.js";
import { serveHeapAnalysis } from "./worker-side.js";

/** Both ends of a MessageChannel as WorkerPorts, the worker end served; counts chunks in flight. */
function channel(delayMs = 0): { port: WorkerPort; maxInFlight: () => number; close: () => void } {
  const { port1, port2 } = new MessageChannel();
  let inFlight = 0;
  let max = 0;
  const worker: WorkerPort = {
    post: (m, transfer) => port2.postMessage(m, transfer ?? []),
    onMessage: (h) => {
      port2.onmessage = (e: MessageEvent<HeapWorkerMessage>) => {
        if (delayMs === 0) h(e.data);
        else setTimeout(() => h(e.data), delayMs);
      };
    },
  };
  serveHeapAnalysis(worker);
  return {
    port: {
      post: (m, transfer) => {
        if ((m as PipelineMessage).t === "chunk") max = Math.max(max, ++inFlight);
        port1.postMessage(m, transfer ?? []);
      },
      onMessage: (h) => {
        port1.onmessage = (e: MessageEvent<HeapWorkerMessage>) => {
          if ((e.data as PipelineMessage).t === "free") inFlight--;
          h(e.data);
        };
      },
    },
    maxInFlight: () => max,
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

async function* inChunks(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

test("the same report and profile as the in-thread analysis", async () => {
  const bytes = readBytes(fixture("heapgrow-go1.25-allocfree").tracePath);
  const direct = await analyzeHeap(bytes, { diff: { fromNs: 1e6, toNs: 3e6 } });
  const c = channel();
  try {
    const split = await analyzeHeapInWorker(inChunks(bytes, 64 << 10), c.port, {
      diff: { fromNs: 1e6, toNs: 3e6 },
    });
    // One result shape for both entry points.
    expect(Object.keys(split).sort()).toEqual(Object.keys(direct).sort());
    expect(split.report).toEqual(direct.report);
    // The timeline crosses packed: the JSON, key order and nulls included, is the same too.
    expect(split.report.timeline.length).toBeGreaterThan(10);
    expect(split.report.timeline.some((p) => p.heapAlloc === null)).toBe(true);
    expect(JSON.stringify(split.report)).toBe(JSON.stringify(direct.report));
    expect(split.pprof).toEqual(direct.pprof);
    expect(split.pprof.samples.length).toBeGreaterThan(0);
    expect(split.error).toBeNull();
  } finally {
    c.close();
  }
});

test("a slow worker holds the reading back: chunks in flight stay bounded", async () => {
  const bytes = readBytes(samplePath());
  const c = channel(2);
  try {
    const split = await analyzeHeapInWorker(inChunks(bytes, 16 << 10), c.port, { chunkRecords: 256 });
    // Far more chunks than the bound are made (the sample has ~40k records)...
    expect(split.report.trace.allocFreeEvents / 256).toBeGreaterThan(10 * MAX_IN_FLIGHT);
    // ...but never more than the bound plus the one that tripped it are out at once.
    expect(c.maxInFlight()).toBeLessThanOrEqual(MAX_IN_FLIGHT + 1);
    expect(c.maxInFlight()).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
  } finally {
    c.close();
  }
});

test("a cut trace: the events before the cut, and the error", async () => {
  const bytes = readBytes(samplePath());
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
  const direct = await analyzeHeap(cut, { keepPartial: true });
  const c = channel();
  try {
    const split = await analyzeHeapInWorker(inChunks(cut, 1 << 20), c.port, { keepPartial: true });
    expect(split.error?.message).toBe(direct.error?.message);
    expect(split.report).toEqual(direct.report);
    expect(split.report.limits[0]).toMatch(/^The trace is broken/);
  } finally {
    c.close();
  }
});

test("a worker that fails: the reading side stops with its message", async () => {
  const bytes = readBytes(samplePath());
  const { port1, port2 } = new MessageChannel();
  // The worker end answers every chunk with a failure, as serveHeapAnalysis does when applying throws.
  port2.onmessage = (e: MessageEvent<PipelineMessage>) => {
    if (e.data.t === "chunk") port2.postMessage({ t: "fail", message: "boom at chunk" });
  };
  const port: WorkerPort = {
    post: (m, transfer) => port1.postMessage(m, transfer ?? []),
    onMessage: (h) => {
      port1.onmessage = (e: MessageEvent<HeapWorkerMessage>) => h(e.data);
    },
  };
  try {
    await expect(analyzeHeapInWorker(inChunks(bytes, 4 << 10), port, { chunkRecords: 256 })).rejects.toThrow(
      "heap analysis worker: boom at chunk",
    );
  } finally {
    port1.close();
    port2.close();
  }
});

test("a worker that dies: the port's onError ends the analysis with its error", async () => {
  const bytes = readBytes(samplePath());
  const { port1, port2 } = new MessageChannel();
  let raise: ((err: Error) => void) | undefined;
  // The worker end never answers; it "crashes" once the first chunk arrives.
  port2.onmessage = () => raise?.(new Error("worker crashed"));
  const port: WorkerPort = {
    post: (m, transfer) => port1.postMessage(m, transfer ?? []),
    onMessage: (h) => {
      port1.onmessage = (e: MessageEvent<HeapWorkerMessage>) => h(e.data);
    },
    onError: (h) => {
      raise = h;
    },
  };
  try {
    await expect(analyzeHeapInWorker(inChunks(bytes, 4 << 10), port, { chunkRecords: 256 })).rejects.toThrow(
      /heap analysis worker: .*worker crashed/,
    );
  } finally {
    port1.close();
    port2.close();
  }
});

test("onTiming reports where the time went, once", async () => {
  const c = channel();
  const timings: { applySeconds: number; waitSeconds: number }[] = [];
  try {
    await analyzeHeapInWorker(readBytes(samplePath()), c.port, { onTiming: (t) => timings.push(t) });
    expect(timings).toHaveLength(1);
    expect(timings[0]?.applySeconds).toBeGreaterThan(0);
    expect(timings[0]?.waitSeconds).toBeGreaterThanOrEqual(0);
  } finally {
    c.close();
  }
});
