// What `goroutines`, `tasks` and `regions` share: read FILE through
// @gotrace/analysis with progress on a terminal, analyse a broken trace up to
// the break with a warning (as `gotrace heap` does), and the parts of their
// text and JSON output that are the same.
import { stat } from "node:fs/promises";
import { TraceError } from "@gotrace/codec";
import type { ReadingPort, TraceAnalysis } from "@gotrace/analysis";
import { CliError, UsageError } from "../cli-error.js";
import { openInput } from "../io/input.js";
import type { CommandArgs } from "./command.js";
import { describeTraceError } from "./decode-input.js";
import { loadAnalysis } from "./load.js";
import { progressReporter } from "./progress.js";
import { startReadingWorker } from "./worker-port.js";

/**
 * Traces from this size on (and standard input) are read on a worker thread while the main
 * thread analyses them; below it, starting the worker costs more than it saves.
 */
const READING_WORKER_MIN_BYTES = 256 * 1024;

/**
 * Runs `read` with a worker thread to read the trace on when the input is `size` bytes (undefined:
 * standard input, of unknown size) and big enough to gain by it; the worker ends with `read`.
 */
export async function withReadingWorker<R>(
  size: number | undefined,
  read: (readingWorker: ReadingPort | undefined) => Promise<R>,
): Promise<R> {
  // GOTRACE_READING_WORKER=always or never overrides the choice (the fuzzer reads small mutants on a worker).
  const choice = process.env.GOTRACE_READING_WORKER;
  const wanted =
    choice === "always" || (choice !== "never" && (size === undefined || size >= READING_WORKER_MIN_BYTES));
  const worker = wanted ? startReadingWorker() : null;
  try {
    return await read(worker?.port);
  } finally {
    worker?.stop();
  }
}

/** The analysis of FILE, and the module it came from (for its formatters). */
export async function analyzeInput(
  command: string,
  args: CommandArgs,
  warn: (message: string) => void,
): Promise<{ analysis: TraceAnalysis; lib: typeof import("@gotrace/analysis") }> {
  const { result, lib } = await readInputWith(
    command,
    args,
    warn,
    (lib, chunks, onProgress, readingWorker) =>
      lib.analyzeTrace(chunks, { onProgress, keepPartial: true, readingWorker }),
    (a) => `the ${a.summary.events} events`,
  );
  return { analysis: result, lib };
}

/**
 * Reads FILE through one of @gotrace/analysis's entry points (`analyse`, which must keep what it
 * read of a broken trace and return the error beside it, and read on `readingWorker` when there
 * is one), with progress on a terminal. A broken
 * trace gives a warning that names the error and how many events `covered` says were used.
 */
export async function readInputWith<R extends { error: Error | null }>(
  command: string,
  args: CommandArgs,
  warn: (message: string) => void,
  analyse: (
    lib: typeof import("@gotrace/analysis"),
    chunks: AsyncIterable<Uint8Array>,
    onProgress: ((bytesRead: number) => void) | undefined,
    readingWorker: ReadingPort | undefined,
  ) => Promise<R>,
  covered: (result: R) => string,
): Promise<{ result: R; lib: typeof import("@gotrace/analysis") }> {
  const lib = await loadAnalysis();
  const input = await openInput(args.file);
  const size = args.file === "-" ? undefined : (await stat(args.file)).size;
  const progress = progressReporter(input.name, size, undefined, undefined, command);
  let result: R;
  try {
    result = await withReadingWorker(size, (readingWorker) =>
      analyse(lib, input.chunks, progress.update, readingWorker),
    );
  } finally {
    progress.done();
  }
  const error = result.error;
  if (error !== null) {
    // Only a broken trace is analysed up to the break; anything else (an unreadable file, a bug) fails.
    if (!TraceError.isInstance(error)) throw error;
    // Not a trace at all (or of a format Go does not know): nothing to analyse.
    if (error.code === "E_HEADER" || error.code === "E_VERSION") {
      throw new CliError(`${input.name}: ${describeTraceError(error)}`);
    }
    warn(`${input.name}: ${describeTraceError(error)}; the analysis covers ${covered(result)} before that point`);
  }
  return { result, lib };
}

/** The fields every analysis command's JSON starts with. */
export function jsonHead(schema: string, a: TraceAnalysis) {
  return {
    schema,
    trace: { events: a.summary.events, startTime: a.summary.startTime, endTime: a.summary.endTime },
    limits: a.limits,
  };
}

/** --top N: a positive whole number, `fallback` when not given. */
export function topOption(args: CommandArgs, fallback: number): number {
  const text = args.options.get("--top");
  if (text === undefined) return fallback;
  const top = Number(text);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top needs a positive whole number, not ${text}`);
  return top;
}

/** --sort KEY, one of `keys` (the first when not given). */
export function sortOption<K extends string>(args: CommandArgs, keys: readonly K[]): K {
  const text = args.options.get("--sort");
  if (text === undefined) return keys[0] as K;
  const key = keys.find((k) => k === text);
  if (key === undefined) throw new UsageError(`--sort takes one of ${keys.join(", ")}, not ${text}`);
  return key;
}

/**
 * Rows as aligned columns, two spaces apart: text columns padded on the right, the others
 * (numbers, durations) on the left so that they line up by their last digit.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < textColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join("\n")}\n`;
}

/** The sentence after a table cut to --top rows. */
export function moreLine(shown: number, total: number, what: string): string {
  return shown < total ? `(${total - shown} more ${what}; --top N shows more, --json all)\n` : "";
}
