// gotrace report: the trace's analyses on one self-contained HTML page
// (goroutine groups with a breakdown bar each, task and region latency
// histograms, the MMU curve) and, for a trace with alloc/free events, the heap
// report's sections after them. Without --html, a short text summary.
import { stat } from "node:fs/promises";
import type { MMUAnalysis, ReadingPort, TraceAnalysis } from "@gotrace/analysis";
import type { HtmlParts } from "@gotrace/analysis/html";
import { TraceError } from "@gotrace/codec";
import { concatBytes } from "@gotrace/codec/internal";
import type { analyzeHeapInWorker } from "@gotrace/heap";
import { CliError } from "../cli-error.js";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import { checkOutputTarget, writeOutputFile } from "../io/write-output-file.js";
import { topOption, withReadingWorker } from "./analyze-input.js";
import type { Command, CommandArgs } from "./command.js";
import { describeTraceError } from "./decode-input.js";
import { startHeapWorker } from "./worker-port.js";
import { loadAnalysis, loadAnalysisHtml, loadHeap, loadHeapHtml } from "./load.js";
import { progressReporter } from "./progress.js";

export const reportCommand: Command = {
  name: "report",
  summary: "one self-contained HTML page of the analyses (and the heap report for alloc/free traces)",
  usage: "gotrace report [--html OUT] [--top N] [--force] FILE",
  help: `Writes the trace's analyses as one self-contained HTML page (inline CSS and SVG,
nothing fetched): overview cards; goroutines by start function with their execution,
scheduler wait, block (by reason), syscall and unknown time and a breakdown bar per
group; cmd/trace's log-scale duration histograms with p50/p90/p99/max of the most
frequent task and region types; and the MMU curve from 1us to the trace's length with
its worst windows. A trace recorded with GODEBUG=traceallocfree=1 also gets the heap
report's sections (as gotrace heap --html), after the analyses. FILE may be - for
standard input (read once into memory). The analyses take one read of the trace,
the heap report a second one, on a worker thread.

  --html OUT  write the page to OUT (whole or not at all); without it, a short text
              summary is printed and the page is not made
  --top N     start functions with a row of their own (default 20; the rest share one)
  --force     replace OUT if it exists

Progress goes to stderr when it is a terminal. A broken trace is analysed up to the
break, with one warning; the page's limits say what that leaves out.`,
  flags: ["--force"],
  options: ["--html", "--top"],
  async run(args, out: Output, warn) {
    const htmlOut = args.options.get("--html");
    if (htmlOut !== undefined) checkOutputTarget(htmlOut, args.file, args.flags.has("--force"));
    const top = topOption(args, 20);
    const lib = await loadAnalysis();
    const source = await traceSource(args);
    // The summaries and the MMU (the /mmu page's default flags) in one read.
    const analysis = await withProgress(source, "report", (chunks, onProgress, readingWorker) =>
      lib.analyzeTrace(chunks, { onProgress, keepPartial: true, mmuFlags: lib.DEFAULT_UTIL_FLAGS, readingWorker }),
    );
    checkBroken(source.name, analysis.error, warn, `the analysis covers the ${analysis.summary.events} events`);
    const mmu = analysis.mmu;
    if (mmu === null) throw new Error("analyzeTrace gave no MMU for mmuFlags");
    if (htmlOut === undefined) {
      out.write(textSummary(lib, analysis, mmu));
      return;
    }
    const heap = await heapParts(source, warn);
    const { renderAnalysisHtml } = await loadAnalysisHtml();
    const title = args.file === "-" ? "standard input" : args.file;
    const html = renderAnalysisHtml(analysis, mmu, {
      title,
      topGroups: top,
      extraParts: heap === null ? [] : [heap],
    });
    await writeOutputFile(htmlOut, html);
    out.write(`wrote ${htmlOut}${heap === null ? "" : " (with the heap report)"}\n`);
  },
};

/** Where the trace comes from: a file, opened anew for each pass, or standard input, read once and kept. */
interface Source {
  name: string;
  size: number | undefined;
  open(): Promise<AsyncIterable<Uint8Array> | Uint8Array>;
}

