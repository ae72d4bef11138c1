// The fuzzer's own parts: determinism, the varint shapes, batch layout, the
// per-run checks and the runner pool's handling of hangs and crashes.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RawDecoder } from "@gotrace/codec";
import { fixture } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { checkConsistency, checkRun } from "./checks.mjs";
import { traceLayout } from "./layout.mjs";
import { makeMutant } from "./mutants.mjs";
import { RunnerPool } from "./pool.mjs";
import { binarySeeds, textSeeds } from "./seeds.mjs";
import { decodeUvarint, encodeOverflowing, encodeOverlong, encodePadded, encodeUvarint } from "./varint.mjs";

describe("mutants", () => {
  const seeds = { binary: binarySeeds(), text: textSeeds() };

  it("are a function of the seed string and the index", () => {
    for (let i = 0; i < 40; i++) {
      const a = makeMutant(seeds, "same", i, { textShare: 0.3 });
      const b = makeMutant(seeds, "same", i, { textShare: 0.3 });
      expect(b.bytes).toEqual(a.bytes);
      expect(b.mutations).toEqual(a.mutations);
    }
    const other = Array.from({ length: 40 }, (_, i) => makeMutant(seeds, "other", i, { textShare: 0.3 }).id);
    const same = Array.from({ length: 40 }, (_, i) => makeMutant(seeds, "same", i, { textShare: 0.3 }).id);
    expect(other).not.toEqual(same);
  });

  it("come from every format of seed, and text", () => {
    const formats = new Set();
    for (let i = 0; i < 400; i++)
      formats.add(makeMutant(seeds, "formats", i, { textShare: 0.2 }).format.split(" ").slice(0, 2).join(" "));
    for (const f of ["v1 (go", "go 1.22", "go 1.23", "go 1.25", "go 1.26", "text go"])
      expect(
        [...formats].some((x) => x.startsWith(f)),
        f,
      ).toBe(true);
  });
});

describe("varints", () => {
  const values = [0n, 1n, 127n, 128n, 65536n, (1n << 63n) + 5n, (1n << 64n) - 1n];

  it("padded to 10 bytes read back as the same value", () => {
    for (const v of values) {
      const enc = encodePadded(v, 10);
      expect(enc.length).toBe(10);
      expect(decodeUvarint(enc, 0)).toEqual({ value: v, width: 10 });
      expect(decodeUvarint(encodeUvarint(v), 0)?.value).toBe(v);
    }
  });

  it("overlong and overflowing shapes are what Go refuses: 11 bytes, or a 10th byte above 1", () => {
    for (const v of values) {
      const long = encodeOverlong(v);
      expect(long.length).toBe(11);
      expect(long[9] & 0x80).toBe(0x80);
      expect(decodeUvarint(long, 0)).toBeNull();
      const over = encodeOverflowing(v);
      expect(over.length).toBe(10);
      expect(over[9]).toBeGreaterThan(1);
    }
  });

  it("the codec refuses a padded batch size turned overlong", () => {
    const bytes = new Uint8Array(readFileSync(fixture("coro-go1.27").tracePath));
    const batch = traceLayout(bytes).batches[0];
    const mutated = new Uint8Array(bytes.length + 1);
    mutated.set(bytes.subarray(0, batch.sizeAt));
    mutated.set(encodeOverlong(decodeUvarint(bytes, batch.sizeAt).value), batch.sizeAt);
    mutated.set(bytes.subarray(batch.sizeAt + batch.sizeWidth), batch.sizeAt + 11);
    const dec = new RawDecoder();
    dec.push(mutated);
    dec.finish();
    expect(() => {
      while (dec.next() !== null);
    }).toThrow(/varint|overflow/i);
  });
});

describe("layout", () => {
  it("cuts a trace into batches that follow each other from the header to the end", () => {
    for (const name of [
      "coro-go1.27",
      "generations-go1.25",
      "stackgrowth-go1.23-allocfree",
      "annotations-go1.27-allocfree",
    ]) {
      const bytes = new Uint8Array(readFileSync(fixture(name).tracePath));
      const { headerEnd, batches } = traceLayout(bytes);
      expect(headerEnd).toBe(16);
      expect(batches[0].start).toBe(16);
      for (let i = 1; i < batches.length; i++) expect(batches[i].start, name).toBe(batches[i - 1].end);
      expect(batches.at(-1).end).toBe(bytes.length);
      // Every event batch's size field is the runtime's 10-byte padded varint.
      for (const b of batches.filter((x) => x.type === 1)) expect(b.sizeWidth).toBe(10);
    }
  });
});

