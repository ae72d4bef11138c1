// The analysing end: sends the trace's bytes to the worker that reads it and
// hands the events that come back to the consumer. At most a few chunks are
// in flight, so memory stays bounded whichever side is slower.
import { TraceError, type TraceErrorCode } from "@gotrace/codec";
import type { Event } from "@gotrace/reader";
import type { Folding } from "../read-source.js";
import { EventBatchReader } from "@gotrace/reader/internal";
import { type ReadingPort, type ReadingProtocol, type SentTraceError, typedPort } from "./messages.js";

/** Bytes per message to the worker. */
export const CHUNK_BYTES = 1 << 20;

/** Chunks the worker may be behind the bytes sent (each gives about 15 MB of events at most). */
const MAX_IN_FLIGHT = 3;

/** The reader's error again, as the worker sent it. */
function traceErrorOf(e: SentTraceError): TraceError {
  const err = new TraceError(e.code as TraceErrorCode, e.message, {
    ...(e.offset !== undefined ? { offset: e.offset } : {}),
    ...(e.line !== undefined ? { line: e.line } : {}),
    goMessage: e.goMessage,
    goTreatsAsEnd: e.goTreatsAsEnd,
  });
  // The constructor puts the place in front of the detail; the message came whole.
  err.message = e.message;
  return err;
}

/**
 * Feeds every event of `chunks` (a Go 1.22+ trace), read on the worker behind `userPort`, to
 * `onEvent` (runs of `folding`'s kinds folded), as readEvents does on this thread: returns the
 * error that ended a broken trace when `keepPartial` is set and throws it otherwise.
 */
export async function readEventsInWorker(
  chunks: AsyncIterable<Uint8Array>,
  userPort: ReadingPort,
  options: { onProgress?: ((bytesRead: number) => void) | undefined; keepPartial?: boolean | undefined },
  onEvent: (ev: Event) => void,
  folding: Folding | undefined,
): Promise<Error | null> {
  const port = typedPort(userPort);
  const onFolded = folding?.onFolded;
  if (folding !== undefined) port.post({ t: "fold", kinds: folding.kinds });
  const batches = new EventBatchReader();
  let chunksSent = 0;
  /** Chunks the worker has read and sent every event of (its last "read"). */
  let chunksRead = 0;
  const inFlight = () => chunksSent - chunksRead;
  let bytesSent = 0;
  let over = false;
  let failure: Error | null = null;
  let wake: (() => void) | undefined;
  let settle: { resolve: (e: SentTraceError | null) => void; reject: (e: Error) => void } | undefined;
  const done = new Promise<SentTraceError | null>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A failure may come while this side is still sending; it is awaited (and thrown) below.
  done.catch(() => undefined);
  const fail = (err: Error) => {
    if (failure !== null) return;
    failure = err;
    over = true;
    settle?.reject(err);
    wake?.();
  };
  port.onMessage((m: ReadingProtocol) => {
    if (failure !== null) return;
    switch (m.t) {
      case "events":
        try {
          batches.read(m.batch, onEvent, onFolded);
        } catch (err) {
          fail(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        port.post({ t: "free", data: m.batch.data }, [m.batch.data.buffer as ArrayBuffer]);
        break;
      case "read":
        chunksRead = m.chunks;
        options.onProgress?.(m.bytes);
        wake?.();
        break;
      case "done":
        over = true;
        settle?.resolve(m.error);
        wake?.();
        break;
      case "fail":
        fail(new Error(`trace reading worker: ${m.message}`));
        break;
    }
  });
  userPort.onError?.((err) => fail(new Error(`trace reading worker: ${err.message}`, { cause: err })));
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length && !over; at += CHUNK_BYTES) {
      // A copy of its own, moved: the caller's bytes are neither detached nor kept. (Not
      // chunk.slice: on a Node Buffer that is a view.)
      const bytes = Uint8Array.prototype.slice.call(chunk, at, at + CHUNK_BYTES);
      bytesSent += bytes.length;
      chunksSent++;
      port.post({ t: "chunk", bytes }, [bytes.buffer]);
      if (inFlight() > MAX_IN_FLIGHT) {
        await new Promise<void>((resolve) => {
          wake = () => {
            if (inFlight() <= MAX_IN_FLIGHT || over) {
              wake = undefined;
              resolve();
            }
          };
        });
      }
    }
    if (over) break;
  }
  if (!over) port.post({ t: "end" });
  const sent = await done;
  options.onProgress?.(bytesSent);
  if (sent === null) return null;
  const error = traceErrorOf(sent);
  if (!options.keepPartial) throw error;
  return error;
}
