// The published packages as a stranger gets them: packed, installed from the
// tarballs into a project outside the workspace, then used from ESM,
// CommonJS, strict TypeScript, the gotrace bin and a browser bundle. Every
// way must compute what the workspace's own packages compute on the sample trace.
import { readFileSync, realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, sep } from "node:path";
import { analyzeTrace } from "@gotrace/analysis";
import { renderAnalysisHtml } from "@gotrace/analysis/html";
import { countFootprint, FootprintCounter, parseHeader, RawDecoder } from "@gotrace/codec";
import { analyzeHeap } from "@gotrace/heap";
import { renderHtmlReport } from "@gotrace/heap/html";
import { exportPerfetto } from "@gotrace/perfetto";
import { TraceReader } from "@gotrace/reader";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleForBrowser, runInChromium } from "./browser.js";
import { PROJECT_ENV, type Project, createProject } from "./project.js";
import { run, runOk } from "./run.js";
import { CONSUMER_DIR, PUBLIC_PACKAGES, ROOT, SAMPLE_TRACE, THIRD_PARTY } from "./workspace.js";

// Packing four packages and installing them takes a minute on a busy 2-core machine;
// each step below starts Node, tsc or Chromium, which can take tens of seconds there.
const SETUP_TIMEOUT = 600_000;
const STEP_TIMEOUT = 300_000;

interface Summary {
  version: number;
  events: number;
  heap: Record<string, number>;
  htmlHasCharts: boolean;
}

interface ConsumerOutput {
  summary: Summary;
  worker: Record<string, number>;
  analysis: Record<string, number>;
  analysisPageBars: number;
  perfetto: Record<string, number | boolean>;
  cliMain: string;
  resolved: Record<string, string>;
}

const { summarise, heapTotals, analysisTotals, perfettoTotals, breakdownBars, footprintText } = createRequire(
  import.meta.url,
)(join(CONSUMER_DIR, "summarise.cjs")) as {
  summarise: (bytes: Uint8Array, api: object) => Promise<Summary>;
  heapTotals: (report: unknown) => Record<string, number>;
  analysisTotals: (analysis: unknown) => Record<string, number>;
  perfettoTotals: (deflated: Uint8Array, plain: Uint8Array) => Record<string, number | boolean>;
  breakdownBars: (html: string) => number;
  footprintText: (bytes: Uint8Array, api: object) => string;
};

let project: Project;
let expected: Summary;
let expectedAnalysis: Record<string, number>;
let expectedBars: number;
let expectedPerfetto: Record<string, number | boolean>;
let expectedFootprint: string;

beforeAll(async () => {
  // What the workspace's packages compute, in this process: the reference every consumer must match.
  expected = await summarise(new Uint8Array(readFileSync(SAMPLE_TRACE)), {
    parseHeader,
    TraceReader,
    analyzeHeap,
    renderHtmlReport,
  });
  expectedAnalysis = analysisTotals(await analyzeTrace(new Uint8Array(readFileSync(SAMPLE_TRACE))));
  expectedBars = breakdownBars(
    renderAnalysisHtml(await analyzeTrace(new Uint8Array(readFileSync(SAMPLE_TRACE))), null),
  );
  const sample = new Uint8Array(readFileSync(SAMPLE_TRACE));
  expectedPerfetto = perfettoTotals(
    await exportPerfetto(sample),
    await exportPerfetto(sample, { compression: "none" }),
  );
  expectedFootprint = footprintText(sample, { RawDecoder, FootprintCounter, countFootprint });
  project = await createProject();
}, SETUP_TIMEOUT);

afterAll(async () => {
  if (project) await rm(project.root, { recursive: true, force: true });
});

/** Runs a consumer script with node in the project and parses what it printed. */
async function runConsumer(script: string): Promise<ConsumerOutput> {
  return JSON.parse(await runOk(process.execPath, [script, "sample.trace"], project.app, PROJECT_ENV));
}

/** Checks every name resolved to the project's own installed copy, in the build of the right module system. */
function expectResolvedInProject(resolved: Record<string, string>, extension: ".js" | ".cjs") {
  const modules = join(realpathSync(project.app), "node_modules") + sep;
  expect(Object.keys(resolved)).toHaveLength(8);
  for (const [name, file] of Object.entries(resolved)) {
    expect(realpathSync(file).startsWith(modules), `${name} resolved to ${file}`).toBe(true);
    expect(file.endsWith(extension), `${name} resolved to ${file}`).toBe(true);
  }
}

