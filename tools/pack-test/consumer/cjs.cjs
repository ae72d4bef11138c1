// The CommonJS consumer: require()s every package and subpath by name and
// prints what it computed and where each name resolved.
"use strict";
const { readFileSync } = require("node:fs");
const { Worker } = require("node:worker_threads");
const { analyzeTrace } = require("@gotrace/analysis");
const { renderAnalysisHtml } = require("@gotrace/analysis/html");
const { exportPerfetto } = require("@gotrace/perfetto");
const { main } = require("@gotrace/cli");
const { parseHeader } = require("@gotrace/codec");
const { analyzeHeap, analyzeHeapInWorker } = require("@gotrace/heap");
const { renderHtmlReport } = require("@gotrace/heap/html");
const { TraceReader } = require("@gotrace/reader");
const { summarise, heapTotals, analysisTotals, perfettoTotals, breakdownBars } = require("./summarise.cjs");
const { workerPort } = require("./worker-port.cjs");

async function run() {
  const bytes = new Uint8Array(readFileSync(process.argv[2]));
  const worker = new Worker(require.resolve("./worker.cjs"));
  const inWorker = await analyzeHeapInWorker(bytes, workerPort(worker));
  await worker.terminate();
  const names = [
    "@gotrace/codec",
    "@gotrace/reader",
    "@gotrace/heap",
    "@gotrace/heap/html",
    "@gotrace/analysis",
    "@gotrace/analysis/html",
    "@gotrace/perfetto",
    "@gotrace/cli",
  ];
  process.stdout.write(
    JSON.stringify({
      summary: await summarise(bytes, { parseHeader, TraceReader, analyzeHeap, renderHtmlReport }),
      worker: heapTotals(inWorker.report),
      analysis: analysisTotals(await analyzeTrace(bytes)),
      analysisPageBars: breakdownBars(renderAnalysisHtml(await analyzeTrace(bytes), null)),
      perfetto: perfettoTotals(await exportPerfetto(bytes), await exportPerfetto(bytes, { compression: "none" })),
      cliMain: typeof main,
      resolved: Object.fromEntries(names.map((n) => [n, require.resolve(n)])),
    }),
  );
}

run().catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exitCode = 1;
});
