// The structure of a binary trace as the fuzzer needs it: where the header
// ends, where each top-level batch starts and ends, where its size field is,
// and where every varint argument sits. Read with @gotrace/codec's raw
// decoder, so batch-level mutations cut along real boundaries. A damaged
// seed yields what was readable before the damage.
import { EV, RawDecoder } from "@gotrace/codec";

/**
 * @typedef {{ start: number, end: number, type: number, gen: bigint | null, sizeAt: number, sizeWidth: number }} Batch
 * @typedef {{ at: number, width: number }} VarintSite
 * @typedef {{ headerEnd: number, batches: Batch[], varints: VarintSite[] }} Layout
 */

/**
 * The header's end, the top-level batches and the varint arguments of a trace, as far as it reads.
 * @param {Uint8Array} bytes
 * @returns {Layout}
 */
export function traceLayout(bytes) {
  const decoder = new RawDecoder();
  decoder.push(bytes);
  decoder.finish();
  /** @type {Batch[]} */
  const batches = [];
  /** @type {VarintSite[]} */
  const varints = [];
  let headerEnd = -1;
  let batchEnd = -1;
  try {
    for (let ev = decoder.next(); ev !== null; ev = decoder.next()) {
      if (headerEnd < 0) headerEnd = ev.offset;
      let at = ev.offset + 1;
      for (let i = 0; i < ev.argCount; i++) {
        varints.push({ at, width: ev.width[i] });
        at += ev.width[i];
      }
      const dataLength = ev.data === null ? 0 : ev.data.length;
      // What is left between the arguments and the data is the data length's varint.
      const dataLengthWidth = ev.data === null ? 0 : ev.offset + ev.length - dataLength - at;
      if (ev.data !== null) varints.push({ at, width: dataLengthWidth });
      if (ev.offset < batchEnd) continue;
      const start = ev.offset;
      if (ev.type === EV.EventBatch && ev.argCount === 4) {
        const sizeWidth = ev.width[3];
        const size = Number(ev.argBigInt(3) > BigInt(bytes.length) ? BigInt(bytes.length) : ev.argBigInt(3));
        batchEnd = Math.min(bytes.length, start + ev.length + size);
        batches.push({
          start,
          end: batchEnd,
          type: ev.type,
          gen: ev.argBigInt(0),
          sizeAt: start + ev.length - sizeWidth,
          sizeWidth,
        });
      } else if (ev.type === EV.ExperimentalBatch && ev.argCount === 4) {
        batchEnd = start + ev.length;
        batches.push({
          start,
          end: batchEnd,
          type: ev.type,
          gen: ev.argBigInt(1),
          sizeAt: at,
          sizeWidth: dataLengthWidth,
        });
      } else {
        batchEnd = start + ev.length;
        batches.push({ start, end: batchEnd, type: ev.type, gen: null, sizeAt: -1, sizeWidth: 0 });
      }
    }
  } catch {
    // A damaged seed, or a v1 trace the raw decoder does not read: keep what was found.
  }
  if (headerEnd < 0) headerEnd = Math.min(bytes.length, 16);
  return { headerEnd, batches, varints };
}
