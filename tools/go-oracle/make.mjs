#!/usr/bin/env node
// Go oracle for the coming @gotrace/analysis package: records what Go 1.27's
// own analyses make of every fixture trace (packages/conformance/fixtures) and
// of the bundled sample, as goldens in packages/conformance/fixtures/analysis/.
//
//   node tools/go-oracle/make.mjs [path/to/go]     (default: Go 1.27 from ../shared/tools/get-go.sh)
//
// For each trace it runs `go tool trace -pprof=TYPE` for net, sync, syscall and
// sched (Go's own profile bytes, kept as <name>.<type>.pb.gz), then the Go
// program in go/main.go (built into the Go tree with -overlay) for the
// summaries, MMU and the decoded profiles, twice, failing if the two runs differ.
// See README.md for the fields.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const conformance = join(root, "packages/conformance");
const fixturesDir = join(conformance, "fixtures");
const outDir = join(fixturesDir, "analysis");
const PPROF_TYPES = ["net", "sync", "syscall", "sched"];
// Lower than the 200 KB of fixtures/golden: these JSON files are mostly 65 to
// 260 KB and shrink about 20 times with gzip, so at 200 KB the set would be
// 6.2 MB of mostly plain JSON instead of under 1 MB.
const GZIP_OVER = 64 * 1024;
// Traces whose region profiles (go tool trace's /regionblock?type=NAME and the like, which only
// its web UI serves) are recorded, for every region name in them and one that is in none.
const REGION_TRACES = ["annotations-go1.21", "annotations-go1.22", "annotations-go1.27", "sample"];
const REGION_ENDPOINTS = { net: "regionio", sync: "regionblock", syscall: "regionsyscall", sched: "regionsched" };

const go =
  process.argv[2] ??
  execFileSync("bash", [resolve(root, "../shared/tools/get-go.sh"), "--bin", "1.27"], { encoding: "utf8" }).trim();
const goroot = resolve(dirname(go), "..");
// GOCACHE only when unset (the spread keeps a caller's own).
const env = { GOCACHE: "/tmp/gotrace-oracle-gocache", ...process.env, GOTOOLCHAIN: "local" };
const goVersion = execFileSync(go, ["version"], { env, encoding: "utf8" }).trim();

