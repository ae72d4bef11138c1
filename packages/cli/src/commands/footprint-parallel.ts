// `gotrace footprint` on two threads, for big trace files. The footprint is
// additive (per event type a count and a byte total), so the file is cut
// into runs of whole batches (scanBatches reads only batch headers) and
// each run is tallied on its own: some by a worker thread, the others here
// while the worker works, with the next read under way in the thread pool.
// Runs are merged in file order. A run is taken only if its events end
// exactly at its end with no error, so each run starts where a decoder
// reading the whole file would be; the first run that fails that, and
// anything the scan cannot cut (a batch cut by the end of the file,
// garbage), is read from there to the end by one decoder, event by event,
// as the serial path reads it: same numbers, warnings and errors.
//
// Files are read with fs.read into a few buffers that go back and forth
// with the worker (transferred, not copied); the tail of a batch cut by a
// block's end is copied in front of the next block.
import { type FileHandle, open } from "node:fs/promises";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { countFootprint, FootprintCounter, parseHeader, type RawTable, type TraceHeader } from "@gotrace/codec";
import { type BatchScan, type RawResumePoint, rawTable, resumeRawDecoder, scanBatches } from "@gotrace/codec/internal";
import { CliError } from "../cli-error.js";
import { describeFsError, type Input } from "../io/input.js";
import { decodeInput } from "./decode-input.js";
import { type RunTally, tallyRun } from "./footprint-run.js";

/** A run for the worker: the trace's bytes from `point.offset` (the file's start when undefined), `length` of them in `buffer` from `offset`. */
export interface RunRequest {
  readonly id: number;
  readonly point: RawResumePoint | undefined;
  readonly strictGo127: boolean;
  readonly buffer: ArrayBuffer;
  readonly offset: number;
  readonly length: number;
}

/** The worker's answer: the run's tally, and its buffer back for the next read. */
export interface RunResult {
  readonly id: number;
  readonly tally: RunTally;
  readonly buffer: ArrayBuffer;
}

/** What the footprint command prints from: as decodeInput's result, with the tally. */
export interface FootprintResult {
  readonly counter: FootprintCounter;
  readonly table: RawTable;
  readonly bytesRead: number;
  readonly warning: string | undefined;
  /** How the work went (for tests): runs merged, how many of all runs the worker tallied, where the serial reading took over (-1: nowhere). */
  readonly split?: { readonly merged: number; readonly atWorker: number; readonly serialFrom: number };
}

/** How the file is cut; tests make runs tiny to cut small fixtures into many. */
export interface SplitOptions {
  /** Bytes read per run (a run is the whole batches among them, plus the cut tail of the previous read). */
  readonly runBytes: number;
  readonly strictGo127: boolean;
}

/** The worker keeps this many runs queued, so that it has the next one while this thread tallies. */
const WORKER_QUEUE = 3;
/** Blocks read ahead, so that this thread finds the next one read when it comes back for it. */
const READ_AHEAD = 2;
/** Room for the tail of a batch cut by a buffer's end: Go's largest batch and its header. */
const TAIL_ROOM = (64 << 10) + 64;

interface Run {
  readonly id: number;
  /** Trace offsets of the run's first byte and the byte after it. */
  readonly start: number;
  readonly end: number;
  /** The table the run was tallied from (a guess while the run before it was unmerged). */
  readonly writerTable: boolean;
  tally: RunTally | undefined;
}

/** Tallies the trace file at `path` on this thread and a worker thread; see the file's comment. */
export async function footprintInTwoThreads(
  path: string,
  name: string,
  options: SplitOptions,
  script: URL = new URL("./footprint-worker.js", import.meta.url),
): Promise<FootprintResult> {
  let file: FileHandle;
  try {
    file = await open(path, "r");
  } catch (err) {
    throw new CliError(describeFsError(path, err));
  }
  // Answers come on a port of their own, which this thread also reads synchronously between its
  // own runs: while it works through blocks already read it does not return to the event loop,
  // and the worker would otherwise wait for new runs until it did.
  const { port1: answers, port2 } = new MessageChannel();
  const worker = new Worker(script, { workerData: { answers: port2 }, transferList: [port2] });
  try {
    return await new Split(file, path, name, options, worker, answers).run();
  } finally {
    answers.close();
    worker.unref();
    worker.terminate().catch(() => undefined);
    await file.close().catch(() => undefined);
  }
}

class Split {
  private readonly pool: ArrayBuffer[] = [];
  private readonly runs: Run[] = [];
  private readonly byId = new Map<number, Run>();
  private nextId = 0;
  private atWorker = 0;
  /** Runs the worker may have queued. */
  private queue = WORKER_QUEUE;
  private sentToWorker = 0;
  private mergedRuns = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private header: TraceHeader | undefined;
  /** The merged state: trace offset the merged runs reach, and the table in use there. */
  private merged = 0;
  private writerTable = false;
  private readonly counter = new FootprintCounter();
  private readonly scan: BatchScan = { end: 0, next: 0 };

