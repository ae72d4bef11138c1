// The text summary says what the report says: leak suspects with their
// growth, and the rows from before the trace in the allocation tables.
import { fixture, readBytes } from "@gotrace/conformance";
import { expect, test } from "vitest";
import { analyzeHeap } from "./analyze-heap.js";
import { formatSummary } from "./summary.js";

test("a leaking program: suspects with what they grew by, and the objects from before the trace", async () => {
  const { report } = await analyzeHeap(readBytes(fixture("heapleak-go1.27-allocfree").tracePath));
  const text = formatSummary(report, 5);
  const leaks = text.slice(text.indexOf("Leak suspects"));
  expect(leaks.split("\n")[1]).toMatch(/^type +grew by +per GC +trend +live objects +live bytes +mostly from$/);
  const entries = leaks.split("\n").find((l) => l.startsWith("main.cacheEntry "));
  // 3000 entries of 64 bytes at the end, 300 after the first cycle: grew by 172800 bytes (169 KiB), tenfold.
  expect(entries).toMatch(/^main\.cacheEntry +169 KiB \(x10\.0\) +[\d.]+ KiB +0\.\d\d +3000 +188 KiB +main\.main$/);
  // Only 5 rows a table, and the row from before the trace is one of them.
  const byGroup = text.slice(text.indexOf("Allocation by goroutine group:"), text.indexOf("Lifetimes"));
  const rows = byGroup.trim().split("\n").slice(2);
  expect(rows).toHaveLength(5);
  expect(rows.at(-1)).toMatch(/^<before the trace> +0 +0 B +0 B\/s +\d+ +[\d.]+ [KM]iB$/);
  // The program uses no tasks: no task or region tables, whatever the rows from before the trace.
  expect(text).not.toContain("Allocation by task:");
});

test("a steady program: no suspect", async () => {
  const { report } = await analyzeHeap(readBytes(fixture("heapsteady-go1.27-allocfree").tracePath));
  expect(formatSummary(report)).toContain("Leak suspects: none (no type's bytes found live by the GC kept growing).");
});
