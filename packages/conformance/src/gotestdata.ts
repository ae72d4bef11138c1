// Loaders for Go's own trace test data in ../shared/go-testdata (read in place):
// the .test corpus, the golden outputs of Go 1.27's tools and the v1 traces.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Expectation, parseExpectation } from "./expect.js";
import { goTestdataDir } from "./shared.js";
import { parseTxtar } from "./txtar.js";

/** One test of Go's golden corpus (src/internal/trace/testdata/tests/*.test). */
export interface GoTest {
  /** File name without `.test`, e.g. "go122-annotations". */
  name: string;
  /** Absolute path of the .test file. */
  path: string;
  /** The `-- expect --` section: success, or failure with the Go-quoted (RE2) regexp the error must match, unanchored. */
  expect: Expectation;
  /** The `-- trace --` section: a trace in Go's raw text format, starting `Trace Go1.NN`. */
  traceText: string;
  /** N of the text header `Trace Go1.N` (22, 23 or 25 in Go 1.27's corpus). */
  header: number;
  /**
   * Absolute path of the binary form made by Go's raw.TextReader + raw.Writer
   * (golden-go1.27/tests/<name>.trace, minimal varints), or null if it is missing.
   */
  binaryPath: string | null;
}

/**
 * Go's trace tests (`tests/*.test`), sorted by name. Each is a txtar archive
 * with exactly the files `expect` and `trace`, as Go's testtrace.ParseFile requires;
 * anything else throws.
 */
export function goTests(): GoTest[] {
  const root = goTestdataDir();
  const dir = join(root, "tests");
  return listFiles(dir, ".test").map((file) => {
    const path = join(dir, file);
    const name = file.slice(0, -".test".length);
    const ar = parseTxtar(readFileSync(path, "utf8"));
    if (ar.files.length !== 2) throw new Error(`malformed test ${path}: wrong number of files`);
    const [expect, trace] = ar.files as [{ name: string; data: string }, { name: string; data: string }];
    if (expect.name !== "expect") throw new Error(`malformed test ${path}: bad filename ${expect.name}`);
    if (trace.name !== "trace") throw new Error(`malformed test ${path}: bad filename ${trace.name}`);
    const m = /^\s*Trace\s+Go1\.(\d+)/.exec(trace.data);
    if (!m) throw new Error(`malformed test ${path}: no Trace Go1.N header`);
    const binary = join(root, "golden-go1.27", "tests", `${name}.trace`);
    return {
      name,
      path,
      expect: parseExpectation(expect.data),
      traceText: trace.data,
      header: Number(m[1]),
      binaryPath: existsSync(binary) ? binary : null,
    };
  });
}

/** One mode's result in golden-go1.27: Go 1.27.3's `go tool trace -d=<mode>`, run with TZ=UTC. */
export interface GoGoldenOutput {
  /** Absolute path of the stdout file (`<name>.<mode>.out`). */
  stdout: string;
  /** Absolute path of the stderr file (`<name>.<mode>.err`, Go root replaced by `<GOROOT>`), or null when stderr was empty. */
  stderr: string | null;
  /** Exit status from results.jsonl (0 ok, 1 error, 2 panic). */
  exit: number;
}

/** A trace in golden-go1.27/<group>/ with Go 1.27.3's outputs for it. */
export interface GoGolden {
  /** File name without `.trace`. */
  name: string;
  /** "tests": binary forms of tests/*.test; "fuzz": decoded fuzz-reader corpus; "edge": the format brief's §9 edge cases. */
  group: "tests" | "fuzz" | "edge";
  /** Absolute path of the binary trace. */
  tracePath: string;
  wire: GoGoldenOutput;
  parsed: GoGoldenOutput;
  footprint: GoGoldenOutput;
  /**
   * Where the trace's raw text form is, or null if it has none (fuzz inputs and
   * byte-edited edge cases): for "edge", `<name>.txt`; for "tests", the
   * `tests/<name>.test` archive, whose `-- trace --` section is the text.
   */
  textSourcePath: string | null;
  /** The raw text form itself (the .txt file, or the .test file's `-- trace --` section), or null. */
  traceText: string | null;
}

