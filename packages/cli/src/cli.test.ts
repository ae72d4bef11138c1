// The command line as a user meets it: help, standard input, bad files,
// text round trips, and never overwriting what the user gave.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands/all.js";
import { gotrace } from "./testing/run-cli.js";

const golden = join(goTestdataDir(), "golden-go1.27", "tests");
const sampleTrace = join(golden, "go122-annotations.trace");
const work = mkdtempSync(join(tmpdir(), "gotrace-cli-"));

describe("gotrace", () => {
  it("prints an overview with --help and lists every command", () => {
    const run = gotrace(["--help"]);
    expect(run.status).toBe(0);
    for (const c of COMMANDS) expect(run.stdout.toString()).toContain(c.name);
  });

  it("has --help for every command", () => {
    for (const c of COMMANDS) {
      const run = gotrace([c.name, "--help"]);
      expect(run.status, c.name).toBe(0);
      expect(run.stdout.toString()).toContain(`Usage: ${c.usage}`);
    }
  });

  it("reads standard input for -", () => {
    const bytes = readFileSync(sampleTrace);
    const fromFile = gotrace(["wire", sampleTrace]);
    const fromStdin = gotrace(["wire", "-"], bytes);
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toEqual(fromFile.stdout);
  });

  it("says one line and exits 1 for a missing file, a directory and a file that is no trace", () => {
    const notTrace = join(work, "notes.txt");
    writeFileSync(notTrace, "hello\n");
    for (const [file, words] of [
      [join(work, "missing.trace"), "no such file"],
      [work, "is a directory"],
      [notTrace, "not a Go execution trace"],
    ] as const) {
      for (const cmd of ["wire", "footprint", "text", "events", "validate", "heap"]) {
        const run = gotrace([cmd, file]);
        expect(run.status, `${cmd} ${file}`).toBe(1);
        expect(run.stdout.length).toBe(0);
        const lines = run.stderr.trimEnd().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(words);
      }
    }
  });

  it("reports usage mistakes with exit 2", () => {
    expect(gotrace(["wire"]).status).toBe(2);
    expect(gotrace(["wire", "--bogus", sampleTrace]).status).toBe(2);
    expect(gotrace(["frobnicate"]).status).toBe(2);
  });

  it("turns a trace into text and back into the same text", () => {
    for (const name of ["go122-annotations", "go125-sync", "go123-sync", "go122-gc-stress"]) {
      const trace = join(golden, `${name}.trace`);
      const text = gotrace(["text", trace]);
      expect(text.status).toBe(0);
      const out = join(work, `${name}.trace`);
      const enc = gotrace(["encode", "-", "-o", out], text.stdout);
      expect(enc.status, enc.stderr).toBe(0);
      expect(readFileSync(out)).toEqual(readFileSync(trace));
      expect(gotrace(["text", out]).stdout).toEqual(text.stdout);
      const toStdout = gotrace(["encode", "-", "-o", "-"], text.stdout);
      expect(toStdout.status, toStdout.stderr).toBe(0);
      expect(toStdout.stdout).toEqual(readFileSync(trace));
    }
  });

  it("never overwrites an existing output without --force, nor the input", () => {
    const text = gotrace(["text", sampleTrace]).stdout;
    const textFile = join(work, "a.txt");
    writeFileSync(textFile, text);
    const out = join(work, "taken.trace");
    writeFileSync(out, "precious");
    const refused = gotrace(["encode", textFile, "-o", out]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("already exists");
    expect(readFileSync(out, "utf8")).toBe("precious");
    expect(gotrace(["encode", textFile, "-o", textFile, "--force"]).status).toBe(1);
    expect(readFileSync(textFile)).toEqual(text);
    expect(gotrace(["encode", textFile, "-o", out, "--force"]).status).toBe(0);
    expect(readFileSync(out)).toEqual(readFileSync(sampleTrace));
  });

  it("leaves no output behind when the text is bad, and names the line", () => {
    const bad = join(work, "bad.txt");
    writeFileSync(bad, "Trace Go1.22\nEventBatch gen=1 m=0 time=0 size=3\nProcStatus p=0 dt=1 pstatus=1\n");
    const out = join(work, "never.trace");
    const run = gotrace(["encode", bad, "-o", out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/line 3: .*expected argument "dt", but got "p"/);
    expect(() => readFileSync(out)).toThrow();
  });
});
