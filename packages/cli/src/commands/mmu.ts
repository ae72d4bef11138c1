// gotrace mmu: minimum mutator utilization, as go tool trace's /mmu page
// computes it (internal/trace's MutatorUtilizationV2 and MMUCurve), at a set
// of window sizes, with the worst windows of each.
import { stat } from "node:fs/promises";
import type { MMUAnalysis, ReadingPort } from "@gotrace/analysis";
import { TraceError } from "@gotrace/codec";
import { CliError, UsageError } from "../cli-error.js";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command, CommandArgs } from "./command.js";
import { describeTraceError } from "./decode-input.js";
import { parseDuration } from "./duration.js";
import { withReadingWorker } from "./analyze-input.js";
import { loadAnalysis } from "./load.js";
import { progressReporter } from "./progress.js";

/** The /mmu page's "Show percentiles" quantiles, given in the JSON as Go's MUD at each window. */
const MUD_QUANTILES = [0, 0.001, 0.01, 0.05];

/** The flags --flags takes; PerProc has its own switch, as the page has a radio button for it. */
const FLAG_NAMES = ["stw", "background", "assist", "sweep"];

export const mmuCommand: Command = {
  name: "mmu",
  summary: "minimum mutator utilization: the GC's worst windows at each window size",
  usage: "gotrace mmu [--json] [--flags LIST] [--per-p] [--windows LIST] [--worst N] FILE",
  help: `Prints the minimum mutator utilization (MMU) of the trace as go tool trace's /mmu
page computes it: for each window size, the lowest share of the machine the program
itself had in any window of that size, and the worst windows (their start, from the
trace's start, and utilization). The numbers are Go's (internal/trace's
MutatorUtilizationV2 and MMUCurve). FILE may be - for standard input.

  --json          print the curve as JSON (schema gotrace.mmu/v1, see @gotrace/analysis's
                  README), with the MUD quantiles Go gives at each window
  --flags LIST    what takes the mutator's time, comma-separated, from stw, background
                  (mark workers), assist (mark assists), sweep; default stw,background,assist
                  as on the /mmu page; none for nothing
  --per-p         one utilization per P (the page's "Per-goroutine" view) instead of the
                  whole system
  --windows LIST  window sizes, comma-separated, as 500us, 10ms, 1s or ns; default 1us,
                  10us, 100us, 1ms, 10ms, 100ms, 1s and the trace's length
  --worst N       worst windows per size (default 5; 0 for none)

A trace without a GOMAXPROCS metric (some Go 1.21 traces) has nothing to measure: MMU 1
everywhere, as Go's. Progress goes to stderr when it is a terminal. A broken trace is
measured up to the last Sync before the break, as go tool trace does, with a warning.`,
  flags: ["--json", "--per-p"],
  options: ["--flags", "--windows", "--worst"],
  async run(args, out: Output, warn) {
    const flagNames = flagsOption(args);
    const windowsOption = windowList(args);
    const worst = worstOption(args);
    const lib = await loadAnalysis();
    const flags = lib.parseUtilFlags(args.flags.has("--per-p") ? [...flagNames, "perProc"] : flagNames);
    const a = await readMMU(args, warn, (chunks, onProgress, readingWorker) =>
      lib.analyzeMMU(chunks, { flags, onProgress, keepPartial: true, readingWorker }),
    );
    const u = a.utilization;
    const duration = u.endTime - u.startTime;
    const windows = windowsOption ?? lib.mmuWindows(duration);
    const points = windows.map((window) => ({
      window,
      mmu: a.curve.mmu(window),
      examples: worst === 0 ? [] : a.curve.examples(window, worst),
      mud: a.curve.mud(window, MUD_QUANTILES),
    }));
    if (args.flags.has("--json")) {
      const doc = {
        schema: "gotrace.mmu/v1",
        trace: { events: u.events, startTime: u.startTime, endTime: u.endTime },
        eventsRead: a.eventsRead,
        durationNs: duration,
        flags: lib.utilFlagNames(flags),
        flagsValue: flags,
        seriesLengths: u.series.map((s) => s.length),
        mudQuantiles: MUD_QUANTILES,
        points,
        limits: a.limits,
      };
      out.write(`${JSON.stringify(doc, null, 2)}\n`);
      return;
    }
    const d = lib.formatDuration;
    const named = flagNames.length === 0 ? "nothing" : flagNames.join(", ");
    const view = args.flags.has("--per-p") ? "per P" : "system-wide";
    const nPoints = u.series.reduce((n, s) => n + s.length, 0);
    out.write(`Mutator utilization counting ${named} against it, ${view}\n`);
    out.write(`${u.events} events over ${d(duration)}; ${u.series.length} series of ${nPoints} points in all\n\n`);
    const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
    const rows = points.map((p) => [
      d(p.window),
      pct(p.mmu),
      p.examples.map((e) => `${d(e.time - u.startTime)}: ${pct(e.mutatorUtil)}`).join(", "),
    ]);
    const headers = ["WINDOW", "MMU", worst === 0 ? "" : "WORST WINDOWS (start after the trace's start: utilization)"];
    // Window and MMU line up on their last digit; the list of windows reads from the left.
    const w0 = Math.max(headers[0]?.length ?? 0, ...rows.map((r) => (r[0] ?? "").length));
    const w1 = Math.max(headers[1]?.length ?? 0, ...rows.map((r) => (r[1] ?? "").length));
    const line = (r: string[]) => `${(r[0] ?? "").padStart(w0)}  ${(r[1] ?? "").padStart(w1)}  ${r[2] ?? ""}`.trimEnd();
    out.write(`${[headers, ...rows].map(line).join("\n")}\n`);
    for (const limit of a.limits) out.write(`\n${limit}\n`);
  },
};

