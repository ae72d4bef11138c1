// gotrace heap, run as a user runs it.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { fixture, fixtures, heapKnown, readBytes, samplePath } from "@gotrace/conformance";
import { analyzeHeap, encodeHeapProfile, type HeapReport } from "@gotrace/heap";
import { Profile } from "pprof-format";
import { describe, expect, test } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-heap-"));
const knownName = heapKnown().fixtures.at(-1) as string;
const known = fixture(knownName).tracePath;

describe("gotrace heap", () => {
  test("prints a summary of the sample", () => {
    const r = gotrace(["heap", samplePath()]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const text = r.stdout.toString();
    expect(text).toMatch(/^Heap of a [\d.]+ ms trace \(format version 26/);
    expect(text).toContain("Live at end:");
    expect(text).toContain("main.leakNode");
    expect(text).toContain("Leak suspects");
  });

  test("--json is the report analyzeHeap makes, whatever the chunking", async () => {
    const r = gotrace(["heap", "--json", "--top", "8", known]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout.toString()) as HeapReport;
    const direct = (await analyzeHeap(readBytes(known))).report;
    expect(report).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(report.schema).toBe("gotrace.heap/v1");
    const retained = report.liveAtEnd.byType.find((t) => t.type === "main.retained");
    expect(retained).toEqual({ type: "main.retained", objects: 1000, bytes: 48000 });
    expect(report.timeline.length).toBeGreaterThan(10);
    for (const p of report.timeline) expect(Object.keys(p.byType)).toEqual(report.topTypes);
  });

  test("--pprof writes the gzipped profile of the analysis", async () => {
    const out = join(dir, "known.pb.gz");
    const r = gotrace(["heap", "--pprof", out, known]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(`wrote ${out}\n`);
    const raw = gunzipSync(readFileSync(out));
    const { pprof } = await analyzeHeap(readBytes(known));
    expect(new Uint8Array(raw)).toEqual(encodeHeapProfile(pprof));
    const profile = Profile.decode(raw);
    const strings = profile.stringTable.strings;
    expect(profile.sampleType.map((t) => strings[Number(t.type)])).toEqual([
      "alloc_objects",
      "alloc_space",
      "inuse_objects",
      "inuse_space",
    ]);
    // In-use space across samples is the live bytes at the end.
    const inuse = profile.sample.reduce((s, x) => s + Number(x.value[3]), 0);
    expect(inuse).toBe(JSON.parse(gotrace(["heap", "--json", known]).stdout.toString()).liveAtEnd.bytes);
  });

  test("--html writes one self-contained page", () => {
    const out = join(dir, "sample.html");
    const r = gotrace(["heap", "--html", out, samplePath()]);
    expect(r.status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.slice(0, 15).toLowerCase()).toBe("<!doctype html>");
    expect(html).toContain("main.leakNode");
    expect(html).not.toMatch(/\s(?:src|href)=["']?(?:https?:)?\/\//);
  });

  test("never overwrites a file unless asked, never the input", () => {
    const out = join(dir, "exists.html");
    writeFileSync(out, "mine");
    const r = gotrace(["heap", "--html", out, samplePath()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("already exists; pass --force");
    expect(readFileSync(out, "utf8")).toBe("mine");
    const forced = gotrace(["heap", "--html", out, "--force", samplePath()]);
    expect(forced.status).toBe(0);
    expect(statSync(out).size).toBeGreaterThan(1000);
    const copy = join(dir, "copy.trace");
    writeFileSync(copy, readBytes(samplePath()));
    const over = gotrace(["heap", "--pprof", copy, "--force", copy]);
    expect(over.status).toBe(1);
    expect(over.stderr).toContain("refusing to write the output over the input");
    expect(new Uint8Array(readFileSync(copy))).toEqual(readBytes(samplePath()));
  });

  test("--diff compares two moments", () => {
    const r = gotrace(["heap", "--json", "--diff", "1ms:4ms", samplePath()]);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout.toString()) as HeapReport;
    expect(report.diff).not.toBeNull();
    expect((report.diff?.fromNs ?? 0) - report.trace.startNs).toBeGreaterThanOrEqual(1e6);
    expect((report.diff?.toNs ?? 0) - report.trace.startNs).toBeGreaterThanOrEqual(4e6);
    expect(report.diff?.byType.length).toBeGreaterThan(0);
    const bad = gotrace(["heap", "--diff", "soon", samplePath()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--diff needs FROM:TO");
  });

  test("a cut trace is analysed up to the cut, with one warning", () => {
    const bytes = readBytes(samplePath());
    const cut = join(dir, "cut.trace");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const r = gotrace(["heap", cut]);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("the analysis covers the");
    expect(r.stdout.toString()).toContain("note: The trace is broken");
  });

  test("a trace without alloc/free events says how to get them", () => {
    const plain = fixtures().find((f) => !f.allocFree && f.header >= 22 && f.expect.ok) as { tracePath: string };
    const r = gotrace(["heap", plain.tracePath]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain("GODEBUG=traceallocfree=1");
  });
});
