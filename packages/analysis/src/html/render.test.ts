// The analysis page as a string, on real fixture traces: every section is
// there, the numbers it shows are the analysis's own, user strings are
// escaped, and other reports' parts go after it. How it looks in a browser is
// the CLI's chromium test (packages/cli/src/report-chromium.test.ts).
import { readFileSync } from "node:fs";
import { fixtures } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { type TraceAnalysis, analyzeTrace } from "../analyze.js";
import { formatDuration } from "../duration.js";
import { DEFAULT_UTIL_FLAGS, type MMUAnalysis, analyzeMMU, mmuWindows } from "../mmu-trace.js";
import { renderAnalysisHtml } from "./index.js";

const HOSTILE = "</script><img src=x onerror=alert(1)>";

async function load(name: string): Promise<{ a: TraceAnalysis; m: MMUAnalysis }> {
  const f = fixtures().find((x) => x.name === name);
  if (f === undefined) throw new Error(`no fixture ${name}`);
  const bytes = new Uint8Array(readFileSync(f.tracePath));
  return { a: await analyzeTrace(bytes), m: await analyzeMMU(bytes) };
}

/** The rows of the goroutine table: their data attributes and their cells' text. */
function groupRows(html: string): { key: string; count: number; execNs: number; cells: string[] }[] {
  const table = html.slice(
    html.indexOf('<table class="gta-groups">'),
    html.indexOf("</table>", html.indexOf("gta-groups")),
  );
  return [
    ...table.matchAll(
      /<tr(?: class="rest")? data-group="([^"]+)" data-count="(\d+)" data-exec-ns="(\d+)"[^>]*>(.*?)<\/tr>/g,
    ),
  ].map((m) => ({
    key: m[1] as string,
    count: Number(m[2]),
    execNs: Number(m[3]),
    // The cell text, tags dropped (the block cell's reasons are in a nested span).
    cells: [...(m[4] as string).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => (c[1] as string).replace(/<[^>]*>/g, "")),
  }));
}

describe("renderAnalysisHtml on an annotations trace", async () => {
  const { a, m } = await load("annotations-go1.27");
  const html = renderAnalysisHtml(a, m, { title: "annotations.trace" });

  it("has the overview, goroutines, latency and MMU sections, and no script of its own", () => {
    for (const id of ["trace-overview", "trace-goroutines", "trace-latency", "trace-mmu"]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).not.toContain("<script");
    // Nothing outside the file: the only URL is the SVG namespace.
    const urls = html.match(/(?:src|href)="(?!#)[^"]*"|url\((?!#)[^)]*\)|https?:\/\/[^\s"')]+/g) ?? [];
    expect(urls.filter((u) => u !== "http://www.w3.org/2000/svg")).toEqual([]);
  });

  it("shows each group's count and times as the analysis computed them", () => {
    expect(a.groups.length).toBeGreaterThan(1);
    const rows = groupRows(html);
    expect(rows).toHaveLength(a.groups.length);
    const byTotal = [...a.groups].sort(
      (x, y) => y.stats.totalTime - x.stats.totalTime || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0),
    );
    rows.forEach((row, i) => {
      const g = byTotal[i];
      if (g === undefined) throw new Error("more rows than groups");
      expect(row.cells[0]).toBe(g.name === "" ? "(unknown)" : g.name);
      expect(row.count).toBe(g.count);
      expect(row.cells[1]).toBe(String(g.count));
      expect(row.execNs).toBe(g.stats.execTime);
      expect(row.cells[2]).toBe(formatDuration(g.stats.totalTime));
      expect(row.cells[3]).toBe(formatDuration(g.stats.execTime));
      expect(row.cells[4]).toBe(formatDuration(g.stats.schedWaitTime));
      expect(row.cells[6]).toBe(formatDuration(g.stats.syscallTime));
    });
    // One breakdown bar per row, with a part for each kind of time the group has.
    expect(html.match(/data-chart="breakdown"/g)?.length).toBe(a.groups.length);
  });

  it("sums the groups past --top in one row", () => {
    const cut = renderAnalysisHtml(a, m, { topGroups: 2 });
    const rows = groupRows(cut);
    expect(rows.map((r) => r.key)).toEqual(["0", "1", "rest"]);
    const total = a.groups.reduce((n, g) => n + g.count, 0);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(total);
    const exec = a.groups.reduce((n, g) => n + g.stats.execTime, 0);
    expect(rows.reduce((n, r) => n + r.execNs, 0)).toBe(exec);
    expect(rows[2]?.cells[0]).toBe(`${a.groups.length - 2} more start functions`);
  });

  it("draws a histogram per task and region type whose bars add up to its durations", () => {
    const hists = [
      ...html.matchAll(/<div class="gta-hist" data-kind="(task|region)" data-count="(\d+)">(.*?)<\/svg>/g),
    ];
    const named = a.taskTypes.filter((t) => t.name !== "");
    expect(named.length).toBeGreaterThan(0);
    expect(a.regionTypes.length).toBeGreaterThan(0);
    expect(hists.filter((h) => h[1] === "task")).toHaveLength(Math.min(8, named.length));
    expect(hists.filter((h) => h[1] === "region")).toHaveLength(Math.min(8, a.regionTypes.length));
    for (const h of hists) {
      const bars = [...(h[3] as string).matchAll(/<rect class="hbar" data-count="(\d+)"/g)].map((b) => Number(b[1]));
      expect(bars.reduce((s, n) => s + n, 0)).toBe(Number(h[2]));
    }
    // The quantiles shown are the analysis's.
    for (const t of named) {
      if (t.quantiles !== null) expect(html).toContain(`p50 ${formatDuration(t.quantiles.p50)}`);
    }
    for (const r of a.regionTypes) {
      if (r.quantiles !== null) expect(html).toContain(`p99 ${formatDuration(r.quantiles.p99)}`);
    }
  });

  it("draws the MMU curve from 1 µs to the trace's length and lists each window's MMU", () => {
    expect(html).toMatch(/<svg class="gta-chart" data-chart="mmu" data-points="100"/);
    const d = html.match(/<path class="mmu" d="([^"]+)"/)?.[1] ?? "";
    expect(d.match(/[ML]/g)?.length).toBe(100);
    const duration = m.utilization.endTime - m.utilization.startTime;
    for (const w of mmuWindows(duration).filter((x) => x <= duration)) {
      const row = html.match(new RegExp(`<tr data-window-ns="${w}">(.*?)</tr>`))?.[1] ?? "";
      expect(row).toContain(`${(m.curve.mmu(w) * 100).toFixed(1)}%`);
    }
  });

  it("puts the overview's counts from the summary", () => {
    const card = (key: string) =>
      html.match(new RegExp(`data-card="${key}"><div class="label">[^<]*</div><div class="value">([^<]*)<`))?.[1];
    expect(card("duration")).toBe(formatDuration(a.summary.endTime - a.summary.startTime));
    expect(card("goroutines")).toBe(String(a.summary.goroutines.length));
    expect(card("tasks")).toBe(String(a.summary.tasks.filter((t) => t.id > 0).length));
    expect(card("regions")).toBe(String(a.regionTypes.reduce((n, r) => n + r.count, 0)));
  });
});

