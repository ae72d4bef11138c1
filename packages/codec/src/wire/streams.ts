// Feeding a decoder from whole buffers, web ReadableStreams or any async
// iterable of chunks, and iterating its events.
import { RawDecoder, type RawDecoderOptions } from "./raw-decoder.js";
import type { RawEvent } from "./raw-event.js";

/** Chunks from a web ReadableStream (via its reader, which every browser has) or an async iterable. */
export async function* chunksOf(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (typeof (source as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source as AsyncIterable<Uint8Array>;
  }
}

/**
 * The raw events of a whole trace in memory. The yielded event is the
 * decoder's cursor: copy it (clone()) to keep it past the next iteration.
 */
export function* rawEvents(bytes: Uint8Array, options?: RawDecoderOptions): Generator<RawEvent, RawDecoder> {
  const decoder = new RawDecoder(options);
  decoder.push(bytes);
  decoder.finish();
  for (let ev = decoder.next(); ev !== null; ev = decoder.next()) yield ev;
  return decoder;
}

/** The raw events of a streamed trace, chunk by chunk; memory follows the chunk size. */
export async function* rawEventsFromStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options?: RawDecoderOptions,
): AsyncGenerator<RawEvent, RawDecoder> {
  const decoder = new RawDecoder(options);
  for await (const chunk of chunksOf(source)) {
    decoder.push(chunk);
    for (let ev = decoder.next(); ev !== null; ev = decoder.next()) yield ev;
  }
  decoder.finish();
  for (let ev = decoder.next(); ev !== null; ev = decoder.next()) yield ev;
  return decoder;
}
