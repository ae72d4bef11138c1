// One generation's data (Go's generation + evTable): its event batches per M,
// its string and stack tables, CPU samples, clock data and experimental
// batches. It is what an Event refers to for names and stacks, and the unit
// the reader holds in memory.
import type { Batch } from "../batch/batch.js";
import type { TimeFrame } from "../time.js";
import { IdBits, fitsIdBits } from "./id-bits.js";
import { type PackedStrings, StringTable } from "./string-table.js";
import { type U64, u64ToSignedBigInt } from "../u64.js";

/** One stack frame as stored in a generation (Go's `frame`). */
export interface FrameRecord {
  readonly pc: U64;
  readonly funcID: U64;
  readonly fileID: U64;
  readonly line: U64;
}

/** A CPU profile sample, its time already converted to a time offset. */
export interface CpuSample {
  time: number;
  readonly m: U64;
  readonly p: U64;
  readonly g: U64;
  readonly stack: U64;
}

/** An experimental batch, handed through untouched (Go's ExperimentalBatch). */
export interface ExperimentalBatch {
  /** M that wrote it (-1 = NoThread). */
  readonly thread: number;
  /** The batch data, leading batch-type byte included. */
  readonly data: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** A generation's tables as plain data (structured-cloneable): see {@link Generation.tables}. */
export interface GenerationTables {
  readonly strings: PackedStrings;
  readonly stacks: ReadonlyMap<U64, U64[]>;
  readonly pcs: ReadonlyMap<U64, FrameRecord>;
  readonly freq: number;
  readonly hasClockSnapshot: boolean;
  readonly snapTime: bigint;
  readonly snapMono: U64;
  readonly snapSec: U64;
  readonly snapNsec: U64;
  readonly extraStrings: readonly Uint8Array[];
}

/** The string, stack and clock tables every event of a generation refers to. */
export interface EventTable {
  readonly frame: TimeFrame;
  /** Whether this is a real table (Go's non-nil evTable); false for the final Sync. */
  readonly present: boolean;
  stringBytes(id: U64): Uint8Array | undefined;
  string(id: U64): string;
  hasString(id: U64): boolean;
  hasStack(id: U64): boolean;
  /** Frames of a stack, leaf first: [pc, func, file, line] records. */
  stackFrames(id: U64): readonly StackFrameView[];
  extraString(id: number): Uint8Array;
}

/** A resolved stack frame. */
export interface StackFrameView {
  readonly pc: U64;
  readonly func: Uint8Array;
  readonly file: Uint8Array;
  readonly line: U64;
}

export class Generation implements EventTable {
  readonly frame: TimeFrame;
  readonly present = true;
  /** Generation number (canonical U64; 0 for an empty Go126 generation). */
  gen: U64 = 0;
  /** Event batches per M, in file order. */
  readonly batches = new Map<U64, Batch[]>();
  /** Ms in order of their first event batch. */
  readonly batchMs: U64[] = [];
  cpuSamples: CpuSample[] = [];
  /** Smallest batch time in ticks (float64), 0 = unset (Go's quirk: a 0 is overwritten). */
  minTs = 0;

  /** The string table (bytes by ID). */
  readonly strings = new StringTable();
  /** Stacks as PC lists. */
  readonly stacks = new Map<U64, U64[]>();
  /** The small keys of `stacks` and `strings`, for hasStack and hasString. */
  readonly stackIDs = new IdBits();
  /** The string table's bitmap of small IDs. */
  get stringIDs(): IdBits {
    return this.strings.ids;
  }
  /** PC → frame; the first stack that lists a PC decides its frame. */
  readonly pcs = new Map<U64, FrameRecord>();
  private readonly frameCache = new Map<U64, StackFrameView[]>();

  /** Nanoseconds per tick; 0 = no frequency seen. */
  freq = 0;
  hasClockSnapshot = false;
  /** Clock snapshot trace time in ticks (uint64). */
  snapTime = 0n;
  snapMono: U64 = 0;
  snapSec: U64 = 0;
  snapNsec: U64 = 0;

  /** Experimental batches by experiment id, ids in order of first appearance. */
  readonly expBatches = new Map<number, ExperimentalBatch[]>();

  private extraStrings: Uint8Array[] = [];
  private extraStringIDs: Map<string, number> | undefined;
  private extraStringViews: Map<Uint8Array, number> | undefined;

  constructor(frame: TimeFrame) {
    this.frame = frame;
  }

  stringBytes(id: U64): Uint8Array | undefined {
    if (id === 0) return EMPTY;
    return this.strings.bytes(id);
  }

  hasString(id: U64): boolean {
    return this.strings.has(id);
  }

  /** The string as JS text (invalid UTF-8 shows as U+FFFD; formatting quotes the bytes). */
  string(id: U64): string {
    return this.strings.text(id);
  }

  hasStack(id: U64): boolean {
    return id === 0 || (fitsIdBits(id) ? this.stackIDs.has(id) : this.stacks.has(id));
  }

