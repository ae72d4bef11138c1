// The app in a real browser: Debian's Chromium, headless, loading the built
// dist/ from a static server on 127.0.0.1 that this test starts. It opens the
// bundled sample trace through the file input and checks what a person would
// see: the overview's numbers (against the reader run here in Node), pixels
// on the timeline, zoom changing them, a click showing a stack, the analyses
// and the heap report, the Perfetto download (byte for byte the exporter's
// output in Node), no request to any other origin and a clean console.
// Chromium is required, never skipped: a missing browser fails here.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { fixture, samplePath } from "@gotrace/conformance";
import { exportPerfetto } from "@gotrace/perfetto";
import { TraceReader } from "@gotrace/reader";
import { launchChromium } from "@gotrace/conformance/chromium";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inflatePerfetto } from "./testing/inflate-perfetto.js";
import { serveStatic } from "./testing/static-server.js";

const TIMEOUT = 180_000;
const appDir = fileURLToPath(new URL("..", import.meta.url));
const dist = fileURLToPath(new URL("../dist", import.meta.url));

let browser: Browser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  // turbo builds first; a direct `vitest run` builds here when dist/ is missing (rebuild after changing src/).
  if (!existsSync(`${dist}/index.html`)) {
    const r = spawnSync("pnpm", ["exec", "vite", "build"], { cwd: appDir, stdio: "inherit" });
    if (r.status !== 0) throw new Error("vite build failed");
  }
  server = await serveStatic(dist);
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await server?.close();
}, TIMEOUT);

async function launch(): Promise<Browser> {
  browser ??= await launchChromium("The app's test");
  return browser;
}

/** Counts the canvas's pixels that are not the white background, in its span area. */
function inkedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.getElementById("timeline") as HTMLCanvasElement;
    // A copy read back, so the page's own canvas keeps its fast (GPU) path and Chromium's
    // readback warning stays out of the console.
    const copy = document.createElement("canvas");
    copy.width = c.width;
    copy.height = c.height;
    const ctx = copy.getContext("2d", { willReadFrequently: true })!;
    ctx.drawImage(c, 0, 0);
    const dpr = devicePixelRatio;
    // Right of the labels (150 CSS px), the P rows and below.
    const img = ctx.getImageData(
      Math.ceil(160 * dpr),
      Math.ceil(92 * dpr),
      c.width - Math.ceil(160 * dpr),
      c.height - Math.ceil(92 * dpr),
    );
    let n = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      if (img.data[i] !== 255 || img.data[i + 1] !== 255 || img.data[i + 2] !== 255) n++;
    }
    return n;
  });
}

/** The overview's cards, label to value. */
async function overviewCards(page: Page): Promise<Record<string, string>> {
  const pairs = await page
    .locator("#overview .card")
    .evaluateAll((els) =>
      els.map((e) => [e.querySelector("span")?.textContent ?? "", e.querySelector("b")?.textContent ?? ""]),
    );
  return Object.fromEntries(pairs);
}

/** A page on the app with every error, warning and foreign request recorded. */
async function openApp(): Promise<{ page: Page; errors: string[]; foreign: string[] }> {
  const page = await (await launch()).newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  const foreign: string[] = [];
  const origin = new URL(server!.url).origin;
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const url = r.url();
    // The page's own origin, and the blob:/data: URLs it makes, stay on this machine.
    if (!url.startsWith(`${origin}/`) && !url.startsWith("blob:") && !url.startsWith("data:")) foreign.push(url);
  });
  await page.goto(server!.url, { waitUntil: "load" });
  return { page, errors, foreign };
}

