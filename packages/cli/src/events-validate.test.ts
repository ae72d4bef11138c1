// gotrace events and validate through the real binary: Go's -d=parsed output,
// Go's outcome, the time zone of Wall=, and the errors a person can act on.
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, goGoldens, readText } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const work = mkdtempSync(join(tmpdir(), "gotrace-events-"));
const edge = goGoldens("edge");
const tests = goGoldens("tests");

describe("gotrace events", () => {
  for (const g of [...tests, ...edge].filter((x) => x.parsed.exit === 0).slice(0, 30)) {
    it(`prints Go's -d=parsed for ${g.group}/${g.name}`, () => {
      const run = gotrace(["events", g.tracePath]);
      expect(run.stdout.toString("utf8")).toBe(readFileSync(g.parsed.stdout, "utf8"));
      expect(run.status).toBe(0);
    });
  }

  for (const f of fixtures()
    .filter((x) => x.header >= 22 && x.golden.parsed.exit === 0)
    .slice(0, 12)) {
    it(`prints Go's -d=parsed for our ${f.name}`, () => {
      const run = gotrace(["events", f.tracePath]);
      expect(run.stdout.toString("utf8")).toBe(readText(f.golden.parsed.stdoutPath));
    });
  }

  it("prints Wall= in $TZ like Go, and in --tz when given", () => {
    const sync = tests.find((g) => g.name === "go125-sync")!;
    const utc = gotrace(["events", sync.tracePath], undefined, { TZ: "UTC" }).stdout.toString();
    const ny = gotrace(["events", sync.tracePath], undefined, { TZ: "America/New_York" }).stdout.toString();
    const flag = gotrace(["events", "--tz", "America/New_York", sync.tracePath], undefined, {
      TZ: "UTC",
    }).stdout.toString();
    expect(utc).toBe(readFileSync(sync.parsed.stdout, "utf8"));
    const wall = (s: string) => /Wall=(\S+)/.exec(s)?.[1];
    expect(wall(utc)).toMatch(/Z$/);
    expect(wall(ny)).toMatch(/-0[45]:00$/);
    expect(flag).toBe(ny);
    // Everything but the zone is the same.
    expect(ny.replace(/Wall=\S+/g, "")).toBe(utc.replace(/Wall=\S+/g, ""));
  });

  it("stops at Go's error with the events before it, one error line and where the trace broke", () => {
    const g = tests.find((x) => x.name === "go122-create-syscall-with-p")!;
    const run = gotrace(["events", g.tracePath]);
    expect(run.stdout.toString()).toBe(readFileSync(g.parsed.stdout, "utf8"));
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    // The break is in the first generation (right after the 16-byte header): nothing before it is complete.
    const size = readFileSync(g.tracePath).length;
    expect(lines[0]).toMatch(
      /^gotrace events: .*at byte \d+: expected a proc but didn't have one \(generation 1, batch M=\d+\); /,
    );
    expect(lines[0]).toContain(
      `; the first generation breaks, so no part of the trace is complete (all ${size} bytes lost)`,
    );
    expect(lines[0]).not.toMatch(/events before byte/);
  });
});

describe("gotrace validate", () => {
  it("exits 0 with a summary for a valid trace", () => {
    const f = fixtures().find((x) => x.name === "generations-go1.27")!;
    const run = gotrace(["validate", f.tracePath]);
    expect(run.status).toBe(0);
    const syncs = readText(f.golden.parsed.stdoutPath)
      .split("\n")
      .filter((l) => l.includes(" Sync ")).length;
    expect(run.stdout.toString()).toContain(
      `valid: ${
        readText(f.golden.parsed.stdoutPath)
          .split("\n")
          .filter((l) => /^M=/.test(l)).length
      } events in ${syncs - 1} generations`,
    );
  });

  it("exits 1 naming the byte, generation and loss for a cut trace", () => {
    const f = fixtures().find((x) => x.name === "generations-go1.27")!;
    const bytes = readFileSync(f.tracePath);
    const cut = join(work, "cut.trace");
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.66)));
    const run = gotrace(["validate", cut]);
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^gotrace validate: .*: at byte \d+: .*; events before byte [1-9]\d* are complete, lost \d+\.\d\d% of the trace \(\d+ of \d+ bytes\) from the generation that breaks$/,
    );
  });

  it("agrees with Go on every edge case: exit 0 exactly when Go accepts the trace", () => {
    for (const g of edge) {
      const run = gotrace(["validate", g.tracePath]);
      expect(run.status, g.name).toBe(g.parsed.exit === 0 ? 0 : 1);
    }
  });
});
