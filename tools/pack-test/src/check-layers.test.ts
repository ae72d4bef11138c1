// tools/check-layers.mjs (`pnpm check:layers`, in CI) is known to catch what it is for: it runs on a
// crafted workspace with one violation of each kind, and must name each, at its line, while the
// tests, test support, comments and strings beside them pass; and the real workspace passes.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./workspace.js";

const script = join(ROOT, "tools", "check-layers.mjs");

function checkLayers(root: string): { status: number | null; lines: string[] } {
  const run = spawnSync(process.execPath, [script, "--root", root], { encoding: "utf8" });
  return { status: run.status, lines: run.stderr.split("\n").filter((l) => l !== "") };
}

const work = mkdtempSync(join(tmpdir(), "gotrace-check-layers-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

function manifest(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ name, exports: { ".": "./dist/index.js" }, ...extra });
}

/** A workspace shaped like ours whose files all keep the rules. */
function cleanWorkspace(root: string): void {
  write(root, {
    "tsup.base.ts": "export const shared = 1;\n",
    "packages/codec/package.json": manifest("@gotrace/codec", {
      exports: { ".": "./dist/index.js", "./internal": "./dist/internal.js" },
    }),
    "packages/codec/src/index.ts": 'export { decode } from "./wire/decode.js";\n',
    "packages/codec/src/wire/decode.ts": "export const decode = (b: Uint8Array): number => b.length;\n",
    "packages/codec/tsup.config.ts": 'import { shared } from "../../tsup.base.ts";\nexport default shared;\n',
    "packages/codec/vitest.config.ts": 'import { join } from "node:path";\nexport default join("a", "b");\n',
    "packages/reader/package.json": manifest("@gotrace/reader"),
    "packages/reader/src/index.ts": [
      'import { decode } from "@gotrace/codec";',
      'import type { Thing } from "@gotrace/codec/internal";',
      "// process.exit(1) and Buffer.from() in a comment are not calls",
      'export const doc = "node:fs, process.env, require(\\"fs\\")";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the crafted file's own template literal
      "export const t = `process.${decode.name}`;",
      "export class R { process(x: Thing): number { return this.process(x); } }",
      "export const re = /process\\.env/;",
      "",
    ].join("\n"),
    "packages/reader/src/testing/run.ts": 'import { readFileSync } from "node:fs";\nexport const run = readFileSync;\n',
    "packages/reader/src/reader.test.ts": 'import "node:fs";\nimport "@gotrace/cli";\nimport "../../heap/src/x.js";\n',
    "packages/heap/package.json": manifest("@gotrace/heap"),
    "packages/heap/src/index.ts": 'export * from "@gotrace/reader";\nexport * from "@gotrace/codec";\n',
    "packages/cli/package.json": manifest("@gotrace/cli"),
    "packages/cli/src/main.ts": [
      'import { readFileSync } from "node:fs";',
      'import { decode } from "@gotrace/codec";',
      'import "@gotrace/heap";',
      "export const size = decode(readFileSync(process.argv[2] ?? ''));",
      "",
    ].join("\n"),
    "packages/conformance/package.json": manifest("@gotrace/conformance", { private: true }),
    "packages/conformance/src/index.ts": 'import { readFileSync } from "node:fs";\nexport const load = readFileSync;\n',
    "tools/bench/package.json": manifest("@gotrace/bench", { private: true }),
    "tools/bench/src/run.ts": 'import "@gotrace/cli";\nimport "@gotrace/conformance";\nimport "node:os";\n',
  });
}

