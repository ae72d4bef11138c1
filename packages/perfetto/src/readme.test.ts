// The README's example is real: it runs against the bundled sample trace, and
// what it writes is the export of the sample.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readBytes, samplePath } from "@gotrace/conformance";
import { afterAll, expect, it, vi } from "vitest";
import { exportPerfetto } from "./export.js";

const pkg = fileURLToPath(new URL("..", import.meta.url));
const tmp = join(pkg, ".readme-tmp");
const readme = readFileSync(join(pkg, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it("the README's example writes the sample's Perfetto trace", async () => {
  expect(blocks).toHaveLength(1);
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, "example.ts");
  const outFile = join(tmp, "trace.perfetto-trace");
  writeFileSync(
    file,
    (blocks[0] as string)
      .replaceAll('from "@gotrace/perfetto"', `from ${JSON.stringify(join(pkg, "src", "index.ts"))}`)
      .replaceAll('"trace.out"', JSON.stringify(samplePath()))
      .replaceAll('"trace.perfetto-trace"', JSON.stringify(outFile)),
  );
  const printed: unknown[][] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args));
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
  }
  expect(printed).toEqual([[true]]);
  expect(Buffer.compare(readFileSync(outFile), await exportPerfetto(readBytes(samplePath())))).toBe(0);
});
