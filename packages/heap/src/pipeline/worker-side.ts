// The analysing end of the pipeline: applies chunks as they arrive, hands
// their buffers back, and answers the end with the report.
import { HeapAnalyzer } from "../model/heap-model.js";
import { analyzerOptions, finishReportParts } from "../analyze-heap.js";
import { pprofInputOf } from "../pprof/from-analysis.js";
import { packedBuffers } from "../report/timeline.js";
import { type PipelineMessage, typedPort, type WorkerOptions, type WorkerPort } from "./messages.js";

/**
 * The worker's half of {@link analyzeHeapInWorker}: call it once in the
 * worker (a Web Worker, or Node's `worker_threads` with `parentPort`) with a
 * port to the thread that reads the trace. It applies the records that come
 * in, hands their buffers back, and answers the end with the report. A
 * failure is sent back to the reading side, which rejects with it.
 */
export function serveHeapAnalysis(userPort: WorkerPort): void {
  const port = typedPort(userPort);
  let analyzer: HeapAnalyzer | undefined;
  let version = 0;
  let options: WorkerOptions = {};
  let applyMs = 0;
  port.onMessage((m: PipelineMessage) => {
    try {
      switch (m.t) {
        case "start":
          version = m.version;
          options = m.options;
          analyzer = new HeapAnalyzer(analyzerOptions(version, options));
          break;
        case "chunk": {
          analyzer ??= new HeapAnalyzer(analyzerOptions(version, options));
          const t0 = performance.now();
          analyzer.apply(m.chunk);
          applyMs += performance.now() - t0;
          port.post({ t: "free", data: m.chunk.data }, [m.chunk.data.buffer as ArrayBuffer]);
          break;
        }
        case "end": {
          const a = analyzer ?? new HeapAnalyzer(analyzerOptions(version, options));
          const parts = finishReportParts(a, version, options, m.error === null ? null : { message: m.error });
          const pprof = pprofInputOf(a);
          port.post({ t: "result", parts, pprof, applySeconds: applyMs / 1000 }, packedBuffers(parts.timeline));
          break;
        }
      }
    } catch (err) {
      port.post({ t: "fail", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
}
