// gzip through the web-standard CompressionStream, so the package needs no
// zlib dependency and works the same in browsers and Node >= 18. pprof reads
// gzipped and plain profiles alike; gzip is what Go writes and what tools expect.
import { concatBytes } from "../wire/concat.js";

/** Compresses `data` into a gzip member. */
export async function gzip(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const cs = new CompressionStream("gzip");
  const writer = cs.writable.getWriter();
  // Not awaited before reading: the stream applies backpressure, and waiting
  // for the write to finish while nobody drains the readable side can hang.
  const written = writer.write(data).then(() => writer.close());
  const chunks: Uint8Array[] = [];
  const reader = cs.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  await written;
  return concatBytes(chunks);
}
