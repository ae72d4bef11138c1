import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Fixture,
  type Golden,
  fixture,
  fixtures,
  fixturesDir,
  goGoldens,
  goTests,
  heapKnown,
  parseExpectation,
  parseTxtar,
  readBytes,
  readText,
  samplePath,
  textFailCases,
  v1Traces,
} from "./index.js";

const PROGRAMS = [
  "annotations",
  "block",
  "coro",
  "cpuprofile",
  "flightrecorder",
  "gc",
  "generations",
  "heapgrow",
  "heapknown",
  "heapleak",
  "heapsteady",
  "sched",
  "stackgrowth",
  "syscall",
];
const HEADER_OF_RELEASE: Record<string, number> = { "1.21": 21, "1.22": 22, "1.23": 23, "1.25": 25, "1.27": 26 };
const MIN_RELEASE: Record<string, number> = {
  coro: 23,
  flightrecorder: 25,
  heapknown: 23,
  heapleak: 23,
  heapsteady: 23,
};
const V1_PROGRAMS = ["annotations", "block", "gc", "sched"];
const ALLOCFREE_PROGRAMS = [
  "annotations",
  "flightrecorder",
  "gc",
  "heapgrow",
  "heapknown",
  "heapleak",
  "heapsteady",
  "sched",
  "stackgrowth",
];
/** Programs that regen.sh runs only with GODEBUG=traceallocfree=1 (no plain variant). */
const ALLOCFREE_ONLY_PROGRAMS = ["heapknown", "heapleak", "heapsteady"];

function goldens(f: Fixture): [string, Golden][] {
  const list: [string, Golden][] = [
    ["wire", f.golden.wire],
    ["parsed", f.golden.parsed],
    ["footprint", f.golden.footprint],
  ];
  if (f.golden.go127?.wire) list.push(["go127.wire", f.golden.go127.wire]);
  if (f.golden.go127?.footprint) list.push(["go127.footprint", f.golden.go127.footprint]);
  return list;
}

