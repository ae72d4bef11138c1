// The heap worker loaded as CommonJS: the analysing half of analyzeHeapInWorker.
"use strict";
const { parentPort } = require("node:worker_threads");
const { serveHeapAnalysis } = require("@gotrace/heap");
const { parentPortOf } = require("./worker-port.cjs");

serveHeapAnalysis(parentPortOf(parentPort));
