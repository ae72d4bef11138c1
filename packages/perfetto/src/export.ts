// The streaming entry points: a trace in (bytes, a web stream or any async
// iterable of chunks), Perfetto's trace out as chunks of whole packets, read
// and written one generation at a time.
import { chunksOf } from "@gotrace/codec";
import { concatBytes } from "@gotrace/codec/internal";
import { analyzeHeap } from "@gotrace/heap";
import { EventKind, TraceReader } from "@gotrace/reader";
import { ChromeTraceExporter } from "./chrome/chrome-trace.js";
import { BUNDLE_BYTES, deflatePackets, platformDeflate } from "./compress.js";
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
  /**
   * For an alloc/free trace (GODEBUG=traceallocfree=1): run @gotrace/heap's model over it and add
   * counters of live heap bytes, goroutine stack bytes and the live bytes of the top types. `true`
   * (the default) uses the source itself, which works when it is a `Uint8Array`; a stream can be
   * read only once, so pass a second copy of the trace (bytes or a fresh stream) to have them.
   * `false` leaves them out.
   */
  heap?: boolean | TraceSource | undefined;
  /**
   * The packets are handed out in chunks of about this many bytes (default 1 MiB), so memory stays
   * bounded; deflated, each chunk is one bundle of packets instead, whatever this is.
   */
  chunkBytes?: number | undefined;
  /**
   * How the Perfetto trace's packets are stored. `"deflate"` (the default): in bundles of a few
   * hundred KiB, each deflated into one packet's `compressed_packets`, as Perfetto's own tracing
   * service writes them when asked to compress; trace_processor and ui.perfetto.dev inflate them
   * when they load the file, which is a fifth to a twenty-fifth of the size. `"none"`: every packet as
   * it is, for tools that read the protobuf themselves. Chrome JSON ignores this.
   */
  compression?: "deflate" | "none" | undefined;
  /**
   * With `compression: "deflate"`: the zlib-format deflate to use for each bundle of packets, in
   * place of the platform's `CompressionStream`. In Node, `zlib.deflate` with a `chunkSize` larger
   * than a bundle (1 MiB) compresses each bundle in one go on its thread pool, beside the export.
   * The packets are the same either way; the compressed bytes are as the deflate makes them.
   */
  deflate?: ((bundle: Uint8Array) => Promise<Uint8Array>) | undefined;
}

/**
 * The Perfetto trace (TracePacket protobuf records) of a Go trace, as chunks to write one after
 * another: their concatenation is the `.perfetto-trace` file. Reads the input a chunk at a time and
 * keeps one generation's events at most; rejects with the reader's `TraceError` on a broken trace
 * unless `keepPartial` is set. The packets are deflated unless `compression` is `"none"`.
 */
export function perfettoChunks(source: TraceSource, options: PerfettoOptions = {}): AsyncGenerator<Uint8Array> {
  const packets = packetChunks(source, options);
  if (options.compression !== undefined && options.compression !== "deflate" && options.compression !== "none")
    throw new TypeError(`compression is "deflate" or "none", not ${JSON.stringify(options.compression)}`);
  return options.compression === "none"
    ? packets
    : deflatePackets(packets, BUNDLE_BYTES, options.deflate ?? platformDeflate);
}

/** The packets, uncompressed, in chunks of whole records. */
async function* packetChunks(source: TraceSource, options: PerfettoOptions): AsyncGenerator<Uint8Array> {
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
  const heapSource =
    options.heap === undefined || options.heap === true
      ? source instanceof Uint8Array
        ? source
        : null
      : options.heap || null;
  if (exporter.hasAllocFree && heapSource !== null) {
    // The heap model reads the trace on its own; its counters come after the other packets.
    const { report } = await analyzeHeap(heapSource, { keepPartial: true });
    exporter.heapCounters(report);
  }
  if (exporter.bufferedBytes > 0) yield exporter.take();
}

/** The whole Perfetto trace of a Go trace in one array (see {@link perfettoChunks} for streaming). */
export async function exportPerfetto(source: TraceSource, options: PerfettoOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of perfettoChunks(source, options)) parts.push(c);
  return concatBytes(parts);
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

/**
 * The Chrome Trace Event JSON that Go 1.27's `go tool trace` serves at /jsontrace (its per-P view)
 * for a Go trace, as UTF-8 chunks to write one after another: the same slices on the same Ps, with
 * Go's counters, instants, arrows, row names and stack frames. Read a chunk at a time like
 * {@link perfettoChunks}. With `keepPartial`, a broken trace given as bytes is cut where Go cuts it,
 * at the last Sync before the break; one given as a stream is cut at the break itself (its events
 * are written before the break is known).
 */
export async function* chromeTraceChunks(
  source: TraceSource,
  options: PerfettoOptions = {},
): AsyncGenerator<Uint8Array> {
  const exporter = new ChromeTraceExporter();
  const limit = options.chunkBytes ?? 1 << 20;
  const encoder = new TextEncoder();
  // cmd/trace keeps a broken trace's events up to its last Sync: find that point first when the
  // whole trace is at hand.
  const keep = source instanceof Uint8Array && options.keepPartial ? eventsGoKeeps(source) : Number.POSITIVE_INFINITY;
  const reader = new TraceReader();
  let count = 0;
  function* drain(): Generator<Uint8Array> {
    for (let ev = reader.nextShared(); ev !== null && count < keep; ev = reader.nextShared()) {
      count++;
      exporter.event(ev);
      if (exporter.bufferedLength >= limit) yield encoder.encode(exporter.take());
    }
  }
  try {
    const input: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
      source instanceof Uint8Array ? [source] : chunksOf(source);
    for await (const chunk of input) {
      reader.push(chunk);
      yield* drain();
      if (count >= keep) break;
    }
    if (count < keep) {
      reader.finish();
      yield* drain();
    }
  } catch (err) {
    if (!options.keepPartial || !(err instanceof Error)) throw err;
    options.onError?.(err);
  }
  if (count >= keep) {
    // The events after the cut are not used; the error that follows them is still the trace's.
    try {
      while (reader.nextShared() !== null);
      reader.finish();
      while (reader.nextShared() !== null);
    } catch (err) {
      if (err instanceof Error) options.onError?.(err);
    }
  }
  exporter.finish();
  yield encoder.encode(exporter.take());
}

/** The number of events cmd/trace keeps of a trace: all of a whole one, those up to the last Sync of a broken one. */
function eventsGoKeeps(bytes: Uint8Array): number {
  const reader = new TraceReader(bytes);
  reader.finish();
  let count = 0;
  let kept = 0;
  try {
    for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) {
      count++;
      if (ev.kind === EventKind.Sync) kept = count;
    }
    return count;
  } catch {
    return kept;
  }
}
