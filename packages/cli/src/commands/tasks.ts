// gotrace tasks: user tasks (runtime/trace.NewTask) by type, with cmd/trace's
// counts, durations and quantiles, then the longest tasks one by one.
import type { Output } from "../io/output.js";
import { analyzeInput, formatTable, jsonHead, moreLine, sortOption, topOption } from "./analyze-input.js";
import type { Command } from "./command.js";

const SORTS = ["duration", "id"] as const;

export const tasksCommand: Command = {
  name: "tasks",
  summary: "user tasks by type: count, durations and quantiles, and the tasks themselves",
  usage: "gotrace tasks [--json] [--top N] [--sort duration|id] FILE",
  help: `Lists the trace's user tasks (runtime/trace.NewTask) as go tool trace's /usertasks
page counts them: per task type how many there are, how many are complete (both
begin and end in the trace), their total duration and the p50, p90, p99 and max
durations (nearest rank). Then the tasks one by one: parent, duration, regions,
logs and goroutines. FILE may be - for standard input.

  --json      print every task, and per type the quantiles and cmd/trace's
              duration histogram, as JSON (schema gotrace.tasks/v1, see
              @gotrace/analysis's README)
  --top N     tasks listed one by one (default 20)
  --sort KEY  duration (default: longest complete tasks first, then the
              incomplete ones) or id

Progress goes to stderr when it is a terminal. A broken trace is analysed up to the
break, with a warning.`,
  flags: ["--json"],
  options: ["--top", "--sort"],
  async run(args, out: Output, warn) {
    const top = topOption(args, 20);
    const sort = sortOption(args, SORTS);
    const { analysis, lib } = await analyzeInput("tasks", args, warn);
    const { summary, taskTypes } = analysis;
    if (args.flags.has("--json")) {
      out.write(
        `${JSON.stringify({ ...jsonHead("gotrace.tasks/v1", analysis), types: taskTypes, tasks: summary.tasks }, null, 2)}\n`,
      );
      return;
    }
    const d = lib.formatDuration;
    const q = (v: number | undefined) => (v === undefined ? "-" : d(v));
    out.write(`${summary.tasks.length} tasks of ${taskTypes.length} types\n\n`);
    out.write(
      formatTable(
        ["TASK TYPE", "COUNT", "COMPLETE", "TOTAL", "P50", "P90", "P99", "MAX"],
        taskTypes.map((t) => [
          t.name === "" ? "(unnamed)" : t.name,
          String(t.count),
          String(t.complete),
          d(t.totalNs),
          q(t.quantiles?.p50),
          q(t.quantiles?.p90),
          q(t.quantiles?.p99),
          q(t.quantiles?.max),
        ]),
      ),
    );
    if (summary.tasks.length === 0) return;
    const duration = (t: (typeof summary.tasks)[number]) =>
      t.start !== null && t.end !== null ? t.end.time - t.start.time : -1;
    const tasks =
      sort === "id" ? summary.tasks : [...summary.tasks].sort((a, b) => duration(b) - duration(a) || a.id - b.id);
    const shown = tasks.slice(0, top);
    out.write("\n");
    out.write(
      formatTable(
        ["ID", "TYPE", "PARENT", "DURATION", "REGIONS", "LOGS", "GOROUTINES"],
        shown.map((t) => [
          String(t.id),
          t.name === "" ? "(unnamed)" : t.name,
          t.parent === null ? "-" : String(t.parent),
          t.complete ? d(duration(t)) : t.start === null ? "(began before)" : "(not ended)",
          String(t.regions.length),
          String(t.logs.length),
          String(t.goroutines.length),
        ]),
        2,
      ),
    );
    out.write(moreLine(shown.length, summary.tasks.length, "tasks"));
    for (const limit of analysis.limits) out.write(`\n${limit}\n`);
  },
};
