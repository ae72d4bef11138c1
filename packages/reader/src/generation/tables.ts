// Filling a generation's tables from its structural batches (Go's addStrings,
// addStacks, addCPUSamples, setSyncBatch, addExperimentalBatch and
// validateStackStrings), with Go's error texts.
import { EV, LIMITS } from "@gotrace/codec";
import type { Batch } from "../batch/batch.js";
import { type U64, formatUint64, hexUint64, u64FromBigInt } from "../u64.js";
import { nsPerTick } from "../time.js";
import type { Generation } from "./generation.js";
import { TableError, TableReader } from "./table-reader.js";
import { decodeText } from "./text.js";

function err(goMessage: string, at: number, code: TableError["code"] = "E_ORDER"): TableError {
  return new TableError(code, goMessage, at);
}

/** Adds the strings of a Strings batch. */
export function addStrings(g: Generation, b: Batch): void {
  const r = new TableReader(b.data);
  if (r.remaining === 0 || r.byte() !== EV.Strings) throw err("missing strings batch header", 0);
  while (r.remaining !== 0) {
    const at = r.pos;
    const ev = r.byte();
    if (ev !== EV.String) throw err(`expected string event, got ${ev}`, at);
    const id = r.u64();
    r.uvarint64();
    if (r.hi !== 0 || r.lo > LIMITS.maxStringSize) {
      throw err(
        `invalid string size ${formatUint64(u64FromBigInt(r.lastBigInt()))}, maximum is ${LIMITS.maxStringSize}`,
        at,
        "E_LIMIT",
      );
    }
    const want = r.lo;
    const start = r.pos;
    const got = r.skip(want);
    if (got !== want) {
      throw err(`failed to read full string: read ${got} but wanted ${want}`, at, "E_TRUNCATED");
    }
    if (g.hasString(id)) {
      const s = decodeText(r.data.subarray(start, start + got));
      throw err(
        `multiple strings with the same ID: id=${formatUint64(id)}, new=${s}, existing=${decodeText(g.stringBytes(id)!)}`,
        at,
      );
    }
    g.addString(id, r.data, start, got);
  }
}

/** Go's %v of a stack: each PC as a tab, %#v (0x-hex) and a newline. */
function stackString(pcs: readonly U64[]): string {
  let s = "";
  for (const pc of pcs) s += `\t0x${hexUint64(pc)}\n`;
  return s;
}

/** Adds the stacks of a Stacks batch and the PC → frame entries they bring. */
export function addStacks(g: Generation, b: Batch): void {
  const r = new TableReader(b.data);
  if (r.remaining === 0 || r.byte() !== EV.Stacks) throw err("missing stacks batch header", 0);
  while (r.remaining !== 0) {
    const at = r.pos;
    const ev = r.byte();
    if (ev !== EV.Stack) throw err(`expected stack event, got ${ev}`, at);
    const id = r.u64();
    r.uvarint64();
    if (r.hi !== 0 || r.lo > LIMITS.maxFramesPerStack) {
      throw err(
        `invalid stack size ${formatUint64(u64FromBigInt(r.lastBigInt()))}, maximum is ${LIMITS.maxFramesPerStack}`,
        at,
        "E_LIMIT",
      );
    }
    const n = r.lo;
    const idText = formatUint64(id);
    const pcs: U64[] = [];
    for (let i = 1; i <= n; i++) {
      const pc = r.u64((e) => `reading frame ${i}'s PC for stack ${idText}: ${e}`);
      const funcID = r.u64((e) => `reading frame ${i}'s funcID for stack ${idText}: ${e}`);
      const fileID = r.u64((e) => `reading frame ${i}'s fileID for stack ${idText}: ${e}`);
      const line = r.u64((e) => `reading frame ${i}'s line for stack ${idText}: ${e}`);
      pcs.push(pc);
      if (!g.pcs.has(pc)) g.pcs.set(pc, { pc, funcID, fileID, line });
    }
    const existing = id === 0 ? [] : g.stacks.get(id);
    if (existing !== undefined) {
      throw err(
        `multiple trace.stacks with the same ID: id=${idText}, new=${stackString(pcs)}, existing=${stackString(existing)}`,
        at,
      );
    }
    g.addStack(id, pcs);
  }
}

