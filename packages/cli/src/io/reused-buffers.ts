// Reading a trace file into buffers that are used again, for a reader that
// says how far back it still holds what it was given. The reader keeps views
// of the chunks it is pushed (a generation's batches, 50 MB and more), so a
// stream's fresh buffer per chunk cost twice: the kernel maps and zeroes new
// pages for every read, and the chunks of generations already done wait for
// the collector (about 64 MB of them) before their memory goes. Here a chunk
// whose bytes all lie before the reader's heldFrom goes back to a free list
// and a later read fills it. A few reads are under way in the thread pool
// while the reader works on the chunk before them.
import { type FileHandle, open } from "node:fs/promises";
import { CliError } from "../cli-error.js";
import { describeFsError } from "./input.js";

/** Bytes per read, as openInput's streams read. */
const CHUNK = 1 << 20;

/** Reads under way at once: the thread pool copies the next chunks while this thread works. */
const READS_IN_FLIGHT = 4;

interface Read {
  readonly position: number;
  readonly buffer: Buffer;
  readonly length: number;
}

/** How chunksReusingBuffers reads; tests read in small chunks and count the buffers made. */
export interface ReuseOptions {
  /** Bytes per read (default 1 MiB). */
  readonly chunkBytes?: number;
  /** Counts the buffers made, and the chunks handed out in a buffer that held an earlier chunk. */
  readonly stats?: { allocated: number; reused: number };
}

/**
 * The chunks of the file at `path`, in order. After the consumer is done
 * with a chunk, the buffers of chunks that end at or before `heldFrom()` are
 * taken back and filled by later reads: the consumer must not use them any
 * more, nor keep views of them beyond what `heldFrom` covers (TraceReader's
 * skip() and heldFrom). File errors are one-line CliErrors.
 */
export async function* chunksReusingBuffers(
  path: string,
  heldFrom: () => number,
  options: ReuseOptions = {},
): AsyncGenerator<Uint8Array> {
  const chunkBytes = options.chunkBytes ?? CHUNK;
  let file: FileHandle;
  try {
    file = await open(path, "r");
  } catch (err) {
    throw new CliError(describeFsError(path, err));
  }
  const free: Buffer[] = [];
  /** Buffers that have held a chunk (only for stats). */
  const used = new WeakSet<Buffer>();
  const held: { end: number; buffer: Buffer }[] = [];
  const readAt = async (position: number): Promise<Read> => {
    let buffer = free.pop();
    if (buffer === undefined) {
      buffer = Buffer.allocUnsafeSlow(chunkBytes);
      if (options.stats !== undefined) options.stats.allocated++;
    }
    try {
      const { bytesRead } = await file.read(buffer, 0, chunkBytes, position);
      return { position, buffer, length: bytesRead };
    } catch (err) {
      free.push(buffer);
      throw new CliError(describeFsError(path, err));
    }
  };
  // Reads go out a chunk apart, in file order; a short read before the end (which a regular
  // file does not give, but a pipe-like file might) sends the ones after it again.
  const inFlight: Promise<Read>[] = [];
  let planned = 0;
  let offset = 0;
  const plan = () => {
    while (inFlight.length < READS_IN_FLIGHT) {
      inFlight.push(readAt(planned));
      planned += chunkBytes;
    }
  };
  try {
    plan();
    for (;;) {
      const read = await (inFlight.shift() as Promise<Read>);
      if (read.position !== offset) {
        // Planned past a short read: its bytes start elsewhere.
        free.push(read.buffer);
        for (const r of inFlight.splice(0)) free.push((await r).buffer);
        planned = offset;
        plan();
        continue;
      }
      if (read.length === 0) return;
      offset += read.length;
      held.push({ end: offset, buffer: read.buffer });
      if (options.stats !== undefined) {
        if (used.has(read.buffer)) options.stats.reused++;
        used.add(read.buffer);
      }
      plan();
      yield read.buffer.subarray(0, read.length);
      const from = heldFrom();
      while (held.length > 0 && (held[0] as { end: number }).end <= from) {
        free.push((held.shift() as { buffer: Buffer }).buffer);
      }
    }
  } finally {
    // Reads still under way (the end was found, or the consumer stopped early) end before the file is closed.
    for (const r of inFlight) await r.catch(() => undefined);
    await file.close();
  }
}
