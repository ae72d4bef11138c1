// Crafted test data made from our own fixtures by tools/fixtures/crafted.mjs,
// with Go 1.27.3's outputs: traces whose strings are not valid UTF-8
// (fixtures/crafted/manifest.json), and what Go makes of spill-format traces
// cut at batch boundaries inside a generation (fixtures/crafted/cuts.json).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir } from "./fixtures.js";

/** A crafted trace and Go's `-d=parsed` output for it. */
export interface CraftedTrace {
  /** e.g. "utf8-annotations-go1.22". */
  name: string;
  /** The fixture it was made from (see {@link fixture}). */
  base: string;
  /** Absolute path of the trace. */
  tracePath: string;
  /** Go's `-d=parsed` (TZ=UTC): stdout to compare byte for byte, stderr or null, exit status. */
  parsed: { stdoutPath: string; stderrPath: string | null; exit: number; madeBy: string };
}

/** What Go's `-d=parsed` did with a fixture cut at one batch boundary. */
export interface TraceCut {
  /** Byte offset of the cut: the trace is the fixture's first `at` bytes. */
  at: number;
  /** The generation the cut falls inside (the batches on both sides belong to it). */
  gen: number;
  /** Go's exit status: 0 when it took the short generation as whole, 1 when it failed. */
  exit: number;
  /** SHA-256 (hex) and length of Go's stdout. */
  stdoutSha256: string;
  stdoutBytes: number;
  /** Go's error, or null. */
  stderrFirstLine: string | null;
}

/** A spill-format fixture (go 1.22–1.25) and its cuts. */
export interface TraceCuts {
  /** The fixture's name. */
  base: string;
  /** SHA-256 of the fixture the cuts were made from (it changes when fixtures are regenerated). */
  baseSha256: string;
  madeBy: string;
  cuts: TraceCut[];
}

/** Absolute path of `fixtures/crafted/`. */
export function craftedDir(): string {
  return join(fixturesDir(), "crafted");
}

/** The crafted traces with invalid UTF-8 in every string-bearing field. */
export function craftedTraces(): CraftedTrace[] {
  const dir = craftedDir();
  type Entry = {
    name: string;
    base: string;
    trace: string;
    golden: { stdout: string; stderr: string | null; exit: number; madeBy: string };
  };
  const entries = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Entry[];
  return entries.map((e) => ({
    name: e.name,
    base: e.base,
    tracePath: join(dir, e.trace),
    parsed: {
      stdoutPath: join(dir, e.golden.stdout),
      stderrPath: e.golden.stderr === null ? null : join(dir, e.golden.stderr),
      exit: e.golden.exit,
      madeBy: e.golden.madeBy,
    },
  }));
}

/** Go's outcomes for spill-format fixtures cut at every batch boundary inside a generation. */
export function traceCuts(): TraceCuts[] {
  return JSON.parse(readFileSync(join(craftedDir(), "cuts.json"), "utf8")) as TraceCuts[];
}
