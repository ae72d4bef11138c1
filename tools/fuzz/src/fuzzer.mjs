// Runs gotrace's commands on mutants and collects what goes wrong: each run
// through the in-process runner (pool.mjs) with the per-run checks, the
// checks between commands on the same mutant, round trips through the text
// format, and a sample of runs (plus every failing one) repeated as a real
// `gotrace` process.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkConsistency, checkRun, timeBoundMs } from "./checks.mjs";
import { RunnerPool } from "./pool.mjs";
import { runSeparate } from "./separate.mjs";

/** Commands that read a binary trace. */
export const BINARY_COMMANDS = [
  "validate",
  "events",
  "wire",
  "footprint",
  "text",
  "heap",
  "goroutines",
  "tasks",
  "regions",
  "mmu",
  "pprof",
  "perfetto",
  "report",
];
/** Commands that analyse a trace up to its break, with a warning, as `heap` does; run with --json. */
export const ANALYSIS_COMMANDS = ["heap", "goroutines", "tasks", "regions", "mmu"];
/** Commands that read Go's text format. */
export const TEXT_COMMANDS = ["encode"];
/** Every command the fuzzer runs. */
export const ALL_COMMANDS = [...BINARY_COMMANDS, ...TEXT_COMMANDS];

function argvFor(command, file, out) {
  if (ANALYSIS_COMMANDS.includes(command)) return [command, "--json", file];
  // One profile type stands for the four: they read the trace alike and differ only in the state counted.
  if (command === "pprof") return ["pprof", "sync", file];
  if (command === "encode") return ["encode", file, "-o", out, "--force"];
  // The page is the point of report; --html also runs its heap pass. Written beside the mutant.
  if (command === "report") return ["report", "--html", out, "--force", file];
  return [command, file];
}

/**
 * @typedef {{ command: string, argv: string[], symptom: string }} Finding
 */

/** Runs mutants through gotrace's commands and checks every outcome; see runMutant. */
export class Fuzzer {
  /**
   * @param {{ workDir: string, sampleEvery?: number }} options
   *   sampleEvery: repeat one run in this many as a real process (0: never, apart from failing runs)
   */
  constructor(options) {
    this.workDir = options.workDir;
    this.sampleEvery = options.sampleEvery ?? 50;
    this.pool = new RunnerPool();
    /** Runs through the in-process runner. */
    this.runs = 0;
    /** Runs repeated as real processes. */
    this.separateRuns = 0;
    /** Hangs or memory excesses that a rerun in a fresh runner did not repeat. */
    this.unconfirmed = 0;
  }

  async close() {
    await this.pool.stop();
  }

  /**
   * One run with its checks. label: the command's name in the report.
   * @returns {Promise<{ result: import("./pool.mjs").RunResult, findings: Finding[] }>}
   */
  async run(label, argv, inputBytes, stdoutFile, env) {
    const command = argv[0];
    const timeoutMs = timeBoundMs(inputBytes);
    let result = await this.pool.run(argv, { timeoutMs, stdoutFile, env });
    let symptoms = checkRun(command, result, inputBytes);
    if (result.hang || symptoms.some((s) => s.startsWith("memory:"))) {
      // Confirm in a fresh runner with more time before calling it a hang or an excess.
      const again = await this.pool.run(argv, { timeoutMs: timeoutMs * 3, stdoutFile, fresh: true });
      const againSymptoms = checkRun(command, again, inputBytes);
      if (!again.hang && !againSymptoms.some((s) => s.startsWith("memory:"))) {
        this.unconfirmed++;
        result = again;
        symptoms = againSymptoms;
      }
    }
    this.runs++;
    const findings = symptoms.map((symptom) => ({ command: label, argv, symptom }));
    if (findings.length > 0 || (this.sampleEvery > 0 && this.runs % this.sampleEvery === 0)) {
      for (const symptom of await this.separate(command, argv, inputBytes, result))
        findings.push({ command: label, argv, symptom });
    }
    return { result, findings };
  }

  /** Repeats a run as a real process; returns its symptoms. */
  async separate(command, argv, inputBytes, inProcess) {
    this.separateRuns++;
    const real = await runSeparate(argv, timeBoundMs(inputBytes) * 2);
    if (real.hang) return ["real process: did not end in time"];
    if (real.status === null) return [`real process: killed by ${real.signal}`];
    const symptoms = checkRun(command, { ...real, ms: 0, rssGrowthKiB: 0 }, inputBytes).map(
      (s) => `real process: ${s}`,
    );
    if (inProcess.status === null) return symptoms;
    if (real.status !== inProcess.status)
      symptoms.push(`real process exits ${real.status}, in process ${inProcess.status}`);
    else if (real.stderr !== inProcess.stderr)
      symptoms.push(`real process stderr differs: ${JSON.stringify(real.stderr.slice(0, 200))}`);
    if (real.stdoutHash !== inProcess.stdoutHash)
      symptoms.push(`real process stdout differs (${real.stdoutBytes} bytes, in process ${inProcess.stdoutBytes})`);
    return symptoms;
  }

