// The worker thread of the analysis commands (goroutines, tasks, regions,
// mmu, pprof, report): reads and orders the trace and sends its events to
// the main thread, which analyses them (see @gotrace/analysis's worker/).
import { parentPort } from "node:worker_threads";
import { type ReadingMessage, serveTraceReading } from "@gotrace/analysis";

const port = parentPort;
if (port === null) throw new Error("reading-worker.js runs as a worker thread of gotrace");
serveTraceReading({
  post: (message, transfer) => port.postMessage(message, transfer),
  onMessage: (handler) => port.on("message", (m: ReadingMessage) => handler(m)),
});
