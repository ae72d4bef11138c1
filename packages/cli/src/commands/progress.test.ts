import { expect, test } from "vitest";
import { progressReporter } from "./progress.js";

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { isTTY, out, write: (s: string) => out.push(s) };
}

test("a terminal gets a line redrawn at most every 250 ms, cleared at the end", () => {
  const s = stream(true);
  let now = 0;
  const p = progressReporter("big.trace", 200e6, s, () => now);
  p.update?.(1e6); // too soon after the start
  now = 300;
  p.update?.(50e6);
  now = 400;
  p.update?.(60e6); // too soon after the last line
  now = 600;
  p.update?.(100e6);
  p.done();
  expect(s.out).toEqual([
    "\r\u001b[2Kgotrace heap: big.trace: 25% (50.0 of 200.0 MB)",
    "\r\u001b[2Kgotrace heap: big.trace: 50% (100.0 of 200.0 MB)",
    "\r\u001b[2K",
  ]);
});

test("standard input has no size: bytes only", () => {
  const s = stream(true);
  let now = 0;
  const p = progressReporter("standard input", undefined, s, () => now);
  now = 1000;
  p.update?.(12.5e6);
  expect(s.out).toEqual(["\r\u001b[2Kgotrace heap: standard input: 12.5 MB"]);
});

test("a pipe or a log gets nothing", () => {
  const s = stream(false);
  const p = progressReporter("big.trace", 200e6, s, () => 1e9);
  expect(p.update).toBeUndefined();
  p.done();
  expect(s.out).toEqual([]);
});
