// The heap worker loaded as ESM: the analysing half of analyzeHeapInWorker.
import { parentPort } from "node:worker_threads";
import { serveHeapAnalysis } from "@gotrace/heap";
import { parentPortOf } from "./worker-port.cjs";

serveHeapAnalysis(parentPortOf(parentPort));
