// The worker thread of `gotrace footprint` on big traces: tallies the runs of
// whole batches the main thread hands it and hands each run's buffer back
// with its tally on the port it was given (see commands/footprint-parallel.ts).
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { RunRequest, RunResult } from "./commands/footprint-parallel.js";
import { tallyRun } from "./commands/footprint-run.js";

const port = parentPort;
if (port === null) throw new Error("footprint-worker.js runs as a worker thread of gotrace");
// Answers go on their own port, which the main thread can read without returning to its event loop.
const answers = (workerData as { answers: MessagePort }).answers;
port.on("message", (m: RunRequest) => {
  const tally = tallyRun(m.point, new Uint8Array(m.buffer, m.offset, m.length), m.strictGo127);
  const result: RunResult = { id: m.id, tally, buffer: m.buffer };
  // The buffer goes back for the next read; the tally's 4 KiB are copied.
  answers.postMessage(result, [m.buffer]);
});
