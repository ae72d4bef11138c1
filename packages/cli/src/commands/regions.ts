// gotrace regions: user regions (runtime/trace.WithRegion) by type, as
// cmd/trace's /userregions page groups them, with durations and quantiles.
import type { Output } from "../io/output.js";
import { analyzeInput, formatTable, jsonHead, moreLine, sortOption, topOption } from "./analyze-input.js";
import type { Command } from "./command.js";

const SORTS = ["total", "count", "name"] as const;

export const regionsCommand: Command = {
  name: "regions",
  summary: "user regions by type: count, total time and quantiles",
  usage: "gotrace regions [--json] [--top N] [--sort total|count|name] FILE",
  help: `Lists the trace's user regions (runtime/trace.WithRegion, StartRegion) by type as
go tool trace's /userregions page groups them: by region name and the outermost
frame of the stack where it began. Per type: how many, the total time and the p50,
p90, p99 and max durations (nearest rank). A region that began before the trace
counts from its first event, one still open from its last. FILE may be - for
standard input.

  --json      print every region type with cmd/trace's duration histogram as JSON
              (schema gotrace.regions/v1, see @gotrace/analysis's README)
  --top N     rows (default 20)
  --sort KEY  total (default), count or name

Progress goes to stderr when it is a terminal. A broken trace is analysed up to the
break, with a warning.`,
  flags: ["--json"],
  options: ["--top", "--sort"],
  async run(args, out: Output, warn) {
    const top = topOption(args, 20);
    const sort = sortOption(args, SORTS);
    const { analysis, lib } = await analyzeInput("regions", args, warn);
    const { regionTypes } = analysis;
    if (args.flags.has("--json")) {
      out.write(`${JSON.stringify({ ...jsonHead("gotrace.regions/v1", analysis), types: regionTypes }, null, 2)}\n`);
      return;
    }
    const d = lib.formatDuration;
    const q = (v: number | undefined) => (v === undefined ? "-" : d(v));
    const types =
      sort === "name"
        ? regionTypes
        : [...regionTypes].sort((a, b) => (sort === "total" ? b.totalNs - a.totalNs : b.count - a.count));
    const shown = types.slice(0, top);
    const regions = regionTypes.reduce((n, t) => n + t.count, 0);
    out.write(`${regions} regions of ${regionTypes.length} types\n\n`);
    out.write(
      formatTable(
        ["REGION TYPE", "STARTED IN", "COUNT", "TOTAL", "P50", "P90", "P99", "MAX"],
        shown.map((t) => [
          t.name === "" ? "(inherited at creation)" : t.name,
          t.frame === null ? "-" : t.frame.func,
          String(t.count),
          d(t.totalNs),
          q(t.quantiles?.p50),
          q(t.quantiles?.p90),
          q(t.quantiles?.p99),
          q(t.quantiles?.max),
        ]),
        2,
      ),
    );
    out.write(moreLine(shown.length, regionTypes.length, "region types"));
    for (const limit of analysis.limits) out.write(`\n${limit}\n`);
  },
};