async function traceSource(args: CommandArgs): Promise<Source> {
  if (args.file !== "-") {
    const first = await openInput(args.file);
    const size = (await stat(args.file)).size;
    let opened: AsyncIterable<Uint8Array> | null = first.chunks;
    return {
      name: first.name,
      size,
      async open() {
        // The first pass reads the stream openInput checked; later ones open the file again.
        const chunks = opened ?? (await openInput(args.file)).chunks;
        opened = null;
        return chunks;
      },
    };
  }
  // Standard input can be read once: keep it whole for the analyses' pass and the heap's.
  const input = await openInput("-");
  const parts: Uint8Array[] = [];
  for await (const chunk of input.chunks) parts.push(chunk);
  const bytes = concatBytes(parts);
  return { name: input.name, size: bytes.length, open: async () => bytes };
}

async function withProgress<R>(
  source: Source,
  label: string,
  run: (
    chunks: AsyncIterable<Uint8Array> | Uint8Array,
    onProgress: ((n: number) => void) | undefined,
    readingWorker: ReadingPort | undefined,
  ) => Promise<R>,
): Promise<R> {
  const progress = progressReporter(source.name, source.size, undefined, undefined, label);
  try {
    const chunks = await source.open();
    return await withReadingWorker(source.size, (readingWorker) => run(chunks, progress.update, readingWorker));
  } finally {
    progress.done();
  }
}

/** A broken trace gives one warning and the analyses up to the break; anything else fails the command. */
function checkBroken(name: string, error: Error | null, warn: (m: string) => void, covered: string): void {
  if (error === null) return;
  if (!TraceError.isInstance(error)) throw error;
  if (error.code === "E_HEADER" || error.code === "E_VERSION")
    throw new CliError(`${name}: ${describeTraceError(error)}`);
  warn(`${name}: ${describeTraceError(error)}; ${covered} before that point`);
}

/** The heap report's parts when the trace has alloc/free events, else null; analysed on a worker as `gotrace heap` does. */
async function heapParts(source: Source, warn: (m: string) => void): Promise<HtmlParts | null> {
  const { analyzeHeapInWorker } = await loadHeap();
  const worker = startHeapWorker();
  let result: Awaited<ReturnType<typeof analyzeHeapInWorker>>;
  try {
    result = await withProgress(source, "report: heap", (chunks, onProgress) =>
      analyzeHeapInWorker(chunks, worker.port, {
        onProgress,
        keepPartial: true,
        onWarning: (message) => warn(`${source.name}: ${message}`),
      }),
    );
  } finally {
    worker.stop();
  }
  // A broken trace was reported by the first pass; the heap report's own limits say it again on the page.
  if (result.error !== null && !TraceError.isInstance(result.error)) throw result.error;
  if (result.report.trace.allocFreeEvents === 0) return null;
  const { renderHtmlParts } = await loadHeapHtml();
  return renderHtmlParts(result.report);
}

function textSummary(lib: typeof import("@gotrace/analysis"), a: TraceAnalysis, mmu: MMUAnalysis): string {
  const d = lib.formatDuration;
  const s = a.summary;
  const tasks = s.tasks.filter((t) => t.id > 0).length;
  let regions = 0;
  for (const r of a.regionTypes) regions += r.count;
  const lines = [
    `${d(s.endTime - s.startTime)} of trace, ${s.events} events, ${s.goroutines.length} goroutines in ${a.groups.length} start functions`,
    `${tasks} tasks of ${a.taskTypes.length} types, ${regions} regions of ${a.regionTypes.length} types`,
  ];
  const u = mmu.utilization;
  const duration = u.endTime - u.startTime;
  const at = [1e6, 1e7, 1e8].filter((w) => w <= duration);
  if (at.length > 0) {
    lines.push(
      `MMU (stw, background, assist): ${at.map((w) => `${d(w)} ${(mmu.curve.mmu(w) * 100).toFixed(1)}%`).join(", ")}`,
    );
  }
  // analyzeTrace's limits include the MMU's.
  for (const limit of a.limits) lines.push(limit);
  lines.push("gotrace report --html OUT FILE writes the page: goroutine breakdown, latency histograms, MMU curve");
  lines.push("(and the heap report for a GODEBUG=traceallocfree=1 trace).");
  return `${lines.join("\n")}\n`;
}
