// Starts dist/heap-worker.js as a worker thread and wraps it as the heap
// pipeline's WorkerPort.
import { Worker } from "node:worker_threads";
import type { HeapWorkerMessage, WorkerPort } from "@gotrace/heap";

export interface HeapWorker {
  port: WorkerPort;
  /** Ends the worker without waiting for it to be gone (nothing is left to hear from it). */
  stop(): void;
}

/** Starts the worker; `script` is dist/heap-worker.js (bundled beside this module) unless a test names another. */
export function startHeapWorker(script: URL = new URL("./heap-worker.js", import.meta.url)): HeapWorker {
  const worker = new Worker(script);
  const handlers: ((m: HeapWorkerMessage) => void)[] = [];
  const errorHandlers: ((err: Error) => void)[] = [];
  worker.on("message", (m: HeapWorkerMessage) => {
    for (const h of handlers) h(m);
  });
  // A failure of the worker itself makes analyzeHeapInWorker reject, which ends the command
  // as an internal error (one line; the worker's stack only with GOTRACE_DEBUG).
  let stopping = false;
  const fail = (err: Error) => {
    for (const h of errorHandlers) h(err);
  };
  worker.on("error", fail);
  // Ending without an answer (killed, out of memory) would otherwise leave the reading side waiting forever.
  worker.on("exit", (code) => {
    if (!stopping) fail(new Error(`the heap worker thread exited (code ${code}) before it finished`));
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
      stopping = true;
      worker.unref();
      worker.terminate().catch(() => undefined);
    },
  };
}