describe("the packed packages, installed outside the workspace", () => {
  it("the sample's reference numbers are real", () => {
    expect(expected.version).toBe(26);
    expect(expected.events).toBeGreaterThan(1000);
    expect(expected.heap["events"]).toBe(expected.events);
    expect(expected.heap["liveBytes"]).toBeGreaterThan(0);
    expect(expected.htmlHasCharts).toBe(true);
    expect(expectedBars).toBeGreaterThan(0);
    expect(expectedFootprint).toMatch(/^Event +Bytes +% +Count +%\n/);
  });

  it(
    "each tarball has the licence, the README, its builds and real dependency versions",
    async () => {
      const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
      for (const pkg of PUBLIC_PACKAGES) {
        const listing = (await runOk("tar", ["-tzf", project.tarballs.get(pkg.name) as string], project.root)).split(
          "\n",
        );
        for (const f of [
          "LICENSE",
          "README.md",
          "package.json",
          "dist/index.js",
          "dist/index.cjs",
          "dist/index.d.cts",
        ]) {
          expect(listing, `${pkg.name} lacks ${f}`).toContain(`package/${f}`);
        }
        if (pkg.dir === "heap") expect(listing).toContain("package/docs/report.png");
        expect(
          listing.filter((f) => f.includes(".test.")),
          pkg.name,
        ).toEqual([]);

        const installed = join(project.app, "node_modules", ...pkg.name.split("/"));
        expect(readFileSync(join(installed, "LICENSE"), "utf8")).toBe(license);
        const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
        for (const [dep, range] of Object.entries<string>(manifest.dependencies ?? {})) {
          // A third-party runtime dependency is packed beside ours (createProject's extras), at its range.
          if (THIRD_PARTY.includes(dep)) continue;
          const workspaceDep = PUBLIC_PACKAGES.find((p) => p.name === dep);
          expect(workspaceDep, `${pkg.name} depends on ${dep}, which we do not publish`).toBeDefined();
          expect(range, `${pkg.name} -> ${dep}`).toBe(workspaceDep?.manifest["version"]);
        }
      }
    },
    STEP_TIMEOUT,
  );

  it(
    "imports every package from ESM and computes what the workspace computes, in a worker too",
    async () => {
      const out = await runConsumer("esm.mjs");
      expect(out.summary).toEqual(expected);
      expect(out.worker).toEqual(expected.heap);
      expect(out.analysis).toEqual(expectedAnalysis);
      expect(out.analysisPageBars).toBe(expectedBars);
      expect(out.perfetto).toEqual(expectedPerfetto);
      expect(out.cliMain).toBe("function");
      expectResolvedInProject(out.resolved, ".js");
    },
    STEP_TIMEOUT,
  );

  it(
    "requires every package from CommonJS and computes what the workspace computes, in a worker too",
    async () => {
      const out = await runConsumer("cjs.cjs");
      expect(out.summary).toEqual(expected);
      expect(out.worker).toEqual(expected.heap);
      expect(out.analysis).toEqual(expectedAnalysis);
      expect(out.analysisPageBars).toBe(expectedBars);
      expect(out.perfetto).toEqual(expectedPerfetto);
      expect(out.cliMain).toBe("function");
      expectResolvedInProject(out.resolved, ".cjs");
    },
    STEP_TIMEOUT,
  );

  it(
    "type-checks a strict nodenext consumer, as ESM (.ts) and as CommonJS (.cts)",
    async () => {
      const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
      const r = await run(process.execPath, [tsc, "-p", "tsconfig.json"], project.app, PROJECT_ENV);
      expect(r.stdout + r.stderr).toBe("");
      expect(r.status).toBe(0);
      // The consumers' @ts-expect-error lines only hold if the declarations were found and are
      // not `any`; tsc would report them as unused otherwise.
      for (const f of ["typed.ts", "typed.cts"]) {
        expect(readFileSync(join(project.app, f), "utf8")).toContain("@ts-expect-error");
      }
    },
    STEP_TIMEOUT,
  );

  it(
    "runs the installed gotrace bin: --version, validate, heap --json, footprint and goroutines with their workers",
    async () => {
      const bin = join(project.app, "node_modules", ".bin", "gotrace");
      // The version is read from the installed package.json, which sits beside dist/ in the tarball too.
      const cli = JSON.parse(readFileSync(join(ROOT, "packages", "cli", "package.json"), "utf8")) as {
        version: string;
      };
      expect(await runOk(bin, ["--version"], project.app, PROJECT_ENV)).toBe(`gotrace ${cli.version}\n`);
      const validate = await run(bin, ["validate", "sample.trace"], project.app, PROJECT_ENV);
      expect(validate.stderr).toBe("");
      expect(validate.status).toBe(0);
      expect(validate.stdout).toContain(`${expected.events} events`);

      const heap = JSON.parse(await runOk(bin, ["heap", "--json", "sample.trace"], project.app, PROJECT_ENV));
      expect(heapTotals(heap)).toEqual(expected.heap);

      // footprint's worker thread is loaded by path from the installed dist/: forced onto two threads
      // (runs of a few KiB, as the CLI's tests force it), it prints what the one-thread path prints.
      const serial = await runOk(bin, ["footprint", "sample.trace"], project.app, PROJECT_ENV);
      const twoThreads = await runOk(bin, ["footprint", "sample.trace"], project.app, {
        ...PROJECT_ENV,
        GOTRACE_TEST_FOOTPRINT_RUN_BYTES: "4096",
      });
      expect(serial).toBe(expectedFootprint);
      expect(twoThreads).toBe(serial);

      // The analysis commands' reading worker is loaded by path from the installed dist/ too.
      const here = await runOk(bin, ["goroutines", "--json", "sample.trace"], project.app, {
        ...PROJECT_ENV,
        GOTRACE_READING_WORKER: "never",
      });
      const onWorker = await runOk(bin, ["goroutines", "--json", "sample.trace"], project.app, {
        ...PROJECT_ENV,
        GOTRACE_READING_WORKER: "always",
      });
      expect(JSON.parse(here).trace.events).toBe(expected.events);
      expect(onWorker).toBe(here);
    },
    STEP_TIMEOUT,
  );

  it(
    "runs gotrace heap and goroutines through require('@gotrace/cli'): the CommonJS build finds its workers",
    async () => {
      const heap = JSON.parse(
        await runOk(process.execPath, ["cli.cjs", "heap", "--json", "sample.trace"], project.app, PROJECT_ENV),
      );
      expect(heapTotals(heap)).toEqual(expected.heap);
      const goroutines = JSON.parse(
        await runOk(process.execPath, ["cli.cjs", "goroutines", "--json", "sample.trace"], project.app, {
          ...PROJECT_ENV,
          GOTRACE_READING_WORKER: "always",
        }),
      );
      expect(goroutines.trace.events).toBe(expected.events);
    },
    STEP_TIMEOUT,
  );

  it(
    "bundles reader, heap, analysis and perfetto for the browser without Node polyfills and runs them in Chromium",
    async () => {
      const bundle = await bundleForBrowser(project.app);
      // Everything came from the project (esbuild names inputs relative to it), nothing from Node.
      expect(bundle.inputs.filter((f) => f.startsWith("..") || f.startsWith("/") || f.includes("node:"))).toEqual([]);
      expect(bundle.inputs).toContain("node_modules/@gotrace/heap/dist/index.js");
      expect(bundle.inputs).toContain("node_modules/@gotrace/analysis/dist/index.js");
      expect(bundle.inputs).toContain("node_modules/@gotrace/perfetto/dist/index.js");
      const page = await runInChromium<
        Summary & { analysis: Record<string, number>; perfetto: Record<string, number | boolean>; footprint: string }
      >(bundle.code, new Uint8Array(readFileSync(SAMPLE_TRACE)));
      expect(page.errors).toEqual([]);
      expect(page.foreignRequests).toEqual([]);
      expect(page.result).toEqual({
        ...expected,
        analysis: expectedAnalysis,
        perfetto: expectedPerfetto,
        footprint: expectedFootprint,
      });
    },
    STEP_TIMEOUT,
  );
});
