// Reading a trace source one generation at a time and handing every event to
// a consumer: the loop analyzeTrace and the profiles share. With a reading
// worker, a Go 1.22+ trace is read there and its events come back in batches
// (see worker/); older traces and bytes that are no trace are read here.
import { chunksOf, parseHeader } from "@gotrace/codec";
import { concatBytes } from "@gotrace/codec/internal";
import { type Event, type EventKind, TraceReader } from "@gotrace/reader";
import type { TraceSource } from "./analyze.js";
import type { ReadingPort } from "./worker/messages.js";
import { CHUNK_BYTES, readEventsInWorker } from "./worker/read-in-worker.js";

/** How a source is read: readEvents' options. */
export interface ReadOptions {
  onProgress?: ((bytesRead: number) => void) | undefined;
  keepPartial?: boolean | undefined;
  readingWorker?: ReadingPort | undefined;
}

/**
 * Kinds of events a consumer reads nothing of but their number when one comes right after
 * another of them (the first of a run may change something: the utilization builder records its
 * time after a change). Read on a worker, a run of three or more crosses as its first and last
 * events, and `onFolded` is told how many came between; read here, every event is handed on.
 */
export interface Folding {
  readonly kinds: readonly EventKind[];
  onFolded(events: number): void;
}

/**
 * Feeds every event of `source` to `onEvent` (one refilled event object: copy what you keep),
 * or with `folding`, the events of runs of its kinds but the counts of their middles; returns the
 * error that ended a broken trace when `keepPartial` is set, and throws it otherwise.
 */
export async function readEvents(
  source: TraceSource,
  options: ReadOptions,
  onEvent: (ev: Event) => void,
  folding?: Folding,
): Promise<Error | null> {
  if (options.readingWorker === undefined) return readHere(source, options, onEvent);
  const chunks = chunksOf(source instanceof Uint8Array ? pieces(source) : source)[Symbol.asyncIterator]();
  // The header says which side reads: only Go 1.22+ events cross threads.
  const head: Uint8Array[] = [];
  let v2 = false;
  for (;;) {
    const r = await chunks.next();
    if (r.done) break;
    head.push(r.value);
    const bytes = head.length === 1 ? r.value : concatBytes(head);
    let h: ReturnType<typeof parseHeader>;
    try {
      h = parseHeader(bytes, bytes.length, false);
    } catch {
      break;
    }
    if (h !== null) {
      v2 = h.format !== undefined;
      break;
    }
  }
  const rest = replay(head, chunks);
  return v2
    ? readEventsInWorker(rest, options.readingWorker, options, onEvent, folding)
    : readHere(rest, options, onEvent);
}

/** The reading on this thread. */
async function readHere(
  source: TraceSource,
  options: ReadOptions,
  onEvent: (ev: Event) => void,
): Promise<Error | null> {
  const reader = new TraceReader();
  const drain = () => {
    for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) onEvent(ev);
  };
  let bytesRead = 0;
  let error: Error | null = null;
  try {
    if (source instanceof Uint8Array) {
      reader.push(source);
      bytesRead = source.length;
      drain();
    } else {
      for await (const chunk of chunksOf(source)) {
        reader.push(chunk);
        bytesRead += chunk.length;
        drain();
        options.onProgress?.(bytesRead);
      }
    }
    reader.finish();
    drain();
  } catch (err) {
    if (!options.keepPartial || !(err instanceof Error)) throw err;
    error = err;
  }
  options.onProgress?.(bytesRead);
  return error;
}

/** A trace in memory as chunks, so that the worker reads while this thread analyses. */
async function* pieces(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) yield bytes.subarray(at, at + CHUNK_BYTES);
}

/** The chunks read ahead, then the rest; the source is closed however the reading ends. */
async function* replay(head: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* head;
    for (;;) {
      const r = await rest.next();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    await rest.return?.();
  }
}