describe("renderAnalysisHtml with hostile names", async () => {
  const { a, m } = await load("annotations-go1.27");
  // Every string the page shows from the trace, replaced by markup.
  const evil: TraceAnalysis = {
    ...a,
    groups: a.groups.map((g, i) =>
      i === 0
        ? {
            ...g,
            name: HOSTILE,
            stats: { ...g.stats, blockTimeByReason: { [HOSTILE]: 5, ...g.stats.blockTimeByReason } },
          }
        : g,
    ),
    taskTypes: a.taskTypes.map((t) => ({ ...t, name: `${HOSTILE}${t.name}` })),
    regionTypes: a.regionTypes.map((r) => ({ ...r, name: HOSTILE, frame: { func: HOSTILE, pc: 1 } })),
    limits: [HOSTILE],
  };
  const html = renderAnalysisHtml(evil, m, { title: HOSTILE, limits: [HOSTILE] });

  it("escapes them everywhere", () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("renderAnalysisHtml with other reports' parts and a broken trace", async () => {
  const f = fixtures().find((x) => x.name === "annotations-go1.27");
  if (f === undefined) throw new Error("no annotations-go1.27");
  const whole = new Uint8Array(readFileSync(f.tracePath));
  // Cut inside the trace: the reader breaks, the analyses keep what came before.
  const bytes = whole.subarray(0, Math.floor(whole.length * 0.6));
  const a = await analyzeTrace(bytes, { keepPartial: true });
  const m = await analyzeMMU(bytes, { keepPartial: true });

  it("lists the analyses' limits", () => {
    expect(a.error).not.toBeNull();
    const html = renderAnalysisHtml(a, m);
    expect(html).toContain('id="trace-limits"');
    for (const l of [...a.limits, ...m.limits]) {
      expect(html).toContain(
        l
          .replace(/&/g, "&amp;")
          .replace(/</g, "&lt;")
          .replace(/>/g, "&gt;")
          .replace(/"/g, "&quot;")
          .replace(/'/g, "&#39;"),
      );
    }
  });

  it("lists each limit once when analyzeTrace measured the MMU in the same read", async () => {
    const both = await analyzeTrace(bytes, { keepPartial: true, mmuFlags: DEFAULT_UTIL_FLAGS });
    if (both.mmu === null) throw new Error("no MMU with mmuFlags");
    const html = renderAnalysisHtml(both, both.mmu);
    const items = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((x) => x[1]);
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(items).size).toBe(items.length);
  });

  it("puts the parts after its own sections, their style in the head and their script at the end", () => {
    const part = { style: ".x-part { color: red; }", body: '<section id="x-part">part</section>', script: "void 0;" };
    const html = renderAnalysisHtml(a, m, { extraParts: [part] });
    const head = html.slice(0, html.indexOf("</head>"));
    expect(head).toContain(part.style);
    expect(html.indexOf(part.body)).toBeGreaterThan(html.indexOf('id="trace-mmu"'));
    expect(html).toMatch(/<script>void 0;<\/script><\/body><\/html>\n$/);
    // Every analysis rule is scoped, so the part's plain-element rules and its ids do not meet them.
    const style = head.slice(head.indexOf("<style>") + 7, head.indexOf(part.style));
    const selectors = [...style.matchAll(/(^|})\s*([^{}]+)\{/g)].flatMap((s) => (s[2] as string).split(","));
    expect(selectors.length).toBeGreaterThan(20);
    for (const s of selectors) expect(s.trim()).toMatch(/^(\.gta\b|body\.gta-page|\.gta-page\b)/);
  });
});
