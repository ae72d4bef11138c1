// Reading a trace source one generation at a time and handing every event to
// a consumer: the loop analyzeTrace and the profiles share.
import { chunksOf } from "@gotrace/codec";
import { type Event, TraceReader } from "@gotrace/reader";
import type { TraceSource } from "./analyze.js";

/**
 * Feeds every event of `source` to `onEvent` (one refilled event object: copy what you keep) and
 * returns the error that ended a broken trace when `keepPartial` is set; throws it otherwise.
 */
export async function readEvents(
  source: TraceSource,
  options: { onProgress?: ((bytesRead: number) => void) | undefined; keepPartial?: boolean | undefined },
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
