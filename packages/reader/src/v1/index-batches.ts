// The first pass over a v1 trace (Go's collectBatchesAndCPUSamples): find
// where each P's batches start and pull out the CPU samples, which are merged
// as a batch of their own. Arguments and strings are skipped, so this pass
// reports only framing errors.
import { v1Error } from "./errors.js";
import { V1, v1ArgNum } from "./events.js";
import { RawEvent, SKIP_ARGS, SKIP_STRINGS } from "./raw-reader.js";
import { blankEvent, type ParseState } from "./state.js";
import { u64Int64 } from "./u64.js";

/** Fills st.batchOffsets, st.pids and st.cpuSamples. */
export function indexBatches(st: ParseState): void {
  const raw = new RawEvent();
  // Events before the first batch belong to P 0, which has no batch yet.
  let curP = 0;
  while (st.bytes.readRawEvent(SKIP_ARGS | SKIP_STRINGS, raw)) {
    if (raw.typ === V1.None) continue;
    if (raw.typ === V1.Batch) {
      let queue = st.batchOffsets.get(raw.batchPid);
      if (queue === undefined) {
        queue = { offsets: [], next: 0 };
        st.batchOffsets.set(raw.batchPid, queue);
        st.pids.push(raw.batchPid);
      }
      queue.offsets.push(raw.offset);
      curP = raw.batchPid;
    }
    if (!st.batchOffsets.has(curP)) {
      throw v1Error("E_ORDER", `read event ${raw.typ} with current P of ${curP}, but P has no batches yet`, raw.offset);
    }
    if (raw.typ === V1.CPUSample) st.cpuSamples.push(cpuSample(raw));
  }
}

/** A CPU sample: its own timestamp, P and G are arguments; the batch's do not apply. */
function cpuSample(raw: RawEvent): ReturnType<typeof blankEvent> {
  const want = v1ArgNum(V1.CPUSample, raw.n);
  if (raw.n !== want) {
    throw v1Error("E_ORDER", `CPU sample has wrong number of arguments: want ${want}, got ${raw.n}`, raw.offset);
  }
  const ev = blankEvent();
  ev.type = V1.CPUSample;
  ev.offset = raw.offset;
  // Arguments: [dt (unused), ts, p, g, stack].
  ev.ts = u64Int64(raw.lo[1] as number, raw.hi[1] as number);
  ev.args[1] = raw.num(2);
  ev.args[2] = raw.num(3);
  ev.stk = (raw.lo[4] as number) >>> 0;
  // Go's int32(p): the low 32 bits, signed (-1 for "no P").
  ev.p = (raw.lo[2] as number) | 0;
  ev.g = raw.num(3);
  return ev;
}
