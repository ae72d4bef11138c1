// Every fixture (and the sample), profiled by us and by Go 1.27.3's
// `go tool trace -pprof=TYPE` (tools/go-oracle): the samples must be equal as
// multisets (stack frames, count, delay), and so must our gzipped
// profile.proto and Go's, each decoded by the small decoder in testing/.
import { readFileSync } from "node:fs";
import {
  ANALYSIS_PPROF_TYPES,
  analysisGolden,
  analysisRegionProfiles,
  analysisRegionProfileTraces,
  fixtures,
  samplePath,
} from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { analyzeTrace } from "./analyze.js";
import type { ProfileSample } from "./profile.js";
import { blockingProfile, gzipBlockingProfile } from "./profile-trace.js";
import { decodeProfile } from "./testing/pprof-decode.js";

const traces = [
  ...fixtures().map((f) => ({ name: f.name, path: f.tracePath })),
  { name: "sample", path: samplePath() },
];

type Frame = { func: string; file: string; line: number; pc: number };

/** A sample as one comparable line: its frames, then count and delay. */
function line(stack: Frame[], count: number, delay: number): string {
  return `${stack.map((f) => `${f.func} ${f.file}:${f.line} ${f.pc}`).join(" | ")} = ${count} ${delay}`;
}

const multiset = (samples: readonly { stack: Frame[]; count: number; delayNs: number }[]) =>
  samples.map((s) => line(s.stack, s.count, s.delayNs)).sort();

const decodedMultiset = (bytes: Uint8Array) => {
  const p = decodeProfile(bytes);
  expect(p.sampleTypes).toEqual(["contentions/count", "delay/nanoseconds"]);
  return p.samples.map((s) => line(s.stack, s.values[0] ?? -1, s.values[1] ?? -1)).sort();
};

describe("blocking profiles equal go tool trace -pprof's", () => {
  for (const t of traces) {
    it(t.name, async () => {
      const golden = analysisGolden(t.name);
      const bytes = readFileSync(t.path);
      for (const type of ANALYSIS_PPROF_TYPES) {
        const want = golden.pprof[type];
        expect(want.exit, `${type}: go tool trace failed`).toBe(0);
        const ours = await blockingProfile(bytes, type, { keepPartial: true });
        expect(ours.error?.message.split("\n")[0] ?? null, "reader error").toBe(golden.error);
        expect(ours.eventsRead).toBe(golden.eventsRead);
        expect(multiset(ours.samples), type).toEqual(multiset(want.samples ?? []));
        const goBytes = readFileSync(want.path as string);
        expect(decodedMultiset(await gzipBlockingProfile(ours.samples)), `${type} decoded`).toEqual(
          decodedMultiset(goBytes),
        );
      }
    });
  }
});

/** Per stack key, count and delay summed over profiles. */
function summed(profiles: ProfileSample[][]): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const p of profiles) {
    for (const s of p) {
      const key = line(s.stack, 0, 0);
      const v = out.get(key) ?? [0, 0];
      out.set(key, [v[0] + s.count, v[1] + s.delayNs]);
    }
  }
  return out;
}

describe("region filters equal go tool trace's region profiles (/regionblock?type=NAME and the like)", () => {
  for (const name of analysisRegionProfileTraces()) {
    it(name, async () => {
      const bytes = readFileSync(traces.find((t) => t.name === name)?.path as string);
      const golden = analysisRegionProfiles(name);
      let nonEmpty = 0;
      for (const c of golden.cases) {
        const ours = await blockingProfile(bytes, c.type, { region: c.region, keepPartial: true });
        expect(multiset(ours.samples), `${c.type} ${c.region}`).toEqual(multiset(c.samples));
        if (c.samples.length > 0) nonEmpty++;
      }
      // Not a vacuous pass: some of these regions do block.
      if (name === "annotations-go1.27") expect(nonEmpty).toBeGreaterThan(0);
    });
  }
});

describe("filters", () => {
  // Each goroutine has one start function, and the group filter counts the same interval as the
  // unfiltered profile ([first run, end]) for the goroutines it keeps; so the groups' profiles
  // add up to the whole, stack by stack.
  for (const name of ["annotations-go1.25", "sched-go1.27", "block-go1.27", "syscall-go1.27", "sample"]) {
    const path = traces.find((t) => t.name === name)?.path;
    it(`goroutine groups add up to the whole profile: ${name}`, async () => {
      expect(path).toBeDefined();
      const bytes = readFileSync(path as string);
      const { summary } = await analyzeTrace(bytes, { keepPartial: true });
      const groups = [...new Set(summary.goroutines.map((g) => g.name))];
      for (const type of ANALYSIS_PPROF_TYPES) {
        const whole = await blockingProfile(bytes, type, { keepPartial: true });
        const parts = await Promise.all(
          groups.map(
            async (g) => (await blockingProfile(bytes, type, { goroutineGroup: g, keepPartial: true })).samples,
          ),
        );
        expect(summed(parts), type).toEqual(summed([whole.samples]));
      }
    });
  }

  // A task's time is inside regions of the task, each of which has some name, so per stack a task's
  // profile is at most the regions' profiles added up over every name (more where regions of
  // different names nest). Adding a goroutine group to a region filter can only take time away.
  it("a task's profile is within its regions', and a group narrows a region's", async () => {
    for (const name of analysisRegionProfileTraces()) {
      const bytes = readFileSync(traces.find((t) => t.name === name)?.path as string);
      const { summary } = await analyzeTrace(bytes, { keepPartial: true });
      const regionNames = [...new Set(summary.goroutines.flatMap((g) => g.regions.map((r) => r.name)))];
      const taskNames = [...new Set(summary.tasks.map((t) => t.name))];
      const groups = [...new Set(summary.goroutines.map((g) => g.name))];
      for (const type of ANALYSIS_PPROF_TYPES) {
        const byRegion = new Map<string, ProfileSample[]>();
        for (const region of regionNames)
          byRegion.set(region, (await blockingProfile(bytes, type, { region })).samples);
        const allRegions = summed([...byRegion.values()]);
        for (const task of taskNames) {
          for (const [key, [count, delay]] of summed([(await blockingProfile(bytes, type, { task })).samples])) {
            const bound = allRegions.get(key) ?? [0, 0];
            expect(count, `${name} ${type} task ${task}: ${key}`).toBeLessThanOrEqual(bound[0]);
            expect(delay, `${name} ${type} task ${task}: ${key}`).toBeLessThanOrEqual(bound[1]);
          }
        }
        for (const [region, samples] of byRegion) {
          const whole = summed([samples]);
          for (const goroutineGroup of groups) {
            const part = summed([(await blockingProfile(bytes, type, { region, goroutineGroup })).samples]);
            for (const [key, [count, delay]] of part) {
              const bound = whole.get(key) ?? [0, 0];
              expect(count, `${name} ${type} ${region} ${goroutineGroup}: ${key}`).toBeLessThanOrEqual(bound[0]);
              expect(delay, `${name} ${type} ${region} ${goroutineGroup}: ${key}`).toBeLessThanOrEqual(bound[1]);
            }
          }
        }
      }
    }
  });

  it("a region, task or group that does not exist gives an empty profile", async () => {
    const bytes = readFileSync(traces.find((t) => t.name === "annotations-go1.25")?.path as string);
    for (const type of ANALYSIS_PPROF_TYPES) {
      for (const filter of [{ region: "no such region" }, { task: "no such task" }, { goroutineGroup: "main.nope" }]) {
        expect((await blockingProfile(bytes, type, filter)).samples, `${type} ${JSON.stringify(filter)}`).toEqual([]);
      }
    }
  });
});
