// gotrace perfetto FILE: the trace as a Perfetto trace (protobuf TracePackets,
// for ui.perfetto.dev and trace_processor), or with --format chrome-json as the
// Chrome Trace Event JSON `go tool trace` serves at /jsontrace. Streamed: the
// input is read and the output written one generation at a time.
import { stat } from "node:fs/promises";
import { deflate } from "node:zlib";
import { TraceError } from "@gotrace/codec";
import { CliError, UsageError } from "../cli-error.js";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import { checkOutputTarget, writeOutputStream } from "../io/write-output-file.js";
import type { Command } from "./command.js";
import { describeTraceError } from "./decode-input.js";
import { loadPerfetto } from "./load.js";
import { progressReporter } from "./progress.js";

const FORMATS = ["perfetto", "chrome-json"] as const;
const COMPRESSIONS = ["deflate", "none"] as const;

export const perfettoCommand: Command = {
  name: "perfetto",
  summary: "the trace for Perfetto's UI (protobuf), or as Chrome Trace Event JSON",
  usage: "gotrace perfetto [-o OUT] [--format perfetto|chrome-json] [--compression deflate|none] [--force] FILE",
  help: `Converts the trace for Perfetto (ui.perfetto.dev, trace_processor): a .perfetto-trace
protobuf file with a track per P showing the goroutines it ran, a track per goroutine
with its states (running, runnable, waiting with the reason, syscall), its user regions,
logs and CPU samples with their stacks, threads in system calls, GC phases,
stop-the-world pauses with their reasons, sweeps and mark assists, user tasks, arrows
from the goroutine that unblocks to the one unblocked, and counters (HeapAlloc,
HeapGoal, GOMAXPROCS, goroutines by state, threads in syscall; for a trace with
alloc/free events, read from a file, also live heap bytes, stack bytes and the top
types' live bytes from gotrace heap's model). Times are the trace
clock's nanoseconds, tied to the wall clock where the trace has clock snapshots (Go
1.25 on). The trace is read and the output written one generation at a time, so a
large trace converts in bounded memory. FILE may be - for standard input.

  -o OUT           write to OUT (whole or not at all) instead of standard output; -
                   is standard output
  --format FORMAT  perfetto (default): Perfetto's protobuf trace; chrome-json: the
                   Chrome Trace Event JSON that go tool trace serves at /jsontrace
                   (opens in ui.perfetto.dev and chrome://tracing too)
  --compression C  deflate (default): the packets are deflated in bundles, as
                   Perfetto's own tracing service writes them when asked to compress,
                   which Perfetto's UI and trace_processor read directly (5 to 15 times
                   smaller, zlib level 2, beside the export on another thread); none:
                   every packet as it is, for tools of your own
  --force          replace OUT if it exists

The protobuf output is binary: gotrace refuses to write it to a terminal; use -o OUT or
a pipe. Progress goes to stderr when it is a terminal. A broken trace is converted up
to the break, with a warning (go tool trace stops at the last generation boundary
before the break, so its JSON of a broken trace can end earlier).`,
  flags: ["--force"],
  options: ["-o", "--format", "--compression"],
  async run(args, out: Output, warn) {
    const formatText = args.options.get("--format") ?? "perfetto";
    const format = FORMATS.find((f) => f === formatText);
    if (format === undefined) throw new UsageError(`--format is one of ${FORMATS.join(", ")}, not ${formatText}`);
    const compressionText = args.options.get("--compression") ?? "deflate";
    const compression = COMPRESSIONS.find((c) => c === compressionText);
    if (compression === undefined)
      throw new UsageError(`--compression is one of ${COMPRESSIONS.join(", ")}, not ${compressionText}`);
    if (format === "chrome-json" && args.options.has("--compression"))
      throw new UsageError("--compression is for the Perfetto format, not chrome-json");
    const target = args.options.get("-o");
    const toStdout = target === undefined || target === "-";
    if (toStdout && out.isTerminal && format === "perfetto") {
      throw new UsageError("the Perfetto trace is binary: give -o OUT or pipe standard output, not a terminal");
    }
    if (!toStdout) checkOutputTarget(target, args.file, args.flags.has("--force"));
    const lib = await loadPerfetto();
    const input = await openInput(args.file);
    const size = args.file === "-" ? undefined : (await stat(args.file)).size;
    const progress = progressReporter(input.name, size, undefined, undefined, "perfetto");
    let bytesRead = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of input.chunks) {
        bytesRead += chunk.length;
        progress.update?.(bytesRead);
        yield chunk;
      }
    }
    const state: { error: Error | null } = { error: null };
    // The heap model of an alloc/free trace reads the trace again, so only a file (opened when needed) gets it.
    const heapCopy: AsyncIterable<Uint8Array> = {
      async *[Symbol.asyncIterator]() {
        yield* (await openInput(args.file)).chunks;
      },
    };
    const options = {
      keepPartial: true,
      heap: args.file === "-" ? false : heapCopy,
      compression,
      deflate: deflateOnThreadPool,
      onError: (e: Error) => {
        state.error = e;
      },
    };
    const chunks =
      format === "perfetto" ? lib.perfettoChunks(counted(), options) : lib.chromeTraceChunks(counted(), options);
    // Not a trace at all (or of a format Go does not know) fails before anything is written.
    const checked = async function* (): AsyncGenerator<Uint8Array> {
      for await (const c of chunks) {
        fatal(state.error, input.name);
        yield c;
      }
      fatal(state.error, input.name);
    };
    try {
      if (toStdout) {
        for await (const c of checked()) await out.write(c);
      } else await writeOutputStream(target, checked());
    } finally {
      progress.done();
    }
    const error = state.error;
    if (error !== null && TraceError.isInstance(error)) {
      warn(`${input.name}: ${describeTraceError(error)}; the output covers the events before that point`);
    }
  },
};

/**
 * Node's zlib deflate of one bundle in a single call on the thread pool (its output buffer holds a
 * whole bundle), so it runs beside the export instead of in steps between its events. Level 2,
 * not zlib's default 6: measured on the packets of the bench's traces, level 6 makes them 6.2×
 * (net/http) and 23.6× (scheduling) smaller at about 58 MB/s, more than the export itself takes;
 * level 2 makes them 5.2× and 14.8× smaller at 220 to 600 MB/s.
 */
export function deflateOnThreadPool(bundle: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    deflate(bundle, { chunkSize: 1 << 20, level: 2 }, (error, out) => (error ? reject(error) : resolve(out)));
  });
}

/** Throws the CLI's error for a reader error that means there is no trace to convert, or a non-trace error. */
function fatal(error: Error | null, name: string): void {
  if (error === null) return;
  if (!TraceError.isInstance(error)) throw error;
  if (error.code === "E_HEADER" || error.code === "E_VERSION") {
    throw new CliError(`${name}: ${describeTraceError(error)}`);
  }
}
