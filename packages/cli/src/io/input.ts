// Opening the trace a command reads: a path, or "-" for standard input,
// as a stream of chunks. Failures become one-line CliErrors.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { CliError } from "../cli-error.js";

/** Chunk size for reading traces: big enough that per-chunk work is noise. */
const CHUNK = 1 << 20;

export interface Input {
  /** How to name the input in messages. */
  readonly name: string;
  readonly chunks: AsyncIterable<Uint8Array>;
  /** The file's path, for a reader that reads it its own way (chunksReusingBuffers); null for standard input. */
  readonly path: string | null;
}

export async function openInput(path: string): Promise<Input> {
  if (path === "-") return { name: "standard input", chunks: process.stdin, path: null };
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(`${path}: is a directory, not a trace file`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(describeFsError(path, err));
  }
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  return { name: path, chunks: guard(path, stream), path };
}

async function* guard(path: string, stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* stream;
  } catch (err) {
    throw new CliError(describeFsError(path, err));
  }
}

export function describeFsError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return `${path}: no such file`;
    case "EACCES":
    case "EPERM":
      return `${path}: permission denied`;
    case "EISDIR":
      return `${path}: is a directory, not a trace file`;
    default:
      return `${path}: cannot read: ${(err as Error | undefined)?.message ?? String(err)}`;
  }
}
