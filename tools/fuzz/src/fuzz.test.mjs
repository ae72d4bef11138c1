// CI's fuzzing: a fixed seed over a few thousand mutant x command runs, and
// the committed corpus with Go 1.27.3's recorded outcomes. Every check of
// the fuzzer must hold on every run (see README.md); there is no list of
// known failures to skip.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCampaign } from "./campaign.mjs";
import { checkCorpus } from "./corpus-check.mjs";
import { readManifest } from "./corpus.mjs";
import { Fuzzer } from "./fuzzer.mjs";

/** The CI seed; `pnpm fuzz --seed gotrace-ci-1 --runs 3000` repeats this run outside vitest. */
const CI_SEED = "gotrace-ci-1";
const CI_RUNS = 3000;

function describeFindings(findings) {
  return findings
    .map(
      (f) =>
        `${f.file ?? `mutant ${f.index} (${f.mutant.seed}: ${f.mutant.mutations.join("; ")})`}: ${f.command}: ${f.symptom}`,
    )
    .join("\n");
}

const workDir = mkdtempSync(join(tmpdir(), "gotrace-fuzz-test-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("fuzzing", () => {
  it(`seed ${CI_SEED}: ${CI_RUNS} mutant x command runs pass every check`, { timeout: 20 * 60_000 }, async () => {
    const fuzzer = new Fuzzer({ workDir, sampleEvery: 50 });
    try {
      const result = await runCampaign(fuzzer, { seed: CI_SEED, runs: CI_RUNS });
      expect(result.runs).toBeGreaterThanOrEqual(CI_RUNS);
      expect(fuzzer.separateRuns).toBeGreaterThanOrEqual(CI_RUNS / 50);
      expect(describeFindings(result.findings)).toBe("");
    } finally {
      await fuzzer.close();
    }
  });

  it("the committed corpus passes every check, and validate and encode agree with Go 1.27.3", {
    timeout: 20 * 60_000,
  }, async () => {
    const manifest = readManifest();
    expect(manifest.madeBy).toMatch(/^go version go1\.27\.3 /);
    const fuzzer = new Fuzzer({ workDir, sampleEvery: 50 });
    try {
      const { stats, disagreements, findings } = await checkCorpus(fuzzer);
      expect(stats.withGo).toBeGreaterThanOrEqual(300);
      expect(stats.goAccepts).toBeGreaterThan(50);
      expect(stats.goRefuses).toBeGreaterThan(50);
      expect(describeFindings(findings)).toBe("");
      const unexplained = disagreements.filter((d) => d.explainedBy === null);
      expect(
        unexplained
          .map(
            (d) =>
              `${d.file}: Go ${d.goAccepts ? "accepts" : `refuses (${d.go.error ?? d.go.panic ?? d.go.printPanic})`}, gotrace ${d.gotraceAccepts ? "accepts" : `refuses: ${d.gotraceError}`}`,
          )
          .join("\n"),
      ).toBe("");
    } finally {
      await fuzzer.close();
    }
  });
});
