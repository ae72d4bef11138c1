// The worker thread of `gotrace heap`: applies the heap records the main
// thread reads and digests (see @gotrace/heap's pipeline).
import { parentPort } from "node:worker_threads";
import { type HeapWorkerMessage, serveHeapAnalysis } from "@gotrace/heap";

const port = parentPort;
if (port === null) throw new Error("heap-worker.js runs as a worker thread of gotrace");
serveHeapAnalysis({
  post: (message, transfer) => port.postMessage(message, transfer),
  onMessage: (handler) => port.on("message", (m: HeapWorkerMessage) => handler(m)),
});
