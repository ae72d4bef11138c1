#!/usr/bin/env node
// Checks `gotrace pprof` against Go with Go's own pprof: for every fixture
// trace (and the sample) and every profile type, `go tool pprof -traces` of
// Go's profile (fixtures/analysis/<name>.<type>.pb.gz, written by
// `go tool trace -pprof=TYPE`) and of ours must print the same set of stacks
// and values, for the delay and for the contention counts. Needs Go (CI has
// none: there the multiset tests of @gotrace/analysis and the CLI stand for it)
// and a built CLI (pnpm --filter @gotrace/cli build).
//
//   node tools/go-oracle/check-pprof.mjs [path/to/go]
//
// Prints one line per profile that differs, with the first differing stack,
// then a count; exit status 1 when any differs.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const fixturesDir = join(root, "packages/conformance/fixtures");
const gotrace = join(root, "packages/cli/bin/gotrace.js");
const TYPES = ["net", "sync", "syscall", "sched"];
const INDEXES = ["delay", "contentions"];

const go =
  process.argv[2] ??
  execFileSync("bash", [resolve(root, "../shared/tools/get-go.sh"), "--bin", "1.27"], { encoding: "utf8" }).trim();
const env = { ...process.env, GOTOOLCHAIN: "local" };
// Go 1.24+ builds its tools on first use; -n gives the cached binary, so each run skips the go command.
const pprof = execFileSync(go, ["tool", "-n", "pprof"], { env, encoding: "utf8" }).trim();

/**
 * The stacks `pprof -traces` prints, each as one string (value, then the frames), sorted: the
 * blocks between its `---+---` rules, without the header lines (file name, type, and the note
 * on the missing binary, which both files get alike).
 */
function traces(file, index) {
  const r = spawnSync(pprof, ["-traces", `-sample_index=${index}`, file], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`pprof -traces ${file}: ${r.stderr.trim()}`);
  const blocks = r.stdout.split(/^-+\+-+$/m).slice(1);
  return blocks
    .map((b) =>
      b
        .trim()
        .split("\n")
        .map((l) => l.trim())
        .join(" | "),
    )
    .filter((b) => b !== "")
    .sort();
}

const manifest = JSON.parse(readFileSync(join(fixturesDir, "manifest.json"), "utf8"));
const traceFiles = manifest.map((e) => ({ name: e.name, path: join(fixturesDir, e.trace) }));
traceFiles.push({ name: "sample", path: join(root, "packages/conformance/sample/sample.trace") });

const tmp = mkdtempSync(join(tmpdir(), "gotrace-check-pprof-"));
let checked = 0;
let differ = 0;
try {
  for (const t of traceFiles) {
    for (const type of TYPES) {
      const ours = join(tmp, `${t.name}.${type}.pb.gz`);
      const r = spawnSync(process.execPath, [gotrace, "pprof", type, "-o", ours, t.path], { encoding: "utf8" });
      // A broken trace is profiled up to its break with a warning; anything else on stderr is a failure.
      if (r.status !== 0 || r.stderr.split("\n").some((l) => l !== "" && !l.includes(": warning: "))) {
        throw new Error(`gotrace pprof ${type} ${t.name}: exit ${r.status}: ${r.stderr.trim()}`);
      }
      const theirs = join(fixturesDir, "analysis", `${t.name}.${type}.pb.gz`);
      for (const index of INDEXES) {
        const want = traces(theirs, index);
        const got = traces(ours, index);
        checked++;
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          differ++;
          const first = want.find((b) => !got.includes(b)) ?? got.find((b) => !want.includes(b));
          console.log(
            `${t.name} ${type} ${index}: ${got.length} stacks vs Go's ${want.length}; first difference: ${first}`,
          );
        }
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  `${checked} profiles (${traceFiles.length} traces x ${TYPES.length} types x ${INDEXES.join(", ")}): ${differ === 0 ? "pprof -traces prints the same for ours and Go's" : `${differ} differ`}`,
);
process.exitCode = differ === 0 ? 0 : 1;
