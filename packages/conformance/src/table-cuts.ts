// Fixtures whose structural batches (sync or frequency, strings, stacks, CPU
// samples) are whole as batches but end inside one of their events, with Go
// 1.27.3's outcome for each (fixtures/crafted/table-cuts.json, written by
// tools/fixtures/table-cuts.mjs). Go takes an argument missing entirely for
// the end of the trace; one cut in the middle is an error.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { craftedDir } from "./crafted.js";

/** One shortened table batch and what Go's `-d=parsed` (TZ=UTC) did with it. */
export interface TableCut {
  /** File offset of the batch that was shortened. */
  batch: number;
  /** What the batch holds: "sync" (Go 1.25+), "frequency" (before), "strings", "stacks", "cpusamples". */
  kind: string;
  /** Its generation. */
  gen: number;
  /** Data bytes kept (the batch's size field says so too). */
  keep: number;
  /** Whether the rest of the trace follows the shortened batch (else the file ends there). */
  rest: boolean;
  /** Go's exit status: 0 when it took the trace as whole. */
  exit: number;
  /** SHA-256 (hex) and length of Go's stdout. */
  stdoutSha256: string;
  stdoutBytes: number;
  /** Go's error, or null. */
  stderrFirstLine: string | null;
}

/** A fixture and its table cuts. */
export interface TableCuts {
  /** The fixture's name. */
  base: string;
  /** SHA-256 of the fixture the cuts were made from. */
  baseSha256: string;
  madeBy: string;
  variants: TableCut[];
}

/** A table cut stored whole, with Go's stdout. */
export interface StoredTableCut {
  name: string;
  base: string;
  batch: number;
  keep: number;
  rest: boolean;
  /** Absolute paths of the trace and of Go's `-d=parsed` stdout (TZ=UTC); Go exited 0. */
  tracePath: string;
  stdoutPath: string;
}

interface TableCutsFile {
  stored: Omit<StoredTableCut, "tracePath" | "stdoutPath">[];
  cuts: TableCuts[];
}

function load(): TableCutsFile {
  return JSON.parse(readFileSync(join(craftedDir(), "table-cuts.json"), "utf8")) as TableCutsFile;
}

/** Go's outcomes for fixtures with one structural batch cut inside an event. */
export function tableCuts(): TableCuts[] {
  return load().cuts;
}

/** The table cuts stored as traces, with Go's output. */
export function storedTableCuts(): StoredTableCut[] {
  const dir = craftedDir();
  return load().stored.map((s) => ({
    ...s,
    tracePath: join(dir, `${s.name}.trace`),
    stdoutPath: join(dir, `${s.name}.parsed.out`),
  }));
}

function uvarintEnd(bytes: Uint8Array, p: number): number {
  while (bytes[p]! >= 0x80) p++;
  return p + 1;
}

function uvarintAt(bytes: Uint8Array, p: number): number {
  let v = 0;
  let mul = 1;
  for (;;) {
    const b = bytes[p++]!;
    v += (b & 0x7f) * mul;
    if (b < 0x80) return v;
    mul *= 128;
  }
}

/**
 * The trace with the batch at `batch` (a plain EventBatch) cut to its first
 * `keep` data bytes and its size field rewritten to match; the rest of the
 * trace follows when `rest` is true.
 */
export function cutTableBatch(bytes: Uint8Array, batch: number, keep: number, rest: boolean): Uint8Array {
  let p = batch + 1;
  for (let i = 0; i < 3; i++) p = uvarintEnd(bytes, p);
  const sizeAt = p;
  const size = uvarintAt(bytes, sizeAt);
  const dataStart = uvarintEnd(bytes, sizeAt);
  const sizeField: number[] = [];
  let n = keep;
  do {
    sizeField.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n >>>= 7;
  } while (n !== 0);
  const tail = rest ? bytes.subarray(dataStart + size) : new Uint8Array(0);
  const out = new Uint8Array(sizeAt + sizeField.length + keep + tail.length);
  out.set(bytes.subarray(0, sizeAt));
  out.set(sizeField, sizeAt);
  out.set(bytes.subarray(dataStart, dataStart + keep), sizeAt + sizeField.length);
  out.set(tail, sizeAt + sizeField.length + keep);
  return out;
}