describe("fixtures()", () => {
  const all = fixtures();
  const byName = new Map(all.map((f) => [f.name, f]));

  it("lists every program × release × variant that regen.sh makes, sorted and unique", () => {
    const want: string[] = [];
    for (const release of Object.keys(HEADER_OF_RELEASE)) {
      const minor = Number(release.slice(2));
      for (const p of PROGRAMS) {
        if (minor === 21 ? !V1_PROGRAMS.includes(p) : minor < (MIN_RELEASE[p] ?? 22)) continue;
        if (!ALLOCFREE_ONLY_PROGRAMS.includes(p)) want.push(`${p}-go${release}`);
        if (minor >= 23 && ALLOCFREE_PROGRAMS.includes(p)) want.push(`${p}-go${release}-allocfree`);
      }
    }
    want.push("annotations-go1.27-allocfree-rejected");
    const names = all.map((f) => f.name);
    expect(names).toEqual([...want].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives the runtime's heap profile of the programs that write one, and only those", () => {
    for (const f of all) {
      if (f.program === "heapleak" || f.program === "heapsteady") {
        const path = f.heapProfilePath ?? "";
        expect(relative(fixturesDir(), path), f.name).toBe(`golden/${f.name}.heapprofile.txt`);
        expect(readText(path).startsWith("heap profile: "), f.name).toBe(true);
      } else expect(f.heapProfilePath, f.name).toBeNull();
    }
  });

  it("describes each trace file correctly", () => {
    for (const f of all) {
      expect(existsSync(f.tracePath), f.name).toBe(true);
      expect(statSync(f.tracePath).size, f.name).toBe(f.sizeBytes);
      const head = new TextDecoder().decode(readBytes(f.tracePath).subarray(0, 16));
      expect(head, f.name).toBe(`go 1.${f.header} trace\0\0\0`);
      const release = /-go(1\.\d+)/.exec(f.name)?.[1] ?? "";
      expect(f.header, f.name).toBe(HEADER_OF_RELEASE[release]);
      expect(f.writtenBy.startsWith(`go${release}.`), f.name).toBe(true);
      expect(f.program, f.name).toBe(f.name.split("-go")[0]);
      expect(f.allocFree, f.name).toBe(f.name.includes("-allocfree"));
      expect(f.allocFree, f.name).toBe(f.godebug?.includes("traceallocfree=1") ?? false);
      expect(f.flightRecorder, f.name).toBe(f.program === "flightrecorder");
    }
  });

  it("names golden files that exist, inside the fixtures directory", () => {
    const dir = fixturesDir();
    for (const f of all) {
      for (const [mode, g] of goldens(f)) {
        const where = `${f.name} ${mode}`;
        expect(existsSync(g.stdoutPath), where).toBe(true);
        expect(relative(dir, g.stdoutPath).startsWith("golden/"), where).toBe(true);
        if (g.stderrPath !== null) {
          expect(existsSync(g.stderrPath), where).toBe(true);
          expect(readText(g.stderrPath).split("\n")[0], where).toBe(g.stderrFirstLine);
        } else {
          expect(g.stderrFirstLine, where).toBeNull();
        }
        // Go's tools report errors on stderr with exit status 1.
        expect(g.exit === 0, where).toBe(g.stderrPath === null);
        // Large outputs are gzipped, small ones are not.
        const size = statSync(g.stdoutPath).size;
        if (!g.stdoutPath.endsWith(".gz")) expect(size, where).toBeLessThanOrEqual(200 * 1024);
      }
    }
  });

  it("records which Go release made each golden", () => {
    for (const f of all) {
      expect(f.golden.parsed.madeBy, f.name).toBe("go1.27.3");
      const older = f.allocFree && (f.header === 23 || f.header === 25);
      const raw = older ? (f.header === 23 ? "go1.24.4" : "go1.25.12") : "go1.27.3";
      expect(f.golden.wire.madeBy, f.name).toBe(raw);
      expect(f.golden.footprint.madeBy, f.name).toBe(raw);
      if (older) {
        // Go 1.27's raw reader refuses the experimental events of Go123/Go125 traces.
        for (const g of [f.golden.go127?.wire, f.golden.go127?.footprint]) {
          expect(g?.madeBy, f.name).toBe("go1.27.3");
          expect(g?.exit, f.name).toBe(1);
          expect(g?.stderrFirstLine, f.name).toMatch(/^invalid event type: 1(2[89]|3[0-6])$/);
        }
        expect(f.golden.wire.exit, f.name).toBe(0);
        expect(f.golden.footprint.exit, f.name).toBe(0);
      } else {
        expect(f.golden.go127, f.name).toBeUndefined();
      }
    }
  });

  it("has v1 traces that Go 1.27 parses (nondeterministically) but cannot dump raw", () => {
    const v1 = all.filter((f) => f.header === 21);
    expect(v1.map((f) => f.program).sort()).toEqual(V1_PROGRAMS);
    for (const f of v1) {
      expect(f.golden.parsed.exit).toBe(0);
      expect(f.golden.parsed.deterministic).toBe(false);
      expect(f.golden.wire.exit).toBe(1);
      expect(f.golden.wire.stderrFirstLine).toMatch(/^invalid event type: \d+$/);
      expect(f.golden.footprint.exit).toBe(1);
    }
  });

  it("has goldens that look like Go's output", () => {
    for (const f of all.filter((x) => x.header !== 21 && x.expect.ok)) {
      const parsed = readText(f.golden.parsed.stdoutPath);
      expect(parsed, f.name).toMatch(/^M=-1 P=-1 G=-1 Sync Time=\d+ N=1/);
      expect(f.golden.parsed.deterministic, f.name).toBe(true);
      const wire = readText(f.golden.wire.stdoutPath);
      expect(wire, f.name).toMatch(/^(EventBatch|ExperimentalBatch exp=1) gen=\d+ /);
      if (f.header === 26) expect(wire.endsWith("EndOfGeneration\n"), f.name).toBe(true);
      const footprint = readText(f.golden.footprint.stdoutPath).split("\n");
      expect(footprint.length, f.name).toBe(259); // 258 lines and the final newline
      expect(footprint[0], f.name).toMatch(/^Event +Bytes +% +Count +%$/);
    }
  });

  it("has traces with the features each program is for", () => {
    const wire = (name: string) => readText(fixture(name).golden.wire.stdoutPath);
    expect(wire("coro-go1.27")).toMatch(/^GoSwitchDestroy /m);
    expect(wire("coro-go1.27")).toMatch(/^GoCreateBlocked /m);
    expect(wire("cpuprofile-go1.27")).toMatch(/^CPUSample /m);
    expect(wire("sched-go1.27")).toMatch(/^ProcsChange .*procs_value=1 /m);
    expect(wire("annotations-go1.27")).toMatch(/^UserTaskBegin /m);
    expect(wire("heapgrow-go1.27-allocfree")).toMatch(/^HeapObjectFree /m);
    expect(wire("stackgrowth-go1.27-allocfree")).toMatch(/^GoroutineStackAlloc .* order=1[4-9]$/m);
    expect(wire("generations-go1.27").match(/^EndOfGeneration$/gm)?.length).toBeGreaterThanOrEqual(3);
    // A flight-recorder snapshot starts after generation 1.
    expect(wire("flightrecorder-go1.27")).not.toMatch(/^EventBatch gen=1 /m);
  });

  it("has heapknown expectations for exactly the heapknown traces, consistent with themselves", () => {
    const e = heapKnown();
    const hk = all.filter((f) => f.program === "heapknown");
    expect(hk.map((f) => f.name)).toEqual(e.fixtures);
    for (const f of hk) {
      expect(f.allocFree, f.name).toBe(true);
      expect(f.args, f.name).toEqual(e.args);
    }
    expect(e.args).toEqual(Object.entries(e.flags).map(([k, v]) => `-${k}=${v}`));
    for (const t of e.types) {
      expect(t.slotBytes, t.name).toBe(t.size);
      for (const c of [t.allocated, t.freed, t.liveAtEnd]) expect(c.bytes, t.name).toBe(c.objects * t.slotBytes);
      expect(t.liveAtEnd.objects, t.name).toBe(t.allocated.objects - t.freed.objects);
    }
    expect(e.stack.peakBytes).toBe(2 ** (e.stack.peakOrder - 1));
    expect(e.stack.peakBytes).toBe(e.flags.stack);
    expect(e.stack.depth).toBe(((e.flags.stack ?? 0) * 3) / 4 / e.stack.frameBytes);
  });

  it("has exactly one trace Go rejects: the Go 1.27 alloc/free negative fixture", () => {
    const rejected = all.filter((f) => !f.expect.ok);
    expect(rejected.map((f) => f.name)).toEqual(["annotations-go1.27-allocfree-rejected"]);
    const f = rejected[0] as Fixture;
    expect(f.golden.parsed.exit).toBe(1);
    expect(f.expect).toEqual({ ok: false, error: f.golden.parsed.stderrFirstLine });
    expect(f.golden.parsed.stdoutDeterministic).toBe(true);
    expect(byName.get("annotations-go1.27-allocfree")?.expect.ok).toBe(true);
  });

  it("ships the README sample: a copy of heapgrow-go1.27-allocfree", () => {
    const sample = readFileSync(samplePath());
    expect(sample.length).toBeGreaterThan(100 * 1024);
    expect(sample.length).toBeLessThan(600 * 1024);
    const hash = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(hash(sample)).toBe(hash(readFileSync(fixture("heapgrow-go1.27-allocfree").tracePath)));
  });

  it("keeps the committed fixture set small", () => {
    let total = statSync(join(fixturesDir(), "manifest.json")).size;
    for (const f of all) {
      total += f.sizeBytes;
      for (const [, g] of goldens(f)) {
        total += statSync(g.stdoutPath).size + (g.stderrPath ? statSync(g.stderrPath).size : 0);
      }
    }
    expect(total).toBeLessThan(30 * 1024 * 1024);
  });
});

describe("goTests()", () => {
  const tests = goTests();
  const byName = new Map(tests.map((t) => [t.name, t]));

  it("finds Go's 22 golden tests", () => {
    expect(tests).toHaveLength(22);
    expect(tests.filter((t) => t.header === 22)).toHaveLength(20);
    expect(byName.get("go123-sync")?.header).toBe(23);
    expect(byName.get("go125-sync")?.header).toBe(25);
    for (const t of tests) {
      expect(t.traceText.startsWith(`Trace Go1.${t.header}\n`), t.name).toBe(true);
      expect(t.binaryPath && existsSync(t.binaryPath), t.name).toBe(true);
    }
  });

  it("parses the expectations (format brief §4.4)", () => {
    const failures = tests.filter((t) => !t.expect.ok).map((t) => t.name);
    expect(failures).toEqual(["go122-create-syscall-with-p", "go122-fail-first-gen-first"]);
    expect(byName.get("go122-create-syscall-with-p")?.expect).toEqual({
      ok: false,
      quotedPattern: '".*expected a proc but didn\'t have one.*"',
    });
    expect(byName.get("go122-fail-first-gen-first")?.expect).toEqual({
      ok: false,
      quotedPattern: '"expected a proc but didn\'t have one"',
    });
    expect(byName.get("go122-annotations")?.expect).toEqual({ ok: true });
    expect(byName.get("go125-sync")?.expect).toEqual({ ok: true });
  });
});

describe("goGoldens()", () => {
  it("finds every group's traces with their outputs and exit codes", () => {
    const counts = { tests: 22, fuzz: 17, edge: 39 } as const;
    for (const group of ["tests", "fuzz", "edge"] as const) {
      const list = goGoldens(group);
      expect(list, group).toHaveLength(counts[group]);
      for (const g of list) {
        expect(g.group).toBe(group);
        for (const out of [g.wire, g.parsed, g.footprint]) {
          expect(existsSync(out.stdout), out.stdout).toBe(true);
          if (out.stderr) expect(existsSync(out.stderr), out.stderr).toBe(true);
          expect([0, 1, 2]).toContain(out.exit);
        }
      }
    }
    const edge = new Map(goGoldens("edge").map((g) => [g.name, g]));
    expect(edge.get("exp7")?.parsed.exit).toBe(2); // Go panics
    expect(readFileSync(edge.get("exp7")?.parsed.stderr ?? "", "utf8")).toMatch(
      /^panic: runtime error: index out of range \[7\]/,
    );
    expect(edge.get("minimal126")?.traceText).toMatch(/^Trace Go1\.26\n/);
    expect(edge.get("ev200")?.textSourcePath).toBeNull();
    const t = goGoldens("tests").find((g) => g.name === "go122-annotations");
    expect(t?.textSourcePath?.endsWith("go122-annotations.test")).toBe(true);
    expect(t?.traceText).toMatch(/^Trace Go1\.22\n/);
  });
});

describe("textFailCases() and v1Traces()", () => {
  it("lists the text traces Go rejects with Go's errors", () => {
    const cases = textFailCases();
    expect(cases.map((c) => c.name)).toEqual(["textfail-c1", "textfail-c3", "textfail-c4", "textfail-c5"]);
    expect(cases[0]?.expectedError).toBe(
      'reading args for ProcStatus: encountered unexpected non-space at the end of an event: " # trailing"',
    );
    for (const c of cases) expect(existsSync(c.path)).toBe(true);
  });

  it("lists the 12 v1 traces", () => {
    const v1 = v1Traces();
    expect(v1).toHaveLength(12);
    for (const p of v1) expect(new TextDecoder().decode(readBytes(p).subarray(0, 5))).toBe("go 1.");
  });
});

describe("parseTxtar()", () => {
  it("splits comment and files like Go's txtar", () => {
    const ar = parseTxtar("comment\n-- a --\nA\n--  b  --\nB1\n-- not a marker\nB2");
    expect(ar.comment).toBe("comment\n");
    expect(ar.files).toEqual([
      { name: "a", data: "A\n" },
      { name: "b", data: "B1\n-- not a marker\nB2\n" },
    ]);
    expect(parseTxtar("no files")).toEqual({ comment: "no files\n", files: [] });
    expect(parseTxtar("-- x --")).toEqual({ comment: "", files: [{ name: "x", data: "" }] });
  });
});

describe("parseExpectation()", () => {
  it("follows Go's rules", () => {
    expect(parseExpectation("SUCCESS\nignored")).toEqual({ ok: true });
    expect(parseExpectation("SUCCESS trailing words are ignored\n")).toEqual({ ok: true });
    expect(parseExpectation("")).toEqual({ ok: true });
    expect(parseExpectation('FAILURE "a\\\\.b"\r\n')).toEqual({ ok: false, quotedPattern: '"a\\\\.b"' });
    expect(() => parseExpectation("FAILURE\n")).toThrow(/bad header line for FAILURE/);
    expect(() => parseExpectation("success\n")).toThrow(/bad header line/);
    // Whether the pattern is a correct Go literal is for the unquoting (the codec's goUnquote) to say.
    expect(parseExpectation("FAILURE unquoted\n")).toEqual({ ok: false, quotedPattern: "unquoted" });
  });
});
