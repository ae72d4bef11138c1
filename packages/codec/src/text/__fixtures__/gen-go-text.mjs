// Regenerates text-go.jsonl: what Go's own text → binary conversion does with
// each case of text-cases.jsonl. It builds the test binary of Go's
// internal/trace/testtrace once and runs its TestConvertDump tool (raw
// TextReader + raw Writer) on every case, recording the bytes written or the
// error text. Needs a Go toolchain (`go` on PATH, Go 1.27.x):
//
//   GOTOOLCHAIN=local node src/text/__fixtures__/gen-go-text.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const go = process.env.GO ?? "go";
const version = execFileSync(go, ["version"], { encoding: "utf8" }).trim();
const tmp = mkdtempSync(join(tmpdir(), "go-text-"));
const bin = join(tmp, "testtrace.test");
execFileSync(go, ["test", "-c", "-o", bin, "internal/trace/testtrace"], { stdio: "inherit" });

/** The case's text, with its "@PAD@" marker expanded (text-go.test.ts does the same). */
function caseText(c) {
  return c.pad ? c.text.replace("@PAD@", c.pad.ch.repeat(c.pad.n)) : c.text;
}

const out = [];
for (const line of readFileSync(join(here, "text-cases.jsonl"), "utf8").split("\n")) {
  if (!line.trim()) continue;
  const c = JSON.parse(line);
  const input = join(tmp, "in.txt");
  const output = join(tmp, "out.trace");
  rmSync(output, { force: true });
  writeFileSync(input, caseText(c));
  const r = spawnSync(bin, ["-test.run=^TestConvertDump$", "-convert", input, "-out", output], { encoding: "utf8" });
  if (r.status === 0) {
    const bytes = readFileSync(output);
    // Large outputs are kept as a digest, to keep the fixture small.
    out.push(
      bytes.length <= 4096
        ? { name: c.name, hex: bytes.toString("hex") }
        : { name: c.name, length: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") },
    );
    continue;
  }
  // t.Error prints "    helpers_test.go:NN: <stage>: <Go's error>".
  const m = /^\s+helpers_test\.go:\d+: (error creating text reader|bad trace file): (.*)$/m.exec(r.stdout);
  if (!m) throw new Error(`${c.name}: unexpected output:\n${r.stdout}${r.stderr}`);
  out.push({ name: c.name, stage: m[1] === "bad trace file" ? "event" : "header", error: m[2] });
}
writeFileSync(
  join(here, "text-go.jsonl"),
  `${JSON.stringify({ generator: version })}\n${out.map((o) => JSON.stringify(o)).join("\n")}\n`,
);
rmSync(tmp, { recursive: true, force: true });
console.log(`${out.length} cases from ${version}`);
