// Memory follows the largest generation, not the file: fed a multi-generation
// trace in small chunks, the reader lets go of every chunk of a generation
// once it has moved past it. WeakRefs to the pushed chunks show what it holds.
import { readFileSync } from "node:fs";
import { fixture } from "@gotrace/conformance";
import { expect, it } from "vitest";
import { EventKind } from "./event/kinds.js";
import { TraceReader } from "./reader.js";

const gc = (globalThis as { gc?: () => void }).gc;
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

it("holds the chunks of about one generation at a time", async () => {
  expect(gc, "vitest.config.ts runs tests with --expose-gc").toBeTypeOf("function");
  const bytes = readFileSync(fixture("generations-go1.27").tracePath);
  const CHUNK = 256;
  const reader = new TraceReader();
  const chunks: WeakRef<Uint8Array>[] = [];
  const syncAt: number[] = [];
  let mostAlive = 0;
  for (let at = 0; at < bytes.length; at += CHUNK) {
    const chunk = new Uint8Array(bytes.subarray(at, at + CHUNK)); // its own buffer, so it can die alone
    chunks.push(new WeakRef(chunk));
    reader.push(chunk);
    for (let ev = reader.next(); ev !== null; ev = reader.next()) {
      if (ev.kind === EventKind.Sync) syncAt.push(chunks.length);
    }
    // WeakRefs are cleared only after the current job: let it end, collect, look.
    await settle();
    gc?.();
    await settle();
    mostAlive = Math.max(mostAlive, chunks.filter((c) => c.deref() !== undefined).length);
  }
  reader.finish();
  while (reader.next() !== null);

  // Seven generations of roughly ten chunks each.
  expect(syncAt.length).toBeGreaterThanOrEqual(7);
  const largestGeneration = Math.max(...syncAt.slice(1).map((n, i) => n - (syncAt[i] as number)));
  expect(mostAlive).toBeLessThanOrEqual(largestGeneration + 2);
  expect(mostAlive).toBeLessThan(chunks.length / 4);
});
