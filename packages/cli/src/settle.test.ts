// backgroundWorkSettled (settle.ts) waits while the process keeps using CPU and
// stops at the first quiet step, or at its limit. The process's CPU time and
// the clock are stood in for, so nothing here depends on this machine's speed.
import { readFileSync } from "node:fs";
import { afterEach, expect, test, vi } from "vitest";
import { backgroundWorkSettled } from "./settle.js";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs backgroundWorkSettled with each step using `perStep(i)` microseconds; returns the steps it waited. */
async function stepsWaited(perStep: (step: number) => number): Promise<number> {
  vi.useFakeTimers({ toFake: ["setTimeout", "performance"] });
  let step = 0;
  vi.spyOn(process, "cpuUsage").mockImplementation((before?: NodeJS.CpuUsage) => {
    // A call with `before` ends a step: it is given that step's use.
    if (before !== undefined) return { user: perStep(step++), system: 0 };
    return { user: 0, system: 0 };
  });
  let done = false;
  const wait = backgroundWorkSettled().then(() => {
    done = true;
  });
  for (let i = 0; i < 1000 && !done; i++) await vi.advanceTimersByTimeAsync(1);
  await wait;
  return step;
}

test("returns after the first step when the threads are already quiet", async () => {
  expect(await stepsWaited(() => 0)).toBe(1);
});

test("waits while a background thread works, and returns at the first quiet step", async () => {
  // Three steps with a core busy (4,000 µs in a 4 ms step), then quiet.
  expect(await stepsWaited((i) => (i < 3 ? 4000 : 100))).toBe(4);
});

test("gives up at its limit when the threads never go quiet", async () => {
  // 250 ms in steps of 4 ms: about 63 steps, then it returns anyway.
  const steps = await stepsWaited(() => 4000);
  expect(steps).toBeGreaterThanOrEqual(62);
  expect(steps).toBeLessThanOrEqual(64);
});

test("the gotrace binary loads the wait from its built file (a failed load would skip it silently)", async () => {
  const bin = readFileSync(new URL("../bin/gotrace.js", import.meta.url), "utf8");
  expect(bin).toContain('await import("../dist/settle.js")');
  const built = await import(new URL("../dist/settle.js", import.meta.url).href);
  expect(typeof built.backgroundWorkSettled).toBe("function");
});
