// The second pass's per-batch decoding (Go's loadBatch and parseEvent): reads
// one batch of a P, turns timestamp deltas into ticks and records the side
// tables (strings, stacks, frequency, timer goroutines, UserLog messages).
// Go loads batches lazily while merging, so the tables fill in merge order.
import { TIME_ORDER, v1Error } from "./errors.js";
import { V1, V1_EVENTS, v1ArgNum } from "./events.js";
import { RawEvent } from "./raw-reader.js";
import { blankEvent, type ParseState } from "./state.js";
import type { V1Event } from "./types.js";
import { type U64, u64Big, u64Decimal, u64Int64, u64Num } from "./u64.js";

/** The events of the next unread batch of P `pid`, or null when it has none left. */
export function loadBatch(st: ParseState, pid: number): V1Event[] | null {
  const queue = st.batchOffsets.get(pid);
  if (queue === undefined || queue.next >= queue.offsets.length) return null;
  st.bytes.off = queue.offsets[queue.next++] as number;
  const raw = new RawEvent();
  const events: V1Event[] = [];
  let gotHeader = false;
  while (st.bytes.readRawEvent(0, raw)) {
    if (raw.typ === V1.None || raw.typ === V1.CPUSample) continue;
    if (raw.typ === V1.Batch) {
      // The next batch header ends this batch.
      if (gotHeader) break;
      gotHeader = true;
    }
    const ev = parseEvent(st, raw);
    if (ev !== null) events.push(ev);
  }
  return events;
}

/** Interprets one raw event; null for those that only feed the tables. */
function parseEvent(st: ParseState, raw: RawEvent): V1Event | null {
  const desc = V1_EVENTS[raw.typ] as (typeof V1_EVENTS)[number];
  const narg = v1ArgNum(raw.typ, raw.n);
  if (raw.n !== narg) {
    throw v1Error("E_ORDER", `${desc.name} has wrong number of arguments: want ${narg}, got ${raw.n}`, raw.offset);
  }
  switch (raw.typ) {
    case V1.Batch:
      // Each P remembers the goroutine it was running across its batches.
      st.lastGs.set(st.lastP, st.lastG);
      st.lastP = raw.batchPid;
      st.lastG = st.lastGs.get(st.lastP) ?? 0;
      st.lastTs = u64Int64(raw.lo[1] as number, raw.hi[1] as number);
      return null;
    case V1.Frequency: {
      const freq = u64Int64(raw.lo[0] as number, raw.hi[0] as number);
      // Non-positive frequencies come from ticks that differ between CPUs.
      if (freq <= 0n) throw v1Error("E_ORDER", TIME_ORDER, raw.offset);
      // Go converts it to float64 before use; Number() rounds the same way.
      st.ticksPerSec = Number(freq);
      return null;
    }
    case V1.TimerGoroutine:
      st.timerGoids.add(raw.num(0));
      return null;
    case V1.Stack:
      parseStack(st, raw);
      return null;
    case V1.CPUSample:
      // Taken in the first pass.
      return null;
  }
  const ev = blankEvent();
  ev.type = raw.typ;
  ev.p = st.lastP;
  ev.g = st.lastG;
  ev.offset = raw.offset;
  ev.ts = BigInt.asIntN(64, st.lastTs + u64Big(raw.lo[0] as number, raw.hi[0] as number));
  st.lastTs = ev.ts;
  for (let i = 1; i < narg; i++) {
    if (i === narg - 1 && desc.stack) ev.stk = (raw.lo[i] as number) >>> 0;
    else ev.args[i - 1] = raw.num(i);
  }
  switch (raw.typ) {
    case V1.GoStart:
    case V1.GoStartLocal:
    case V1.GoStartLabel:
      st.lastG = ev.args[0];
      ev.g = st.lastG;
      break;
    case V1.GoEnd:
    case V1.GoStop:
    case V1.GoSched:
    case V1.GoPreempt:
    case V1.GoSleep:
    case V1.GoBlock:
    case V1.GoBlockSend:
    case V1.GoBlockRecv:
    case V1.GoBlockSelect:
    case V1.GoBlockSync:
    case V1.GoBlockCond:
    case V1.GoBlockNet:
    case V1.GoSysBlock:
    case V1.GoBlockGC:
      st.lastG = 0;
      break;
    case V1.GoSysExit:
      // The real exit time, kept exactly for the merge's timestamp fix.
      ev.sysTs = u64Int64(raw.lo[3] as number, raw.hi[3] as number);
      ev.g = ev.args[0];
      break;
    case V1.GoWaiting:
    case V1.GoInSyscall:
      ev.g = ev.args[0];
      break;
    case V1.UserLog: {
      // Messages are inline in v1; give each distinct one an id.
      let id = st.inlineIds.get(raw.messageKey);
      if (id === undefined) {
        id = st.inlineStrings.length;
        st.inlineIds.set(raw.messageKey, id);
        st.inlineStrings.push(raw.message);
      }
      ev.args[3] = id;
      break;
    }
  }
  return ev;
}

/** A Stack entry: [id, n, n × (pc, func, file, line)]. */
function parseStack(st: ParseState, raw: RawEvent): void {
  if (raw.n < 2) {
    throw v1Error("E_ORDER", `EvStack has wrong number of arguments: want at least 2, got ${raw.n}`, raw.offset);
  }
  const size64 = u64Num(raw.lo[1] as number, raw.hi[1] as number);
  if (size64 < 0 || size64 > 1000) {
    throw v1Error("E_LIMIT", `EvStack has bad number of frames: ${u64Decimal(size64)}`, raw.offset);
  }
  const size = size64 as number;
  const want = 2 + 4 * size;
  if (raw.n !== want) {
    throw v1Error("E_ORDER", `EvStack has wrong number of arguments: want ${want}, got ${raw.n}`, raw.offset);
  }
  const id = (raw.lo[0] as number) >>> 0;
  st.definedStacks.add(id);
  if (id === 0 || size === 0) return;
  const pcs: U64[] = new Array(size);
  for (let i = 0; i < size; i++) {
    const at = 2 + i * 4;
    const pc = raw.num(at);
    pcs[i] = pc;
    // A PC's frame is the one of its first occurrence.
    if (!st.pcs.has(pc)) st.pcs.set(pc, { pc, fn: raw.num(at + 1), file: raw.num(at + 2), line: raw.num(at + 3) });
  }
  st.stacks.set(id, pcs);
}
