// A next trace format needs only the spec. A copy of the spec gets a made-up
// format (header 27) with one new event that carries a string argument and
// has no scheduling meaning; the codec is regenerated from it, and the reader
// and the CLI's commands, copied unchanged, are built against that codec: the
// reader takes every version rule and every event fact from the codec's
// generated module (FORMATS, EVENT_SPECS), and a package sees another only
// through its name (`@gotrace/codec`), which the copy's node_modules points at
// the regenerated codec. The trace is Go's own minimal go 1.26 edge case with
// the new event and its string added; Go 1.27's outputs for that case are the
// baseline, and every difference from them is derived below.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { writeGenerated } from "./index.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..", "..");
const packages = join(repo, "packages");
const goEdge = join(repo, "..", "shared", "go-testdata", "golden-go1.27", "edge");
const goTests = join(repo, "..", "shared", "go-testdata", "tests");
const goGoldenTests = join(repo, "..", "shared", "go-testdata", "golden-go1.27", "tests");

type Codec = typeof import("../../../packages/codec/src/index.js");
type Reader = typeof import("../../../packages/reader/src/index.js");
type Dispatch = typeof import("../../../packages/cli/src/dispatch.js");
type CommandModule = Record<string, import("../../../packages/cli/src/commands/command.js").Command>;

/** The new event: timed, a plain value and a string id, unscheduled, at the first unused core type byte. */
const NOTE_TYPE = 53;
const NOTE_KSY = [
  "  ev_note:",
  "    doc: A made-up event of a made-up Go release, to prove that a new format needs only the spec.",
  "    -go-name: Note",
  '    -go-since: "1.99"',
  "    -go-timed: true",
  "    -go-string-args: [text_string]",
  "    -go-unscheduled: true",
  "    seq:",
  "      - id: dt",
  "        type: uvarint",
  "      - id: level_value",
  "        type: uvarint",
  "      - id: text_string",
  "        type: uvarint",
  "",
].join("\n");
const FORMAT_27 = [
  "    - header: 27",
  "      name: Go127",
  '      written-by: ["1.99"]',
  "      raw-last-event: goroutine_stack_free",
  "      raw-unnamed-events: true",
  "      generation-end: end_of_generation",
  "      sync-batch: true",
  "",
].join("\n");

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the spec no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

/** A copy of the spec with the Note event and `format` (a -go-formats entry). */
function writeNextSpec(specDir: string, format: string): void {
  cpSync(join(repo, "spec"), specDir, { recursive: true });
  const eventsKsy = join(specDir, "go_trace_events.ksy");
  let events = readFileSync(eventsKsy, "utf8");
  events = replaceOnce(events, "  stack_frame:\n", `${NOTE_KSY}  stack_frame:\n`);
  events = replaceOnce(
    events,
    "            ev_type::goroutine_stack_free: ev_goroutine_stack_free\n",
    "            ev_type::goroutine_stack_free: ev_goroutine_stack_free\n            ev_type::note: ev_note\n",
  );
  events = replaceOnce(events, "    128:\n", `    ${NOTE_TYPE}:\n      id: note\n    128:\n`);
  writeFileSync(eventsKsy, events);
  const traceKsy = join(specDir, "go_trace.ksy");
  writeFileSync(
    traceKsy,
    replaceOnce(readFileSync(traceKsy, "utf8"), "  -go-old-formats:\n", `${format}  -go-old-formats:\n`),
  );
}

/** Copies a package's src next to a package.json whose exports point at it, as a workspace package. */
function copyPackage(work: string, name: string, subpaths: readonly string[]): void {
  const dir = join(work, name);
  cpSync(join(packages, name, "src"), join(dir, "src"), { recursive: true });
  const exports = Object.fromEntries(subpaths.map((s) => [s === "index" ? "." : `./${s}`, `./src/${s}.ts`]));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `@gotrace/${name}`, type: "module", exports }));
}

/** Runs gotrace commands in-process; stdout, stderr and the exit status. */
async function run(dispatch: Dispatch, commands: CommandModule[], argv: string[]) {
  let stdout = "";
  let stderr = "";
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(String(chunk));
        done();
      },
    });
  const status = await dispatch.runCli(argv, {
    commands: commands.flatMap((m) => Object.values(m)),
    stdout: sink((s) => {
      stdout += s;
    }),
    stderr: sink((s) => {
      stderr += s;
    }),
    debug: false,
  });
  return { stdout, stderr, status };
}

/** Footprint rows by name: bytes and count (the percentages are checked against them). */
function footprintRows(out: string): Map<string, { bytes: number; count: number; line: string[] }> {
  const rows = new Map<string, { bytes: number; count: number; line: string[] }>();
  for (const line of out.trim().split("\n").slice(2)) {
    // The name may hold a space ("<unknown (137)>"); the four columns after it do not.
    const f = /^(.+?)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\S+)$/.exec(line);
    if (f === null) throw new Error(`not a footprint row: ${line}`);
    rows.set(f[1]!, { bytes: Number(f[2]), count: Number(f[4]), line: f.slice(1) });
  }
  return rows;
}

