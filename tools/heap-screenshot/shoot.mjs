#!/usr/bin/env node
// Renders a heap report (the JSON `gotrace heap --json` prints) to HTML and
// screenshots it in headless Chromium, for the README and docs.
//
//   node tools/heap-screenshot/shoot.mjs report.json [out.png] [--full] [--html] [--chromium=PATH]
//   node tools/heap-screenshot/shoot.mjs --synthetic [out.png] [--full] [--html] [--chromium=PATH]
//
// out.png defaults to packages/heap/docs/report.png; the shot is the top
// 1400 px at 1280 px wide, or the whole page with --full. --html also keeps
// the rendered page next to the PNG (same name, .html); --chromium=PATH picks
// the browser (default /usr/bin/chromium).
//
// The renderer is bundled from packages/heap/src with esbuild (tsup's own),
// so the shot always shows the current source and needs no build first.
// playwright-core and tsup are devDependencies of @gotrace/heap; they are
// resolved from there because this script is not a package of its own.

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const heap = join(root, "packages/heap");
const requireFromHeap = createRequire(join(heap, "package.json"));

const args = process.argv.slice(2);
const full = args.includes("--full");
const keepHtml = args.includes("--html");
const CHROMIUM = args.find((a) => a.startsWith("--chromium="))?.slice("--chromium=".length) ?? "/usr/bin/chromium";
const [input, out = join(heap, "docs/report.png")] = args.filter((a) => !a.startsWith("--") || a === "--synthetic");
if (!input) {
  console.error("usage: shoot.mjs <report.json | --synthetic> [out.png] [--full] [--html] [--chromium=PATH]");
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium, or pass --chromium=PATH`);
  process.exit(1);
}

const tmp = await mkdtemp(join(tmpdir(), "heap-shot-"));
try {
  const mod = await bundle(tmp);
  const report = input === "--synthetic" ? mod.syntheticReport() : JSON.parse(await readFile(input, "utf8"));
  if (report.schema !== "gotrace.heap/v1")
    throw new Error(`${input}: not a gotrace.heap/v1 report (schema ${report.schema})`);
  const htmlPath = keepHtml ? out.replace(/\.png$/i, "") + ".html" : join(tmp, "report.html");
  await writeFile(htmlPath, mod.renderHtmlReport(report));
  await shoot(pathToFileURL(resolve(htmlPath)).href, out);
  console.log(`wrote ${out}${keepHtml ? ` and ${htmlPath}` : ""}`);
} finally {
  await rm(tmp, { recursive: true, force: true });
}

/** Bundles the HTML renderer and the synthetic report from source into one ESM file and imports it. */
async function bundle(dir) {
  const esbuild = createRequire(requireFromHeap.resolve("tsup"))("esbuild");
  const entry = join(dir, "entry.ts");
  await writeFile(
    entry,
    `export { renderHtmlReport } from ${JSON.stringify(join(heap, "src/html/index.ts"))};\n` +
      `export { syntheticReport } from ${JSON.stringify(join(heap, "src/testing/synthetic-report.ts"))};\n`,
  );
  const outfile = join(dir, "entry.mjs");
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "error",
  });
  return import(pathToFileURL(outfile).href);
}

async function shoot(url, png) {
  const { chromium } = requireFromHeap("playwright-core");
  // --no-sandbox: Chromium refuses its sandbox when run as root (CI, containers).
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, deviceScaleFactor: 1 });
    await page.goto(url, { waitUntil: "load" });
    await page.screenshot({ path: png, fullPage: full });
  } finally {
    await browser.close();
  }
}
