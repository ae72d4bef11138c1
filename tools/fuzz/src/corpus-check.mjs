// Runs every corpus mutant through gotrace (all commands of its kind, with
// every check of the fuzzer) and compares validate's (binary) or encode's
// (text) accept/reject with Go 1.27.3's recorded outcome.
import { explain } from "./differences.mjs";
import { ALL_COMMANDS } from "./fuzzer.mjs";
import { entryBytes, readManifest } from "./corpus.mjs";
import { contentId } from "./mutants.mjs";

/**
 * @typedef {{ file: string, kind: string, goAccepts: boolean, gotraceAccepts: boolean, go: object, gotraceError: string, explainedBy: string | null }} Disagreement
 */

/**
 * @param {import("./fuzzer.mjs").Fuzzer} fuzzer
 * @param {{ commands?: string[] }} [options]
 */
export async function checkCorpus(fuzzer, options = {}) {
  const manifest = readManifest();
  const stats = { mutants: 0, withGo: 0, goAccepts: 0, goRefuses: 0, agree: 0, explained: 0 };
  /** @type {Disagreement[]} */
  const disagreements = [];
  const findings = [];
  for (const entry of manifest.entries) {
    const bytes = entryBytes(entry);
    const mutant = {
      id: contentId(bytes),
      kind: entry.kind,
      seed: entry.seed,
      format: entry.format,
      mutations: entry.mutations,
      bytes,
    };
    const { results, findings: found } = await fuzzer.runMutant(mutant, options.commands ?? ALL_COMMANDS);
    for (const f of found) findings.push({ ...f, file: entry.file });
    stats.mutants++;
    const judged = results[entry.kind === "text" ? "encode" : "validate"];
    if (entry.go === null || judged === undefined || judged.status === null) continue;
    stats.withGo++;
    if (entry.go.accepts) stats.goAccepts++;
    else stats.goRefuses++;
    const gotraceAccepts = judged.status === 0;
    if (gotraceAccepts === entry.go.accepts) {
      stats.agree++;
      continue;
    }
    const why = explain(entry, gotraceAccepts, judged.stderr);
    if (why !== null) stats.explained++;
    disagreements.push({
      file: entry.file,
      kind: entry.kind,
      seed: entry.seed,
      mutations: entry.mutations,
      goAccepts: entry.go.accepts,
      gotraceAccepts,
      go: entry.go,
      gotraceError: judged.stderr.trim(),
      explainedBy: why?.name ?? null,
    });
  }
  return { stats, disagreements, findings };
}
