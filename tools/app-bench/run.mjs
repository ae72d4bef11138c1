// The browser app's speed on a large trace, in headless Chromium: how soon the
// timeline shows pixels after the file is chosen, how long the whole read and
// the analyses take, and the frame times of zoom and pan. Writes the section
// "## Browser app" of BENCHMARKS.md (and leaves the others as they are). `pnpm bench` runs it
// (tools/bench/run.mjs --section app, which takes the section from its --no-write output).
//
//   node tools/app-bench/run.mjs [TRACE] [--steps N] [--no-write]
//
// TRACE defaults to tools/bench/out/big-sched.trace (108 MB, `tools/bench/make-big-trace.sh`;
// not committed). Builds packages/app first when its dist/ is missing. Chromium is
// /usr/bin/chromium or CHROMIUM_PATH.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { extname, join, normalize, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const appDir = join(root, "packages", "app");
const dist = join(appDir, "dist");
const args = process.argv.slice(2);
const stepsAt = args.indexOf("--steps");
const STEPS = stepsAt >= 0 ? Number(args.splice(stepsAt, 2)[1]) : 60;
const noWrite = args.includes("--no-write");
const trace = resolve(args.find((a) => !a.startsWith("--")) ?? join(root, "tools", "bench", "out", "big-sched.trace"));
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a script run by hand, not a turbo task
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
// playwright-core is the app's devDependency.
const { chromium } = createRequire(join(appDir, "package.json"))("playwright-core");

