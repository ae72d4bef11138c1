// The digester's two ways in give the same analysis: digest(), where the
// reader writes most records straight into the chunk (scanRecords), and
// event(), which is handed every event as an Event. Checked on every
// alloc/free fixture, whole and cut short, pushed in small chunks.
import { fixtures, readBytes } from "@gotrace/conformance";
import { TraceReader } from "@gotrace/reader";
import { describe, expect, it } from "vitest";
import { analyzerOptions, finishReport } from "../analyze-heap.js";
import { HeapAnalyzer } from "../model/heap-model.js";
import { HeapDigester } from "./digester.js";

type Way = "digest" | "event";

function analyse(bytes: Uint8Array, way: Way, pushSize: number, chunkRecords: number): string {
  const reader = new TraceReader();
  let analyzer: HeapAnalyzer | undefined;
  const chunkSizes: number[] = [];
  const digester = new HeapDigester((chunk) => {
    analyzer ??= new HeapAnalyzer(analyzerOptions(reader.traceVersion, {}));
    chunkSizes.push(chunk.count);
    analyzer.apply(chunk);
    return true;
  }, chunkRecords);
  const drain = () => {
    if (way === "digest") while (digester.digest(reader));
    else for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) digester.event(ev);
  };
  let error: string | null = null;
  try {
    for (let i = 0; i < bytes.length; i += pushSize) {
      reader.push(bytes.subarray(i, i + pushSize));
      drain();
    }
    reader.finish();
    drain();
  } catch (e) {
    error = String(e);
  }
  digester.flush();
  const a = analyzer ?? new HeapAnalyzer(analyzerOptions(reader.traceVersion, {}));
  const report = finishReport(a, reader.traceVersion, {}, error === null ? null : { message: error });
  // Every chunk but the last is full, whichever way the records came.
  expect(chunkSizes.slice(0, -1).every((n) => n === chunkRecords)).toBe(true);
  return JSON.stringify({ report, error, events: a.events, endNs: a.endNs, startNs: a.startNs });
}

describe("digest() and event() give the same analysis", () => {
  for (const f of fixtures().filter((f) => f.header >= 22 && f.allocFree)) {
    it(f.name, () => {
      const bytes = readBytes(f.tracePath);
      const want = analyse(bytes, "event", 1 << 20, 32768);
      expect(JSON.parse(want).report.liveAtEnd.objects, "the fixture has live objects").toBeGreaterThan(0);
      expect(analyse(bytes, "digest", 1 << 20, 32768)).toBe(want);
      expect(analyse(bytes, "digest", 4093, 1000), "pushed in 4093-byte pieces, 1000-record chunks").toBe(
        analyse(bytes, "event", 4093, 1000),
      );
      const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
      expect(analyse(cut, "digest", 8192, 777), "cut short").toBe(analyse(cut, "event", 8192, 777));
    });
  }
});
