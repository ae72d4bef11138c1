// gotrace heap: the heap analysis of a trace recorded with
// GODEBUG=traceallocfree=1, as a summary, JSON, a pprof profile or an HTML page.
import { stat } from "node:fs/promises";
import { TraceError } from "@gotrace/codec";
import type { analyzeHeapInWorker } from "@gotrace/heap";
import { loadHeap } from "./load.js";
import { startHeapWorker } from "./worker-port.js";
import { CliError, UsageError } from "../cli-error.js";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import { checkOutputTarget, writeOutputFile } from "../io/write-output-file.js";
import type { Command } from "./command.js";
import { describeTraceError } from "./decode-input.js";
import { parseDuration } from "./duration.js";
import { progressReporter } from "./progress.js";

export const heapCommand: Command = {
  name: "heap",
  summary: "heap analysis of a trace recorded with GODEBUG=traceallocfree=1",
  usage: "gotrace heap [--json] [--pprof OUT] [--html OUT] [--diff FROM:TO] [--top N] [--force] FILE",
  help: `Follows every heap span, object and goroutine stack the trace records
(Go 1.23+, GODEBUG=traceallocfree=1) and prints what is live and when: top types
at the end and at the peak, allocation by type, goroutine (start function), task
and region, lifetimes, leak suspects, span churn, stack growth, and how the
runtime's HeapAlloc metric relates to it. FILE may be - for standard input.

  --json         print the report as JSON (schema gotrace.heap/v1, see @gotrace/heap's README)
  --pprof OUT    write a gzipped pprof profile (inuse/alloc objects and space; frames are
                 the type and the allocating goroutine's start function)
  --html OUT     write a self-contained HTML report with charts
  --diff FROM:TO add live objects per type at FROM against TO; times after the trace's
                 first event, e.g. 10ms:1.5s (units ns, us, ms, s; plain numbers are ns)
  --top N        rows per table in the summary and types in the timeline (default 10)
  --force        replace OUT files that exist

Progress goes to stderr when it is a terminal. A broken trace is analysed up to
the break, with a warning. A damaged AllocFree batch (type table, info batch) is
left out with a warning and named in the report's limits; the analysis goes on.`,
  flags: ["--json", "--force"],
  options: ["--pprof", "--html", "--diff", "--top"],
  async run(args, out: Output, warn) {
    const force = args.flags.has("--force");
    const pprofOut = args.options.get("--pprof");
    const htmlOut = args.options.get("--html");
    for (const target of [pprofOut, htmlOut]) if (target !== undefined) checkOutputTarget(target, args.file, force);
    if (pprofOut !== undefined && pprofOut === htmlOut) throw new UsageError("--pprof and --html name the same file");
    const diff = parseDiff(args.options.get("--diff"));
    const topText = args.options.get("--top");
    const top = topText === undefined ? 10 : Number(topText);
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top needs a positive whole number, not ${topText}`);

    const { analyzeHeapInWorker, formatSummary, gzipHeapProfile, renderHtmlReport } = await loadHeap();
    const input = await openInput(args.file);
    const size = args.file === "-" ? undefined : (await stat(args.file)).size;
    const progress = progressReporter(input.name, size);
    // Reading and digesting happen here, applying the records on a worker
    // thread: the two halves run side by side on two cores.
    const worker = startHeapWorker();
    let result: Awaited<ReturnType<typeof analyzeHeapInWorker>>;
    try {
      result = await analyzeHeapInWorker(input.chunks, worker.port, {
        diff,
        topTypes: Math.min(top, 12),
        onProgress: progress.update,
        keepPartial: true,
        // A damaged experimental batch is left out and the analysis goes on; say so as it happens.
        onWarning: (message) => warn(`${input.name}: ${message}`),
      });
    } finally {
      progress.done();
      worker.stop();
    }
    const { report, pprof, error } = result;
    if (error !== null) {
      // Only a broken trace is analysed up to the break; anything else (an unreadable file, a bug) fails.
      if (!TraceError.isInstance(error)) throw error;
      // Not a trace at all (or one of a format Go does not know): nothing to analyse, as for every other command.
      if (error.code === "E_HEADER" || error.code === "E_VERSION") {
        throw new CliError(`${input.name}: ${describeTraceError(error)}`);
      }
      warn(
        `${input.name}: ${describeTraceError(error)}; the analysis covers the ${report.trace.events} events before that point`,
      );
    }
    if (pprofOut !== undefined) await writeOutputFile(pprofOut, await gzipHeapProfile(pprof));
    if (htmlOut !== undefined) await writeOutputFile(htmlOut, renderHtmlReport(report));
    if (args.flags.has("--json")) out.write(`${JSON.stringify(report, null, 2)}\n`);
    else if (pprofOut === undefined && htmlOut === undefined) out.write(formatSummary(report, top));
    else {
      const wrote = [pprofOut, htmlOut].filter((t) => t !== undefined).join(" and ");
      out.write(`wrote ${wrote}\n`);
    }
  },
};

function parseDiff(text: string | undefined): { fromNs: number; toNs: number } | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(":");
  const from = parts.length === 2 ? parseDuration(parts[0] as string) : null;
  const to = parts.length === 2 ? parseDuration(parts[1] as string) : null;
  if (from === null || to === null) {
    throw new UsageError(`--diff needs FROM:TO with durations such as 10ms:2s, not ${JSON.stringify(text)}`);
  }
  if (to < from) throw new UsageError(`--diff: ${parts[1]} comes before ${parts[0]}`);
  return { fromNs: from, toNs: to };
}