/** --flags: names from FLAG_NAMES, comma-separated, or "none"; the /mmu page's default when not given. */
function flagsOption(args: CommandArgs): string[] {
  const text = args.options.get("--flags");
  if (text === undefined) return ["stw", "background", "assist"];
  if (text === "none") return [];
  const names = text.split(",").map((s) => s.trim());
  for (const n of names) {
    if (!FLAG_NAMES.includes(n)) {
      throw new UsageError(
        `--flags takes ${FLAG_NAMES.join(", ")} (comma-separated) or none, not ${JSON.stringify(n)}`,
      );
    }
  }
  return names;
}

/** --windows: positive durations, comma-separated; null when not given. */
function windowList(args: CommandArgs): number[] | null {
  const text = args.options.get("--windows");
  if (text === undefined) return null;
  return text.split(",").map((s) => {
    const ns = parseDuration(s);
    if (ns === null || ns <= 0) throw new UsageError(`--windows takes durations such as 1ms or 500us, not ${s}`);
    return ns;
  });
}

/** --worst N: a whole number ≥ 0, 5 by default (the goldens' count). */
function worstOption(args: CommandArgs): number {
  const text = args.options.get("--worst");
  if (text === undefined) return 5;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--worst needs a whole number, not ${text}`);
  return n;
}

/**
 * Reads FILE with progress on a terminal; a broken trace is kept up to its last Sync with a
 * warning, anything else that fails (not a trace, unreadable) is an error.
 */
async function readMMU(
  args: CommandArgs,
  warn: (message: string) => void,
  analyse: (
    chunks: AsyncIterable<Uint8Array>,
    onProgress: ((bytesRead: number) => void) | undefined,
    readingWorker: ReadingPort | undefined,
  ) => Promise<MMUAnalysis>,
): Promise<MMUAnalysis> {
  const input = await openInput(args.file);
  const size = args.file === "-" ? undefined : (await stat(args.file)).size;
  const progress = progressReporter(input.name, size, undefined, undefined, "mmu");
  let a: MMUAnalysis;
  try {
    a = await withReadingWorker(size, (readingWorker) => analyse(input.chunks, progress.update, readingWorker));
  } finally {
    progress.done();
  }
  const error = a.error;
  if (error !== null) {
    if (!TraceError.isInstance(error)) throw error;
    if (error.code === "E_HEADER" || error.code === "E_VERSION") {
      throw new CliError(`${input.name}: ${describeTraceError(error)}`);
    }
    warn(
      `${input.name}: ${describeTraceError(error)}; the utilization covers the ${a.utilization.events} events up to the last Sync before that point`,
    );
  }
  return a;
}
