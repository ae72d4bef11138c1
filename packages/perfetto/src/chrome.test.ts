// Our --format chrome-json against Go 1.27's own /jsontrace for the same
// fixture traces (tools/jsontrace-golden recorded them): the same slices
// (name, ts, dur, pid, tid) on the same Ps, goroutine rows and special rows,
// and the same instants, counters, arrows and row names.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { fixture } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { chromeTraceChunks } from "./export.js";

/** Per-case limit: exporting the largest fixtures takes seconds on a quiet machine and far longer on a busy one; it only ends a hang. */
const SLOW = 600_000;

const DIR = fileURLToPath(new URL("../__fixtures__/jsontrace", import.meta.url));
const names = readdirSync(DIR)
  .filter((f) => f.endsWith(".json.gz"))
  .map((f) => f.slice(0, -".json.gz".length));

interface ViewerEvent {
  name?: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: number;
  args?: unknown;
  cat?: string;
  s?: string;
}

async function ours(name: string): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of chromeTraceChunks(new Uint8Array(readFileSync(fixture(name).tracePath)), { keepPartial: true }))
    parts.push(c);
  return Buffer.concat(parts).toString("utf8");
}

/** The events of one phase as sorted lines: a multiset, since Go writes some in map order. */
function lines(events: ViewerEvent[], ph: string, key: (e: ViewerEvent) => string): string[] {
  return events
    .filter((e) => e.ph === ph)
    .map(key)
    .sort();
}

const slice = (e: ViewerEvent) => `${e.name} ts=${e.ts} dur=${e.dur ?? 0} pid=${e.pid} tid=${e.tid}`;

it("has Go's goldens to compare with", () => {
  expect(names.length).toBeGreaterThan(10);
  expect(readFileSync(join(DIR, "go-version.txt"), "utf8")).toMatch(/^go version go1\.27\.3 /);
});

describe.each(names)("%s", (name) => {
  it(
    "the same slices on the same Ps, goroutines and rows as go tool trace's /jsontrace",
    async () => {
      const go = JSON.parse(gunzipSync(readFileSync(join(DIR, `${name}.json.gz`))).toString("utf8"));
      const mine = JSON.parse(await ours(name));
      expect(lines(mine.traceEvents, "X", slice)).toEqual(lines(go.traceEvents, "X", slice));
    },
    SLOW,
  );

  it(
    "the same JSON, line for line, but for the order of what Go writes from its maps",
    async () => {
      // Go writes one event per line. Where it walks a map (a goroutine's open ranges at a stop, the
      // goroutines still running at the end, the rows' names) its order is random; everything else
      // comes in the same order, so the lines as a multiset are the whole comparison.
      const go = gunzipSync(readFileSync(join(DIR, `${name}.json.gz`))).toString("utf8");
      const mine = await ours(name);
      expect(mine.split("\n").sort()).toEqual(go.split("\n").sort());
      // Arrows are numbered in the order they are written: ours are Go's.
      const arrows = (text: string) =>
        lines(JSON.parse(text).traceEvents, "s", (e) => `${e.id} ${e.name} ${e.ts} ${e.tid}`);
      expect(arrows(mine)).toEqual(arrows(go));
    },
    SLOW,
  );
});
