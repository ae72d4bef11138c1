// Streams a trace through @gotrace/analysis's analyzeTrace (summaries and the
// MMU for the /mmu page's default flags, in one pass) in 1 MiB chunks,
// the way decode-reader.mjs streams it through the reader alone, and prints
// one JSON line: bytes, events, seconds, peak RSS, and the goroutines, tasks
// and regions summarised. With --no-mmu it leaves the MMU out: the summaries
// alone, what Go's summarizer computes. By default the trace is read on a
// worker thread, as the CLI's analysis commands read it; --thread reads it
// on this thread. Used by run.mjs.
import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
import { DEFAULT_UTIL_FLAGS, analyzeTrace } from "@gotrace/analysis";

const file = process.argv[2];
const mmu = !process.argv.includes("--no-mmu");
const thread = process.argv.includes("--thread");
const start = process.hrtime.bigint();
let worker = null;
let readingWorker;
if (!thread) {
  worker = new Worker(new URL("../../packages/cli/dist/reading-worker.js", import.meta.url));
  const handlers = [];
  worker.on("message", (m) => {
    for (const h of handlers) h(m);
  });
  readingWorker = { post: (m, transfer) => worker.postMessage(m, transfer), onMessage: (h) => handlers.push(h) };
}
let bytes = 0;
const source = createReadStream(file, { highWaterMark: 1 << 20 });
const analysis = await analyzeTrace(source, {
  mmuFlags: mmu ? DEFAULT_UTIL_FLAGS : undefined,
  readingWorker,
  onProgress: (n) => {
    bytes = n;
  },
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
worker?.terminate();
const { summary } = analysis;
let regions = 0;
for (const g of summary.goroutines) regions += g.regions.length;
console.log(
  JSON.stringify({
    bytes,
    events: summary.events,
    seconds,
    maxRSSKiB: process.resourceUsage().maxRSS,
    goroutines: summary.goroutines.length,
    tasks: summary.tasks.length,
    regions,
    mmuSeriesPoints: analysis.mmu?.utilization.series.reduce((n, s) => n + s.length, 0) ?? 0,
  }),
);
