// `gotrace footprint` on two threads (commands/footprint-parallel.ts) must
// print what the serial path prints, on every input: runs made tiny here so
// that small traces are cut into many runs, merged in file order, some
// tallied by the worker. Whole traces must be merged with no serial reading
// at all; cut and damaged ones must get the serial path's numbers, warning
// or error, with part of the trace merged from runs before the damage.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FootprintCounter, countFootprint } from "@gotrace/codec";
import { scanBatches } from "@gotrace/codec/internal";
import { craftedTraces, fixture, fixtures, samplePath } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { decodeInput } from "./commands/decode-input.js";
import { footprintInTwoThreads } from "./commands/footprint-parallel.js";
import { openInput } from "./io/input.js";
import { ended, firstOutput, gotrace, startGotrace } from "./testing/run-cli.js";

const WORKER = new URL("../dist/footprint-worker.js", import.meta.url);
const work = mkdtempSync(join(tmpdir(), "gotrace-footprint-"));

interface Outcome {
  readonly stdout: string;
  readonly warning: string | undefined;
  readonly error: string | undefined;
}

/** What the serial path (the command below its two-thread size) gives. */
async function serial(path: string, strictGo127: boolean): Promise<Outcome> {
  try {
    const input = await openInput(path);
    const counter = new FootprintCounter();
    const r = await decodeInput(input, (d) => void countFootprint(d, counter), { strictGo127 });
    return { stdout: counter.render(r.decoder.table, r.bytesRead), warning: r.warning, error: undefined };
  } catch (err) {
    return { stdout: "", warning: undefined, error: (err as Error).message };
  }
}

/** The same on two threads, with runs of `runBytes`; `split` says how the work went. */
async function twoThreads(path: string, strictGo127: boolean, runBytes: number) {
  try {
    const r = await footprintInTwoThreads(path, path, { runBytes, strictGo127 }, WORKER);
    const outcome: Outcome = { stdout: r.counter.render(r.table, r.bytesRead), warning: r.warning, error: undefined };
    return { outcome, split: r.split };
  } catch (err) {
    return { outcome: { stdout: "", warning: undefined, error: (err as Error).message }, split: undefined };
  }
}

/** Batch boundaries after the header, one batch at a time, as the two-thread path finds them. */
function batchEnds(bytes: Uint8Array, headerLength: number): number[] {
  const scan = { end: 0, next: 0 };
  const ends: number[] = [];
  for (let p = headerLength; p < bytes.length; p = scan.end) {
    // A window as long as the next batch needs, so that the scan stops after that one batch.
    for (let want = 1; ; want = scan.next) {
      scanBatches(bytes, p, Math.min(bytes.length, p + want), scan);
      if (scan.next < 0) return ends;
      if (scan.end > p) break;
      if (p + want >= bytes.length) return ends;
    }
    ends.push(scan.end);
  }
  return ends;
}

describe("footprint on two threads prints what the serial path prints", () => {
  const traces = fixtures();
  for (const [i, f] of traces.entries()) {
    it(f.name, async () => {
      const strictToo = f.name.includes("allocfree") ? [false, true] : [false];
      for (const strict of strictToo) {
        const want = await serial(f.tracePath, strict);
        // Odd sizes, a different one per fixture, so that cuts fall everywhere.
        for (const runBytes of [97 + i * 13, 4096]) {
          const got = await twoThreads(f.tracePath, strict, runBytes);
          expect(got.outcome, `runs of ${runBytes}, strict ${strict}`).toEqual(want);
          if (f.header >= 22 && f.expect.ok && want.error === undefined && want.warning === undefined) {
            // A whole trace is merged from runs only, and the worker took some of them.
            expect(got.split?.serialFrom, `runs of ${runBytes}`).toBe(-1);
            if (runBytes < 1000) expect(got.split?.atWorker).toBeGreaterThan(0);
          }
        }
      }
    }, 60_000);
  }
  for (const c of craftedTraces()) {
    it(`crafted ${c.name}`, async () => {
      expect((await twoThreads(c.tracePath, false, 211)).outcome).toEqual(await serial(c.tracePath, false));
    });
  }
});

