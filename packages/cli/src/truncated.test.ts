// Broken traces through the CLI: a trace cut at any byte gets every event of
// its complete generations on stdout, then one line on stderr that says
// where it broke and how much was lost; never a crash, a hang, or a dump of
// the reader's internal state. A go 1.22–1.25 trace cut between two batches
// of a generation is said to end inside that generation.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rawEvents } from "@gotrace/codec";
import { type TraceCut, fixture, goGoldens, readBytes, traceCuts } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { CliError } from "./cli-error.js";
import { readEvents, skipEvents } from "./commands/read-events.js";
import { gotrace } from "./testing/run-cli.js";

const work = mkdtempSync(join(tmpdir(), "gotrace-cut-"));

describe("gotrace events on cut traces", () => {
  for (const name of ["generations-go1.22", "generations-go1.25", "generations-go1.27"]) {
    it(`${name}: complete generations survive, the error is short`, () => {
      const f = fixture(name);
      const bytes = readFileSync(f.tracePath);
      // A Sync's time depends on the batches its generation has, which a cut changes.
      const lines = (out: Buffer) =>
        out
          .toString()
          .replace(/ Sync Time=\d+/g, " Sync")
          .split("\n");
      const full = lines(gotrace(["events", f.tracePath]).stdout);
      const secondGeneration = generationStarts(bytes).get(2)!;
      // Cuts spread over the file, plus the bytes right after each 4 KiB.
      const cuts = new Set<number>();
      for (let i = 1; i < 24; i++) cuts.add(Math.floor((bytes.length * i) / 24));
      for (const cut of cuts) {
        const path = join(work, `${name}-${cut}.trace`);
        writeFileSync(path, bytes.subarray(0, cut));
        const run = gotrace(["events", path]);
        expect([0, 1], `cut at ${cut}`).toContain(run.status);
        const got = lines(run.stdout);
        // Whatever was printed before the last Sync is what the full trace prints.
        const lastSync = lastIndexWhere(got, (l) => l.includes(" Sync "));
        expect(got.slice(0, lastSync), `cut at ${cut}: ${run.status} ${run.stderr}`).toEqual(full.slice(0, lastSync));
        if (run.status === 1) {
          const err = run.stderr.trimEnd().split("\n");
          expect(err, run.stderr).toHaveLength(1);
          expect(err[0]).toMatch(/^gotrace events: /);
          // Cut inside the first generation nothing is complete; later, what was lost is counted.
          if (cut < secondGeneration)
            expect(err[0]).toMatch(
              /; the first generation breaks, so no part of the trace is complete \(all \d+ bytes lost\)$/,
            );
          else expect(err[0]).toMatch(/; events before byte [1-9]\d* are complete, lost \d+\.\d\d% of the trace/);
          expect(run.stderr).not.toMatch(/^M \d+ \[/m);
        }
      }
    });
  }
});

/** File offset of each generation's first batch. */
function generationStarts(bytes: Uint8Array): Map<number, number> {
  const starts = new Map<number, number>();
  for (const ev of rawEvents(bytes)) {
    if (ev.name === "EventBatch" && !starts.has(ev.arg(0))) starts.set(ev.arg(0), ev.offset);
  }
  return starts;
}

/** The line we must print for a cut that Go rejects (without the "gotrace CMD: " prefix). */
function cutMessage(name: string, cut: TraceCut, genStart: number): string {
  const lost = cut.at - genStart;
  const pct = ((lost / cut.at) * 100).toFixed(2);
  const go = cut.stderrFirstLine!.replace(/:$/, "");
  // A cut in the first generation leaves nothing complete: the header is all that comes before it.
  const loss =
    genStart === 16
      ? `the first generation breaks, so no part of the trace is complete (all ${cut.at} bytes lost)`
      : `events before byte ${genStart} are complete, lost ${pct}% of the trace (${lost} of ${cut.at} bytes) from the generation that breaks`;
  return (
    `${name}: the trace ends inside generation ${cut.gen}: it stops at byte ${cut.at}, ` +
    `before that generation's string table (always its last part) is complete, so Go's reader fails with: ${go}; ${loss}`
  );
}

// Array.prototype.findLastIndex is ES2023; the packages compile against ES2022.
function lastIndexWhere(lines: readonly string[], pred: (line: string) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (pred(lines[i] as string)) return i;
  return -1;
}

// Input.chunks is an async iterable, as a file or stdin gives it.
async function* oneChunk(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  }
  return "";
}

describe("spill-format traces cut at batch boundaries", () => {
  // Go 1.27.3's outcome for every cut between two batches of one generation
  // of three go 1.22/1.23/1.25 fixtures (fixtures/crafted/cuts.json).
  for (const base of traceCuts()) {
    const bytes = readBytes(fixture(base.base).tracePath);
    const starts = generationStarts(bytes);
    const rejected = base.cuts.filter((c) => c.exit !== 0);

    it(`${base.base}: events and validate say the trace ends inside generation N`, async () => {
      expect(rejected.length).toBeGreaterThan(20);
      for (const cut of rejected) {
        const input = () => ({ name: "cut.trace", chunks: oneChunk(bytes.subarray(0, cut.at)), path: null });
        const want = cutMessage("cut.trace", cut, starts.get(cut.gen)!);
        const events = failure(readEvents(input(), () => undefined));
        expect(await events, `cut at ${cut.at}`).toBe(want);
        expect(await failure(skipEvents(input())), `cut at ${cut.at}`).toBe(want);
      }
    });

    it(`${base.base}: Go's events before the break, then the one line`, () => {
      // A cut in the second generation and one in the last: through the real binary.
      for (const cut of [rejected.find((c) => c.gen === 2)!, rejected[rejected.length - 1]!]) {
        const path = join(work, `${base.base}-${cut.at}.trace`);
        writeFileSync(path, bytes.subarray(0, cut.at));
        const run = gotrace(["events", path]);
        expect(run.status).toBe(1);
        expect(createHash("sha256").update(run.stdout).digest("hex")).toBe(cut.stdoutSha256);
        expect(run.stderr).toBe(`gotrace events: ${cutMessage(path, cut, starts.get(cut.gen)!)}\n`);
      }
    });
  }

  it("says so for a cut inside the string table too, and not for a generation broken otherwise", () => {
    const base = traceCuts()[0]!;
    const bytes = readBytes(fixture(base.base).tracePath);
    const path = join(work, "in-strings.trace");
    writeFileSync(path, bytes.subarray(0, bytes.length - 1));
    const cut = gotrace(["events", path]);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/: the trace ends inside generation \d+: it stops at byte \d+, /);

    // A whole go 1.22 trace that Go rejects: its generation has a string table.
    const broken = goGoldens("tests").find((g) => g.name === "go122-create-syscall-with-p")!;
    const run = gotrace(["events", broken.tracePath]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/expected a proc but didn't have one/);
    expect(run.stderr).not.toMatch(/ends inside generation/);
  });
});