/** The regenerated codec, the reader built against it, and the CLI's commands, in `work`. */
async function buildNext(work: string, format: string) {
  writeNextSpec(join(work, "spec"), format);
  copyPackage(work, "codec", ["index", "internal"]);
  copyPackage(work, "reader", ["index", "internal"]);
  copyPackage(work, "cli", ["index"]);
  writeGenerated(join(work, "spec"), join(work, "codec", "src", "gen"));
  mkdirSync(join(work, "node_modules", "@gotrace"), { recursive: true });
  for (const name of ["codec", "reader"]) symlinkSync(join(work, name), join(work, "node_modules", "@gotrace", name));

  const codec = (await import(/* @vite-ignore */ join(work, "codec", "src", "index.ts"))) as Codec;
  const reader = (await import(/* @vite-ignore */ join(work, "reader", "src", "index.ts"))) as Reader;
  const cmd = (file: string) => import(/* @vite-ignore */ join(work, "cli", "src", "commands", `${file}.ts`));
  const dispatch = (await import(/* @vite-ignore */ join(work, "cli", "src", "dispatch.ts"))) as Dispatch;
  const commands = (await Promise.all(
    ["events", "validate", "wire", "footprint", "text", "encode"].map(cmd),
  )) as CommandModule[];
  return { codec, reader, gotrace: (argv: string[]) => run(dispatch, commands, argv) };
}

