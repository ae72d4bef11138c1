// The project's own fixtures: traces written by the Go programs in
// tools/fixtures/progs and Go's outputs for them, listed in fixtures/manifest.json
// (written by tools/fixtures/regen.sh).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** This package's directory (works from src/ under vitest and from dist/ when built). */
export function packageDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..");
}

/** Absolute path of `fixtures/` (traces, goldens and manifest.json). */
export function fixturesDir(): string {
  return join(packageDir(), "fixtures");
}

/** Absolute path of `sample/sample.trace`: a small Go 1.27 alloc/free trace with user annotations and GC. */
export function samplePath(): string {
  return join(packageDir(), "sample", "sample.trace");
}

/** One output of `go tool trace -d=<mode>` for a fixture trace. */
export interface Golden {
  /** Absolute path of the tool's stdout (`.out`, or `.out.gz` when it was larger than 200 KB; use {@link readText}). */
  stdoutPath: string;
  /** Absolute path of the tool's stderr with the Go root replaced by `<GOROOT>`, or null when stderr was empty. */
  stderrPath: string | null;
  /** The tool's exit status (0 success, 1 error reported by the tool, 2 Go panic). */
  exit: number;
  /** The Go release whose `go tool trace` made this output, e.g. "go1.27.3". */
  madeBy: string;
  /** Whether two runs of the tool gave byte-identical stdout, stderr and status (always false for v1 `-d=parsed`). */
  deterministic: boolean;
  /** Whether stdout alone is reproducible (true for the rejected trace, whose error lists a Go map in random order). */
  stdoutDeterministic: boolean;
  /** First line of stderr (for errors: Go's error message), or null. */
  stderrFirstLine: string | null;
}

/** A trace written by one of the fixture programs, with Go's outputs for it. */
export interface Fixture {
  /** `<program>-go<release>[-allocfree][-rejected]`, e.g. "heapgrow-go1.27-allocfree". */
  name: string;
  /** Absolute path of the trace. */
  tracePath: string;
  /** The program in tools/fixtures/progs that wrote it. */
  program: string;
  /** The Go release whose runtime wrote it, e.g. "go1.23.5". */
  writtenBy: string;
  /** The N of the `go 1.N trace` header: 21 (old v1 format), 22, 23, 25 or 26. */
  header: number;
  /** Written with GODEBUG=traceallocfree=1 (carries the AllocFree experiment's events). */
  allocFree: boolean;
  /** A runtime/trace.FlightRecorder snapshot (starts at a later generation; see README). */
  flightRecorder: boolean;
  /** Size of the trace file in bytes. */
  sizeBytes: number;
  /** GODEBUG the program ran with, or null. */
  godebug: string | null;
  /** The program's arguments (before the output path). */
  args: string[];
  /** Whether Go 1.27's reader (`-d=parsed`) accepts the trace; if not, the first line of its error. */
  expect: { ok: true } | { ok: false; error: string };
  /**
   * Go's outputs. `parsed` is always Go 1.27.3's. `wire` and `footprint` are Go 1.27.3's
   * except for alloc/free traces written by Go 1.23 (made by Go 1.24.4) and Go 1.25 (made
   * by Go 1.25.12), which Go 1.27 refuses; Go 1.27's refusal is then in `go127`.
   */
  golden: {
    wire: Golden;
    parsed: Golden;
    footprint: Golden;
    go127?: { wire?: Golden; footprint?: Golden };
  };
  /**
   * Absolute path of the runtime's own heap profile, in its text form (`debug=1`, every allocation
   * recorded: `runtime.MemProfileRate = 1`), that the program wrote after a final GC once the
   * trace had stopped (heapleak and heapsteady); null for the other programs.
   */
  heapProfilePath: string | null;
}

/** A golden as manifest.json stores it: relative paths instead of absolute ones. */
type ManifestGolden = Omit<Golden, "stdoutPath" | "stderrPath"> & { stdout: string; stderr: string | null };

/** A fixture as manifest.json stores it. */
type ManifestEntry = Omit<Fixture, "tracePath" | "golden" | "heapProfilePath"> & {
  trace: string;
  heapProfile?: string | null;
  golden: {
    wire: ManifestGolden;
    parsed: ManifestGolden;
    footprint: ManifestGolden;
    go127?: { wire?: ManifestGolden; footprint?: ManifestGolden };
  };
};

function toGolden(dir: string, g: ManifestGolden): Golden {
  return {
    stdoutPath: join(dir, g.stdout),
    stderrPath: g.stderr === null ? null : join(dir, g.stderr),
    exit: g.exit,
    madeBy: g.madeBy,
    deterministic: g.deterministic,
    stdoutDeterministic: g.stdoutDeterministic,
    stderrFirstLine: g.stderrFirstLine,
  };
}

/** Every fixture trace in fixtures/manifest.json, sorted by name. */
export function fixtures(): Fixture[] {
  const dir = fixturesDir();
  const entries = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as ManifestEntry[];
  return entries.map((e) => {
    const golden: Fixture["golden"] = {
      wire: toGolden(dir, e.golden.wire),
      parsed: toGolden(dir, e.golden.parsed),
      footprint: toGolden(dir, e.golden.footprint),
    };
    if (e.golden.go127) {
      const go127: NonNullable<Fixture["golden"]["go127"]> = {};
      if (e.golden.go127.wire) go127.wire = toGolden(dir, e.golden.go127.wire);
      if (e.golden.go127.footprint) go127.footprint = toGolden(dir, e.golden.go127.footprint);
      golden.go127 = go127;
    }
    return {
      name: e.name,
      tracePath: join(dir, e.trace),
      program: e.program,
      writtenBy: e.writtenBy,
      header: e.header,
      allocFree: e.allocFree,
      flightRecorder: e.flightRecorder,
      sizeBytes: e.sizeBytes,
      godebug: e.godebug,
      args: e.args,
      expect: e.expect,
      golden,
      heapProfilePath: e.heapProfile ? join(dir, e.heapProfile) : null,
    };
  });
}

/** The fixture with this name; throws when there is none. */
export function fixture(name: string): Fixture {
  const f = fixtures().find((x) => x.name === name);
  if (!f) throw new Error(`no fixture named ${name}`);
  return f;
}

/** Reads a file's bytes, gunzipping it when the name ends in `.gz`. */
export function readBytes(path: string): Uint8Array {
  const buf = readFileSync(path);
  const bytes = path.endsWith(".gz") ? gunzipSync(buf) : buf;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads a text file (a golden) as UTF-8, gunzipping it when the name ends in `.gz`. */
export function readText(path: string): string {
  return new TextDecoder().decode(readBytes(path));
}
