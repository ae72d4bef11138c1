// pnpm fuzz [--seed S] [--runs N | --seconds T | --index I,J] [--commands validate,heap,...] [--corpus]
//
// Runs a campaign and writes every mutant that fails a check into the
// corpus (corpus/mutants, listed in corpus/manifest.json with the command,
// the symptom, and Go's outcome when Go 1.27 is available). --index runs only
// those mutants of the seed (to reproduce a failure). --corpus checks the
// committed corpus instead, including validate's agreement with Go.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runCampaign } from "./campaign.mjs";
import { goOutcome, mutantFile, readManifest, storeMutant, writeManifest } from "./corpus.mjs";
import { checkCorpus } from "./corpus-check.mjs";
import { ALL_COMMANDS, Fuzzer } from "./fuzzer.mjs";
import { askOracle, buildOracle, findGo } from "./go-oracle.mjs";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: String(Date.now()) },
    runs: { type: "string" },
    seconds: { type: "string" },
    commands: { type: "string", default: ALL_COMMANDS.join(",") },
    "sample-every": { type: "string", default: "50" },
    corpus: { type: "boolean", default: false },
    index: { type: "string" },
  },
});
const commands = values.commands.split(",").map((c) => c.trim());
for (const c of commands) {
  if (!ALL_COMMANDS.includes(c)) {
    console.error(`fuzz: unknown command ${c}; known: ${ALL_COMMANDS.join(", ")}`);
    process.exit(2);
  }
}
const log = (msg) => process.stderr.write(`fuzz: ${msg}\n`);
const workDir = mkdtempSync(join(tmpdir(), "gotrace-fuzz-"));
const fuzzer = new Fuzzer({ workDir, sampleEvery: Number(values["sample-every"]) });

try {
  if (values.corpus) {
    const { stats, disagreements, findings } = await checkCorpus(fuzzer, { commands });
    log(`corpus: ${JSON.stringify(stats)}`);
    for (const d of disagreements)
      log(
        `disagreement${d.explainedBy ? ` (documented: ${d.explainedBy})` : ""}: ${d.file}: Go ${d.goAccepts ? "accepts" : "refuses"}, gotrace ${d.gotraceAccepts ? "accepts" : `refuses: ${d.gotraceError}`}`,
      );
    for (const f of findings) log(`failure: ${f.file}: ${f.command}: ${f.symptom}`);
    process.exitCode = findings.length > 0 || disagreements.some((d) => !d.explainedBy) ? 1 : 0;
  } else {
    const indices = values.index?.split(",").map(Number);
    const runs = values.runs !== undefined ? Number(values.runs) : undefined;
    const seconds =
      values.seconds !== undefined
        ? Number(values.seconds)
        : runs === undefined && indices === undefined
          ? 60
          : undefined;
    log(
      `seed ${values.seed}, ${indices ? `mutants ${values.index}` : runs !== undefined ? `${runs} runs` : `${seconds} s`}, commands ${commands.join(",")}`,
    );
    let last = Date.now();
    const result = await runCampaign(fuzzer, {
      seed: values.seed,
      indices,
      runs,
      seconds,
      commands,
      onMutant: (i) => {
        if (Date.now() - last > 10_000) {
          last = Date.now();
          log(`${i + 1} mutants, ${fuzzer.runs} runs`);
        }
      },
    });
    log(
      `${result.mutants} mutants, ${result.runs} runs (${fuzzer.separateRuns} also as real processes) in ${result.seconds.toFixed(0)} s; ${result.findings.length} failures`,
    );
    if (result.findings.length > 0) await record(result.findings);
    process.exitCode = result.findings.length > 0 ? 1 : 0;
  }
} finally {
  await fuzzer.close();
  rmSync(workDir, { recursive: true, force: true });
}

/** Writes the failing mutants into the corpus, with Go's outcome when Go is there. */
async function record(findings) {
  const manifest = readManifest();
  const byFile = new Map(manifest.entries.map((e) => [e.file, e]));
  const fresh = [];
  for (const f of findings) {
    const file = mutantFile(f.mutant);
    let entry = byFile.get(file);
    if (entry === undefined) {
      storeMutant(f.mutant);
      entry = {
        file,
        kind: f.mutant.kind,
        seed: f.mutant.seed,
        format: f.mutant.format,
        mutations: f.mutant.mutations,
        go: null,
        found: [],
      };
      byFile.set(file, entry);
      manifest.entries.push(entry);
      fresh.push(entry);
    }
    entry.found ??= [];
    if (!entry.found.some((x) => x.command === f.command && x.symptom === f.symptom))
      entry.found.push({ command: f.command, symptom: f.symptom.replaceAll(workDir, "<tmp>") });
    log(
      `failure: ${file} (seed ${values.seed}, mutant ${f.index}: ${f.mutant.mutations.join("; ")}): ${f.command}: ${f.symptom}`,
    );
  }
  const goBin = findGo();
  if (goBin !== null && fresh.length > 0) {
    const oracle = buildOracle(goBin);
    const { CORPUS_DIR } = await import("./corpus.mjs");
    const results = await askOracle(
      oracle.binary,
      fresh.map((e) => join(CORPUS_DIR, e.file)),
    );
    for (const e of fresh) e.go = goOutcome(results.get(join(CORPUS_DIR, e.file)));
  }
  writeManifest(manifest);
  log(
    `${fresh.length} new mutants written to the corpus${goBin === null ? " (without Go's outcome: Go 1.27 not found)" : ""}`,
  );
}
