// What must hold for every run of a gotrace command on a mutant, and between
// the commands run on the same mutant. Each check returns a list of symptoms
// (strings); an empty list means the run is fine.

/** Exit statuses a command may end with on any input: 0 (done) or 1 (refused). 2 is for usage mistakes only. */
const ALLOWED_STATUS = new Set([0, 1]);

/** Signs of a stack trace or an uncaught error dumped on stderr. */
const DUMP_PATTERNS = [/^\s+at /m, /node:internal/, /^\w*Error(\s\[\w+\])?:/m];

/**
 * The time bound of one run, in ms: generous for a busy 2-core machine; what
 * it catches is a hang, not slowness.
 */
export function timeBoundMs(inputBytes) {
  return 15_000 + Math.ceil((inputBytes / 1e6) * 20_000);
}

/**
 * The memory bound of one run: how far the runner's peak RSS may grow past
 * its start, in KiB. A length field must never size an allocation, so the
 * growth is in proportion to the input; 384 MiB is room for the output and
 * the heap command's worker on top.
 */
export function memoryBoundKiB(inputBytes) {
  return 384 * 1024 + Math.ceil((inputBytes * 64) / 1024);
}

/** Splits stderr into warning lines (`gotrace CMD: warning: ...`) and the rest. */
export function stderrLines(command, stderr) {
  const lines = stderr.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const warningPrefix = `gotrace ${command}: warning: `;
  return {
    warnings: lines.filter((l) => l.startsWith(warningPrefix)),
    others: lines.filter((l) => !l.startsWith(warningPrefix)),
  };
}

/**
 * The checks of one run.
 * @param {string} command e.g. "validate"
 * @param {import("./pool.mjs").RunResult} r
 * @param {number} inputBytes
 * @returns {string[]}
 */
export function checkRun(command, r, inputBytes) {
  if (r.hang) return [`hang: no answer within ${Math.round(r.ms / 1000)} s`];
  if (r.crash !== undefined) return [`crash: ${r.crash}`];
  if (r.uncaught !== undefined) return [`uncaught exception: ${r.uncaught}`];
  const symptoms = [];
  if (!ALLOWED_STATUS.has(r.status)) symptoms.push(`exit status ${r.status}`);
  const { others } = stderrLines(command, r.stderr);
  // Warnings are not counted: gotrace warns once per damaged part it leaves out (heap: per
  // AllocFree batch), each on its own line, on success and on failure alike.
  if (r.status === 0 && others.length > 0)
    symptoms.push(`stderr on success: ${JSON.stringify(others[0].slice(0, 200))}`);
  if (r.status !== 0) {
    if (others.length !== 1) symptoms.push(`${others.length} stderr lines on failure (want exactly 1)`);
    const first = others[0] ?? "";
    if (!first.startsWith(`gotrace ${command}: `))
      symptoms.push(`error line without "gotrace ${command}: ": ${JSON.stringify(first.slice(0, 200))}`);
    // gotrace's own bug report; Go's messages may say "internal error" too, after the file and offset.
    if (first.startsWith(`gotrace ${command}: internal error`)) symptoms.push(`internal error: ${first.slice(0, 300)}`);
  }
  if (DUMP_PATTERNS.some((p) => p.test(r.stderr))) symptoms.push("stack trace or error dump on stderr");
  if (r.rssGrowthKiB > memoryBoundKiB(inputBytes))
    symptoms.push(`memory: peak RSS grew ${Math.round(r.rssGrowthKiB / 1024)} MiB`);
  return symptoms;
}

/** How the fuzzer runs the analyses that are not run with --json, as the symptoms name them. */
const HOW_RUN = { pprof: "pprof sync", perfetto: "perfetto", report: "report --html" };

/**
 * Checks between the commands run on one binary mutant (results by command name).
 * @param {Record<string, import("./pool.mjs").RunResult>} byCommand
 * @returns {{ commands: string, symptom: string }[]}
 */
export function checkConsistency(byCommand) {
  const out = [];
  const ok = (c) => byCommand[c]?.status === 0;
  const ran = (c) => byCommand[c] !== undefined && byCommand[c].status !== null;
  if (ran("validate") && ran("events") && ok("validate") !== ok("events")) {
    out.push({
      commands: "validate,events",
      symptom: `validate exits ${byCommand.validate.status} but events exits ${byCommand.events.status}`,
    });
  }
  const raw = ["wire", "footprint", "text"].filter(ran);
  if (raw.length > 1 && new Set(raw.map((c) => byCommand[c].status)).size > 1) {
    out.push({
      commands: raw.join(","),
      symptom: `raw readers disagree: ${raw.map((c) => `${c} ${byCommand[c].status}`).join(", ")}`,
    });
  }
  // Not checked: validate accepts => wire accepts. Go's two readers disagree by design, e.g. on
  // bytes after an EndOfGeneration inside its batch, which the reader ignores and wire decodes.
  // The analyses read up to a break and say so. heap may also warn on a trace validate accepts:
  // it reads the AllocFree batches' payload, which Go's reader (and so validate) leaves unread.
  for (const analysis of ["heap", "goroutines", "tasks", "regions", "mmu", "pprof", "perfetto", "report"]) {
    if (!ran("validate") || !ran(analysis)) continue;
    const warned = stderrLines(analysis, byCommand[analysis].stderr).warnings.length > 0;
    const how = HOW_RUN[analysis] ?? `${analysis} --json`;
    if (ok("validate") && !ok(analysis))
      out.push({ commands: `validate,${analysis}`, symptom: `validate accepts but ${how} refuses` });
    if (!ok("validate") && ok(analysis) && !warned)
      out.push({
        commands: `validate,${analysis}`,
        symptom: `validate refuses but ${how} exits 0 without a warning`,
      });
  }
  return out;
}
