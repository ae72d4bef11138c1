// Test support: a Perfetto trace with its compressed_packets bundles replaced
// by the packets they hold. The browser's deflate and Node's give different
// bytes for the same packets, so the app's download is compared with the
// exporter's output after inflating, packet for packet.
import { inflateSync } from "node:zlib";
import { decodeUvarint, TWO32 } from "@gotrace/codec/internal";

/** `Trace.packet` records, with each compressed_packets packet (field 50 alone) replaced by its inflated records. */
export function inflatePerfetto(bytes: Uint8Array): Buffer {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes[at] !== 0x0a) throw new Error(`no Trace.packet record at byte ${at}`);
    const [len, start] = varint(bytes, at + 1);
    const end = start + len;
    // Field 50, length-delimited: tag bytes 0x92 0x03, then the zlib bytes' length, filling the packet.
    if (bytes[start] === 0x92 && bytes[start + 1] === 0x03) {
      const [zlen, z] = varint(bytes, start + 2);
      if (z + zlen !== end) throw new Error(`compressed packet at byte ${at} holds more than its bytes`);
      parts.push(inflateSync(bytes.subarray(z, z + zlen)));
    } else parts.push(bytes.subarray(at, end));
    at = end;
  }
  return Buffer.concat(parts);
}

/** The uvarint at `at` (the codec's decoder): its value, below 2^53 here, and where it ends. */
function varint(b: Uint8Array, at: number): [value: number, end: number] {
  const out = { lo: 0, hi: 0 };
  const end = decodeUvarint(b, at, b.length, out);
  if (end < 0) throw new Error(`no whole uvarint at byte ${at}`);
  return [out.lo + out.hi * TWO32, end];
}