describe("the app in headless Chromium", () => {
  it(
    "reads the sample trace offline: overview, timeline, zoom, selection, analyses, Perfetto download",
    async () => {
      const { page, errors, foreign } = await openApp();

      // The policy names no network origin: only 'self', 'none', 'unsafe-inline', blob: and data:.
      const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
      expect(csp).toBeTruthy();
      const sources = csp!
        .split(";")
        .flatMap((d) => d.trim().split(/\s+/).slice(1))
        .filter((s) => s !== "");
      expect(sources.length).toBeGreaterThan(0);
      for (const s of sources) expect(["'self'", "'none'", "'unsafe-inline'", "blob:", "data:"]).toContain(s);
      expect(csp).toMatch(/connect-src 'self' blob: data:/);

      await page.setInputFiles("#file", samplePath());
      await page.waitForSelector('body[data-state="read"]', { timeout: TIMEOUT });
      await page.waitForFunction(() => Number(document.getElementById("timeline")?.dataset["marks"]) > 0);

      // The overview's numbers are the reader's, counted here in Node.
      const bytes = readFileSync(samplePath());
      const reader = new TraceReader(bytes);
      reader.finish();
      let syncs = 0;
      for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) if (ev.kind === 1) syncs++;
      const cards = await overviewCards(page);
      expect(cards["Events"]).toBe(reader.eventCount.toLocaleString("en"));
      expect(cards["Go version"]).toBe(`1.${reader.traceVersion}`);
      expect(cards["Generations"]).toBe(String(syncs));
      expect(cards["Alloc/free events"]).toBe("yes");

      // Drawn: many non-white pixels in the span area.
      const inked = await inkedPixels(page);
      expect(inked).toBeGreaterThan(5000);
      const before = await page.evaluate(() => (document.getElementById("timeline") as HTMLCanvasElement).toDataURL());
      const whole = await page.locator("#timeline").evaluate((c) => Number(c.dataset["t1"]) - Number(c.dataset["t0"]));

      // Zoom in (three halvings): the range shrinks eightfold and the pixels change.
      for (let k = 0; k < 3; k++) await page.click("#zoom-in");
      await page.waitForFunction((w) => {
        const c = document.getElementById("timeline")!;
        return Number(c.dataset["t1"]) - Number(c.dataset["t0"]) < w / 7;
      }, whole);
      const shown = await page.locator("#timeline").evaluate((c) => Number(c.dataset["t1"]) - Number(c.dataset["t0"]));
      expect(shown / whole).toBeCloseTo(1 / 8, 5);
      const after = await page.evaluate(() => (document.getElementById("timeline") as HTMLCanvasElement).toDataURL());
      expect(after).not.toBe(before);
      expect(await inkedPixels(page)).toBeGreaterThan(1000);

      // Wheel over the canvas zooms too (around the pointer).
      const box = (await page.locator("#timeline").boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + 100);
      await page.mouse.wheel(0, -300);
      await page.waitForFunction((s) => {
        const c = document.getElementById("timeline")!;
        return Number(c.dataset["t1"]) - Number(c.dataset["t0"]) < s * 0.9;
      }, shown);

      // Click along the first P row until a span with a stack is selected.
      await page.click("#zoom-reset");
      let found = false;
      for (let x = 170; x < box.width - 10 && !found; x += 7) {
        await page.mouse.click(box.x + x, box.y + 100);
        found = (await page.locator("#details pre.stack").count()) > 0;
      }
      expect(found).toBe(true);
      const text = (await page.locator("#details").textContent()) ?? "";
      expect(text).toMatch(/P\d+ ran G\d+/);
      // A stack line is "func file:line".
      expect((await page.locator("#details pre.stack").first().textContent()) ?? "").toMatch(/\S+ \S+:\d+/);
      // The goroutine link goes to its row and selects its span there.
      await page.locator("#details button.link").first().click();
      await page.waitForFunction(() =>
        /: (running|runnable|waiting|syscall|undetermined)/.test(document.getElementById("details")?.textContent ?? ""),
      );

      // The analyses and, for this alloc/free trace, the heap report.
      await page.waitForSelector('body[data-analysis="done"]', { timeout: TIMEOUT });
      await page.waitForSelector('body[data-heap="done"]', { timeout: TIMEOUT });
      const analysis = page.frameLocator("#analysis");
      await expect(analysis.locator("#trace-analysis").count()).resolves.toBe(1);
      await expect(page.frameLocator("#heap").locator("#timeline").count()).resolves.toBe(1);

      // The Perfetto download is the exporter's output for the same bytes: deflated by the browser, so
      // compared packet for packet once inflated.
      const [download] = await Promise.all([
        page.waitForEvent("download", { timeout: TIMEOUT }),
        page.click("#perfetto"),
      ]);
      const path = await download.path();
      const got = readFileSync(path);
      const want = await exportPerfetto(new Uint8Array(bytes), { compression: "none" });
      expect(got.length).toBeLessThan(want.length / 2);
      const inflated = inflatePerfetto(got);
      expect(inflated.length).toBe(want.length);
      expect(Buffer.compare(inflated, Buffer.from(want))).toBe(0);
      expect(download.suggestedFilename()).toBe("sample.perfetto-trace");

      // The README's picture: the timeline zoomed in a little, with the selection.
      await page.click("#zoom-reset");
      await page.click("#zoom-in");
      await page.evaluate(() => window.scrollTo(0, 0));
      const shot = await page.screenshot({ clip: { x: 0, y: 0, width: 1280, height: 760 } });
      expect(shot.subarray(1, 4).toString()).toBe("PNG");
      // Rewritten only when asked, so a test run leaves the committed picture alone.
      if (process.env["GOTRACE_APP_SCREENSHOT"] === "1")
        writeFileSync(new URL("../screenshot.png", import.meta.url), shot);

      expect(foreign).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
    TIMEOUT * 2,
  );

  it(
    "takes a dropped file; shows a trace cut short up to the break, with the reader's error",
    async () => {
      const { page, errors, foreign } = await openApp();
      // A trace of eight generations cut at 90%: Go's reader gives the generations before the cut.
      const bytes = readFileSync(fixture("generations-go1.27").tracePath).subarray(0, 16_500);
      let before = 0;
      const reader = new TraceReader(new Uint8Array(bytes));
      reader.finish();
      expect(() => {
        for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) before++;
      }).toThrow();
      expect(before).toBeGreaterThan(100);
      try {
        // Dropped on the page this time, as a person would drag it from a file manager.
        const dataTransfer = await page.evaluateHandle((b64) => {
          const raw = atob(b64);
          const dt = new DataTransfer();
          dt.items.add(new File([Uint8Array.from(raw, (c) => c.charCodeAt(0))], "cut.trace"));
          return dt;
        }, bytes.toString("base64"));
        await page.dispatchEvent("main", "drop", { dataTransfer });
        await page.waitForSelector('body[data-state="read"]', { timeout: TIMEOUT });
        await page.waitForSelector("body[data-error]", { timeout: TIMEOUT });
        await page.waitForFunction(() => Number(document.getElementById("timeline")?.dataset["marks"]) > 0);
        expect(await page.locator("#status").textContent()).toMatch(/failed/);
        expect((await overviewCards(page))["Events"]).toBe(before.toLocaleString("en"));
        expect(await inkedPixels(page)).toBeGreaterThan(1000);
        expect(foreign).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    },
    TIMEOUT,
  );
});