const log = (s) => process.stderr.write(`app-bench: ${s}\n`);
if (!existsSync(trace)) throw new Error(`${trace} is missing: make it with tools/bench/make-big-trace.sh`);
if (!existsSync(join(dist, "index.html"))) {
  log("building packages/app");
  if (spawnSync("pnpm", ["--filter", "@gotrace/app", "build"], { cwd: root, stdio: "inherit" }).status !== 0) {
    throw new Error("build failed");
  }
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const file = normalize(join(dist, path.endsWith("/") ? `${path}index.html` : path));
  if (!file.startsWith(dist + sep) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${server.address().port}/`;

const loadBefore = loadavg()[0];
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
const results = {};
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url, { waitUntil: "load" });
  log(`reading ${relative(root, trace)} (${(statSync(trace).size / 1e6).toFixed(1)} MB)`);
  // The clock starts in the page when the input's change event hands the File over.
  await page.setInputFiles("#file", trace);
  const canvas = page.locator("#timeline");
  await page.waitForFunction(() => document.getElementById("timeline")?.dataset.firstDrawMs !== undefined, null, {
    timeout: 600_000,
    polling: 50,
  });
  results.firstPixelsMs = Number(await canvas.getAttribute("data-first-draw-ms"));
  log(`first pixels after ${results.firstPixelsMs} ms`);
  await page.waitForSelector('body[data-state="read"]', { timeout: 600_000 });
  results.readMs = await page.evaluate(() => Number(document.body.dataset.readMs));
  results.overview = Object.fromEntries(
    await page
      .locator("#overview .card")
      .evaluateAll((els) => els.map((e) => [e.querySelector("span")?.textContent, e.querySelector("b")?.textContent])),
  );
  log(`read in ${results.readMs} ms: ${JSON.stringify(results.overview)}`);

  // Frame times: each step changes the view (a wheel zoom, an arrow pan), then waits for the
  // next animation frame; the interval between frames includes the app's drawing, which runs
  // in the same frame before ours. drawMs is the app's own time to draw the frame.
  const measure = (kind, steps) =>
    page.evaluate(
      async ({ kind, steps }) => {
        const c = document.getElementById("timeline");
        const raf = () => new Promise((r) => requestAnimationFrame(r));
        const r = c.getBoundingClientRect();
        const x = r.left + r.width * 0.6;
        const y = r.top + 120;
        const act = (i) => {
          if (kind === "zoom in")
            c.dispatchEvent(
              new WheelEvent("wheel", { deltaY: -120, clientX: x, clientY: y, bubbles: true, cancelable: true }),
            );
          else if (kind === "zoom out")
            c.dispatchEvent(
              new WheelEvent("wheel", { deltaY: 120, clientX: x, clientY: y, bubbles: true, cancelable: true }),
            );
          else
            c.dispatchEvent(
              new KeyboardEvent("keydown", { key: i % 20 < 10 ? "ArrowRight" : "ArrowLeft", bubbles: true }),
            );
        };
        const frames = [];
        const draws = [];
        const marks = [];
        let last = await raf();
        for (let i = 0; i < steps; i++) {
          act(i);
          const t = await raf();
          frames.push(t - last);
          draws.push(Number(c.dataset.drawMs));
          marks.push(Number(c.dataset.marks));
          last = t;
        }
        return { frames, draws, marks, shownNs: Number(c.dataset.t1) - Number(c.dataset.t0) };
      },
      { kind, steps },
    );
  const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return { median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
  };
  results.frames = [];
  const frames = async (when) => {
    for (const kind of ["zoom in", "pan", "zoom out", "pan"]) {
      const m = await measure(kind, STEPS);
      const row = { kind, when, frame: stats(m.frames), draw: stats(m.draws), marks: stats(m.marks) };
      results.frames.push(row);
      log(
        `${kind} (${when}): frame median ${row.frame.median.toFixed(1)} ms p95 ${row.frame.p95.toFixed(1)}; draw median ${row.draw.median.toFixed(1)} ms p95 ${row.draw.p95.toFixed(1)}`,
      );
    }
  };
  results.spans = Number(await canvas.getAttribute("data-spans"));
  results.modelBytes = Number(await canvas.getAttribute("data-model-bytes"));
  // First while the worker runs the analyses (both cores busy), then once it is idle.
  await frames("analyses running");
  await page.waitForSelector('body[data-analysis="done"], body[data-error]', { timeout: 900_000 });
  results.analysisMs = await page.evaluate(() => Number(document.body.dataset.analysisMs));
  await frames("idle worker");
  results.errors = errors;
  log(`analyses done ${results.analysisMs} ms after the file was chosen`);
} finally {
  await browser.close();
  server.close();
}

const mb = (statSync(trace).size / 1e6).toFixed(1);
const cpu = cpus()[0]?.model.trim().split(/\s+/).slice(0, 2).join(" ") ?? "?";
const date = new Date().toISOString().slice(0, 10);
const version = spawnSync(CHROMIUM, ["--version"], { encoding: "utf8" }).stdout.trim();
const f = (ms) => (ms / 1000).toFixed(2);
const frameRows = results.frames.map(
  (r) =>
    `| ${r.kind} | ${r.when} | ${STEPS} | ${r.frame.median.toFixed(1)} | ${r.frame.p95.toFixed(1)} | ${r.draw.median.toFixed(1)} | ${r.draw.p95.toFixed(1)} | ${Math.round(r.marks.median).toLocaleString("en")} |`,
);
const text = `## Browser app (\`packages/app\`, issue 13)

Measured ${date} on ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux (load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, from other work); ${version}, headless (software rendering), viewport 1600 × 1000. Made by \`pnpm bench\` (\`tools/app-bench/run.mjs\`); only this section: \`node tools/bench/run.mjs --section app\`.
Trace: \`${relative(root, trace)}\`, ${mb} MB, ${results.overview["Events"]} events, ${results.overview["Goroutines"]} goroutines, ${results.overview["Ps"]} Ps, ${results.overview["Generations"]} generations (Go ${results.overview["Go version"]}).

| from the file being chosen to | seconds |
| --- | ---: |
| first pixels of the timeline (a partial model, drawn while the rest is read) | ${f(results.firstPixelsMs)} |
| the whole timeline model read and drawn (worker: stream, reader, model) | ${f(results.readMs)} |
| the goroutine and MMU analyses shown (two more reads of the file) | ${f(results.analysisMs)} |

The model: ${results.spans.toLocaleString("en")} spans on the P and goroutine rows in ${(results.modelBytes / 2 ** 20).toFixed(0)} MiB of typed arrays, ${(results.modelBytes / results.spans).toFixed(1)} bytes a span (\`packages/app/src/spans.ts\`: a start as a Uint32 offset from its block's Float64 base; an end kept only where the next span does not start at it on goroutine rows, as a Uint32 duration on P rows; value, stack and related each as narrow as its largest value), transferred from the worker to the page, not copied.

Frames, each step a wheel zoom (×0.79 or ×1.27 around the pointer) or an arrow-key pan (1/8 of the width), the goroutine rows open; *frame* is the interval between animation frames with one step each (it includes the drawing and the browser's own work; 16.7 ms is 60 frames a second), *draw* the app's drawing alone, *marks* the rectangles drawn per frame (spans, and one per pixel where spans are narrower). Frames come at 60 a second, so a frame's interval is a multiple of 16.7 ms: a median of 16.7 is every frame on time, a p95 of n × 16.7 ms means one step in twenty took n frames or more, the drawing itself much less (software rendering and, in the first rows, the worker's analyses share the two cores with it).

| step | while | steps | frame median ms | frame p95 ms | draw median ms | draw p95 ms | marks |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${frameRows.join("\n")}
${results.errors.length > 0 ? `\nErrors in the page: ${results.errors.join("; ")}\n` : ""}`;

process.stdout.write(`${text}\n`);
if (!noWrite) {
  const out = join(root, "BENCHMARKS.md");
  const marker = "## Browser app";
  let doc = readFileSync(out, "utf8");
  const at = doc.indexOf(marker);
  if (at < 0) doc = `${doc.trimEnd()}\n\n${text}`;
  else {
    const next = doc.indexOf("\n## ", at + marker.length);
    doc = `${doc.slice(0, at)}${text}${next >= 0 ? `\n${doc.slice(next + 1)}` : ""}`;
  }
  writeFileSync(out, doc);
  log("wrote BENCHMARKS.md");
}
