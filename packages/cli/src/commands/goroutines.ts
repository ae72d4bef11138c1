// gotrace goroutines: where each goroutine's time went, as Go's summarizer
// (and cmd/trace's goroutines pages) count it, grouped by start function.
import type { ExecStats } from "@gotrace/analysis";
import type { Output } from "../io/output.js";
import { analyzeInput, formatTable, jsonHead, moreLine, sortOption, topOption } from "./analyze-input.js";
import type { Command } from "./command.js";

const SORTS = ["exec", "sched", "block", "syscall", "total", "count"] as const;

function blockTime(s: ExecStats): number {
  let sum = s.syscallBlockTime;
  for (const v of Object.values(s.blockTimeByReason)) sum += v;
  return sum;
}

function sortValue(key: (typeof SORTS)[number], s: ExecStats, count: number): number {
  switch (key) {
    case "exec":
      return s.execTime;
    case "sched":
      return s.schedWaitTime;
    case "block":
      return blockTime(s);
    case "syscall":
      return s.syscallTime;
    case "total":
      return s.totalTime;
    case "count":
      return count;
  }
}

export const goroutinesCommand: Command = {
  name: "goroutines",
  summary: "goroutines by start function: execution, scheduler wait, block and syscall time",
  usage: "gotrace goroutines [--json] [--top N] [--sort KEY] FILE",
  help: `Summarises every goroutine as Go's own trace tools do (internal/trace's summarizer,
the numbers of go tool trace's goroutine pages): its start function, when it was
created, started and ended, and how its time divides into execution, waiting for a
P, blocking (by reason), system calls with and without a P, and GC and
stop-the-world ranges. Prints the goroutines grouped by start function, then the
individual goroutines. Durations as Go prints them. FILE may be - for standard input.

  --json      print every goroutine and group as JSON (schema gotrace.goroutines/v1,
              see @gotrace/analysis's README)
  --top N     rows per table (default 20)
  --sort KEY  order of both tables: exec (default), sched, block (all block reasons
              and syscall block), syscall, total, count (groups; goroutines by id)

Progress goes to stderr when it is a terminal. A broken trace is analysed up to the
break, with a warning.`,
  flags: ["--json"],
  options: ["--top", "--sort"],
  async run(args, out: Output, warn) {
    const top = topOption(args, 20);
    const sort = sortOption(args, SORTS);
    const { analysis, lib } = await analyzeInput("goroutines", args, warn);
    const { summary, groups } = analysis;
    if (args.flags.has("--json")) {
      out.write(
        `${JSON.stringify({ ...jsonHead("gotrace.goroutines/v1", analysis), groups, goroutines: summary.goroutines }, null, 2)}\n`,
      );
      return;
    }
    const d = lib.formatDuration;
    const columns = ["EXEC", "SCHED WAIT", "BLOCK", "SYSCALL", "SYSCALL BLOCK", "GC/STW RANGES", "TOTAL"];
    const cells = (s: ExecStats) => {
      let ranges = 0;
      for (const v of Object.values(s.rangeTime)) ranges += v;
      const block = blockTime(s) - s.syscallBlockTime;
      return [
        d(s.execTime),
        d(s.schedWaitTime),
        d(block),
        d(s.syscallTime),
        d(s.syscallBlockTime),
        d(ranges),
        d(s.totalTime),
      ];
    };
    const byGroup = [...groups].sort((a, b) => sortValue(sort, b.stats, b.count) - sortValue(sort, a.stats, a.count));
    const shownGroups = byGroup.slice(0, top);
    out.write(
      `${summary.goroutines.length} goroutines, ${groups.length} start functions, ${d(summary.endTime - summary.startTime)} of trace\n\n`,
    );
    out.write(
      formatTable(
        ["START FUNCTION", "COUNT", ...columns],
        shownGroups.map((g) => [g.name === "" ? "(unknown)" : g.name, String(g.count), ...cells(g.stats)]),
      ),
    );
    out.write(moreLine(shownGroups.length, groups.length, "start functions"));
    const byGoroutine =
      sort === "count"
        ? summary.goroutines
        : [...summary.goroutines].sort(
            (a, b) => sortValue(sort, b.stats, 1) - sortValue(sort, a.stats, 1) || a.id - b.id,
          );
    const shown = byGoroutine.slice(0, top);
    out.write("\n");
    out.write(
      formatTable(
        ["GOROUTINE", "START FUNCTION", ...columns],
        shown.map((g) => [String(g.id), g.name === "" ? "(unknown)" : g.name, ...cells(g.stats)]),
        2,
      ),
    );
    out.write(moreLine(shown.length, summary.goroutines.length, "goroutines"));
    for (const limit of analysis.limits) out.write(`\n${limit}\n`);
  },
};
