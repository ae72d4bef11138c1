// gotrace report's page in a real browser: Debian's Chromium, headless,
// opening the page gotrace wrote. The breakdown bars, histograms and MMU curve
// must render as visible SVG with data, the heap report's sections must be
// there exactly when the trace has alloc/free events, and the page must log
// no errors and fetch nothing. Chromium is required: a missing browser fails
// here rather than skipping the check (as the heap page's test does).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { analyzeTrace } from "@gotrace/analysis";
import { fixture, readBytes } from "@gotrace/conformance";
import { CHROMIUM_TIMEOUT, launchChromium } from "@gotrace/conformance/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const TIMEOUT = CHROMIUM_TIMEOUT;

let browser: Promise<Browser> | undefined;
let dir: string;

/** Launches Chromium on first use, inside a test, so a missing browser is a failed test and never a skipped one. */
function getBrowser(): Promise<Browser> {
  browser ??= launchChromium("The report page test");
  return browser;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gotrace-report-html-"));
});

afterAll(async () => {
  await (await browser?.catch(() => undefined))?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}, TIMEOUT);

interface Opened {
  page: Page;
  errors: string[];
  foreignRequests: string[];
}

/** Runs gotrace report --html on a fixture and opens the page, recording errors and every request but the file's. */
async function openReport(name: string): Promise<Opened> {
  const file = join(dir, `${name}.html`);
  const r = gotrace(["report", "--html", file, fixture(name).tracePath]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const url = pathToFileURL(file).href;
  const page = await (await getBrowser()).newPage({ viewport: { width: 1280, height: 1400 } });
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.route("**/*", (route) => {
    if (route.request().url() === url) return route.continue();
    foreignRequests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, foreignRequests };
}

/** Checks the analysis charts: a visible bar per group with parts, histograms with bars, the MMU line across its box. */
async function checkAnalysisCharts(page: Page, name: string): Promise<void> {
  const a = await analyzeTrace(readBytes(fixture(name).tracePath));
  const bars = page.locator('#trace-goroutines svg[data-chart="breakdown"]');
  expect(await bars.count()).toBe(Math.min(20, a.groups.length));
  for (let i = 0; i < (await bars.count()); i++) {
    const bar = bars.nth(i);
    expect(await bar.isVisible()).toBe(true);
    const box = await bar.boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(5);
    // Groups with time have coloured parts whose widths fill the bar.
    if (Number(await bar.getAttribute("data-points")) > 0) {
      const widths = await bar
        .locator("rect[data-part]")
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      expect(widths.reduce((s, w) => s + w, 0)).toBeGreaterThan((box?.width ?? 0) * 0.95);
    }
  }
  expect(await page.locator(".gta-legend").isVisible()).toBe(true);

  const hists = page.locator('#trace-latency svg[data-chart="histogram"]');
  const withDurations = [...a.taskTypes.filter((t) => t.name !== "" && t.complete > 0), ...a.regionTypes].length;
  expect(withDurations).toBeGreaterThan(0);
  expect(await hists.count()).toBeGreaterThan(0);
  for (let i = 0; i < (await hists.count()); i++) {
    const h = hists.nth(i);
    expect(await h.isVisible()).toBe(true);
    expect(Number(await h.getAttribute("data-points"))).toBeGreaterThan(0);
    const rect = h.locator("rect.hbar").first();
    expect(await rect.isVisible()).toBe(true);
    expect((await rect.boundingBox())?.height).toBeGreaterThan(0);
  }

  const mmu = page.locator('#trace-mmu svg[data-chart="mmu"]');
  expect(await mmu.isVisible()).toBe(true);
  expect(await mmu.getAttribute("data-points")).toBe("100");
  const svgBox = await mmu.boundingBox();
  const line = await mmu.locator("path.mmu").boundingBox();
  expect(svgBox?.width).toBeGreaterThan(600);
  // The curve runs from 1 µs to the trace's length: most of the chart's width.
  expect(line?.width).toBeGreaterThan((svgBox?.width ?? 0) * 0.8);
  expect(await page.locator("#trace-mmu table.gta-worst tbody tr").count()).toBeGreaterThan(0);
}

describe("gotrace report's page in headless Chromium", () => {
  it(
    "an annotations trace: bars, histograms and the MMU curve, no heap sections, no errors or requests",
    async () => {
      const { page, errors, foreignRequests } = await openReport("annotations-go1.27");
      try {
        await checkAnalysisCharts(page, "annotations-go1.27");
        expect(await page.locator("#timeline").count()).toBe(0);
        expect(await page.locator('svg[data-chart="timeline"]').count()).toBe(0);
        expect(errors).toEqual([]);
        expect(foreignRequests).toEqual([]);
      } finally {
        await page.close();
      }
    },
    TIMEOUT,
  );

  it(
    "an alloc/free trace: the same, then the heap report's charts, whose script runs",
    async () => {
      const { page, errors, foreignRequests } = await openReport("annotations-go1.27-allocfree");
      try {
        await checkAnalysisCharts(page, "annotations-go1.27-allocfree");
        for (const chart of ["timeline", "size-classes", "lifetimes"]) {
          const svg = page.locator(`svg[data-chart="${chart}"]`);
          expect(await svg.count()).toBe(1);
          expect(await svg.isVisible()).toBe(true);
          expect(Number(await svg.getAttribute("data-points"))).toBeGreaterThan(0);
        }
        // The heap report's hover readout works inside the combined page: its script ran and found its data.
        // It sits below the analyses: scrolled into view first, as a reader would.
        const timeline = page.locator('svg[data-chart="timeline"]');
        await timeline.scrollIntoViewIfNeeded();
        const box = (await timeline.boundingBox())!;
        await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.4);
        const tip = page.locator('[data-hover="timeline"] .tooltip');
        expect(await tip.isVisible()).toBe(true);
        expect(await tip.textContent()).toContain("live (model)");
        expect(errors).toEqual([]);
        expect(foreignRequests).toEqual([]);
      } finally {
        await page.close();
      }
    },
    TIMEOUT,
  );
});