  /**
   * Runs the commands that read the mutant's kind of input, then the checks between them.
   * @param {import("./mutants.mjs").Mutant} mutant
   * @param {string[]} commands
   * @returns {Promise<{ results: Record<string, import("./pool.mjs").RunResult>, findings: Finding[] }>}
   */
  async runMutant(mutant, commands) {
    const base = join(this.workDir, mutant.id);
    const file = `${base}.${mutant.kind === "text" ? "txt" : "trace"}`;
    writeFileSync(file, mutant.bytes);
    const n = mutant.bytes.length;
    const results = {};
    const findings = [];
    const step = async (label, argv, stdoutFile, env) => {
      const r = await this.run(label, argv, n, stdoutFile, env);
      results[label] = r.result;
      findings.push(...r.findings);
      return r.result;
    };
    if (mutant.kind === "binary") {
      for (const c of BINARY_COMMANDS) {
        if (commands.includes(c))
          await step(
            c,
            argvFor(c, file, c === "report" ? `${base}.report.html` : undefined),
            c === "text"
              ? `${base}.out.txt`
              : c === "pprof"
                ? `${base}.pb.gz`
                : c === "perfetto"
                  ? `${base}.perfetto-trace`
                  : undefined,
          );
      }
      if (commands.includes("goroutines")) {
        // The same analysis with the trace read on a worker thread (what big inputs get) must print the same.
        const label = "goroutines|reading-worker";
        const w = await step(label, argvFor("goroutines", file), undefined, { GOTRACE_READING_WORKER: "always" });
        const g = results.goroutines;
        if (g !== undefined && (w.status !== g.status || w.stdoutHash !== g.stdoutHash || w.stderr !== g.stderr)) {
          findings.push({
            command: label,
            argv: w.argv ?? [],
            symptom: `read on a worker, goroutines --json differs: status ${w.status} against ${g.status}${w.stdoutHash !== g.stdoutHash ? ", other output" : ""}${w.stderr !== g.stderr ? ", other messages" : ""}`,
          });
        }
      }
      if (commands.includes("text") && commands.includes("encode") && results.text?.status === 0) {
        // The text form must encode, and the encoded trace must print as the same text.
        const enc = await step("text|encode", argvFor("encode", `${base}.out.txt`, `${base}.re.trace`));
        if (enc.status === 0) {
          const again = await step("text|encode|text", argvFor("text", `${base}.re.trace`));
          if (again.status === 0 && again.stdoutHash !== results.text.stdoutHash) {
            findings.push({
              command: "text|encode|text",
              argv: again.argv ?? [],
              symptom: "text -> encode -> text does not give the same text",
            });
          } else if (again.status !== 0) {
            findings.push({
              command: "text|encode|text",
              argv: [],
              symptom: "text refuses the trace encode wrote from text's own output",
            });
          }
        } else if (enc.status === 1) {
          findings.push({
            command: "text|encode",
            argv: [],
            symptom: `encode refuses text's own output: ${JSON.stringify(enc.stderr.trim().slice(0, 200))}`,
          });
        }
      }
      for (const c of checkConsistency(results)) findings.push({ command: c.commands, argv: [], symptom: c.symptom });
    } else if (commands.includes("encode")) {
      const enc = await step("encode", argvFor("encode", file, `${base}.bin`));
      if (enc.status === 0) {
        // What encode wrote must read back, and its text must encode to the same bytes.
        const text = await step("encode|text", argvFor("text", `${base}.bin`), `${base}.bin.txt`);
        if (text.status === 0) {
          const again = await step("encode|text|encode", argvFor("encode", `${base}.bin.txt`, `${base}.bin2`));
          if (again.status === 0 && !readFileSync(`${base}.bin`).equals(readFileSync(`${base}.bin2`))) {
            findings.push({
              command: "encode|text|encode",
              argv: [],
              symptom: "encode -> text -> encode does not give the same bytes",
            });
          } else if (again.status === 1) {
            findings.push({
              command: "encode|text|encode",
              argv: [],
              symptom: "encode refuses text's output for what encode wrote",
            });
          }
        } else if (text.status === 1) {
          findings.push({
            command: "encode|text",
            argv: [],
            symptom: `text refuses what encode wrote: ${JSON.stringify(text.stderr.trim().slice(0, 200))}`,
          });
        }
      }
    }
    return { results, findings };
  }
}
