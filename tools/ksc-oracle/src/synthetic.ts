// Synthetic traces for the oracle's self-checks: every kind of batch, an
// AllocFree info batch and type table, Stack frames, String data, uvarints
// padded to 10 bytes and values up to 2^64-1 (where Kaitai's own `value`
// and readU8 would be lossy). Built with the codec's encoder; only the raw
// layer has to be right, not the trace's semantics.
import { EV, EVENT_SPECS, encodeAllocFreeBatch, type RawEventRecord, RawEncoder } from "@gotrace/codec";

export interface SyntheticOptions {
  /** Trace format (22, 23, 25 or 26). */
  version?: number;
  /** Batches of random timed events per generation. */
  timedBatches?: number;
  generations?: number;
  seed?: number;
}

const U64_MAX = 2n ** 64n - 1n;

/** xorshift32: deterministic and small. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

export function syntheticTrace(options: SyntheticOptions = {}): Uint8Array {
  const version = options.version ?? 26;
  const next = rng(options.seed ?? 1);
  const value = (): number | bigint => {
    const r = next() % 100;
    if (r < 70) return next() % 128;
    if (r < 90) return next();
    if (r < 97) return (next() % 0x200000) * 0x100000000 + next(); // below 2^53
    if (r < 99) return (BigInt(next()) << 32n) | BigInt(next()); // up to 2^64-1
    return U64_MAX;
  };
  // Timed events the format has (the AllocFree ones from go 1.23 on, not in 1.22).
  const timed = EVENT_SPECS.filter(
    (s): s is NonNullable<typeof s> =>
      s?.timed === true &&
      (s.since === "1.22" || (s.since === "1.23" && version >= 23)) &&
      (s.experiment === 0 || version >= 23),
  );

  const out = new RawEncoder(version);
  const batch = (gen: number, m: number | bigint, time: number | bigint, events: RawEventRecord[]) => {
    const sizer = new RawEncoder(version);
    sizer.take();
    for (const e of events) sizer.write(e);
    const size = sizer.take().length;
    // The runtime pads the size to 10 bytes; do so on every other batch.
    out.write({ type: EV.EventBatch, args: [gen, m, time, size], widths: [1, 1, 1, gen % 2 === 0 ? 1 : 10] });
    for (const e of events) out.write(e);
  };
  const experimental = (gen: number, payload: Uint8Array) => {
    out.write({ type: EV.ExperimentalBatch, args: [1, gen, U64_MAX, 1000 + gen], data: payload });
  };

  const generations = options.generations ?? 2;
  for (let gen = 1; gen <= generations; gen++) {
    if (version >= 25) {
      batch(gen, U64_MAX, 100, [
        { type: EV.Sync, args: [] },
        { type: EV.Frequency, args: [15625000] },
        { type: EV.ClockSnapshot, args: [0, 2n ** 62n + 7n, 1_700_000_000, 999_999_999] },
      ]);
    } else {
      batch(gen, U64_MAX, 100, [{ type: EV.Frequency, args: [15625000] }]);
    }
    batch(gen, U64_MAX, 0, [
      { type: EV.Strings, args: [] },
      { type: EV.String, args: [1], data: new TextEncoder().encode("main.main") },
      { type: EV.String, args: [2], data: new TextEncoder().encode("/tmp/périphérique/x.go") },
      { type: EV.String, args: [3], data: new Uint8Array(0) },
      { type: EV.String, args: [2n ** 60n], data: Uint8Array.from({ length: 300 }, (_, i) => i & 0xff) },
    ]);
    batch(gen, U64_MAX, 0, [
      { type: EV.Stacks, args: [] },
      { type: EV.Stack, args: [1, 0] },
      { type: EV.Stack, args: [2, 2, 0x4a0000, 1, 2, 42, 2n ** 63n + 5n, 1, 2, 2n ** 53n + 1n] },
    ]);
    batch(gen, U64_MAX, 0, [
      { type: EV.CPUSamples, args: [] },
      { type: EV.CPUSample, args: [2n ** 55n, 3, 1, 7, 2] },
    ]);
    if (version >= 23) {
      if (gen === 1) {
        experimental(
          gen,
          encodeAllocFreeBatch({
            kind: "info",
            minPageHeapAddr: 0xc000000000,
            pageSize: 8192,
            minHeapAlign: 8,
            fixedStack: 2048,
          }),
        );
      }
      experimental(
        gen,
        encodeAllocFreeBatch({
          kind: "types",
          entries: [
            { id: 1, address: 0x4b1e20, size: 16, ptrBytes: 8, name: "*main.node" },
            { id: 2, address: 2 ** 53 - 1, size: 0, ptrBytes: 0, name: "" },
            { id: 3, address: 0x4b2000, size: 1 << 20, ptrBytes: 1 << 20, name: "map[string]ünïcode" },
          ],
        }),
      );
      // An experiment the spec does not decode: its data stays bytes.
      out.write({ type: EV.ExperimentalBatch, args: [7, gen, 3, 5], data: Uint8Array.of(1, 2, 3, 0x80, 0xff) });
    }
    for (let b = 0; b < (options.timedBatches ?? 4); b++) {
      const events: RawEventRecord[] = [];
      let bytes = 0;
      const target = 2000 + (next() % 60000);
      while (bytes < target) {
        const spec = timed[next() % timed.length] as (typeof timed)[number];
        const args = spec.args.map(value);
        events.push({ type: spec.type, args });
        bytes += 1 + args.length * 3;
      }
      batch(gen, next() % 16, next(), events);
    }
    if (version >= 26) out.write({ type: EV.EndOfGeneration, args: [] });
  }
  return out.take();
}
