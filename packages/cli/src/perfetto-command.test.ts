// gotrace perfetto, run as a user runs it: standard output (or -o OUT) holds
// exactly what @gotrace/perfetto exports for the trace; a broken trace is
// converted up to the break with one warning; a file that is not a trace, a
// bad --format and a terminal are refused with one line.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { fixture, samplePath } from "@gotrace/conformance";
import { chromeTraceChunks, exportPerfetto } from "@gotrace/perfetto";
import { describe, expect, test } from "vitest";
import { deflateOnThreadPool, perfettoCommand } from "./commands/perfetto.js";
import { Output } from "./io/output.js";
import { gotrace } from "./testing/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-perfetto-cli-"));

describe("gotrace perfetto", () => {
  test("standard output is the package's export of the trace, from a file and from standard input", async () => {
    const trace = readFileSync(fixture("annotations-go1.27").tracePath);
    const want = await exportPerfetto(new Uint8Array(trace), { deflate: deflateOnThreadPool });
    const r = gotrace(["perfetto", fixture("annotations-go1.27").tracePath]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, want)).toBe(0);
    const piped = gotrace(["perfetto", "-"], trace);
    expect(piped.status).toBe(0);
    expect(Buffer.compare(piped.stdout, want)).toBe(0);
  });

  test("an alloc/free trace from a file gets the heap model's counters; from standard input, not", async () => {
    const f = fixture("heapgrow-go1.27-allocfree");
    const trace = new Uint8Array(readFileSync(f.tracePath));
    const r = gotrace(["perfetto", f.tracePath]);
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, await exportPerfetto(trace, { deflate: deflateOnThreadPool }))).toBe(0);
    // Uncompressed, the counters' track names can be seen in the bytes.
    const plain = gotrace(["perfetto", "--compression", "none", f.tracePath]);
    expect(plain.status).toBe(0);
    expect(Buffer.compare(plain.stdout, await exportPerfetto(trace, { compression: "none" }))).toBe(0);
    expect(plain.stdout.includes(Buffer.from("Live heap bytes"))).toBe(true);
    // Measured: 10,375 bytes against 40,448.
    expect(r.stdout.length).toBeLessThan(plain.stdout.length / 3);
    const piped = gotrace(["perfetto", "--compression", "none", "-"], trace);
    expect(piped.status).toBe(0);
    expect(Buffer.compare(piped.stdout, await exportPerfetto(trace, { heap: false, compression: "none" }))).toBe(0);
    expect(piped.stdout.includes(Buffer.from("Live heap bytes"))).toBe(false);
  }, 300_000);

  test("--compression: deflate or none, and only for the Perfetto format", () => {
    const bad = gotrace(["perfetto", "--compression", "gzip", samplePath()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--compression is one of deflate, none, not gzip/);
    const json = gotrace(["perfetto", "--format", "chrome-json", "--compression", "none", samplePath()]);
    expect(json.status).toBe(2);
    expect(json.stderr).toMatch(/--compression is for the Perfetto format/);
  });

  test("-o OUT holds the same; an existing OUT needs --force; never over the input", async () => {
    const out = join(dir, "sample.perfetto-trace");
    const r = gotrace(["perfetto", "-o", out, samplePath()]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(
      Buffer.compare(
        readFileSync(out),
        await exportPerfetto(new Uint8Array(readFileSync(samplePath())), { deflate: deflateOnThreadPool }),
      ),
    ).toBe(0);
    const again = gotrace(["perfetto", "-o", out, samplePath()]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect(gotrace(["perfetto", "-o", out, "--force", samplePath()]).status).toBe(0);
    const copy = join(dir, "copy.trace");
    writeFileSync(copy, readFileSync(samplePath()));
    const over = gotrace(["perfetto", "-o", copy, "--force", copy]);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/over the input/);
  });

  test("a broken trace: converted up to the break, with one warning", async () => {
    const f = fixture("annotations-go1.27-allocfree-rejected");
    const r = gotrace(["perfetto", f.tracePath]);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/warning: .*the output covers the events before that point/);
    const want = await exportPerfetto(new Uint8Array(readFileSync(f.tracePath)), {
      keepPartial: true,
      deflate: deflateOnThreadPool,
    });
    expect(Buffer.compare(r.stdout, want)).toBe(0);
  });

  test("not a trace: one line, status 1, nothing written", () => {
    const notTrace = join(dir, "not-a-trace");
    writeFileSync(notTrace, "hello, this is not a trace\n");
    const r = gotrace(["perfetto", notTrace]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout.length).toBe(0);
    const out = join(dir, "none.perfetto-trace");
    expect(gotrace(["perfetto", "-o", out, notTrace]).status).toBe(1);
    expect(() => readFileSync(out)).toThrow();
  });

  test("--format chrome-json: the package's /jsontrace JSON, to a file or standard output", async () => {
    const trace = new Uint8Array(readFileSync(fixture("sched-go1.27").tracePath));
    const parts: Uint8Array[] = [];
    for await (const c of chromeTraceChunks(trace)) parts.push(c);
    const want = Buffer.concat(parts);
    const r = gotrace(["perfetto", "--format", "chrome-json", fixture("sched-go1.27").tracePath]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, want)).toBe(0);
    expect(JSON.parse(r.stdout.toString("utf8")).displayTimeUnit).toBe("ns");
    const out = join(dir, "sched.json");
    expect(gotrace(["perfetto", "--format", "chrome-json", "-o", out, fixture("sched-go1.27").tracePath]).status).toBe(
      0,
    );
    expect(Buffer.compare(readFileSync(out), want)).toBe(0);
  });

  test("usage mistakes are one line with status 2", () => {
    for (const args of [["perfetto", "--format", "svg", samplePath()], ["perfetto"]]) {
      const r = gotrace(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stdout.length).toBe(0);
    }
  });

  test("refuses to write the binary trace to a terminal, before reading anything", async () => {
    const written: unknown[] = [];
    const terminal = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          written.push(chunk);
          done();
        },
      }),
      { isTTY: true },
    );
    const args = { file: join(dir, "does-not-exist.trace"), flags: new Set<string>(), options: new Map() };
    await expect(perfettoCommand.run(args, new Output(terminal), () => {})).rejects.toThrow(/not a terminal/);
    expect(written).toEqual([]);
  });
});