describe("a made-up next format (go 1.27, one new unscheduled event with a string) added to a copy of the spec", () => {
  const work = mkdtempSync(join(here, "..", ".tmp-gen-next-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // Go's minimal go 1.26 case, as the new format, with a Note on M 1 (dt=1 after
  // ProcStatus; 4 bytes: type, dt, level, string id) and its string in the
  // strings batch (8 bytes: type, id, length, "hello"); each batch's size grows by those bytes.
  const goText = readFileSync(join(goEdge, "minimal126.txt"), "utf8");
  let text = replaceOnce(goText, "Trace Go1.26\n", "Trace Go1.27\n");
  text = replaceOnce(
    text,
    "EventBatch gen=1 m=1 time=15 size=4\nProcStatus dt=1 p=0 pstatus=1\n",
    "EventBatch gen=1 m=1 time=15 size=8\nProcStatus dt=1 p=0 pstatus=1\nNote dt=1 level_value=3 text_string=1\n",
  );
  text = replaceOnce(
    text,
    "EventBatch gen=1 m=18446744073709551615 time=12 size=1\nStrings\n",
    'EventBatch gen=1 m=18446744073709551615 time=12 size=9\nStrings\nString id=1\n\tdata="hello"\n',
  );

  it("is read, printed and re-encoded by the regenerated codec, the reader and the CLI, unchanged", async () => {
    const { codec, reader, gotrace } = await buildNext(join(work, "end"), FORMAT_27);
    const dir = join(work, "end");
    expect(codec.FORMATS.map((f) => f.header)).toEqual([22, 23, 25, 26, 27]);
    expect(codec.EVENT_SPECS[NOTE_TYPE]).toMatchObject({ name: "Note", stringArgs: [2], unscheduled: true });

    const bytes = codec.textToBinary(text);
    const tracePath = join(dir, "note.trace");
    writeFileSync(tracePath, bytes);
    const textPath = join(dir, "note.txt");
    writeFileSync(textPath, text);

    // wire: Go prints each raw event as its text line, so it is the text without its header (as minimal126.wire.out is minimal126.txt's).
    expect(readFileSync(join(goEdge, "minimal126.wire.out"), "utf8")).toBe(goText.replace("Trace Go1.26\n", ""));
    const wire = await gotrace(["wire", tracePath]);
    expect(wire).toEqual({ stdout: text.replace("Trace Go1.27\n", ""), stderr: "", status: 0 });

    // events: Go's lines, plus the Note after the ProcStatus that gave M 1 its P 0, at 16 + dt 1;
    // unscheduled, it prints as Go prints an experimental event: a value argument as
    // Value{Uint64(N)} (as the AllocFree goldens show), a *string argument as the string it names
    // (Go's ExperimentalEvent.ArgValue); the closing Sync takes the last time + 1, now 18.
    const goParsed = readFileSync(join(goEdge, "minimal126.parsed.out"), "utf8").split("\n");
    expect(goParsed[2]).toBe("M=-1 P=-1 G=-1 Sync Time=17 N=2");
    const wantEvents = [
      goParsed[0],
      goParsed[1],
      "M=1 P=0 G=-1 Experimental Time=17 Name=Note Args=[level_value=Value{Uint64(3)}, text_string=hello]",
      "M=-1 P=-1 G=-1 Sync Time=18 N=2",
      "",
    ].join("\n");
    expect(await gotrace(["events", tracePath])).toEqual({ stdout: wantEvents, stderr: "", status: 0 });
    expect((await gotrace(["validate", tracePath])).status).toBe(0);

    // The reader hands the Note out in raw form, its arguments by the spec's names.
    const tr = new reader.TraceReader();
    tr.push(bytes);
    tr.finish();
    const seen: string[] = [];
    for (let e = tr.next(); e !== null; e = tr.next()) {
      if (e.type === NOTE_TYPE) seen.push(JSON.stringify(e.experimental()));
    }
    expect(seen).toEqual([
      JSON.stringify({ name: "Note", experiment: "None", argNames: ["level_value", "text_string"], args: [3, 1] }),
    ]);

    // footprint: Go's rows, with Note (4 bytes) and String (8 bytes) counted once each; the
    // batch headers keep their 47 bytes (each size still fits one byte). Percentages follow.
    const goRows = footprintRows(readFileSync(join(goEdge, "minimal126.footprint.out"), "utf8"));
    const want = new Map([...goRows].map(([name, r]) => [name, { bytes: r.bytes, count: r.count }]));
    want.set("Note", { bytes: 4, count: 1 });
    want.set("String", { bytes: 8, count: 1 });
    const footprint = await gotrace(["footprint", tracePath]);
    expect(footprint.status).toBe(0);
    const rows = footprintRows(footprint.stdout);
    expect(new Map([...rows].map(([name, r]) => [name, { bytes: r.bytes, count: r.count }]))).toEqual(want);
    // Go's byte shares are of the whole file, header included (47 of minimal126.trace's 86 bytes is 54.65%).
    const goSize = readFileSync(join(goEdge, "minimal126.trace")).length;
    expect(goRows.get("EventBatch")?.line[2]).toBe(`${((47 / goSize) * 100).toFixed(2)}%`);
    expect(bytes.length).toBe(goSize + 4 + 8);
    const totalBytes = bytes.length;
    const totalCount = [...want.values()].reduce((s, r) => s + r.count, 0);
    expect(rows.get("Note")?.line).toEqual([
      "Note",
      "4",
      `${((4 / totalBytes) * 100).toFixed(2)}%`,
      "1",
      `${((1 / totalCount) * 100).toFixed(2)}%`,
    ]);

    // Re-encoding: binary → text gives the text back, and text → binary the same bytes.
    expect(await gotrace(["text", tracePath])).toEqual({ stdout: text, stderr: "", status: 0 });
    const outPath = join(dir, "again.trace");
    expect((await gotrace(["encode", textPath, "-o", outPath])).status).toBe(0);
    expect(new Uint8Array(readFileSync(outPath))).toEqual(bytes);

    // The committed codec and reader do not know the format: without the spec edit none of this reads.
    const real = await import("../../../packages/reader/src/index.js");
    const plain = new real.TraceReader();
    plain.push(bytes);
    plain.finish();
    expect(() => plain.next()).toThrow(/unsupported trace version go 1\.27/);
  }, 120_000);

  it("is read the way its -go-formats entry says, not by its header number", async () => {
    // Format 27 declared with go 1.22's layout (generations that spill, a Frequency batch, Go
    // 1.22's raw table): a header above 26 no longer implies EndOfGeneration and a Sync batch.
    // So Go's own go 1.22 test trace, under header 27, reads and prints exactly as Go prints it.
    const spillFormat = FORMAT_27.replace("raw-last-event: goroutine_stack_free", "raw-last-event: user_log")
      .replace("      raw-unnamed-events: true\n", "")
      .replace("generation-end: end_of_generation", "generation-end: spill")
      .replace("sync-batch: true", "sync-batch: false");
    const { codec, gotrace } = await buildNext(join(work, "spill"), spillFormat);
    expect(codec.FORMATS.at(-1)).toMatchObject({ header: 27, generationEnd: "spill", syncBatch: false });

    const name = "go122-syscall-steal-proc-sitting-in-syscall";
    const test = readFileSync(join(goTests, `${name}.test`), "utf8");
    const goText = test.slice(test.indexOf("-- trace --\n") + "-- trace --\n".length);
    const tracePath = join(work, "spill", "steal.trace");
    writeFileSync(tracePath, codec.textToBinary(replaceOnce(goText, "Trace Go1.22\n", "Trace Go1.27\n")));
    const golden = (mode: string) => readFileSync(join(goGoldenTests, `${name}.${mode}.out`), "utf8");
    expect(await gotrace(["events", tracePath])).toEqual({ stdout: golden("parsed"), stderr: "", status: 0 });
    expect(await gotrace(["wire", tracePath])).toEqual({ stdout: golden("wire"), stderr: "", status: 0 });
  }, 120_000);
});
