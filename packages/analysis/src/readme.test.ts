// The README's example is real: it runs against the bundled sample trace, and
// what it prints is checked against the analysis.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readBytes, samplePath } from "@gotrace/conformance";
import { afterAll, expect, it, vi } from "vitest";
import { analyzeTrace } from "./analyze.js";
import { formatDuration } from "./duration.js";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const tmp = join(pkg, ".readme-tmp");
const readme = readFileSync(join(pkg, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("the README's example prints the sample's top groups and counts", async () => {
  expect(blocks).toHaveLength(1);
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, "example.ts");
  writeFileSync(
    file,
    (blocks[0] as string)
      .replaceAll('from "@gotrace/analysis"', `from ${JSON.stringify(join(pkg, "src", "index.ts"))}`)
      .replaceAll('"trace.out"', JSON.stringify(samplePath())),
  );
  const printed: unknown[][] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
  }
  const a = await analyzeTrace(readBytes(samplePath()));
  const expected = a.groups.slice(0, 3).map((g) => [`${g.name} ×${g.count} ran ${formatDuration(g.stats.execTime)}`]);
  expect(printed).toEqual([...expected, [a.summary.goroutines.length, a.taskTypes.length]]);
});
