// Perfetto's own packet compression: runs of whole `Trace.packet` records
// deflated (zlib format, as Perfetto's tracing service writes them) into one
// TracePacket's `compressed_packets` field, which trace_processor and the UI
// inflate back into the packets before reading them. Track events compress
// about six to one, so a converted trace ends up near the Go trace's size
// instead of ten times it.
import { TracePacketSchema } from "./gen/perfetto/trace_pb.js";
import { concatBytes } from "@gotrace/codec/internal";
import { PACKET_TAG, type RecordBounds, putVarint, readRecord, varintSize } from "./wire.js";

/**
 * Uncompressed bytes per bundle. trace_packet.proto asks that each compressed_packets packet stay
 * under 512 KB; a bundle of this size stays under it even when it does not compress at all, and
 * one that still would not is written uncompressed (see {@link deflatePackets}).
 */
export const BUNDLE_BYTES = 384 * 1024;
/** trace_packet.proto's limit on a compressed_packets packet, its field header included. */
export const COMPRESSED_PACKET_LIMIT = 512 * 1024;

const COMPRESSED_TAG = (TracePacketSchema.field.compressedPackets.number << 3) | 2;

/** Bundles deflated at once: the next ones are cut while earlier ones compress (off the main thread in Node). */
const IN_FLIGHT = 3;

/**
 * The chunks (each a whole number of `Trace.packet` records) as Perfetto trace chunks whose packets
 * are deflated in bundles of about {@link BUNDLE_BYTES}, in order. Bundles are cut at the same
 * records whatever the chunks' sizes. A bundle whose compressed form would break Perfetto's size
 * limit is passed on uncompressed.
 */
export async function* deflatePackets(
  chunks: AsyncIterable<Uint8Array>,
  bundleBytes: number = BUNDLE_BYTES,
  deflate: (bytes: Uint8Array) => Promise<Uint8Array> = platformDeflate,
): AsyncGenerator<Uint8Array> {
  const pending: Promise<Uint8Array>[] = [];
  const record: RecordBounds = { start: 0, end: 0 };
  // The bundle being filled: pieces of chunks (views, not copies: the exporter hands out fresh arrays).
  let parts: Uint8Array[] = [];
  let size = 0;
  const seal = () => {
    const compressed = compressedPacket(parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts), deflate);
    // Awaited in order below; this keeps a failure from being reported as unhandled before then.
    compressed.catch(() => {});
    pending.push(compressed);
    parts = [];
    size = 0;
  };
  try {
    for await (const chunk of chunks) {
      let start = 0;
      let at = 0;
      while (at < chunk.length) {
        const next = readRecord(chunk, at, record).end;
        // The record starting at `at` would overfill the bundle: the bundle ends before it.
        if (size + (next - start) > bundleBytes && size + (at - start) > 0) {
          if (at > start) parts.push(chunk.subarray(start, at));
          size += at - start;
          start = at;
          seal();
          if (pending.length >= IN_FLIGHT) yield await (pending.shift() as Promise<Uint8Array>);
        }
        at = next;
      }
      if (at > start) {
        parts.push(chunk.subarray(start, at));
        size += at - start;
      }
    }
    if (size > 0) seal();
    while (pending.length > 0) yield await (pending.shift() as Promise<Uint8Array>);
  } finally {
    pending.length = 0;
  }
}

/** One record holding the bundle deflated as `compressed_packets`, or the bundle itself if that would be too big. */
async function compressedPacket(
  bundle: Uint8Array,
  deflate: (bytes: Uint8Array) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const z = await deflate(bundle);
  const field = 2 + varintSize(z.length) + z.length;
  if (field >= COMPRESSED_PACKET_LIMIT) return bundle.slice();
  const out = new Uint8Array(1 + varintSize(field) + field);
  let at = 0;
  out[at++] = PACKET_TAG;
  at = putVarint(out, at, field);
  at = putVarint(out, at, COMPRESSED_TAG);
  at = putVarint(out, at, z.length);
  out.set(z, at);
  return out;
}

/**
 * zlib-format deflate (what Perfetto's service writes and trace_processor inflates) with the
 * platform's CompressionStream, the bundle written in one piece so the compressor gets it whole.
 */
export async function platformDeflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream("deflate");
  const writer = stream.writable.getWriter();
  // The exporter's chunks are plain ArrayBuffer-backed arrays, never shared memory.
  void writer.write(bytes as Uint8Array<ArrayBuffer>);
  void writer.close();
  return new Uint8Array(await new Response(stream.readable).arrayBuffer());
}
