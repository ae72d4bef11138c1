#!/usr/bin/env node
// Go oracle for @gotrace/heap's pprof writer. Encodes the fixed synthetic input
// (packages/heap/__fixtures__/pprof/synthetic.input.json) with our encoder, writes
// synthetic.pb.gz, and records what `go tool pprof` prints for it, so CI can
// check, without Go, that the bytes Go accepted are the bytes we still make
// (src/pprof/oracle.test.ts).
//
// Usage: node tools/pprof-oracle/make.mjs [path/to/go]
//   The Go binary defaults to Go 1.27 under ~/.cache/gotoolchains (where
//   ../shared/tools/get-go.sh puts it). Needs `pnpm install` (for esbuild).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const heapDir = resolve(here, "../../packages/heap");
const outDir = join(heapDir, "__fixtures__/pprof");
const go = process.argv[2] ?? join(homedir(), ".cache/gotoolchains/go1.27/usr/lib/go-1.27/bin/go");

// Node 20 cannot import TypeScript, so bundle the encoder with the esbuild that
// tsup (a devDependency of the heap package) brings along.
const requireFromTsup = createRequire(createRequire(join(heapDir, "package.json")).resolve("tsup"));
const esbuild = requireFromTsup("esbuild");
const tmp = mkdtempSync(join(tmpdir(), "pprof-oracle-"));
try {
  const bundle = join(tmp, "pprof.mjs");
  await esbuild.build({
    entryPoints: [join(heapDir, "src/pprof/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile: bundle,
    logLevel: "warning",
  });
  const { encodeHeapProfile } = await import(pathToFileURL(bundle).href);

  const json = JSON.parse(readFileSync(join(outDir, "synthetic.input.json"), "utf8"));
  const input = { ...json, timeNanos: BigInt(json.timeNanos) };
  // gzip with node:zlib at a fixed level rather than CompressionStream: the
  // committed file should not change with the Node release that made it. The
  // test compares the uncompressed bytes, so either gzip is equally good.
  const profile = gzipSync(encodeHeapProfile(input), { level: 9 });
  const pbFile = join(outDir, "synthetic.pb.gz");
  writeFileSync(pbFile, profile);

  // TZ=UTC: pprof prints the profile's time in the local zone.
  // GOCACHE only when unset (the spread keeps a caller's own).
  const env = { GOCACHE: "/tmp/gocache", ...process.env, GOTOOLCHAIN: "local", TZ: "UTC" };
  const pprof = (...args) => {
    const file = args.at(-1)?.endsWith(".pb.gz") ? [] : ["synthetic.pb.gz"];
    return execFileSync(go, ["tool", "pprof", ...args, ...file], { cwd: outDir, env, encoding: "utf8" });
  };
  const version = execFileSync(go, ["version"], { env, encoding: "utf8" }).trim();
  writeFileSync(join(outDir, "go-version.txt"), version + "\n");
  writeFileSync(join(outDir, "synthetic.raw.txt"), pprof("-raw"));
  for (const index of ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"]) {
    // Every node (no count or fraction cut-off) and, for bytes, -unit=B so pprof
    // prints exact numbers instead of "5.59GB". Counts print exactly already
    // (-unit=B would label them "B" too).
    const unit = index.endsWith("_space") ? ["-unit=B"] : [];
    const args = ["-top", ...unit, "-nodecount=1000", "-nodefraction=0", "-edgefraction=0", `-sample_index=${index}`];
    writeFileSync(join(outDir, `synthetic.top.${index}.txt`), pprof(...args));
  }
  writeFileSync(join(outDir, "synthetic.comments.txt"), pprof("-comments"));

  // The empty profile (no samples, unknown time) must be one Go accepts too.
  writeFileSync(
    join(outDir, "empty.pb.gz"),
    gzipSync(encodeHeapProfile({ samples: [], timeNanos: 0, durationNanos: 0 }), { level: 9 }),
  );
  writeFileSync(join(outDir, "empty.raw.txt"), pprof("-raw", "empty.pb.gz"));
  writeFileSync(join(outDir, "empty.top.txt"), pprof("-top", "empty.pb.gz"));
  console.log(`wrote ${outDir} with ${version}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
