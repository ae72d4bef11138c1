// Splitting the batch stream into generations and building each one (Go's
// readGeneration for Go 1.26 traces, which end every generation with an
// EndOfGeneration marker, and readGenerationWithSpill for older ones, where
// the first batch of the next generation is read ahead and "spilled" over).
// Both are resumable: NEED_MORE leaves the partial generation in place.
import type { TraceError, TraceFormat } from "@gotrace/codec";
import {
  type Batch,
  isCPUSamplesBatch,
  isEndOfGeneration,
  isStacksBatch,
  isStringsBatch,
  isSyncBatch,
} from "../batch/batch.js";
import type { ChunkBuffer } from "../batch/chunk-buffer.js";
import { END, NEED_MORE, readBatch } from "../batch/read-batch.js";
import { traceError } from "../errors.js";
import { type TimeFrame, convTicks } from "../time.js";
import { goSortFunc } from "@gotrace/codec/internal";
import { formatUint64, u64Inc } from "../u64.js";
import { Generation } from "./generation.js";
import { TableError } from "./table-reader.js";
import {
  addCPUSamples,
  addExperimentalBatch,
  addStacks,
  addStrings,
  setSyncBatch,
  validateStackStrings,
} from "./tables.js";

/** What a generation read produced. */
export interface GenerationResult {
  /** The generation, or null when the trace ended cleanly (Go126) or none could be built. */
  gen: Generation | null;
  /** Spill mode: the first batch of the next generation, if any. */
  spill: Batch | null;
  /** Spill mode: an error reading the next generation's first batch, reported after this one. */
  spillErr: TraceError | null;
}

export class GenerationReader {
  private readonly format: TraceFormat;
  private readonly frame: TimeFrame;
  private current: Generation | null = null;
  private eventBatchCount = 0;
  private stringBatchCount = 0;
  /**
   * Spill formats: the generation the input ended inside, if any. Nothing
   * marks a generation's end in these formats, so a trace cut at a batch
   * boundary reads as a short last generation, and Go reports whatever that
   * breaks (a missing stack or string, an ordering error). The cut shows in
   * one way for sure: the runtime writes a generation's string table last,
   * so a last generation without one was cut short (at a batch boundary, or
   * inside a batch).
   */
  cutGeneration: bigint | null = null;
  /**
   * File offset of the structural batch where Go stopped reading, taking an
   * argument missing from one of its events for the end of the trace (see
   * {@link endsTrace}), or null.
   */
  stoppedAt: number | null = null;

  constructor(format: TraceFormat, frame: TimeFrame) {
    this.format = format;
    this.frame = frame;
  }

  /**
   * Reads the rest of the current generation from `input`. `spill` (older
   * formats) is the batch read ahead by the previous call. Returns NEED_MORE
   * when the input ends inside the generation and more may come; throws a
   * TraceError with Go's message when the generation is broken.
   */
  read(input: ChunkBuffer, spill: Batch | null): GenerationResult | typeof NEED_MORE {
    return this.format.generationEnd === "end_of_generation"
      ? this.readWithEnd(input)
      : this.readWithSpill(input, spill);
  }

  private start(): Generation {
    this.eventBatchCount = 0;
    this.stringBatchCount = 0;
    return new Generation(this.frame);
  }

  private readWithEnd(input: ChunkBuffer): GenerationResult | typeof NEED_MORE {
    const g = (this.current ??= this.start());
    for (;;) {
      const b = readBatch(input);
      if (b === NEED_MORE) return NEED_MORE;
      if (b === END) {
        this.current = null;
        if (this.eventBatchCount !== 0) {
          throw traceError("E_TRUNCATED", "incomplete generation found; trace likely truncated", {
            gen: g.gen,
            offset: input.offset,
          });
        }
        return { gen: null, spill: null, spillErr: null };
      }
      if (g.gen === 0) g.gen = b.gen;
      if (isEndOfGeneration(b)) break;
      if (b.gen === 0) {
        this.current = null;
        throw traceError("E_ORDER", "invalid generation number 0", { offset: b.offset });
      }
      if (b.gen !== g.gen) {
        this.current = null;
        throw traceError("E_ORDER", "broken trace: missing end-of-generation event, or generations are interleaved", {
          gen: b.gen,
          offset: b.offset,
        });
      }
      if (g.minTs === 0 || b.time < g.minTs) g.minTs = b.time;
      if (!this.process(g, b)) return { gen: null, spill: null, spillErr: null };
    }
    this.current = null;
    this.finish(g);
    return { gen: g, spill: null, spillErr: null };
  }