describe("cut and damaged traces: the serial path's numbers, warning or error", () => {
  const bases = [
    { name: "sample", path: samplePath() },
    { name: "generations-go1.25", path: fixture("generations-go1.25").tracePath },
    { name: "stackgrowth-go1.23-allocfree", path: fixture("stackgrowth-go1.23-allocfree").tracePath },
  ];
  for (const base of bases) {
    const bytes = readFileSync(base.path);
    const headerLength = bytes.indexOf(0) + 3;
    const ends = batchEnds(bytes, headerLength);

    it(`${base.name} cut at batch boundaries and inside batches`, async () => {
      expect(ends.length).toBeGreaterThan(8);
      const cuts = new Set<number>();
      for (let k = 1; k < 12; k++) {
        const end = ends[Math.floor((ends.length * k) / 12)] as number;
        for (const at of [end, end + 1, end + 7, end - 3]) cuts.add(Math.min(at, bytes.length));
      }
      const boundaries = new Set(ends);
      let fellBack = 0;
      for (const at of cuts) {
        const path = join(work, `${base.name}-cut-${at}.trace`);
        writeFileSync(path, bytes.subarray(0, at));
        const want = await serial(path, false);
        const got = await twoThreads(path, false, 331);
        expect(got.outcome, `cut at ${at}`).toEqual(want);
        // Cut between batches, the trace is merged from runs alone; cut inside one, that batch is
        // read serially after the runs before it (when the cut is no error, which carries no split).
        if (boundaries.has(at)) expect(got.split?.serialFrom, `cut at ${at}`).toBe(-1);
        else if (got.split !== undefined) {
          expect(got.split.serialFrom, `cut at ${at}`).toBeGreaterThan(0);
          if (got.split.merged > 1) fellBack++;
        }
      }
      expect(fellBack).toBeGreaterThan(0);
    }, 60_000);

    it(`${base.name} with damaged bytes and batch lengths`, async () => {
      const damages: { what: string; at: number; value: number }[] = [];
      for (let k = 1; k < 10; k++) {
        const at = headerLength + Math.floor(((bytes.length - headerLength) * k) / 10);
        damages.push({ what: "0xff", at, value: 0xff }, { what: "0x00", at, value: 0x00 });
      }
      // A batch header that gives a wrong length: the scan cuts where no event ends.
      for (const k of [2, Math.floor(ends.length / 2), ends.length - 3]) {
        const batch = ends[k] as number;
        // EventBatch's arguments are four uvarints after the type byte; the last is the length.
        let q = batch + 1;
        for (let arg = 0; arg < 3; arg++) while ((bytes[q++] as number) >= 0x80);
        damages.push({
          what: "length+1",
          at: q,
          value: ((bytes[q] as number) & 0x80) | (((bytes[q] as number) + 1) & 0x7f),
        });
      }
      let fellBack = 0;
      for (const d of damages) {
        const damaged = Uint8Array.from(bytes);
        damaged[d.at] = d.value;
        const path = join(work, `${base.name}-${d.what}-${d.at}.trace`);
        writeFileSync(path, damaged);
        for (const strict of [false, true]) {
          const want = await serial(path, strict);
          const got = await twoThreads(path, strict, 257);
          expect(got.outcome, `${d.what} at ${d.at}, strict ${strict}`).toEqual(want);
          if (got.split !== undefined && got.split.serialFrom > 0 && got.split.merged > 1) fellBack++;
        }
      }
      // Some damage is read serially after runs before it were merged (errors carry no split to count).
      expect(fellBack).toBeGreaterThan(0);
    }, 60_000);
  }
});

describe("the fuzzer's corpus on two threads", () => {
  const dir = new URL("../../../tools/fuzz/corpus/mutants/", import.meta.url);
  const mutants = readdirSync(dir).filter((n) => n.endsWith(".trace"));
  it(`${mutants.length} mutants`, async () => {
    expect(mutants.length).toBeGreaterThan(10);
    for (const name of mutants) {
      const path = new URL(name, dir).pathname;
      for (const strict of [false, true]) {
        expect((await twoThreads(path, strict, 173)).outcome, `${name} strict ${strict}`).toEqual(
          await serial(path, strict),
        );
      }
    }
  }, 120_000);
});

describe("the gotrace process on two threads", () => {
  const f = fixture("generations-go1.27");
  const bytes = readFileSync(f.tracePath);
  const cases = [
    { name: "whole", data: bytes },
    { name: "cut inside a batch", data: bytes.subarray(0, Math.floor(bytes.length * 0.7)) },
    { name: "damaged", data: Uint8Array.from(bytes).fill(0xff, bytes.length >> 1, (bytes.length >> 1) + 3) },
  ];
  for (const c of cases) {
    it(`${c.name}: the same stdout, stderr and status`, () => {
      const path = join(work, `process-${c.name.replaceAll(" ", "-")}.trace`);
      writeFileSync(path, c.data);
      const want = gotrace(["footprint", path]);
      const got = gotrace(["footprint", path], undefined, { GOTRACE_TEST_FOOTPRINT_RUN_BYTES: "500" });
      expect({ ...got, stdout: got.stdout.toString() }).toEqual({ ...want, stdout: want.stdout.toString() });
      if (c.name !== "whole") expect(got.status === 1 || got.stderr !== "").toBe(true);
    });
  }
  it("a pipe that closes early ends it quietly with status 0, the worker with it", async () => {
    const child = startGotrace(["footprint", fixture("heapgrow-go1.25-allocfree").tracePath], {
      GOTRACE_TEST_FOOTPRINT_RUN_BYTES: "500",
    });
    const end = ended(child);
    await firstOutput(child);
    child.stdout.destroy();
    const r = await end;
    expect(r).toEqual({ status: 0, signal: null, stderr: "" });
  });
  it("standard input stays serial and prints the same", () => {
    const want = gotrace(["footprint", f.tracePath]);
    const got = gotrace(["footprint", "-"], bytes, { GOTRACE_TEST_FOOTPRINT_RUN_BYTES: "500" });
    expect(got.stdout.toString()).toBe(want.stdout.toString());
    expect(got.status).toBe(0);
  });
});
