// Streams a trace through @gotrace/heap's analysis in 1 MiB chunks, the way
// decode-reader.mjs streams it through the reader alone, and prints one JSON
// line: bytes, events, seconds, CPU seconds, peak RSS, live objects at the
// end. By default the records are applied on a worker thread, as
// `gotrace heap` does; --thread does everything on this thread. Used by run.mjs.
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
import { analyzeHeap, analyzeHeapInWorker } from "@gotrace/heap";

const file = process.argv[2];
const thread = process.argv.includes("--thread");
const start = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let bytes = 0;
const onProgress = (n) => {
  bytes = n;
};
const source = createReadStream(file, { highWaterMark: 1 << 20 });
let report;
let timing = null;
if (thread) {
  ({ report } = await analyzeHeap(source, { onProgress }));
} else {
  const worker = new Worker(new URL("../../packages/cli/dist/heap-worker.js", import.meta.url));
  const handlers = [];
  worker.on("message", (m) => {
    for (const h of handlers) h(m);
  });
  const port = { post: (m, transfer) => worker.postMessage(m, transfer), onMessage: (h) => handlers.push(h) };
  ({ report } = await analyzeHeapInWorker(source, port, {
    onProgress,
    onTiming: (t) => {
      timing = t;
    },
  }));
  // As gotrace heap does: the worker is told to end, not waited for.
  worker.unref();
  worker.terminate();
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    bytes,
    events: report.trace.events,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRSSKiB: process.resourceUsage().maxRSS,
    liveObjects: report.liveAtEnd.objects,
    liveBytes: report.liveAtEnd.bytes,
    peakBytes: report.peak.bytes,
    ...(timing ?? {}),
  }),
);
