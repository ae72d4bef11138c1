// gotrace report, run as a user runs it: the page is written whole, with the
// heap report's sections exactly when the trace has alloc/free events; a
// broken trace gives one warning and its limits on the page; the text summary
// without --html; the usual refusals.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeTrace, formatDuration } from "@gotrace/analysis";
import { fixture, readBytes } from "@gotrace/conformance";
import { describe, expect, test } from "vitest";
import { ended, gotrace, startGotrace } from "./testing/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-report-cli-"));
// Three passes over a trace, each starting Node's module loading, on a busy 2-core machine.
const TIMEOUT = 120_000;

describe("gotrace report --html", () => {
  test(
    "an annotations trace: the analysis sections, no heap sections",
    async () => {
      const out = join(dir, "annotations.html");
      const path = fixture("annotations-go1.27").tracePath;
      const r = gotrace(["report", "--html", out, path]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.toString()).toBe(`wrote ${out}\n`);
      const html = readFileSync(out, "utf8");
      for (const id of ["trace-overview", "trace-goroutines", "trace-latency", "trace-mmu"]) {
        expect(html).toContain(`id="${id}"`);
      }
      expect(html).not.toContain('id="timeline"');
      // The groups shown are the analysis's, each with its bar.
      const a = await analyzeTrace(readBytes(path));
      expect(html.match(/data-chart="breakdown"/g)?.length).toBe(Math.min(20, a.groups.length));
      for (const g of a.groups) expect(html).toContain(`data-count="${g.count}" data-exec-ns="${g.stats.execTime}"`);
      expect(html).toContain(
        `<title>Go trace report · ${path} · ${formatDuration(a.summary.endTime - a.summary.startTime)}`,
      );
    },
    TIMEOUT,
  );

  test(
    "an alloc/free trace: the heap report's sections after the analyses, and its script",
    () => {
      const out = join(dir, "allocfree.html");
      const r = gotrace(["report", "--html", out, fixture("annotations-go1.27-allocfree").tracePath]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.toString()).toBe(`wrote ${out} (with the heap report)\n`);
      const html = readFileSync(out, "utf8");
      for (const id of ["timeline", "leaks", "types", "size-classes", "lifetimes", "gc"]) {
        expect(html).toContain(`<section id="${id}">`);
      }
      expect(html.indexOf('<section id="timeline">')).toBeGreaterThan(html.indexOf('id="trace-mmu"'));
      expect(html).toContain('id="timeline-data"');
    },
    TIMEOUT,
  );

  test(
    "standard input is read once, for every pass",
    () => {
      const out = join(dir, "stdin.html");
      const r = gotrace(["report", "--html", out, "-"], readBytes(fixture("annotations-go1.27-allocfree").tracePath));
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const html = readFileSync(out, "utf8");
      expect(html).toContain('id="trace-mmu"');
      expect(html).toContain('<section id="timeline">');
      expect(html).toContain('Go trace report<span class="sub">standard input</span>');
    },
    TIMEOUT,
  );

  test(
    "a broken trace: analysed up to the break, one warning, the limits on the page",
    () => {
      const bytes = readBytes(fixture("annotations-go1.27-allocfree").tracePath);
      const cut = join(dir, "cut.trace");
      writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      const out = join(dir, "cut.html");
      const r = gotrace(["report", "--html", out, cut]);
      expect(r.status).toBe(0);
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^gotrace report: warning: .*cut\.trace: .*; the analysis covers the \d+ events before that point$/,
      );
      const html = readFileSync(out, "utf8");
      expect(html).toContain('id="trace-limits"');
      expect(html).toMatch(
        /<li>The trace is broken \([^<]*\); the analysis covers the \d+ events before that point\.<\/li>/,
      );
    },
    TIMEOUT,
  );

  test("refuses to overwrite without --force, and a file that is not a trace, writing nothing", () => {
    const out = join(dir, "exists.html");
    writeFileSync(out, "keep");
    const path = fixture("annotations-go1.27").tracePath;
    const r = gotrace(["report", "--html", out, path]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(out, "utf8")).toBe("keep");
    const notTrace = join(dir, "not.trace");
    writeFileSync(notTrace, "hello, not a trace\n");
    const out2 = join(dir, "never.html");
    const r2 = gotrace(["report", "--html", out2, notTrace]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/not a Go execution trace/);
    expect(existsSync(out2)).toBe(false);
  });
});

test("Ctrl-C while it reads: ends by the signal, without a word, and leaves no file", async () => {
  const out = mkdtempSync(join(dir, "sigint-"));
  const target = join(out, "page.html");
  const child = startGotrace(["report", "--html", target, "-"]);
  const end = ended(child);
  // More than a pipe holds: the write completes only once gotrace has read part of it, so it is
  // reading standard input (which stays open) when the signal comes.
  const bytes = readBytes(fixture("heapgrow-go1.27-allocfree").tracePath);
  expect(bytes.length).toBeGreaterThan(1 << 17);
  await new Promise<void>((resolve, reject) => child.stdin.write(bytes, (err) => (err ? reject(err) : resolve())));
  child.kill("SIGINT");
  const r = await end;
  expect(r.signal).toBe("SIGINT");
  expect(r.stderr).toBe("");
  expect(readdirSync(out)).toEqual([]);
});

test("without --html: a short summary that points to --html", async () => {
  const path = fixture("annotations-go1.27").tracePath;
  const r = gotrace(["report", path]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const a = await analyzeTrace(readBytes(path));
  const text = r.stdout.toString();
  expect(text.split("\n")[0]).toBe(
    `${formatDuration(a.summary.endTime - a.summary.startTime)} of trace, ${a.summary.events} events, ${a.summary.goroutines.length} goroutines in ${a.groups.length} start functions`,
  );
  expect(text).toContain("gotrace report --html OUT FILE");
});