describe("checks of one run", () => {
  const ok = {
    status: 1,
    stdoutBytes: 0,
    stdoutHash: "",
    stderr: "gotrace validate: x: at byte 3: bad\n",
    ms: 1,
    rssGrowthKiB: 0,
  };

  it("accept a one-line failure and a clean success", () => {
    expect(checkRun("validate", ok, 100)).toEqual([]);
    expect(checkRun("validate", { ...ok, status: 0, stderr: "" }, 100)).toEqual([]);
    expect(checkRun("wire", { ...ok, status: 0, stderr: "gotrace wire: warning: x: cut at byte 9\n" }, 100)).toEqual(
      [],
    );
    const twoWarnings =
      "gotrace heap: warning: a batch was skipped\ngotrace heap: warning: the analysis covers 2 events\n";
    expect(checkRun("heap", { ...ok, status: 0, stderr: twoWarnings }, 100)).toEqual([]);
    expect(checkRun("heap", { ...ok, stderr: `${twoWarnings}gotrace heap: x: at byte 3: bad\n` }, 100)).toEqual([]);
  });

  it("flag exit statuses other than 0 and 1, extra lines, stack traces, internal errors, hangs, crashes and memory", () => {
    expect(checkRun("validate", { ...ok, status: 2 }, 100)).toContain("exit status 2");
    expect(checkRun("validate", { ...ok, stderr: `${ok.stderr}more\n` }, 100)).toContain(
      "2 stderr lines on failure (want exactly 1)",
    );
    expect(checkRun("validate", { ...ok, stderr: "gotrace validate: boom\n    at f (x.js:1:1)\n" }, 100)).toContain(
      "stack trace or error dump on stderr",
    );
    expect(checkRun("validate", { ...ok, stderr: "TypeError: x is undefined\n" }, 100)).toContain(
      "stack trace or error dump on stderr",
    );
    const ours = "gotrace validate: internal error (a bug in gotrace 1.0.0): x\n";
    expect(checkRun("validate", { ...ok, stderr: ours }, 100)[0]).toMatch(/^internal error/);
    // Go's own message for a broken trace may say "internal error" after the file and offset: that is not ours.
    const goInternal = "gotrace validate: f: at byte 21: internal error: unexpectedly processing EndOfGeneration\n";
    expect(checkRun("validate", { ...ok, stderr: goInternal }, 100)).toEqual([]);
    expect(checkRun("validate", { ...ok, hang: true, ms: 15000 }, 100)[0]).toMatch(/^hang/);
    expect(checkRun("validate", { ...ok, crash: "runner died (SIGABRT)" }, 100)[0]).toMatch(/^crash/);
    expect(checkRun("validate", { ...ok, rssGrowthKiB: 2 * 1024 * 1024 }, 100)[0]).toMatch(/^memory/);
  });

  it("between commands: validate and events agree, the raw readers agree, heap follows validate", () => {
    const r = (status, stderr = "") => ({ ...ok, status, stderr });
    expect(checkConsistency({ validate: r(0), events: r(1) })[0].symptom).toMatch(
      /validate exits 0 but events exits 1/,
    );
    expect(checkConsistency({ wire: r(0), footprint: r(0), text: r(1) })[0].symptom).toMatch(/raw readers disagree/);
    expect(checkConsistency({ validate: r(1), heap: r(0) })[0].symptom).toMatch(/without a warning/);
    expect(checkConsistency({ validate: r(1), heap: r(0, "gotrace heap: warning: x\n") })).toEqual([]);
    expect(checkConsistency({ validate: r(0), heap: r(1) })[0].symptom).toMatch(
      /validate accepts but heap --json refuses/,
    );
    expect(checkConsistency({ validate: r(0), heap: r(0, "gotrace heap: warning: x\n") })).toEqual([]);
    expect(
      checkConsistency({ validate: r(0), events: r(0), wire: r(0), footprint: r(0), text: r(0), heap: r(0) }),
    ).toEqual([]);
  });

  it("the goroutine, task and region analyses and the profiles follow validate as heap does", () => {
    const r = (status, stderr = "") => ({ ...ok, status, stderr });
    const howRun = { pprof: "pprof sync", perfetto: "perfetto", report: "report --html" };
    for (const c of ["goroutines", "tasks", "regions", "mmu", "pprof", "perfetto", "report"]) {
      const how = howRun[c] ?? `${c} --json`;
      expect(checkConsistency({ validate: r(1), [c]: r(0) })[0].symptom).toBe(
        `validate refuses but ${how} exits 0 without a warning`,
      );
      expect(checkConsistency({ validate: r(1), [c]: r(0, `gotrace ${c}: warning: x\n`) })).toEqual([]);
      expect(checkConsistency({ validate: r(0), [c]: r(1) })[0].symptom).toBe(`validate accepts but ${how} refuses`);
    }
  });
});

describe("runner pool", () => {
  const childPath = fileURLToPath(new URL("./__fixtures__/misbehaving-child.mjs", import.meta.url));

  it("times out a hang, records a crash and an exit, measures growth, and carries on with a fresh runner", {
    timeout: 60_000,
  }, async () => {
    const pool = new RunnerPool({ childPath });
    try {
      expect((await pool.run(["fine"], { timeoutMs: 20_000 })).status).toBe(0);
      const hang = await pool.run(["hang"], { timeoutMs: 1500 });
      expect(hang.hang).toBe(true);
      expect((await pool.run(["fine"], { timeoutMs: 20_000 })).status).toBe(0);
      expect((await pool.run(["crash"], { timeoutMs: 20_000 })).crash).toMatch(/SIGKILL/);
      expect((await pool.run(["exit"], { timeoutMs: 20_000 })).crash).toMatch(/exit 3/);
      const grow = await pool.run(["grow"], { timeoutMs: 20_000 });
      expect(grow.rssGrowthKiB).toBeGreaterThan(200 * 1024);
      expect((await pool.run(["fine"], { timeoutMs: 20_000, fresh: true })).rssGrowthKiB).toBeLessThan(100 * 1024);
    } finally {
      await pool.stop();
    }
  });
});
