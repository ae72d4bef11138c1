// Starts one of the CLI's worker threads (dist/heap-worker.js,
// dist/reading-worker.js) and wraps it as the port its package's pipeline
// takes: post, onMessage and onError.
import { Worker } from "node:worker_threads";
import type { HeapWorkerMessage, WorkerPort } from "@gotrace/heap";
import type { ReadingMessage, ReadingPort } from "@gotrace/analysis";

export interface WorkerThread<P> {
  port: P;
  /** Ends the worker without waiting for it to be gone (nothing is left to hear from it). */
  stop(): void;
}

interface AnyPort<M> {
  post(message: M, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: M) => void): void;
  onError(handler: (error: Error) => void): void;
}

function startWorkerThread<M>(script: URL, what: string): WorkerThread<AnyPort<M>> {
  const worker = new Worker(script);
  const handlers: ((m: M) => void)[] = [];
  const errorHandlers: ((err: Error) => void)[] = [];
  worker.on("message", (m: M) => {
    for (const h of handlers) h(m);
  });
  // A failure of the worker itself makes the pipeline reject, which ends the command
  // as an internal error (one line; the worker's stack only with GOTRACE_DEBUG).
  let stopping = false;
  const fail = (err: Error) => {
    for (const h of errorHandlers) h(err);
  };
  worker.on("error", fail);
  // Ending without an answer (killed, out of memory) would otherwise leave the other side waiting forever.
  worker.on("exit", (code) => {
    if (!stopping) fail(new Error(`the ${what} worker thread exited (code ${code}) before it finished`));
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

/** Starts the heap worker; `script` is dist/heap-worker.js (bundled beside this module) unless a test names another. */
export function startHeapWorker(script: URL = new URL("./heap-worker.js", import.meta.url)): WorkerThread<WorkerPort> {
  return startWorkerThread<HeapWorkerMessage>(script, "heap");
}

/** Starts the worker that reads traces for the analysis commands (dist/reading-worker.js). */
export function startReadingWorker(
  script: URL = new URL("./reading-worker.js", import.meta.url),
): WorkerThread<ReadingPort> {
  return startWorkerThread<ReadingMessage>(script, "trace reading");
}
