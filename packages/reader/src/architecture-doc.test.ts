// architecture/reader.md stays true to the code: every file or folder it names exists under
// src/, and every name the reader's shipped code imports from the codec is one the design note
// lists among the reader's dependencies (it once said the reader used the codec's ByteReader).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL(".", import.meta.url).pathname;
const doc = readFileSync(join(src, "..", "..", "..", "architecture", "reader.md"), "utf8");

function shipped(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "testing" || e.name === "__fixtures__" ? [] : shipped(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.startsWith("test-") ? [path] : [];
  });
}

describe("architecture/reader.md", () => {
  it("names only files and folders that exist", () => {
    const named = [...doc.matchAll(/`((?:[\w-]+\/)*[\w-]+(?:\.ts|\/))`/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(15);
    expect(named.filter((path) => !existsSync(join(src, path)))).toEqual([]);
  });

  it("lists every codec name the reader imports among its dependencies", () => {
    const deps = doc.slice(0, doc.indexOf("## Layers"));
    const imported = new Set<string>();
    for (const file of shipped(src)) {
      const code = readFileSync(file, "utf8");
      for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"@gotrace\/codec(?:\/internal)?"/g)) {
        for (const name of (m[1] as string).split(",")) {
          const bare = name.replace(/^\s*type\s+/, "").trim();
          if (bare !== "") imported.add(bare);
        }
      }
    }
    expect(imported.size).toBeGreaterThan(10);
    // Types come along with the values that use them; the note lists what the reader uses.
    const types = new Set(["TraceErrorCode", "TraceFormat", "Uint64Halves"]);
    const missing = [...imported].filter((name) => !types.has(name) && !deps.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
