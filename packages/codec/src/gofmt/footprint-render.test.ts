import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderFootprint } from "./footprint-render.js";
import { goSortFunc } from "./pdqsort.js";

// Goldens: stdout of Go 1.27.3 `go tool trace -d=footprint` for the traces in
// ../shared/go-testdata/golden-go1.27 (or $GOTRACE_GO_TESTDATA/golden-go1.27).
const repoRoot = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../../..");
const testdata = process.env.GOTRACE_GO_TESTDATA ?? join(repoRoot, "..", "shared", "go-testdata");
const goldenRoot = join(testdata, "golden-go1.27");

// Event names by type, from docs/format.md §3 (Go's tracev2 spec table, Go 1.27).
const NAMES_1_TO_52 = [
  "EventBatch",
  "Stacks",
  "Stack",
  "Strings",
  "String",
  "CPUSamples",
  "CPUSample",
  "Frequency",
  "ProcsChange",
  "ProcStart",
  "ProcStop",
  "ProcSteal",
  "ProcStatus",
  "GoCreate",
  "GoCreateSyscall",
  "GoStart",
  "GoDestroy",
  "GoDestroySyscall",
  "GoStop",
  "GoBlock",
  "GoUnblock",
  "GoSyscallBegin",
  "GoSyscallEnd",
  "GoSyscallEndBlocked",
  "GoStatus",
  "STWBegin",
  "STWEnd",
  "GCActive",
  "GCBegin",
  "GCEnd",
  "GCSweepActive",
  "GCSweepBegin",
  "GCSweepEnd",
  "GCMarkAssistActive",
  "GCMarkAssistBegin",
  "GCMarkAssistEnd",
  "HeapAlloc",
  "HeapGoal",
  "GoLabel",
  "UserTaskBegin",
  "UserTaskEnd",
  "UserRegionBegin",
  "UserRegionEnd",
  "UserLog",
  "GoSwitch",
  "GoSwitchDestroy",
  "GoCreateBlocked",
  "GoStatusStack",
  "ExperimentalBatch",
  "Sync",
  "ClockSnapshot",
  "EndOfGeneration",
];
const NAMES_128_TO_136 = [
  "Span",
  "SpanAlloc",
  "SpanFree",
  "HeapObject",
  "HeapObjectAlloc",
  "HeapObjectFree",
  "GoroutineStack",
  "GoroutineStackAlloc",
  "GoroutineStackFree",
];
/** The full table: "" for type 0 and for the unused 53..127. */
const FULL: readonly string[] = ["", ...NAMES_1_TO_52, ...new Array<string>(75).fill(""), ...NAMES_128_TO_136];

/**
 * version.Specs() length per header version (format.md §1.3(a)). v1 versions have no
 * table, so every row of a (header-only) v1 trace is `<unknown (N)>`, type 0 included.
 */
const SPECS_LENGTH: Readonly<Record<number, number>> = { 11: 0, 19: 0, 21: 0, 22: 45, 23: 50, 25: 52, 26: 137 };

/** The N of the "go 1.N trace" header (leading zeros and odd spacing allowed). */
function headerVersion(trace: Uint8Array): number {
  const head = Buffer.from(trace.subarray(0, 40)).toString("latin1");
  const m = /^go\s+1\.0*(\d+) trace\0\0\0/.exec(head.replace(/\u00c2\u00a0/g, " "));
  if (!m) throw new Error(`unrecognised header ${JSON.stringify(head)}`);
  return Number(m[1]);
}

interface GoldenRow {
  readonly name: string;
  readonly bytes: number;
  readonly count: number;
}

/** Parses the 256 data rows of a footprint table. */
function parseRows(text: string): GoldenRow[] {
  const lines = text.split("\n");
  // Column 0 is as wide as the offset of "Bytes" in the header.
  const nameWidth = lines[0]!.indexOf("Bytes");
  return lines.slice(2, -1).map((line) => {
    const [bytes, , count] = line.slice(nameWidth).trim().split(/ +/);
    return { name: line.slice(0, nameWidth).trimEnd(), bytes: Number(bytes), count: Number(count) };
  });
}

interface Golden {
  readonly file: string;
  readonly names: readonly string[];
  readonly counts: Float64Array;
  readonly bytes: Float64Array;
  readonly fileSize: number;
  readonly expected: string;
  readonly rows: GoldenRow[];
}

/**
 * Rebuilds the per-type counts and byte totals behind a golden from its own rows: every
 * row with bytes > 0 must name exactly one event type of the trace's version.
 */
