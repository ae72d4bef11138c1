// The browser half of the pack test: bundle the installed reader and heap
// with esbuild for the browser (no Node polyfills: a `node:` import fails the
// build), then run the bundle in headless Chromium on the sample trace.
import { join } from "node:path";
import { build } from "esbuild";
import { launchChromium } from "@gotrace/conformance/chromium";

/** Debian's Chromium, which `pnpm test` installs first (tools/ensure-chromium.mjs). */

/** The bundle's text and the files it was built from, relative to the project. */
export interface Bundle {
  readonly code: string;
  readonly inputs: readonly string[];
}

/** Bundles the project's browser.mjs for the browser, resolving packages from the project's node_modules. */
export async function bundleForBrowser(app: string): Promise<Bundle> {
  const result = await build({
    entryPoints: [join(app, "browser.mjs")],
    absWorkingDir: app,
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const out = result.outputFiles[0];
  if (out === undefined) throw new Error("esbuild wrote no bundle");
  return { code: out.text, inputs: Object.keys(result.metafile.inputs) };
}

/** What the page computed, and what went wrong on it. */
export interface PageRun<T> {
  readonly result: T;
  readonly errors: readonly string[];
  readonly foreignRequests: readonly string[];
}

const ORIGIN = "http://gotrace.test";

/**
 * Serves a page with the bundle and the trace from a made-up origin (nothing
 * leaves the browser), calls the bundle's `gotraceSummary` on the fetched
 * trace, and returns its result with any page errors and unexpected requests.
 */
export async function runInChromium<T>(bundle: string, trace: Uint8Array): Promise<PageRun<T>> {
  const browser = await launchChromium("The browser bundle test");
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const foreignRequests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    const files: Record<string, { body: string | Buffer; contentType: string }> = {
      "/": {
        body: '<!doctype html><meta charset="utf-8"><script src="/bundle.js"></script>',
        contentType: "text/html",
      },
      "/bundle.js": { body: bundle, contentType: "text/javascript" },
      "/sample.trace": { body: Buffer.from(trace), contentType: "application/octet-stream" },
    };
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const file = url.origin === ORIGIN ? files[url.pathname] : undefined;
      if (file === undefined) {
        foreignRequests.push(url.href);
        return route.abort();
      }
      return route.fulfill({ status: 200, body: file.body, contentType: file.contentType });
    });
    await page.goto(`${ORIGIN}/`, { waitUntil: "load" });
    const result = (await page.evaluate(async () => {
      const bytes = new Uint8Array(await (await fetch("/sample.trace")).arrayBuffer());
      const summarise = (globalThis as unknown as { gotraceSummary: (b: Uint8Array) => Promise<unknown> })
        .gotraceSummary;
      return summarise(bytes);
    })) as T;
    return { result, errors, foreignRequests };
  } finally {
    await browser.close();
  }
}
