// The report in a real browser: Debian's Chromium, headless, opening the
// page from a file. It must render its charts as visible SVG with data, log
// no errors, run none of the script-like type names, and fetch nothing.
// Chromium is required: CI installs it (.ci/run), and a missing browser
// fails here rather than silently skipping the check.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_TIMEOUT, launchChromium } from "@gotrace/conformance/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HeapReport } from "../report/types.js";
import { renderHtmlReport } from "./index.js";
import { HOSTILE_TYPE, emptyReport, syntheticReport } from "../testing/synthetic-report.js";

const TIMEOUT = CHROMIUM_TIMEOUT;

let browser: Promise<Browser> | undefined;
let dir: string;

/**
 * Launches Chromium on first use. Checked inside each test, not in beforeAll,
 * so a missing browser counts as failed tests, never as skipped ones.
 */
function getBrowser(): Promise<Browser> {
  browser ??= launchChromium("The HTML report test");
  return browser;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gotrace-heap-html-"));
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

/** Opens the rendered report from a file, recording errors and every request that is not the file itself. */
async function open(report: HeapReport, name: string): Promise<Opened> {
  const file = join(dir, name);
  await writeFile(file, renderHtmlReport(report));
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
  page.on("request", (r) => {
    if (r.url() !== url) foreignRequests.push(r.url());
  });
  await page.route("**/*", (route) => {
    if (route.request().url() === url) return route.continue();
    foreignRequests.push(route.request().url());
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, errors, foreignRequests };
}

describe("HTML report in headless Chromium", () => {
  it(
    "renders every chart as visible SVG with data, without errors or requests",
    async () => {
      const { page, errors, foreignRequests } = await open(syntheticReport(), "report.html");
      try {
        const charts: [string, string, number][] = [
          // chart, mark selector, fewest marks expected
          ["timeline", "path.area", 9],
          ["size-classes", "rect.bar", 2 * 31],
          ["lifetimes", "rect.bar", 13],
        ];
        for (const [chart, marks, min] of charts) {
          const svg = page.locator(`svg[data-chart="${chart}"]`);
          await expect(svg.count()).resolves.toBe(1);
          expect(await svg.isVisible()).toBe(true);
          const box = await svg.boundingBox();
          expect(box?.width, chart).toBeGreaterThan(600);
          expect(box?.height, chart).toBeGreaterThan(150);
          expect(Number(await svg.getAttribute("data-points")), chart).toBeGreaterThan(0);
          expect(await svg.locator(marks).count(), chart).toBeGreaterThanOrEqual(min);
        }
        // The live-bytes line goes through every timeline point.
        const d = (await page.locator('svg[data-chart="timeline"] path[data-series="live"]').getAttribute("d")) ?? "";
        expect(d.match(/[ML]/g)?.length).toBe(400);
        expect(await page.locator('svg[data-chart="timeline"] rect.gc').count()).toBeGreaterThan(3);
        const rendered = await page.locator('svg[data-chart="timeline"] path[data-series="live"]').boundingBox();
        expect(rendered?.width).toBeGreaterThan(600);
        // Sparklines for the leak suspects.
        expect(await page.locator("#leaks svg.spark").count()).toBe(3);

        // Hostile type names are text, never markup or script.
        expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
        await expect(page.locator("#types").getByText(HOSTILE_TYPE).first().isVisible()).resolves.toBe(true);

        // The hover readout works: the script ran and found its data.
        const svgBox = (await page.locator('svg[data-chart="timeline"]').boundingBox())!;
        await page.mouse.move(svgBox.x + svgBox.width * 0.5, svgBox.y + svgBox.height * 0.4);
        const tip = page.locator('[data-hover="timeline"] .tooltip');
        expect(await tip.isVisible()).toBe(true);
        expect(await tip.textContent()).toContain("live (model)");

        // Legend buttons hide their series.
        await page.locator('[data-toggle="heapAlloc"]').click();
        expect(await page.locator('path[data-series="heapAlloc"]').isVisible()).toBe(false);

        expect(errors).toEqual([]);
        expect(foreignRequests).toEqual([]);
      } finally {
        await page.close();
      }
    },
    TIMEOUT,
  );

  it(
    "shows messages, not empty charts, for a trace without alloc/free events",
    async () => {
      const { page, errors, foreignRequests } = await open(emptyReport(), "empty.html");
      try {
        for (const chart of ["timeline", "size-classes", "lifetimes"]) {
          const el = page.locator(`[data-chart="${chart}"]`);
          expect(await el.getAttribute("data-points")).toBe("0");
          expect(await el.evaluate((e) => e.tagName.toLowerCase())).toBe("div");
          expect(await el.textContent()).toContain("GODEBUG=traceallocfree=1");
          expect(await el.isVisible()).toBe(true);
        }
        expect(await page.locator("svg.chart").count()).toBe(0);
        expect(errors).toEqual([]);
        expect(foreignRequests).toEqual([]);
      } finally {
        await page.close();
      }
    },
    TIMEOUT,
  );
});
