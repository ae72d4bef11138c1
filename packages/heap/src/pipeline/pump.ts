// Reading side of the analysis: source bytes → reader → digester. Shared by
// the in-thread analysis and the worker one, which differ only in where the
// digester's chunks go.
import { chunksOf } from "@gotrace/codec";
import { TraceReader } from "@gotrace/reader";
import { HeapDigester } from "../digest/digester.js";
import type { RecordChunk } from "../digest/records.js";

/** A whole trace: its bytes, a web stream of them, or any async iterable of chunks (a Node stream, say). */
export type TraceSource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface PumpOptions {
  /** Called now and then with the bytes read so far. */
  onProgress?: ((bytesRead: number) => void) | undefined;
  /** Return the error that ended a broken trace instead of throwing it. */
  keepPartial?: boolean | undefined;
  /**
   * Asked after each chunk of records: a promise holds the reading back
   * until the consumer has caught up (undefined: go on).
   */
  backpressure?: (() => Promise<void> | undefined) | undefined;
  /** Records per chunk (default 32768). */
  chunkRecords?: number | undefined;
  /** Told of each damaged experimental batch left out of the analysis. */
  onWarning?: ((message: string) => void) | undefined;
}

export interface PumpResult {
  version: number;
  /** With keepPartial: the error that ended the trace early, else null. */
  error: Error | null;
}

/**
 * Reads the whole source, handing the digester's chunks to `emit` (which
 * returns true when it applied the chunk at once, so its buffer can be
 * reused). `digester` is given to `onDigester` for consumers that recycle.
 */
export async function pump(
  source: TraceSource,
  emit: (chunk: RecordChunk, version: number) => boolean,
  options: PumpOptions,
  onDigester?: (d: HeapDigester) => void,
): Promise<PumpResult> {
  const reader = new TraceReader();
  let wait: Promise<void> | undefined;
  const digester = new HeapDigester(
    (chunk) => {
      const applied = emit(chunk, reader.traceVersion);
      wait = options.backpressure?.();
      return applied;
    },
    options.chunkRecords,
    options.onWarning,
  );
  onDigester?.(digester);
  let bytesRead = 0;
  const drain = async () => {
    while (digester.digest(reader)) {
      if (wait !== undefined) {
        await wait;
        wait = undefined;
      }
    }
  };
  let error: Error | null = null;
  try {
    if (source instanceof Uint8Array) {
      reader.push(source);
      bytesRead = source.length;
      await drain();
    } else {
      for await (const chunk of chunksOf(source)) {
        reader.push(chunk);
        bytesRead += chunk.length;
        await drain();
        options.onProgress?.(bytesRead);
      }
    }
    reader.finish();
    await drain();
  } catch (err) {
    if (!options.keepPartial || !(err instanceof Error)) throw err;
    error = err;
  }
  digester.flush();
  options.onProgress?.(bytesRead);
  return { version: reader.traceVersion, error };
}
