// The traces the oracle runs over: Go's golden traces that Go's raw reader
// accepts, and the project's own fixtures (packages/conformance/fixtures).
import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import { basename, isAbsolute, join } from "node:path";
import * as conformance from "@gotrace/conformance";
import { parseHeader } from "@gotrace/codec";

export interface OracleTrace {
  /** Display name, e.g. "golden/tests/go122-gc-stress" or "fixtures/gc-go1.27". */
  name: string;
  path: string;
  /** Header version ("go 1.N trace"), from the codec's header scanner; undefined if it does not scan. */
  version: number | undefined;
}

export interface SkippedTrace {
  name: string;
  why: string;
}

function headerVersion(path: string): number | undefined {
  const head = readFileSync(path).subarray(0, 64);
  try {
    return parseHeader(new Uint8Array(head), head.length, true)?.version;
  } catch {
    return undefined;
  }
}

/**
 * Go 1.27's golden traces (../shared/go-testdata/golden-go1.27/{tests,fuzz,edge})
 * whose `go tool trace -d=wire` exits 0, with a v2 header (go 1.22 or newer).
 */
export function goldenTraces(): { traces: OracleTrace[]; skipped: SkippedTrace[] } {
  const root = join(conformance.goTestdataDir(), "golden-go1.27");
  const exit = new Map<string, number>();
  for (const line of readFileSync(join(root, "results.jsonl"), "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const r = JSON.parse(line) as { file: string; mode: string; exit: number };
    if (r.mode === "wire") exit.set(r.file, r.exit);
  }
  const traces: OracleTrace[] = [];
  const skipped: SkippedTrace[] = [];
  for (const group of ["tests", "fuzz", "edge"]) {
    for (const file of readdirSync(join(root, group)).sort()) {
      if (!file.endsWith(".trace")) continue;
      const name = `golden/${group}/${file.replace(/\.trace$/, "")}`;
      const path = join(root, group, file);
      const e = exit.get(`${group}/${file}`);
      if (e === undefined) {
        skipped.push({ name, why: "no -d=wire result in results.jsonl" });
        continue;
      }
      if (e !== 0) {
        skipped.push({ name, why: `Go's raw reader rejects it (exit ${e})` });
        continue;
      }
      const version = headerVersion(path);
      if (version === undefined || version < 22) {
        skipped.push({
          name,
          why: version === undefined ? "its header does not scan" : `v1 trace (go 1.${version}), out of scope`,
        });
        continue;
      }
      traces.push({ name, path, version });
    }
  }
  return { traces, skipped };
}

/** What the oracle needs of a fixture, from fixtures() or from manifest.json. */
interface FixtureLike {
  name?: string;
  tracePath?: string;
  trace?: string;
  golden?: { wire?: { exit?: number } };
}

/** packages/conformance/fixtures, where the fixture traces live. */
export function fixturesDir(): string {
  return join(conformance.repoRoot(), "packages", "conformance", "fixtures");
}

/**
 * The project's own traces: everything `fixtures()` of @gotrace/conformance
 * lists (once it exists), everything manifest.json lists, and every
 * traces/*.trace in the fixtures directory, so that a trace is covered even
 * if the loader or the manifest lags behind the files. Skipped: traces with
 * a pre-1.22 header (v1 is out of scope) and any whose recorded
 * `go tool trace -d=wire` fails.
 */
export function ourFixtures(): { traces: OracleTrace[]; skipped: SkippedTrace[]; loader: string } {
  const dir = fixturesDir();
  const byReal = new Map<string, OracleTrace>();
  const skipped: SkippedTrace[] = [];
  const loaders: string[] = [];
  const wireExit = new Map<string, number>();
  const add = (name: string, path: string) => {
    if (!existsSync(path)) {
      skipped.push({ name, why: `listed but missing: ${path}` });
      return;
    }
    const real = realpathSync(path);
    if (byReal.has(real)) return;
    byReal.set(real, { name: `fixtures/${name}`, path, version: headerVersion(path) });
  };
  const addAll = (list: FixtureLike[]) => {
    for (const f of list) {
      const rel = f.tracePath ?? f.trace;
      if (rel === undefined) continue;
      const path = isAbsolute(rel)
        ? rel
        : existsSync(join(dir, rel))
          ? join(dir, rel)
          : join(conformance.repoRoot(), rel);
      const name = f.name ?? basename(rel).replace(/\.trace$/, "");
      const exit = f.golden?.wire?.exit;
      if (typeof exit === "number") wireExit.set(`fixtures/${name}`, exit);
      add(name, path);
    }
  };
  const api = conformance as unknown as { fixtures?: () => FixtureLike[] };
  if (typeof api.fixtures === "function") {
    try {
      const list = api.fixtures();
      loaders.push(`fixtures(): ${list.length}`);
      addAll(list);
    } catch (err) {
      loaders.push(`fixtures() failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const manifest = join(dir, "manifest.json");
  if (existsSync(manifest)) {
    try {
      const list = JSON.parse(readFileSync(manifest, "utf8")) as FixtureLike[];
      loaders.push(`manifest.json: ${list.length}`);
      addAll(list);
    } catch (err) {
      loaders.push(`manifest.json unreadable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const tracesDir = join(dir, "traces");
  if (existsSync(tracesDir)) {
    for (const file of readdirSync(tracesDir).sort()) {
      if (file.endsWith(".trace")) add(file.replace(/\.trace$/, ""), join(tracesDir, file));
    }
  }
  const traces: OracleTrace[] = [];
  for (const t of [...byReal.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const exit = wireExit.get(t.name);
    // A header that does not scan is not skipped: the check will report it.
    if (t.version !== undefined && t.version < 22)
      skipped.push({ name: t.name, why: `v1 trace (go 1.${t.version}), out of scope` });
    else if (exit !== undefined && exit !== 0)
      skipped.push({ name: t.name, why: `Go's raw reader rejects it (exit ${exit})` });
    else traces.push(t);
  }
  const files = existsSync(tracesDir) ? readdirSync(tracesDir).filter((f) => f.endsWith(".trace")).length : 0;
  loaders.push(`traces/: ${files}`);
  return { traces, skipped, loader: loaders.join(", ") };
}
