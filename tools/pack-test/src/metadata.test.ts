// What npm shows about each published package, and the licence it ships:
// the same repository everywhere, and the root LICENSE copied unchanged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PUBLIC_PACKAGES, REPO_URL, ROOT } from "./workspace.js";

describe("published package.json", () => {
  it("covers the six public packages", () => {
    expect(PUBLIC_PACKAGES.map((p) => p.name)).toEqual([
      "@gotrace/codec",
      "@gotrace/reader",
      "@gotrace/heap",
      "@gotrace/analysis",
      "@gotrace/perfetto",
      "@gotrace/cli",
    ]);
  });

  for (const pkg of PUBLIC_PACKAGES) {
    it(`${pkg.name}: repository, homepage, bugs, keywords, engines, licence`, () => {
      const m = pkg.manifest;
      expect(m["private"]).toBeUndefined();
      expect(m["repository"]).toEqual({ type: "git", url: `git+${REPO_URL}.git`, directory: `packages/${pkg.dir}` });
      expect(m["homepage"]).toBe(`${REPO_URL}/tree/main/packages/${pkg.dir}#readme`);
      expect(m["bugs"]).toBe(`${REPO_URL}/issues`);
      expect(m["keywords"]).toEqual(expect.arrayContaining(["go", "trace"]));
      expect(m["engines"]).toEqual({ node: ">=20" });
      expect(m["license"]).toBe("MIT");
      expect(m["files"]).toContain("LICENSE");
      expect(readFileSync(join(ROOT, "packages", pkg.dir, "LICENSE"), "utf8")).toBe(
        readFileSync(join(ROOT, "LICENSE"), "utf8"),
      );
    });

    it(`${pkg.name}: every export has ESM and CommonJS builds, each with its own declarations`, () => {
      const exports = pkg.manifest["exports"] as Record<string, unknown>;
      for (const [subpath, entry] of Object.entries(exports)) {
        if (subpath === "./package.json") continue;
        const base = subpath === "." ? "index" : subpath.slice(2);
        expect(entry, subpath).toEqual({
          import: { types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` },
          require: { types: `./dist/${base}.d.cts`, default: `./dist/${base}.cjs` },
          default: `./dist/${base}.js`,
        });
      }
    });
  }

  it("every entry tsup builds is reachable through an export (the CLI's workers and settle are loaded by path)", () => {
    for (const pkg of PUBLIC_PACKAGES) {
      const config = readFileSync(join(ROOT, "packages", pkg.dir, "tsup.config.ts"), "utf8");
      const entries = [...config.matchAll(/"?([\w-]+)"?:\s*"src\//g)].map((m) => m[1] as string);
      expect(entries, pkg.name).toContain("index");
      const exported = Object.keys(pkg.manifest["exports"] as object);
      for (const entry of entries) {
        // Loaded by path: the workers by the commands, settle by bin/gotrace.js.
        if (pkg.dir === "cli" && ["heap-worker", "footprint-worker", "reading-worker", "settle"].includes(entry))
          continue;
        expect(exported, `${pkg.name}: dist/${entry}.js has no export`).toContain(
          entry === "index" ? "." : `./${entry}`,
        );
      }
    }
  });

  it("the root LICENSE is MIT, held by the gotrace authors", () => {
    const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
    expect(license.split("\n")[0]).toBe("MIT License");
    expect(license).toContain("Copyright (c) 2026 The gotrace authors");
  });
});
