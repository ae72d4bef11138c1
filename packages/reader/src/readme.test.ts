// The README's examples are real: each TypeScript block runs against the
// bundled sample trace and prints what Go's -d=parsed prints for it.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixtures, readText, samplePath } from "@gotrace/conformance";
import { afterAll, describe, expect, it, vi } from "vitest";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const tmp = join(pkg, ".readme-tmp");
const readme = readFileSync(join(pkg, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

// The sample is one of the fixtures; Go's -d=parsed output for it is the expected output.
const sampleBytes = readFileSync(samplePath());
const sampleFixture = fixtures().find((f) => readFileSync(f.tracePath).equals(sampleBytes));

describe("README examples", () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("has examples, and the sample has Go's output", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(sampleFixture).toBeDefined();
  });

  blocks.forEach((block, i) => {
    it(`example ${i + 1} prints Go's events`, async () => {
      mkdirSync(tmp, { recursive: true });
      const file = join(tmp, `example-${i}.ts`);
      writeFileSync(
        file,
        block
          .replaceAll('from "@gotrace/reader"', `from ${JSON.stringify(join(pkg, "src", "index.ts"))}`)
          .replaceAll('"trace.out"', JSON.stringify(samplePath())),
      );
      const printed: string[] = [];
      const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
      vi.stubGlobal("fetch", async () => new Response(sampleBytes));
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        log.mockRestore();
        vi.unstubAllGlobals();
      }
      const expected = readText(sampleFixture!.golden.parsed.stdoutPath);
      // Example 2 prints Wall= in Europe/Berlin; everything else is Go's UTC output.
      const normalize = (s: string) => s.replace(/Wall=\S+/g, "Wall=");
      expect(normalize(printed.map((l) => `${l}\n`).join(""))).toBe(normalize(expected));
    });
  });
});
