// One-off measurement for README's "Output size": the Perfetto output's bytes
// per packet kind and per TracePacket field (11.N: TrackEvent field N) for the
// Go traces given, read from the wire without a schema, and the size of the
// default (deflated) output. Needs dist/ (pnpm build).
// Usage: node scripts/measure-size.mjs TRACE...
import { readFileSync } from "node:fs";
import { perfettoChunks } from "../dist/index.js";

/** A varint at `at`: its value (below 2^53) and the position after it. */
function varint(b, at) {
  let v = 0;
  let scale = 1;
  for (;;) {
    const x = b[at++];
    v += (x & 0x7f) * scale;
    scale *= 128;
    if (x < 0x80) return [v, at];
  }
}

/**
 * Adds each field's bytes (tag included) of one message to `sizes` under `prefix` + its number, and
 * returns the fields' first values (varints as numbers, length-delimited ones as bytes).
 */
function fields(b, sizes, prefix) {
  const values = new Map();
  let at = 0;
  while (at < b.length) {
    const start = at;
    let tag;
    [tag, at] = varint(b, at);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value = null;
    if (wire === 0) [value, at] = varint(b, at);
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      let n;
      [n, at] = varint(b, at);
      value = b.subarray(at, at + n);
      at += n;
    } else throw new Error(`wire type ${wire}`);
    const key = `${prefix}${field}`;
    sizes.set(key, (sizes.get(key) ?? 0) + at - start);
    if (!values.has(field)) values.set(field, value);
  }
  return values;
}

const TYPES = ["unspecified", "begin", "end", "instant", "counter"];

for (const path of process.argv.slice(2)) {
  const input = new Uint8Array(readFileSync(path));
  const kinds = new Map();
  const sizes = new Map();
  let total = 0;
  let packets = 0;
  for await (const chunk of perfettoChunks(input, { keepPartial: true, compression: "none" })) {
    let at = 0;
    while (at < chunk.length) {
      const start = at;
      let n;
      [, at] = varint(chunk, at);
      [n, at] = varint(chunk, at);
      const packet = fields(chunk.subarray(at, at + n), sizes, "");
      at += n;
      total += at - start;
      packets++;
      let kind = packet.has(6) ? "clockSnapshot" : packet.has(60) ? "trackDescriptor" : "trackEvent";
      if (packet.has(11)) kind += `:${TYPES[fields(packet.get(11), sizes, "11.").get(9) ?? 0]}`;
      if (packet.has(12)) kind += "+interned";
      const k = kinds.get(kind) ?? { n: 0, bytes: 0 };
      k.n++;
      k.bytes += at - start;
      kinds.set(kind, k);
    }
  }
  const ratio = (total / input.length).toFixed(2);
  let deflated = 0;
  for await (const chunk of perfettoChunks(input, { keepPartial: true })) deflated += chunk.length;
  console.log(
    `${path}: ${input.length} B in, ${total} B out (${ratio}x), ${packets} packets; deflated ${deflated} B (${(deflated / input.length).toFixed(3)}x)`,
  );
  for (const [k, v] of [...kinds].sort((a, b) => b[1].bytes - a[1].bytes))
    console.log(`  ${k.padEnd(28)} ${String(v.n).padStart(10)} packets ${String(v.bytes).padStart(12)} B`);
  console.log("  bytes per field (N: TracePacket field, 11.N: TrackEvent field)");
  for (const [k, v] of [...sizes].sort((a, b) => b[1] - a[1])) console.log(`    ${k.padEnd(8)} ${v}`);
}
