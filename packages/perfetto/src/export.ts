// The streaming entry points: a trace in (bytes, a web stream or any async
// iterable of chunks), Perfetto's trace out as chunks of whole packets, read
// and written one generation at a time.
import { chunksOf } from "@gotrace/codec";
import { TraceReader } from "@gotrace/reader";
import { PerfettoExporter } from "./exporter.js";

/** A whole trace: its bytes, a web stream of them, or any async iterable of chunks (a Node stream, say). */
export type TraceSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** How to export. */
export interface PerfettoOptions {
  /**
   * Keep what was read when the trace turns out broken (cut short, corrupt): the output covers the
   * events before the error, which is passed to `onError` instead of thrown. This is what Go's
   * cmd/trace does.
   */
  keepPartial?: boolean | undefined;
  /** With keepPartial: told the error that ended a broken trace early. */
  onError?: ((error: Error) => void) | undefined;
  /** Output is handed out in chunks of about this many bytes (default 1 MiB), so memory stays bounded. */
  chunkBytes?: number | undefined;
}

/**
 * The Perfetto trace (TracePacket protobuf records) of a Go trace, as chunks to write one after
 * another: their concatenation is the `.perfetto-trace` file. Reads the input a chunk at a time and
 * keeps one generation's events at most; rejects with the reader's `TraceError` on a broken trace
 * unless `keepPartial` is set.
 */
export async function* perfettoChunks(source: TraceSource, options: PerfettoOptions = {}): AsyncGenerator<Uint8Array> {
  const exporter = new PerfettoExporter();
  const limit = options.chunkBytes ?? 1 << 20;
  const reader = new TraceReader();
  // Chunks are taken between events, so each holds whole packets and a bounded number of bytes.
  function* drain(): Generator<Uint8Array> {
    for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) {
      exporter.event(ev);
      if (exporter.bufferedBytes >= limit) yield exporter.take();
    }
  }
  try {
    const input: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
      source instanceof Uint8Array ? [source] : chunksOf(source);
    for await (const chunk of input) {
      reader.push(chunk);
      yield* drain();
    }
    reader.finish();
    yield* drain();
  } catch (err) {
    if (!options.keepPartial || !(err instanceof Error)) throw err;
    options.onError?.(err);
  }
  exporter.finish();
  if (exporter.bufferedBytes > 0) yield exporter.take();
}

/** The whole Perfetto trace of a Go trace in one array (see {@link perfettoChunks} for streaming). */
export async function exportPerfetto(source: TraceSource, options: PerfettoOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const c of perfettoChunks(source, options)) {
    parts.push(c);
    size += c.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The Perfetto trace as a web stream of bytes, for a download or a `Response` in a browser. */
export function perfettoStream(source: TraceSource, options: PerfettoOptions = {}): ReadableStream<Uint8Array> {
  const it = perfettoChunks(source, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await it.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await it.return(undefined);
    },
  });
}