  private readWithSpill(input: ChunkBuffer, spill: Batch | null): GenerationResult | typeof NEED_MORE {
    let g = this.current;
    if (g === null) {
      g = this.current = this.start();
      if (spill !== null) {
        g.gen = spill.gen;
        g.minTs = spill.time;
        if (!this.process(g, spill)) return { gen: null, spill: null, spillErr: null };
      }
    }
    let next: Batch | null = null;
    let spillErr: TraceError | null = null;
    for (;;) {
      let b: ReturnType<typeof readBatch>;
      try {
        b = readBatch(input);
      } catch (e) {
        // An error in what may be the next generation's first batch waits
        // until this generation has been read out.
        if (g.gen === 0) {
          this.current = null;
          throw e;
        }
        spillErr = e as TraceError;
        // Input ending inside a batch is a cut too.
        if (spillErr.code === "E_TRUNCATED") this.noteEnd(g);
        break;
      }
      if (b === NEED_MORE) return NEED_MORE;
      if (b === END) {
        this.noteEnd(g);
        break;
      }
      if (b.gen === 0) {
        this.current = null;
        throw traceError("E_ORDER", "invalid generation number 0", { offset: b.offset });
      }
      if (g.gen === 0) g.gen = b.gen;
      if (b.gen === u64Inc(g.gen)) {
        next = b;
        break;
      }
      if (b.gen !== g.gen) {
        this.current = null;
        throw traceError("E_ORDER", "generations out of order", { gen: b.gen, offset: b.offset });
      }
      if (g.minTs === 0 || b.time < g.minTs) g.minTs = b.time;
      if (!this.process(g, b)) return { gen: null, spill: null, spillErr: null };
    }
    this.current = null;
    this.finish(g);
    return { gen: g, spill: next, spillErr };
  }

  /** The input ended while `g` was being read: before its string table means it was cut. */
  private noteEnd(g: Generation): void {
    if (this.stringBatchCount === 0 && g.gen !== 0) this.cutGeneration = BigInt(formatUint64(g.gen));
  }

  /**
   * Go's processBatch: files the batch under its kind. False when Go would
   * stop there, taking the trace for ended: the generation is dropped.
   */
  private process(g: Generation, b: Batch): boolean {
    try {
      if (isStringsBatch(b)) {
        addStrings(g, b);
        this.stringBatchCount++;
      } else if (isStacksBatch(b)) addStacks(g, b);
      else if (isCPUSamplesBatch(b)) addCPUSamples(g, b);
      else if (isSyncBatch(b, this.format.syncBatch)) setSyncBatch(g, b, this.format.syncBatch);
      else if (b.exp !== 0) addExperimentalBatch(g, b);
      else if (isEndOfGeneration(b)) {
        throw new TableError("E_ORDER", "internal error: unexpectedly processing EndOfGeneration; broken trace?", 0);
      } else {
        let list = g.batches.get(b.m);
        if (list === undefined) {
          list = [];
          g.batches.set(b.m, list);
          g.batchMs.push(b.m);
        }
        list.push(b);
        this.eventBatchCount++;
      }
    } catch (e) {
      this.current = null;
      if (e instanceof TableError && endsTrace(e)) {
        this.stoppedAt = b.offset;
        return false;
      }
      if (e instanceof TableError) {
        throw traceError(e.code, e.goMessage, { gen: g.gen, m: b.m, offset: b.dataOffset + e.at });
      }
      throw e;
    }
    return true;
  }

  /** The per-generation checks, then CPU sample times (Go's fixUpCPUSamples). */
  private finish(g: Generation): void {
    const site = { gen: formatUint64(g.gen) };
    if (g.freq === 0) throw traceError("E_ORDER", "no frequency event found", site);
    if (this.format.syncBatch && !g.hasClockSnapshot)
      throw traceError("E_ORDER", "no clock snapshot event found", site);
    const bad = validateStackStrings(g);
    if (bad !== null) throw traceError("E_ORDER", bad, site);
    // The first generation decides where time offsets are measured from.
    this.frame.setBase(convTicks(g.minTs, g.freq));
    const samples = g.cpuSamples;
    for (const s of samples) s.time = this.frame.offsetOf(convTicks(s.time, g.freq));
    goSortFunc(samples, (a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  }
}

/**
 * Whether Go's reader takes this table error for the end of the trace. Go
 * reads structural batches with bytes.Reader and binary.ReadUvarint, which
 * return a bare io.EOF when an argument is missing entirely (not when it is
 * cut in the middle, and not when Go wraps the error, as for stack frames).
 * The generation reader passes that io.EOF up as is, and `go tool trace`,
 * like any caller of ReadEvent, stops at io.EOF without an error: the
 * generation being read is dropped and everything before it stands.
 */
function endsTrace(e: TableError): boolean {
  return e.goMessage === "EOF";
}
