// Starts dist/heap-worker.js as a worker thread and wraps it as the heap
// pipeline's WorkerPort.
import { Worker } from "node:worker_threads";
import type { HeapWorkerMessage, WorkerPort } from "@gotrace/heap";

export interface HeapWorker {
  port: WorkerPort;
  /** Ends the worker without waiting for it to be gone (nothing is left to hear from it). */
  stop(): void;
}

export function startHeapWorker(): HeapWorker {
  // Both this module and heap-worker.js are bundled into dist/, side by side.
  const worker = new Worker(new URL("./heap-worker.js", import.meta.url));
  const handlers: ((m: HeapWorkerMessage) => void)[] = [];
  const errorHandlers: ((err: Error) => void)[] = [];
  worker.on("message", (m: HeapWorkerMessage) => {
    for (const h of handlers) h(m);
  });
  // A failure of the worker itself reaches the reading side through the port's onError.
  worker.on("error", (err) => {
    for (const h of errorHandlers) h(err);
  });
  return {
    port: {
      post: (message, transfer) => worker.postMessage(message, transfer),
      onMessage: (h) => {
        handlers.push(h);
      },
      onError: (h) => {
        errorHandlers.push(h);
      },
    },
    stop: () => {
      worker.unref();
      worker.terminate().catch(() => undefined);
    },
  };
}