/** Adds the samples of a CPUSamples batch; `time` holds raw ticks until the generation is complete. */
export function addCPUSamples(g: Generation, b: Batch): void {
  const r = new TableReader(b.data);
  if (r.remaining === 0 || r.byte() !== EV.CPUSamples) throw err("missing CPU samples batch header", 0);
  while (r.remaining !== 0) {
    const at = r.pos;
    const ev = r.byte();
    if (ev !== EV.CPUSample) throw err(`expected CPU sample event, got ${ev}`, at);
    r.uvarint64();
    const ticks = r.lastDouble();
    const m = r.u64();
    const p = r.u64();
    const g0 = r.u64();
    const stack = r.u64();
    g.cpuSamples.push({ time: ticks, m, p, g: g0 === 0 ? -1 : g0, stack });
  }
}

/**
 * Reads the frequency of a sync batch, and its clock snapshot in the formats
 * with a Sync batch (the spec's `syncBatch`, go 1.25 on).
 */
export function setSyncBatch(g: Generation, b: Batch, syncBatch: boolean): void {
  const r = new TableReader(b.data);
  if (syncBatch) {
    if (r.remaining === 0 || r.byte() !== EV.Sync) throw err("missing sync batch header", 0);
  }
  let lastTs = b.timeExact;
  while (r.remaining !== 0) {
    const at = r.pos;
    const ev = r.byte();
    if (ev === EV.Frequency) {
      if (g.freq !== 0) throw err("found multiple frequency events", at);
      r.uvarint64();
      g.freq = nsPerTick(r.lastDouble());
    } else if (ev === EV.ClockSnapshot && syncBatch) {
      if (g.hasClockSnapshot) throw err("found multiple clock snapshot events", at);
      g.hasClockSnapshot = true;
      r.uvarint64();
      // uint64 addition, wrapping like Go's.
      lastTs = BigInt.asUintN(64, lastTs + r.lastBigInt());
      g.snapTime = lastTs;
      g.snapMono = r.u64();
      g.snapSec = r.u64();
      g.snapNsec = r.u64();
    } else {
      throw err(`expected frequency or clock snapshot event, got ${ev}`, at);
    }
  }
}

/** Keeps an experimental batch for the generation's Sync event. */
export function addExperimentalBatch(g: Generation, b: Batch): void {
  let list = g.expBatches.get(b.exp);
  if (list === undefined) {
    list = [];
    g.expBatches.set(b.exp, list);
  }
  list.push({ thread: typeof b.m === "number" ? b.m : Number(b.m), data: b.data });
}

/**
 * Go's validateStackStrings: every frame's function and file must be in the
 * string table. Stacks are visited in ID order, as Go does when the table is
 * dense (Go visits a sparse table in map order; the first failure is reported).
 */
export function validateStackStrings(g: Generation): string | null {
  const ids = [...g.stacks.keys()];
  if (isDense(ids)) ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const id of ids) {
    for (const pc of g.stacks.get(id)!) {
      const f = g.pcs.get(pc);
      if (f === undefined) return `found unknown pc ${hexUint64(pc)} for stack ${formatUint64(id)}`;
      if (!g.hasString(f.funcID)) {
        return `found invalid func string ID ${formatUint64(f.funcID)} for stack ${formatUint64(id)}`;
      }
      if (!g.hasString(f.fileID)) {
        return `found invalid file string ID ${formatUint64(f.fileID)} for stack ${formatUint64(id)}`;
      }
    }
  }
  return null;
}

/** Go's compactify condition: IDs dense enough to be stored in a slice. */
function isDense(ids: readonly U64[]): boolean {
  if (ids.length === 0) return true;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const id of ids) {
    if (typeof id !== "number" || id < 0) return false;
    if (id < min) min = id;
    if (id > max) max = id;
  }
  return max - min <= 2 * ids.length && min <= ids.length;
}