function loadGolden(dir: string, base: string): Golden {
  const trace = readFileSync(join(goldenRoot, dir, `${base}.trace`));
  const expected = readFileSync(join(goldenRoot, dir, `${base}.footprint.out`), "utf8");
  const version = headerVersion(trace);
  const specsLength = SPECS_LENGTH[version];
  if (specsLength === undefined) throw new Error(`${base}: unexpected version ${version}`);
  const names = FULL.slice(0, specsLength);
  const rows = parseRows(expected);
  const counts = new Float64Array(256);
  const bytes = new Float64Array(256);
  for (const row of rows) {
    if (row.bytes === 0) continue;
    const unknown = /^<unknown \((\d+)\)>$/.exec(row.name);
    const types = unknown ? [Number(unknown[1])] : names.flatMap((n, t) => (n === row.name ? [t] : []));
    if (types.length !== 1) throw new Error(`${base}: row ${JSON.stringify(row.name)} names ${types.length} types`);
    counts[types[0]!] = row.count;
    bytes[types[0]!] = row.bytes;
  }
  return {
    file: `${dir}/${base}`,
    names,
    counts,
    bytes,
    fileSize: statSync(join(goldenRoot, dir, `${base}.trace`)).size,
    expected,
    rows,
  };
}

const haveGoldens = existsSync(goldenRoot);
const results = haveGoldens
  ? readFileSync(join(goldenRoot, "results.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as { file: string; mode: string; exit: number; stdout_lines: number })
      .filter((r) => r.mode === "footprint")
  : [];
const goldens: Golden[] = [];
for (const r of results) {
  if (r.exit !== 0) continue;
  const [dir, name] = r.file.split("/") as [string, string];
  goldens.push(loadGolden(dir, name.replace(/\.trace$/, "")));
}

it("finds Go's golden outputs", () => {
  // Missing test data must not pass silently; set GOTRACE_GO_TESTDATA if it lives elsewhere.
  expect(haveGoldens, goldenRoot).toBe(true);
});

describe.runIf(haveGoldens)("renderFootprint on Go 1.27 goldens", () => {
  it("covers every successful footprint run in results.jsonl", () => {
    const onDisk = ["tests", "fuzz", "edge"].flatMap((d) =>
      readdirSync(join(goldenRoot, d))
        .filter((f) => f.endsWith(".footprint.out"))
        .map((f) => `${d}/${f}`),
    );
    expect(onDisk.length).toBe(results.length);
    // The failed runs printed nothing: there is no table to reproduce for them.
    for (const r of results.filter((x) => x.exit !== 0)) {
      expect(readFileSync(join(goldenRoot, r.file.replace(/\.trace$/, ".footprint.out")), "utf8")).toBe("");
    }
    expect(goldens.length).toBe(49);
    for (const g of goldens) expect(g.expected.split("\n").length - 1).toBe(258);
  });

  it.each(goldens.map((g) => [g.file, g] as const))("%s: sorts the 256 rows in Go's order", (_, g) => {
    const stats = Array.from({ length: 256 }, (_, t) => ({ t, bytes: g.bytes[t]! }));
    goSortFunc(stats, (a, b) => (b.bytes < a.bytes ? -1 : b.bytes > a.bytes ? 1 : 0));
    const names = stats.map(({ t }) => (t < g.names.length ? g.names[t]! : `<unknown (${t})>`));
    expect(names).toEqual(g.rows.map((r) => r.name));
  });

  it.each(goldens.map((g) => [g.file, g] as const))("%s: renders byte for byte", (_, g) => {
    expect(renderFootprint(g.names, g.counts, g.bytes, g.fileSize)).toBe(g.expected);
  });
});

describe("renderFootprint", () => {
  it("prints NaN% counts when there are no events and labels types past the table", () => {
    const out = renderFootprint(["", "A"], new Float64Array(256), new Float64Array(256), 16);
    const lines = out.split("\n");
    expect(lines.length).toBe(259); // 258 lines, each ending in a newline
    expect(lines[0]).toBe("Event            Bytes  %      Count  %");
    expect(lines[2]).toBe("                 0      0.00%  0      NaN%");
    expect(lines[3]).toBe("A                0      0.00%  0      NaN%");
    expect(out).toContain("\n<unknown (255)>  0      0.00%  0      NaN%\n");
  });

  it("sorts by bytes descending and rounds percentages like Go", () => {
    const counts = new Float64Array(256);
    const bytes = new Float64Array(256);
    counts[1] = 1;
    bytes[1] = 1; // 1/800 = 0.125%: an exact tie, printed as 0.12
    counts[2] = 7;
    bytes[2] = 3; // 3/800 = 0.375%: printed as 0.38
    const out = renderFootprint(["", "One", "Two"], counts, bytes, 800);
    const lines = out.split("\n");
    expect(lines[2]).toBe("Two              3      0.38%  7      87.50%");
    expect(lines[3]).toBe("One              1      0.12%  1      12.50%");
  });
});
