// The README's examples are real: each TypeScript block runs against the
// bundled sample trace, and what it prints is checked against the report.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readBytes, samplePath } from "@gotrace/conformance";
import { afterAll, describe, expect, it, vi } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const tmp = join(pkg, ".readme-tmp");
const readme = readFileSync(join(pkg, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

async function run(block: string, i: number): Promise<string[]> {
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, `example-${i}.ts`);
  writeFileSync(
    file,
    block
      .replaceAll('from "@gotrace/heap"', `from ${JSON.stringify(join(pkg, "src", "index.ts"))}`)
      .replaceAll('"trace.out"', JSON.stringify(samplePath()))
      .replaceAll('"heap.pb.gz"', JSON.stringify(join(tmp, "heap.pb.gz")))
      .replaceAll('"heap.html"', JSON.stringify(join(tmp, "heap.html"))),
  );
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
  }
  return printed;
}

describe("README examples", () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("has two", () => expect(blocks).toHaveLength(2));

  it("example 1 prints the top live types and the summary's first line", async () => {
    const { report } = await analyzeHeap(readBytes(samplePath()));
    const printed = await run(blocks[0] as string, 0);
    const top = report.liveAtEnd.byType.slice(0, 3).map((t) => `${t.type} ${t.objects} ${t.bytes}`);
    expect(printed.slice(0, 3)).toEqual(top);
    expect(printed[3]).toMatch(
      /^Heap of a [\d.]+ ms trace \(format version 26, 1 generation, \d+ events, \d+ alloc\/free events\)$/,
    );
  });

  it("example 2 writes the profile and the page, and prints the diff's first row", async () => {
    const { report } = await analyzeHeap(readBytes(samplePath()), { diff: { fromNs: 1e6, toNs: 4e6 } });
    const printed = await run(blocks[1] as string, 1);
    expect(printed).toEqual([JSON.stringify(report.diff?.byType[0])]);
    expect(readFileSync(join(tmp, "heap.pb.gz")).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(readFileSync(join(tmp, "heap.html"), "utf8")).toContain("<svg");
  });
});