  private readonly file: FileHandle;
  private readonly path: string;
  private readonly name: string;
  private readonly options: SplitOptions;
  private readonly worker: Worker;
  private readonly answers: MessagePort;

  constructor(
    file: FileHandle,
    path: string,
    name: string,
    options: SplitOptions,
    worker: Worker,
    answers: MessagePort,
  ) {
    this.file = file;
    this.path = path;
    this.name = name;
    this.options = options;
    this.worker = worker;
    this.answers = answers;
    answers.on("message", (m: RunResult) => this.answer(m));
    worker.on("error", (err) => this.fail(err));
    // Ending without an answer (killed, out of memory) would otherwise leave this side waiting forever.
    worker.on("exit", (code) => this.fail(new Error(`the footprint worker thread exited (code ${code})`)));
  }

  private answer(m: RunResult): void {
    const run = this.byId.get(m.id);
    if (run !== undefined) run.tally = m.tally;
    this.byId.delete(m.id);
    this.atWorker--;
    this.pool.push(m.buffer);
    this.poke();
  }

  /** Takes the answers already there, without waiting for the event loop. */
  private poll(): void {
    for (let m = receiveMessageOnPort(this.answers); m !== undefined; m = receiveMessageOnPort(this.answers)) {
      this.answer(m.message as RunResult);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private buffer(): ArrayBuffer {
    return this.pool.pop() ?? new ArrayBuffer(this.options.runBytes + TAIL_ROOM);
  }

  private read(buffer: ArrayBuffer, at: number, position: number) {
    return this.file.read(new Uint8Array(buffer), at, this.options.runBytes, position).then(
      (r) => r.bytesRead,
      () => -1, // the serial reading from here meets the error again and names it
    );
  }

  async run(): Promise<FootprintResult> {
    const runBytes = this.options.runBytes;
    // Blocks of the file are read at fixed positions, READ_AHEAD of them in flight, each after
    // TAIL_ROOM bytes of its buffer: the cut tail of the block before goes there once it is known.
    const reads: { buffer: ArrayBuffer; n: Promise<number> }[] = [];
    let position = 0;
    // The file's size (it may still change; reads say where it ends) only steers the end game.
    const size = await this.file.stat().then(
      (info) => info.size,
      () => Number.POSITIVE_INFINITY,
    );
    let more = true;
    const readOn = () => {
      const buffer = this.buffer();
      reads.push({ buffer, n: this.read(buffer, TAIL_ROOM, position) });
      position += runBytes;
    };
    for (let i = 0; i < READ_AHEAD; i++) readOn();
    const tailBytes = new Uint8Array(TAIL_ROOM);
    let tail = 0; // bytes of an unfinished batch from the blocks before
    let start = 0; // trace offset of the tail's first byte: the end of the runs so far
    let serialFrom = -1;
    while (more) {
      const block = reads.shift() as (typeof reads)[number];
      const n = await block.n;
      const buffer = block.buffer;
      if (n < 0) {
        serialFrom = start;
        this.pool.push(buffer);
        break;
      }
      // A short block is the file's last.
      more = n === runBytes;
      if (more) readOn();
      // With the last blocks read, the worker gets one run at a time, so that it does not finish
      // runs queued at it while this thread has none left.
      this.queue = position >= size ? 1 : WORKER_QUEUE;
      const bytes = new Uint8Array(buffer);
      const at = TAIL_ROOM - tail;
      bytes.set(tailBytes.subarray(0, tail), at);
      const end = TAIL_ROOM + n;
      let from = at;
      if (this.header === undefined) {
        this.header = this.readHeader(bytes.subarray(at, end), !more);
        if (this.header === undefined) {
          serialFrom = 0;
          this.pool.push(buffer);
          break;
        }
        from += this.header.length;
      }
      const scan = scanBatches(bytes, from, end, this.scan);
      const cut = scan.end;
      // What follows the whole batches is an unfinished one, no longer than TAIL_ROOM, unless the
      // scan could not read it.
      if (scan.next >= 0) tailBytes.set(bytes.subarray(cut, end), 0);
      if (cut > at) this.tally(buffer, at, cut - at, start);
      else this.pool.push(buffer);
      start += cut - at;
      tail = end - cut;
      if (scan.next < 0 || !more) {
        if (tail > 0) serialFrom = start;
        break;
      }
      const stop = await this.mergeReady();
      if (stop >= 0) {
        serialFrom = stop;
        break;
      }
    }
    // Reads still under way finish before the file is closed.
    for (const r of reads) await r.n;
    while (serialFrom < 0 || this.merged < serialFrom) {
      const stop = await this.mergeReady();
      if (stop >= 0) {
        serialFrom = stop;
        break;
      }
      if (this.runs.length === 0) break;
      await this.nextAnswer();
    }
    const split = { merged: this.mergedRuns, atWorker: this.sentToWorker, serialFrom };
    if (serialFrom >= 0) return { ...(await this.serial(serialFrom)), split };
    return {
      counter: this.counter,
      table: rawTable(this.header?.format, this.writerTable),
      bytesRead: this.merged,
      warning: undefined,
      split,
    };
  }

  private readHeader(bytes: Uint8Array, final: boolean): TraceHeader | undefined {
    try {
      const header = parseHeader(bytes, bytes.length, final);
      // The pre-1.22 formats have no batches to cut at: the serial path reads them.
      return header?.format === undefined ? undefined : header;
    } catch {
      return undefined; // the serial path says what is wrong with it
    }
  }

  /** Tallies [start, start+length) of the trace, `length` bytes of `buffer` from `offset`: at the worker when it has room. */
  private tally(buffer: ArrayBuffer, offset: number, length: number, start: number): void {
    const header = this.header as TraceHeader;
    // The table in use at `start` is only known once the runs before it are merged; the guess is
    // checked when this run is merged.
    const writerTable = this.writerTable || this.runs.some((r) => r.tally?.writerTable === true);
    const run: Run = { id: this.nextId++, start, end: start + length, writerTable, tally: undefined };
    this.runs.push(run);
    const strictGo127 = this.options.strictGo127;
    // The first run starts at the file's start: its decoder reads the header as the serial one does.
    const point = start === 0 ? undefined : { header, offset: start, writerTable, strictGo127 };
    // The worker gets the first runs, so that it starts warming up while this thread reads on.
    this.poll();
    if (this.atWorker < this.queue && this.failure === undefined) {
      this.byId.set(run.id, run);
      this.atWorker++;
      this.sentToWorker++;
      const request: RunRequest = { id: run.id, point, strictGo127, buffer, offset, length };
      this.worker.postMessage(request, [buffer]);
      return;
    }
    run.tally = tallyRun(point, new Uint8Array(buffer, offset, length), strictGo127);
    this.pool.push(buffer);
  }

  /**
   * Merges the runs whose tallies are in, in file order. Returns the offset to read on from event
   * by event when a run failed, else -1.
   */
  private async mergeReady(): Promise<number> {
    this.poll();
    if (this.failure !== undefined) throw this.failure;
    for (;;) {
      const run = this.runs[0];
      if (run === undefined || run.tally === undefined) return -1;
      this.runs.shift();
      let tally = run.tally;
      if (tally.ok && run.writerTable !== this.writerTable) tally = await this.retally(run);
      if (!tally.ok) return run.start;
      const { counts, bytes } = this.counter;
      for (let t = 0; t < 256; t++) {
        counts[t] = (counts[t] as number) + (tally.counts[t] as number);
        bytes[t] = (bytes[t] as number) + (tally.bytes[t] as number);
      }
      this.counter.events += tally.events;
      this.writerTable = tally.writerTable;
      this.merged = run.end;
      this.mergedRuns++;
    }
  }

  /** A run tallied from the wrong table (the one before it switched): again, from the right one. */
  private async retally(run: Run): Promise<RunTally> {
    const bytes = new Uint8Array(run.end - run.start);
    let n = -1;
    try {
      n = (await this.file.read(bytes, 0, bytes.length, run.start)).bytesRead;
    } catch {
      // As for any read that fails here: the serial reading from this run on meets it again.
    }
    if (n !== bytes.length) return { ...(run.tally as RunTally), ok: false };
    const header = this.header as TraceHeader;
    const point = { header, offset: run.start, writerTable: this.writerTable, strictGo127: this.options.strictGo127 };
    return tallyRun(point, bytes, this.options.strictGo127);
  }

  /** Resolves when the worker answers (or fails); at once if the next run to merge is in. */
  private nextAnswer(): Promise<void> {
    this.poll();
    if (this.failure !== undefined || this.runs[0]?.tally !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** The rest of the file from `offset` (a boundary the merged runs reach), read as the serial path reads it. */
  private async serial(offset: number): Promise<FootprintResult> {
    const point: RawResumePoint | undefined =
      offset === 0 || this.header === undefined
        ? undefined
        : { header: this.header, offset, writerTable: this.writerTable, strictGo127: this.options.strictGo127 };
    const input: Input = { name: this.name, chunks: this.chunks(offset), path: null };
    const counter = this.counter;
    const result = await decodeInput(input, (decoder) => void countFootprint(decoder, counter), {
      strictGo127: this.options.strictGo127,
      decoder: point === undefined ? undefined : resumeRawDecoder(point),
    });
    return { counter, table: result.decoder.table, bytesRead: offset + result.bytesRead, warning: result.warning };
  }

  /** The file from `offset` on, in fresh chunks (a decoder keeps the chunks pushed to it). */
  private async *chunks(offset: number): AsyncGenerator<Uint8Array> {
    let position = offset;
    for (;;) {
      const chunk = new Uint8Array(1 << 20);
      let n: number;
      try {
        n = (await this.file.read(chunk, 0, chunk.length, position)).bytesRead;
      } catch (err) {
        throw new CliError(describeFsError(this.path, err));
      }
      if (n === 0) return;
      position += n;
      yield chunk.subarray(0, n);
    }
  }
}