const tmp = mkdtempSync(join(tmpdir(), "go-oracle-"));
try {
  // Build go/main.go as if it were GOROOT/src/cmd/gotrace-oracle: only code in
  // the Go tree may import internal/trace and internal/profile. The overlay maps
  // that path to our file, so GOROOT itself is never written.
  const overlay = join(tmp, "overlay.json");
  const fakePath = join(goroot, "src/cmd/gotrace-oracle/main.go");
  writeFileSync(overlay, JSON.stringify({ Replace: { [fakePath]: join(here, "go/main.go") } }));
  const oracle = join(tmp, "gotrace-oracle");
  // PWD must name the directory we run in: without it the go command takes the
  // kernel's path of it, which leaves the Go root's spelling when the path
  // has a symlink in it (~/.cache here), and then refuses our imports of
  // internal packages as coming from outside the tree.
  const src = join(goroot, "src");
  execFileSync(go, ["build", "-overlay", overlay, "-o", oracle, "cmd/gotrace-oracle"], {
    cwd: src,
    env: { ...env, PWD: src, GOFLAGS: "-mod=vendor" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // Go 1.24+ builds `go tool trace` on first use; -n prints the cached binary's path.
  const traceTool = execFileSync(go, ["tool", "-n", "trace"], { env, encoding: "utf8" }).trim();

  const manifest = JSON.parse(readFileSync(join(fixturesDir, "manifest.json"), "utf8"));
  const traces = manifest.map((e) => ({ name: e.name, path: join(fixturesDir, e.trace) }));
  traces.push({ name: "sample", path: join(conformance, "sample/sample.trace") });

  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "go-version.txt"), `${goVersion}\n`);
  let total = 0;
  /** Region names per trace of REGION_TRACES, from its golden. */
  const regionNames = new Map();
  for (const t of traces) {
    const pprofRuns = {};
    const profileArgs = [];
    for (const type of PPROF_TYPES) {
      const r = spawnSync(traceTool, [`-pprof=${type}`, t.path], { env, maxBuffer: 1 << 28 });
      if (r.status === null) throw new Error(`go tool trace -pprof=${type} ${t.name}: killed by ${r.signal}`);
      const stderr = r.stderr.toString().replaceAll(goroot, "<GOROOT>");
      pprofRuns[type] = { exit: r.status, stderr, bytes: r.stdout };
      if (r.status === 0) {
        const file = join(tmp, `${t.name}.${type}.pb`);
        writeFileSync(file, r.stdout);
        profileArgs.push("-profile", `${type}=${file}`);
      }
    }
    const runOracle = () =>
      execFileSync(oracle, ["-name", t.name, ...profileArgs, t.path], { env, maxBuffer: 1 << 30, encoding: "utf8" });
    const first = runOracle();
    if (runOracle() !== first) throw new Error(`${t.name}: two runs of the oracle differ`);
    const golden = JSON.parse(first);
    if (REGION_TRACES.includes(t.name)) {
      const names = new Set(golden.goroutines.flatMap((g) => g.regions.map((r) => r.name)));
      regionNames.set(t, [...names, "no such region"].sort());
    }

    // The previous golden, to keep Go's profile bytes when their samples did not
    // change: cmd/trace writes samples in Go map order, so the bytes differ
    // from run to run even when the profile is the same.
    const jsonPath = join(outDir, `${t.name}.json`);
    const previous = existsSync(jsonPath)
      ? JSON.parse(readFileSync(jsonPath, "utf8"))
      : existsSync(`${jsonPath}.gz`)
        ? JSON.parse(gunzipSync(readFileSync(`${jsonPath}.gz`)).toString("utf8"))
        : null;

    const pprof = {};
    for (const type of PPROF_TYPES) {
      const run = pprofRuns[type];
      const pbName = `${t.name}.${type}.pb.gz`;
      const pbPath = join(outDir, pbName);
      const decoded = golden.pprof[type] ?? null;
      const entry = {
        exit: run.exit,
        error: run.exit === 0 ? null : run.stderr.trim(),
        file: run.exit === 0 ? `analysis/${pbName}` : null,
        sampleTypes: decoded?.sampleTypes ?? null,
        samples: decoded?.samples ?? null,
      };
      if (run.exit === 0) {
        const same =
          previous !== null &&
          existsSync(pbPath) &&
          JSON.stringify(previous.pprof?.[type]?.samples) === JSON.stringify(entry.samples) &&
          JSON.stringify(previous.pprof?.[type]?.sampleTypes) === JSON.stringify(entry.sampleTypes);
        if (!same) {
          // internal/profile writes gzipped protobuf already; gzip anything else.
          const gz = run.bytes[0] === 0x1f && run.bytes[1] === 0x8b;
          writeFileSync(pbPath, gz ? run.bytes : gzipSync(run.bytes, { level: 9 }));
        }
      } else {
        rmSync(pbPath, { force: true });
      }
      pprof[type] = entry;
    }
    const { goVersion: madeBy, trace, ...rest } = golden;
    const text = render({ goVersion: madeBy, trace, tracePath: relative(fixturesDir, t.path), ...rest, pprof });
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length > GZIP_OVER) {
      // gzip -n -9: no name or time in the header, so reruns give the same bytes.
      writeFileSync(`${jsonPath}.gz`, gzipSync(bytes, { level: 9 }));
      rmSync(jsonPath, { force: true });
      total += gzipSync(bytes, { level: 9 }).length;
    } else {
      writeFileSync(jsonPath, bytes);
      rmSync(`${jsonPath}.gz`, { force: true });
      total += bytes.length;
    }
    console.log(
      `${t.name}: ${golden.eventsRead} events${golden.error ? ` (error: ${golden.error})` : ""}, ${golden.goroutines.length} goroutines, ${golden.tasks.length} tasks, ${bytes.length} bytes`,
    );
  }
  console.log(`wrote ${traces.length} goldens (${total} bytes of JSON) to ${relative(root, outDir)} with ${goVersion}`);

  mkdirSync(join(outDir, "regions"), { recursive: true });
  for (const [t, names] of regionNames) {
    const cases = await regionProfiles(traceTool, oracle, t.path, names);
    const text = `{\n  "goVersion": ${JSON.stringify(goVersion.split(" ")[2])},\n  "trace": ${JSON.stringify(t.name)},\n  "cases": [\n${cases.map((c) => `    ${JSON.stringify(c)}`).join(",\n")}\n  ]\n}\n`;
    writeFileSync(join(outDir, "regions", `${t.name}.json`), text);
    console.log(`${t.name}: ${cases.length} region profiles (${names.length} names x ${PPROF_TYPES.length} types)`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Go's region profiles of one trace: `go tool trace -http` serves them (with `raw=1`, the
 * profile.proto itself), so it is started on a free port with BROWSER=true (no browser opens),
 * asked for every name and type, and stopped; the oracle decodes what it sent.
 */
async function regionProfiles(traceTool, oracle, tracePath, names) {
  const server = spawn(traceTool, ["-http=127.0.0.1:0", tracePath], {
    env: { ...env, BROWSER: "true" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  try {
    const base = await new Promise((resolveUrl, reject) => {
      let err = "";
      server.stderr.setEncoding("utf8");
      server.stderr.on("data", (d) => {
        err += d;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m) resolveUrl(m[1]);
      });
      server.on("exit", (code) => reject(new Error(`go tool trace -http exited ${code}: ${err}`)));
    });
    const get = async (path) => {
      // The handlers are registered just after the "listening" line; retry until they answer.
      for (let i = 0; ; i++) {
        const r = await fetch(base + path).catch(() => null);
        if (r?.ok) return new Uint8Array(await r.arrayBuffer());
        if (i === 100) throw new Error(`${base}${path}: ${r ? `${r.status} ${await r.text()}` : "no answer"}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    };
    const cases = [];
    const files = [];
    for (const region of names) {
      for (const type of PPROF_TYPES) {
        const path = `/${REGION_ENDPOINTS[type]}?type=${encodeURIComponent(region)}&raw=1`;
        const file = join(tmp, `region-${files.length}.pb`);
        writeFileSync(file, await get(path));
        files.push(file);
        cases.push({ region, type, path });
      }
    }
    const decoded = JSON.parse(
      execFileSync(oracle, ["-decode", ...files], { env, maxBuffer: 1 << 30, encoding: "utf8" }),
    );
    return cases.map((c, i) => ({ ...c, sampleTypes: decoded[i].sampleTypes, samples: decoded[i].samples }));
  } finally {
    server.kill();
  }
}

/**
 * JSON with a line per key of the top two object levels and per element of an
 * array of objects up to the third level (a goroutine's regions, an MMU flag
 * combination): diffable without the size of full indentation. JSON.parse of
 * it gives the oracle's values exactly (integers are below 2^53; JavaScript
 * prints each float64 so that it reads back as the same double).
 */
function render(value, depth = 0) {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (depth > 2 || value.length === 0 || typeof value[0] !== "object") return JSON.stringify(value);
    return `[\n${value.map((v) => pad + render(v, depth + 1)).join(",\n")}\n${end}]`;
  }
  if (depth >= 2) return JSON.stringify(value);
  const keys = Object.keys(value);
  if (keys.length === 0) return "{}";
  const body = keys.map((k) => `${pad}${JSON.stringify(k)}: ${render(value[k], depth + 1)}`).join(",\n");
  return `{\n${body}\n${end}}` + (depth === 0 ? "\n" : "");
}