interface ResultLine {
  file: string;
  mode: string;
  exit: number | null;
  stdout_lines: number | null;
  stderr_first_line: string;
}

function results(): ResultLine[] {
  const path = join(goTestdataDir(), "golden-go1.27", "results.jsonl");
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ResultLine);
}

/** The traces of one golden-go1.27 group with their outputs and exit statuses, sorted by name. */
export function goGoldens(group: "tests" | "fuzz" | "edge"): GoGolden[] {
  const root = goTestdataDir();
  const dir = join(root, "golden-go1.27", group);
  const exits = new Map<string, number>();
  for (const r of results()) {
    if (r.exit !== null) exits.set(`${r.file} ${r.mode}`, r.exit);
  }
  return listFiles(dir, ".trace").map((file) => {
    const name = file.slice(0, -".trace".length);
    const output = (mode: string): GoGoldenOutput => {
      const stdout = join(dir, `${name}.${mode}.out`);
      if (!existsSync(stdout)) throw new Error(`missing ${stdout}`);
      const err = join(dir, `${name}.${mode}.err`);
      const exit = exits.get(`${group}/${file} ${mode}`);
      if (exit === undefined) throw new Error(`results.jsonl has no ${mode} result for ${group}/${file}`);
      return { stdout, stderr: existsSync(err) ? err : null, exit };
    };
    let textSourcePath: string | null = null;
    let traceText: string | null = null;
    if (group === "edge") {
      const txt = join(dir, `${name}.txt`);
      if (existsSync(txt)) {
        textSourcePath = txt;
        traceText = readFileSync(txt, "utf8");
      }
    } else if (group === "tests") {
      const test = join(root, "tests", `${name}.test`);
      if (existsSync(test)) {
        textSourcePath = test;
        traceText = parseTxtar(readFileSync(test, "utf8")).files.find((f) => f.name === "trace")?.data ?? null;
      }
    }
    return {
      name,
      group,
      tracePath: join(dir, file),
      wire: output("wire"),
      parsed: output("parsed"),
      footprint: output("footprint"),
      textSourcePath,
      traceText,
    };
  });
}

/** A raw-text trace that Go's text reader rejects (golden-go1.27/edge/textfail-*.txt). */
export interface TextFailCase {
  /** File name without `.txt`, e.g. "textfail-c1". */
  name: string;
  /** Absolute path of the .txt file. */
  path: string;
  /** Go's error converting it to binary (results.jsonl, mode "text-to-binary"). */
  expectedError: string;
}

/** The text traces Go refuses to convert to binary, with Go's error for each, sorted by name. */
export function textFailCases(): TextFailCase[] {
  const dir = join(goTestdataDir(), "golden-go1.27", "edge");
  const errors = new Map<string, string>();
  for (const r of results()) {
    if (r.mode === "text-to-binary") errors.set(r.file, r.stderr_first_line);
  }
  return listFiles(dir, ".txt")
    .filter((f) => f.startsWith("textfail-"))
    .map((file) => {
      const expectedError = errors.get(`edge/${file}`);
      if (expectedError === undefined) throw new Error(`results.jsonl has no text-to-binary result for edge/${file}`);
      return { name: file.slice(0, -".txt".length), path: join(dir, file), expectedError };
    });
}

/** Absolute paths of Go's old-format (v1, Go 1.11–1.21) test traces in go-testdata/v1, sorted. */
export function v1Traces(): string[] {
  const dir = join(goTestdataDir(), "v1");
  return listFiles(dir, "").map((f) => join(dir, f));
}

/** Names of the regular files in dir ending in suffix, sorted by code unit. */
function listFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(suffix))
    .map((d) => d.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
