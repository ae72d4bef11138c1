// gotrace heap on a trace the reader accepts but whose AllocFree type table
// is damaged: the batch is left out with one warning line, the report's
// limits name it, and the analysis goes on (exit 0).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, readBytes } from "@gotrace/conformance";
import type { HeapReport } from "@gotrace/heap";
import { afterAll, describe, expect, test } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-heap-damaged-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The trace with its first AllocFree type table's data cut by 3 bytes (its size field rewritten). */
function damageTypeTable(bytes: Uint8Array): Uint8Array {
  const end = (p: number) => {
    while (bytes[p]! >= 0x80) p++;
    return p + 1;
  };
  let p = 16;
  while (p < bytes.length) {
    const typ = bytes[p++]!;
    if (typ === 52) continue; // EndOfGeneration
    if (typ !== 1) p++; // an ExperimentalBatch's experiment
    for (let i = 0; i < 3; i++) p = end(p);
    const sizeAt = p;
    let size = 0;
    for (let mul = 1; ; mul *= 128) {
      const b = bytes[p++]!;
      size += (b & 0x7f) * mul;
      if (b < 0x80) break;
    }
    if (typ !== 1 && bytes[p] === 0 && size > 40) {
      const data = bytes.subarray(p, p + size - 3);
      const field: number[] = [];
      for (let n = data.length; ; n >>>= 7) {
        field.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
        if (n < 0x80) break;
      }
      return Uint8Array.from([...bytes.subarray(0, sizeAt), ...field, ...data, ...bytes.subarray(p + size)]);
    }
    p += size;
  }
  throw new Error("no type table batch over 40 bytes");
}

describe("gotrace heap on a damaged AllocFree batch", () => {
  test("warns once on stderr, names it in limits and exits 0", () => {
    const file = join(dir, "damaged.trace");
    writeFileSync(file, damageTypeTable(readBytes(fixture("sched-go1.27-allocfree").tracePath)));
    expect(gotrace(["validate", file]).status).toBe(0);
    const r = gotrace(["heap", "--json", file]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^gotrace heap: warning: .*damaged\.trace: Generation \d+: an AllocFree type table batch \(\d+ bytes, thread -?\d+\) was skipped: at byte \d+ of its data: data ends where \d+ bytes was expected\.$/,
    );
    const report = JSON.parse(r.stdout.toString()) as HeapReport;
    expect(report.limits).toContain(lines[0]!.replace(/^gotrace heap: warning: .*?damaged\.trace: /, ""));
    expect(report.trace.allocFreeEvents).toBeGreaterThan(0);
  });
});
