// Both ends of the heap pipeline over Node's worker_threads, as @gotrace/heap's
// README tells users to wrap them.
"use strict";

/** The reading side's port: a Worker, with its failures passed on. */
function workerPort(worker) {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (handler) => worker.on("message", handler),
    onError: (handler) => worker.on("error", handler),
  };
}

/** The worker side's port: parentPort. */
function parentPortOf(port) {
  return {
    post: (message, transfer) => port.postMessage(message, transfer),
    onMessage: (handler) => port.on("message", handler),
  };
}

module.exports = { workerPort, parentPortOf };