describe("check-layers", () => {
  it("passes a workspace that keeps the rules, whatever its tests, test support and configs do", () => {
    const root = join(work, "clean");
    cleanWorkspace(root);
    expect(checkLayers(root)).toEqual({ status: 0, lines: [] });
  });

  it("names each violation at its file and line", () => {
    const root = join(work, "bad");
    cleanWorkspace(root);
    write(root, {
      "packages/codec/src/up.ts": '\n\nimport { TraceReader } from "@gotrace/reader";\nexport { TraceReader };\n',
      "packages/reader/src/types-up.ts":
        'import type {\n  HeapReport,\n} from "@gotrace/heap";\nexport type { HeapReport };\n',
      "packages/reader/src/reach.ts": 'export { ByteReader } from "../../codec/src/wire/byte-reader.js";\n',
      "packages/heap/src/src-path.ts": 'export * from "@gotrace/codec/src/index.js";\n',
      "packages/heap/src/unexported.ts": 'export * from "@gotrace/reader/internal";\n',
      "packages/heap/src/fs.ts": 'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n',
      "packages/heap/src/bare.ts": 'export const load = () => import("zlib");\n',
      "packages/codec/src/env.ts": "export const debug = () =>\n  process.env.DEBUG;\n",
      "packages/reader/src/buffer.ts": 'export const b = () => Buffer.from("x");\n',
      "packages/reader/src/dir.ts": "export const here = () => __dirname;\n",
      "packages/codec/src/helper.ts": 'export { run } from "./testing/run.js";\n',
      "packages/cli/src/fixtures.ts": 'export * from "@gotrace/conformance";\n',
      "packages/conformance/src/uses.ts": 'export * from "@gotrace/codec";\n',
      "packages/flame/package.json": manifest("@gotrace/flame"),
    });
    const { status, lines } = checkLayers(root);
    expect(status).toBe(1);
    expect(lines.at(-1)).toBe("check-layers: 14 violations");
    const at = (prefix: string) => lines.filter((l) => l.startsWith(prefix));
    expect(at("packages/codec/src/up.ts:3: ")[0]).toMatch(
      /"@gotrace\/reader": @gotrace\/codec may import only layers below it/,
    );
    expect(at("packages/reader/src/types-up.ts:3: ")[0]).toMatch(/"@gotrace\/heap": @gotrace\/reader may import only/);
    expect(at("packages/reader/src/reach.ts:1: ")[0]).toMatch(/a file of @gotrace\/codec; import the package by name/);
    expect(at("packages/heap/src/src-path.ts:1: ")[0]).toMatch(/@gotrace\/codec's files/);
    expect(at("packages/heap/src/unexported.ts:1: ")[0]).toMatch(/@gotrace\/reader exports no "\.\/internal"/);
    expect(at("packages/heap/src/fs.ts:1: ")[0]).toMatch(/"node:fs": @gotrace\/heap runs in browsers/);
    expect(at("packages/heap/src/bare.ts:1: ")[0]).toMatch(/"zlib": @gotrace\/heap runs in browsers/);
    expect(at("packages/codec/src/env.ts:2: ")[0]).toMatch(/Node global process/);
    expect(at("packages/reader/src/buffer.ts:1: ")[0]).toMatch(/Node global Buffer/);
    expect(at("packages/reader/src/dir.ts:1: ")[0]).toMatch(/Node global __dirname/);
    expect(at("packages/codec/src/helper.ts:1: ")[0]).toMatch(/test support, from shipped code/);
    expect(at("packages/cli/src/fixtures.ts:1: ")[0]).toMatch(/a private package, from @gotrace\/cli's shipped code/);
    expect(at("packages/conformance/src/uses.ts:1: ")[0]).toMatch(/holds fixtures and imports no @gotrace package/);
    expect(at("packages/flame/package.json: ")[0]).toMatch(/@gotrace\/flame has no layer/);
  });

  it("exempts test support only in testing/ and __fixtures__/ (architecture/layout.md)", () => {
    const root = join(work, "layout");
    cleanWorkspace(root);
    write(root, {
      "packages/heap/src/testing/report.ts": 'import "node:fs";\n',
      "packages/heap/src/pprof/__fixtures__/make.ts": 'import "node:fs";\n',
      "packages/heap/src/html/test-report.ts": 'import "node:fs";\n',
      "packages/codec/src/run.test-util.ts": 'import "node:fs";\n',
    });
    const { status, lines } = checkLayers(root);
    expect(status).toBe(1);
    expect(
      lines
        .slice(0, -1)
        .map((l) => l.slice(0, l.indexOf(":")))
        .sort(),
    ).toEqual(["packages/codec/src/run.test-util.ts", "packages/heap/src/html/test-report.ts"]);
  });

  it("passes this workspace", () => {
    expect(checkLayers(ROOT)).toEqual({ status: 0, lines: [] });
  });
});
