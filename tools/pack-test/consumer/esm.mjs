// The ESM consumer: imports every package and subpath by name, as a stranger's
// project would, and prints what it computed and where each name resolved.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { main } from "@gotrace/cli";
import { analyzeTrace } from "@gotrace/analysis";
import { renderAnalysisHtml } from "@gotrace/analysis/html";
import { exportPerfetto } from "@gotrace/perfetto";
import { parseHeader } from "@gotrace/codec";
import { analyzeHeapInWorker } from "@gotrace/heap";
import { analyzeHeap } from "@gotrace/heap";
import { renderHtmlReport } from "@gotrace/heap/html";
import { TraceReader } from "@gotrace/reader";
import summariseModule from "./summarise.cjs";
import { workerPort } from "./worker-port.cjs";

const { summarise, heapTotals, analysisTotals, perfettoTotals, breakdownBars } = summariseModule;
const bytes = new Uint8Array(readFileSync(process.argv[2]));
const worker = new Worker(new URL("./worker.mjs", import.meta.url));
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
    resolved: Object.fromEntries(names.map((n) => [n, fileURLToPath(import.meta.resolve(n))])),
  }),
);