  /** Adds a stack (the table reader checks for duplicates first). */
  addStack(id: U64, pcs: U64[]): void {
    this.stacks.set(id, pcs);
    if (fitsIdBits(id)) this.stackIDs.add(id);
  }

  /** Adds string `id`, the `length` bytes of `data` at `start` (the table reader checks for duplicates first). */
  addString(id: U64, data: Uint8Array, start: number, length: number): void {
    this.strings.add(id, data, start, length);
  }

  stackFrames(id: U64): readonly StackFrameView[] {
    if (id === 0) return [];
    let frames = this.frameCache.get(id);
    if (frames === undefined) {
      frames = [];
      for (const pc of this.stacks.get(id) ?? []) {
        const f = this.pcs.get(pc)!;
        frames.push({
          pc: f.pc,
          func: this.stringBytes(f.funcID) ?? EMPTY,
          file: this.stringBytes(f.fileID) ?? EMPTY,
          line: f.line,
        });
      }
      this.frameCache.set(id, frames);
    }
    return frames;
  }

  /** Go's addExtraString: a per-generation ID for a string that is not in the table. */
  addExtraString(s: Uint8Array): number {
    if (s.length === 0) return 0;
    // The same view (a task's name from stringBytes, which keeps one view per
    // string) is found without building its content key.
    this.extraStringViews ??= new Map();
    const seen = this.extraStringViews.get(s);
    if (seen !== undefined) return seen;
    this.extraStringIDs ??= new Map();
    const key = bytesKey(s);
    let id = this.extraStringIDs.get(key);
    if (id === undefined) {
      this.extraStrings.push(s);
      id = this.extraStrings.length;
      this.extraStringIDs.set(key, id);
    }
    this.extraStringViews.set(s, id);
    return id;
  }

  extraString(id: number): Uint8Array {
    return id === 0 ? EMPTY : (this.extraStrings[id - 1] ?? EMPTY);
  }

  /** How many strings addExtraString has added so far (they only grow within a generation). */
  get extraStringCount(): number {
    return this.extraStrings.length;
  }

  /** The extra strings from the `from`-th on (0-based), as copies another thread can take. */
  extraStringsFrom(from: number): Uint8Array[] {
    return this.extraStrings.slice(from).map((s) => s.slice());
  }

  /** Appends extra strings given by another reader's extraStringsFrom, keeping their IDs. */
  appendExtraStrings(strings: readonly Uint8Array[]): void {
    for (const s of strings) this.extraStrings.push(s);
  }

  /**
   * What an event needs of this generation, as plain data for another thread (see
   * {@link Generation.fromTables}): strings, stacks, frames and the clock snapshot. Its batches,
   * CPU samples and experimental batches stay here.
   */
  tables(): GenerationTables {
    return {
      strings: this.strings.pack(),
      stacks: this.stacks,
      pcs: this.pcs,
      freq: this.freq,
      hasClockSnapshot: this.hasClockSnapshot,
      snapTime: this.snapTime,
      snapMono: this.snapMono,
      snapSec: this.snapSec,
      snapNsec: this.snapNsec,
      extraStrings: this.extraStringsFrom(0),
    };
  }

  /** A generation with the tables another thread's {@link Generation.tables} gave, and no batches. */
  static fromTables(frame: TimeFrame, t: GenerationTables): Generation {
    const g = new Generation(frame);
    (g as { strings: StringTable }).strings = StringTable.fromPacked(t.strings);
    for (const [id, pcs] of t.stacks) g.addStack(id, pcs);
    for (const [pc, f] of t.pcs) g.pcs.set(pc, f);
    g.freq = t.freq;
    g.hasClockSnapshot = t.hasClockSnapshot;
    g.snapTime = t.snapTime;
    g.snapMono = t.snapMono;
    g.snapSec = t.snapSec;
    g.snapNsec = t.snapNsec;
    g.appendExtraStrings(t.extraStrings);
    return g;
  }

  /** The clock snapshot's wall-clock seconds and nanoseconds as int64 bigints. */
  wallParts(): [bigint, bigint] {
    return [u64ToSignedBigInt(this.snapSec), u64ToSignedBigInt(this.snapNsec)];
  }
}

/** An injective JS string key for a byte string (one char per byte). */
export function bytesKey(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** The table of events Go gives a nil evTable (the final Sync, Syncs before errors). */
export class NullTable implements EventTable {
  readonly frame: TimeFrame;
  readonly present = false;
  constructor(frame: TimeFrame) {
    this.frame = frame;
  }
  stringBytes(id: U64): Uint8Array | undefined {
    return id === 0 ? EMPTY : undefined;
  }
  string(): string {
    return "";
  }
  hasString(id: U64): boolean {
    return id === 0;
  }
  hasStack(id: U64): boolean {
    return id === 0;
  }
  stackFrames(): readonly StackFrameView[] {
    return [];
  }
  extraString(): Uint8Array {
    return EMPTY;
  }
}
