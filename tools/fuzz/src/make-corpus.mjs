// Makes the committed corpus (needs Go 1.27): mutants of the seeds from a
// fixed seed string, Go 1.27.3's outcome for each, kept small and mixed
// (every mutant Go accepts or panics on, and a sample of the others), then
// written to corpus/. With --outcomes it only recomputes Go's outcomes for
// the mutants already there.
//
//   node tools/fuzz/src/make-corpus.mjs [--seed S] [--binary N] [--text N]
//   node tools/fuzz/src/make-corpus.mjs --outcomes
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { CORPUS_DIR, goOutcome, readManifest, storeMutant, writeManifest } from "./corpus.mjs";
import { askOracle, buildOracle, findGo } from "./go-oracle.mjs";
import { makeMutant } from "./mutants.mjs";
import { binarySeeds, textSeeds } from "./seeds.mjs";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "gotrace-corpus-1" },
    binary: { type: "string", default: "300" },
    text: { type: "string", default: "100" },
    outcomes: { type: "boolean", default: false },
  },
});

const goBin = findGo();
if (goBin === null) {
  console.error("make-corpus: needs Go 1.27 (set GO, or let ../shared/tools/get-go.sh install it)");
  process.exit(1);
}
const oracle = buildOracle(goBin);

if (values.outcomes) {
  const manifest = readManifest();
  const results = await askOracle(
    oracle.binary,
    manifest.entries.map((e) => join(CORPUS_DIR, e.file)),
  );
  for (const e of manifest.entries) e.go = goOutcome(results.get(join(CORPUS_DIR, e.file)));
  manifest.madeBy = oracle.version;
  writeManifest(manifest);
  console.log(`make-corpus: Go's outcomes for ${manifest.entries.length} mutants recomputed`);
  process.exit(0);
}

// Small seeds only, so the corpus stays small.
const seeds = {
  binary: binarySeeds().filter((s) => s.bytes.length <= 12_500),
  text: textSeeds().filter((s) => s.text.length <= 20_000),
};
const work = mkdtempSync(join(tmpdir(), "gotrace-corpus-"));
const wantBinary = Number(values.binary);
const wantText = Number(values.text);

async function candidates(kind, count) {
  const byId = new Map();
  const only = kind === "text" ? { binary: [], text: seeds.text } : { binary: seeds.binary, text: [] };
  for (let i = 0; byId.size < count; i++) {
    const m = makeMutant(only, `${values.seed}/${kind}`, i, { textShare: 0 });
    if (!byId.has(m.id)) byId.set(m.id, m);
  }
  const list = [...byId.values()];
  const paths = list.map((m) => {
    const p = join(work, `${m.id}.${kind === "text" ? "txt" : "trace"}`);
    writeFileSync(p, m.bytes);
    return p;
  });
  const results = await askOracle(oracle.binary, paths);
  return list.map((m, i) => ({ mutant: m, go: goOutcome(results.get(paths[i])) }));
}

/** Every mutant Go accepts or panics on, then the rest in order, up to `want`; at most a third accepted. */
function choose(all, want) {
  const accepted = all.filter((c) => c.go.accepts);
  const odd = all.filter((c) => !c.go.accepts && (c.go.panic || c.go.printPanic || c.go.hang));
  const rejected = all.filter((c) => !c.go.accepts && !(c.go.panic || c.go.printPanic || c.go.hang));
  const chosen = [...accepted.slice(0, Math.ceil(want / 3)), ...odd.slice(0, Math.ceil(want / 6))];
  for (const c of rejected) {
    if (chosen.length >= want) break;
    chosen.push(c);
  }
  return chosen;
}

const chosen = [
  ...choose(await candidates("binary", wantBinary * 3), wantBinary),
  ...choose(await candidates("text", wantText * 3), wantText),
];
rmSync(join(CORPUS_DIR, "mutants"), { recursive: true, force: true });
const manifest = { madeBy: oracle.version, seed: values.seed, entries: [] };
for (const c of chosen) {
  const m = c.mutant;
  manifest.entries.push({
    file: storeMutant(m),
    kind: m.kind,
    seed: m.seed,
    format: m.format,
    mutations: m.mutations,
    go: c.go,
  });
}
writeManifest(manifest);
rmSync(work, { recursive: true, force: true });
const count = (kind, accepts) => manifest.entries.filter((e) => e.kind === kind && e.go.accepts === accepts).length;
console.log(
  `make-corpus: ${manifest.entries.length} mutants: binary ${count("binary", true)} accepted / ${count("binary", false)} refused by Go, text ${count("text", true)} / ${count("text", false)}`,
);
