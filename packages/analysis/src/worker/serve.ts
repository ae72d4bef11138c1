// The reading end: a TraceReader on the worker, its events sent on in
// batches as the bytes come in. The analysis runs on the other thread, so
// reading and analysing take turns no more: each has a core.
import { TraceError } from "@gotrace/codec";
import { TraceReader } from "@gotrace/reader";
import { type EventBatch, EventBatchWriter } from "@gotrace/reader/internal";
import { type ReadingPort, type ReadingProtocol, type SentTraceError, typedPort } from "./messages.js";

/** Batches (16384 events each) the analysing side may be behind. */
const MAX_BATCHES_OUT = 8;

/**
 * The worker's half of an analysis that reads on a worker (`readingWorker` in
 * {@link analyzeTrace}'s options): call it once in the worker (a Web Worker, or Node's
 * `worker_threads` with `parentPort`) with a port to the analysing thread. It reads the bytes
 * that come in with `@gotrace/reader` and sends every event back; a broken trace ends with the
 * reader's error after the events before it. Go 1.22 and later traces only (the analysing side
 * reads older ones itself).
 */
export function serveTraceReading(userPort: ReadingPort): void {
  const port = typedPort(userPort);
  const reader = new TraceReader();
  const spare: Float64Array[] = [];
  // Batches sent and not yet handed back: past MAX_BATCHES_OUT the reading waits, so the
  // events of a whole generation (millions) never pile up in messages.
  let out = 0;
  const writer = new EventBatchWriter(
    (batch: EventBatch) => {
      out++;
      port.post({ t: "events", batch }, [batch.data.buffer as ArrayBuffer]);
    },
    undefined,
    () => spare.pop(),
  );
  let chunks = 0;
  let bytes = 0;
  let acknowledged = 0;
  let ended = false;
  let over = false;
  const finish = (error: SentTraceError | null) => {
    over = true;
    writer.flush();
    port.post({ t: "done", error });
  };
  // Hands out events while the other side keeps up. Chunks are acknowledged only when the
  // reader needs more input, so the bytes sent ahead stay bounded too.
  const pump = () => {
    while (out < MAX_BATCHES_OUT) {
      const ev = reader.nextShared();
      if (ev === null) {
        if (ended) {
          finish(null);
          return;
        }
        writer.flush();
        // Said once per chunk: the pump also runs on every batch handed back.
        if (chunks !== acknowledged) {
          acknowledged = chunks;
          port.post({ t: "read", chunks, bytes });
        }
        return;
      }
      writer.add(ev);
    }
  };
  port.onMessage((m: ReadingProtocol) => {
    if (over) return;
    try {
      switch (m.t) {
        case "fold":
          writer.foldKinds(m.kinds);
          break;
        case "chunk":
          reader.push(m.bytes);
          chunks++;
          bytes += m.bytes.length;
          break;
        case "end":
          reader.finish();
          ended = true;
          break;
        case "free":
          out--;
          spare.push(m.data);
          break;
      }
      pump();
    } catch (err) {
      if (TraceError.isInstance(err)) {
        finish({
          message: err.message,
          code: err.code,
          offset: err.offset,
          line: err.line,
          goMessage: err.goMessage,
          goTreatsAsEnd: err.goTreatsAsEnd,
        });
      } else {
        over = true;
        port.post({ t: "fail", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    }
  });
}
