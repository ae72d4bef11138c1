// pnpm bench: gotrace against Go's own readers on the same large traces, in
// the same run. Writes BENCHMARKS.md at the repository root.
//
//   node tools/bench/run.mjs [TRACE] [--runs N] [--section main|workloads|analysis|perfetto|app] [--kinds K1,K2,...]
//
// With no flags (`pnpm bench`) it runs every section, each command 3 times.
//   --runs N       runs of each command (the median is reported); 1 is quick.
//   --section S    only one group of sections: `main` (the codec, reader and
//                  heap sections, on TRACE) or `workloads` (the section
//                  "Workloads: every kind of trace") or `analysis` (the
//                  section "Analysis: goroutine, task and region summaries",
//                  on the same kinds) or `perfetto` (the section "Perfetto
//                  export", on the same kinds) or `app` (the section "Browser app":
//                  tools/app-bench/run.mjs, the browser app in headless
//                  Chromium on big-sched.trace); the others in BENCHMARKS.md
//                  are left as they are. Repeatable.
//   --kinds LIST   the workload kinds to measure, comma-separated, from
//                  sched, nethttp, annotations, gcassist, leak, flightrec (the
//                  default, all six) and allocfree (the main sections' trace).
// Example: node tools/bench/run.mjs --section workloads --kinds nethttp,annotations --runs 1
//
// TRACE defaults to tools/bench/out/big-allocfree.trace, made by
// tools/bench/make-big-trace.sh when missing (needs Go via ../shared/tools/get-go.sh).
// Each kind's trace is tools/bench/out/KIND.trace, made by
// tools/bench/make-trace.sh KIND when missing (delete it to remake it).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const args = process.argv.slice(2);
/** Removes every `--name VALUE` (or `--name=VALUE`) from args and returns the values. */
function takeFlag(name) {
  const values = [];
  for (let i = 0; i < args.length; ) {
    const a = args[i];
    if (a === `--${name}`) {
      if (i + 1 >= args.length) throw new Error(`--${name} needs a value`);
      values.push(args[i + 1]);
      args.splice(i, 2);
    } else if (a.startsWith(`--${name}=`)) {
      values.push(a.slice(name.length + 3));
      args.splice(i, 1);
    } else i++;
  }
  return values;
}
const runsFlag = takeFlag("runs");
const runs = runsFlag.length > 0 ? Number(runsFlag.at(-1)) : 3;
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${runsFlag.at(-1)}`);
const sectionFlags = takeFlag("section").flatMap((v) => v.split(","));
const SECTIONS = ["main", "workloads", "analysis", "perfetto", "app"];
const sections = new Set(sectionFlags.length > 0 ? sectionFlags : SECTIONS);
for (const s of sections) {
  if (!SECTIONS.includes(s)) throw new Error(`--section is one of ${SECTIONS.join(", ")}, not ${s}`);
}
const kindFlags = takeFlag("kinds").flatMap((v) => v.split(",").filter(Boolean));
/** The workload kinds (tools/bench/make-trace.sh KIND), in table order. */
const KINDS = {
  sched: "goroutine pairs passing values over unbuffered channels (`tools/bench/progs/sched`)",
  nethttp:
    "a net/http server and 64 clients in one process over loopback: keep-alive and new connections, handlers that sleep, fan out to goroutines waiting on `time.After`, read bodies and stream responses (`tools/bench/progs/nethttp`)",
  annotations:
    "64 goroutines creating nested tasks, regions and logs with varied categories and messages, some tasks ended on other goroutines; recorded with Go 1.25, whose format ends generations with spill batches (`tools/bench/progs/annotations`)",
  gcassist:
    "300 goroutines allocating fast with GOGC=10, so a GC cycle is nearly always running and they assist it (`tools/bench/progs/gcassist`)",
  leak: "a leaking program whose live heap grows past 4 million objects, `GODEBUG=traceallocfree=1` (`tools/bench/progs/leak`)",
  flightrec:
    "48 workers serving a job queue (a contended mutex, timers, selects with timeouts, pipe writes, short-lived helper goroutines) under runtime/trace's flight recorder, whose window is written at the end: a trace that starts in the middle of the program, every goroutine first seen through its status (`tools/bench/progs/flightrec`)",
  allocfree:
    "the main sections' alloc/free trace: goroutines growing retained sets and churning garbage, `GODEBUG=traceallocfree=1` (`tools/fixtures/progs/bigalloc`)",
};
/** Kinds whose traces carry alloc/free events, so the heap analysis is measured on them too. */
const ALLOC_FREE_KINDS = new Set(["leak", "allocfree"]);
const kinds = kindFlags.length > 0 ? kindFlags : ["sched", "nethttp", "annotations", "gcassist", "leak", "flightrec"];
for (const k of kinds) {
  if (!(k in KINDS)) throw new Error(`unknown kind ${k}; kinds: ${Object.keys(KINDS).join(", ")}`);
}
for (const a of args) {
  if (a.startsWith("--")) throw new Error(`unknown flag ${a}`);
}
const trace = resolve(args[0] ?? join(here, "out", "big-allocfree.trace"));
const getGo = resolve(root, "..", "shared", "tools", "get-go.sh");

function log(msg) {
  process.stderr.write(`bench: ${msg}\n`);
}

/**
 * Variables of this machine's environment that slow every Node process's start-up and that
 * gotrace has no use for. NODE_EXTRA_CA_CERTS (set here to the system's certificate bundle, for
 * the workplace's network) makes Node read and parse the whole bundle before any code runs:
 * about 40 ms a process here. gotrace opens no TLS connection, and a stock machine does not set
 * it, so timed processes run without it; nodeStartup() measures what it costs, and the sections
 * say so.
 */
const STARTUP_ONLY_VARS = ["NODE_EXTRA_CA_CERTS"];

/** The environment for timed processes: this one, without STARTUP_ONLY_VARS, plus `env`. */
function timedEnv(env = {}) {
  const out = { ...process.env, ...env };
  for (const name of STARTUP_ONLY_VARS) delete out[name];
  return out;
}

/** The median wall time of `node -e 0`, as the machine's environment is and as timed processes run: [as is, timed]. */
function nodeStartup() {
  const median = (env) => {
    const times = [];
    for (let i = 0; i < 7; i++) {
      const r = spawnSync("/usr/bin/time", ["-f", "%e", node, "-e", "0"], { env, stdio: ["ignore", "ignore", "pipe"] });
      times.push(Number(r.stderr.toString().trim().split("\n").pop()));
    }
    times.sort((a, b) => a - b);
    return times[3];
  };
  return [median(process.env), median(timedEnv())];
}

/** One sentence on Node's start-up in this run, for the sections that time whole processes. */
function startupSentence([asIs, timed]) {
  const set = STARTUP_ONLY_VARS.filter((v) => process.env[v] !== undefined);
  if (set.length === 0) return `Node's own start-up (\`node -e 0\`) takes ${timed.toFixed(2)} s here.`;
  return `Node's own start-up (\`node -e 0\`) takes ${timed.toFixed(2)} s here as the timed processes run it, without ${set.join(", ")}, which this machine sets (for its network) and which makes every Node process read and parse a certificate bundle before any code runs: ${asIs.toFixed(2)} s with it. gotrace opens no TLS connection and a stock machine does not set it; with this machine's environment as it is, add ${(asIs - timed).toFixed(2)} s to every whole-process time below.`;
}

/**
 * Reads the trace files among a command's arguments, untimed, right before each timed run, so
 * that the run finds them in the page cache, as Go's in-memory passes find theirs in memory.
 * This machine gives page cache back within seconds (a 57 MB trace, read whole, had lost 5 MB of
 * it 30 s later, with 22 GB free), and a run that reads from disk (a whole gotrace process reads
 * the file) waited on it for up to a quarter of a second.
 */
function warmPageCache(cmdArgs) {
  for (const a of cmdArgs) {
    if (a.endsWith(".trace") && existsSync(a)) readFileSync(a);
  }
}

/** Runs a command `runs` times under /usr/bin/time; returns the median wall time and the largest peak RSS. */
function timeCommand(label, cmd, cmdArgs, env = {}) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    warmPageCache(cmdArgs);
    const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...cmdArgs], {
      env: timedEnv(env),
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 1 << 26,
    });
    const last = r.stderr.toString().trim().split("\n").pop() ?? "";
    const [secs, kib] = last.split(" ").map(Number);
    if (r.status !== 0 || !Number.isFinite(secs)) throw new Error(`${label} failed: ${r.stderr}`);
    times.push(secs);
    rss = Math.max(rss, kib);
  }
  times.sort((a, b) => a - b);
  const seconds = times[Math.floor(times.length / 2)];
  log(`${label}: ${seconds.toFixed(2)} s, ${(rss / 1024).toFixed(0)} MiB`);
  return { seconds, rssMiB: rss / 1024 };
}

/** Runs a command that prints one JSON line `runs` times; keeps the median run by seconds. */
function jsonCommand(label, cmd, cmdArgs) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    warmPageCache(cmdArgs);
    const out = execFileSync(cmd, cmdArgs, { maxBuffer: 1 << 26 })
      .toString()
      .trim()
      .split("\n")
      .pop();
    results.push(JSON.parse(out));
  }
  results.sort((a, b) => a.seconds - b.seconds);
  const r = results[Math.floor(results.length / 2)];
  log(
    `${label}: ${(r.bytes / 1e6 / r.seconds).toFixed(0)} MB/s, ${(r.events / r.seconds / 1e6).toFixed(1)} M events/s`,
  );
  return r;
}

const node = process.execPath;
const gotrace = join(root, "packages", "cli", "bin", "gotrace.js");

// Go: its raw reader in memory (internal/trace/raw, built inside the Go tree) and its tool.
let go = null;
try {
  const goBin = execFileSync("bash", [getGo, "--bin", "1.27"]).toString().trim();
  const goroot = resolve(dirname(goBin), "..");
  const version = execFileSync(goBin, ["version"], { env: { ...process.env, GOTOOLCHAIN: "local" } })
    .toString()
    .trim();
  const pkgDir = join(goroot, "src", "cmd", "gotrace-tracebench");
  mkdirSync(pkgDir, { recursive: true });
  cpSync(join(here, "go", "tracebench", "main.go"), join(pkgDir, "main.go"));
  const tracebench = join(here, "out", "tracebench");
  mkdirSync(dirname(tracebench), { recursive: true });
  execFileSync(goBin, ["build", "-o", tracebench, "cmd/gotrace-tracebench"], {
    cwd: join(goroot, "src"),
    env: {
      ...process.env,
      GOTOOLCHAIN: "local",
      GOFLAGS: "-mod=vendor",
      GOCACHE: process.env.GOCACHE ?? "/tmp/gotrace-bench-gocache",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // Go 1.24+ builds `go tool trace` on first use; -n prints the cached binary's path.
  const tool = execFileSync(goBin, ["tool", "-n", "trace"], {
    env: { ...process.env, GOTOOLCHAIN: "local", GOCACHE: process.env.GOCACHE ?? "/tmp/gotrace-bench-gocache" },
  })
    .toString()
    .trim();
  go = { version, tracebench, tool };
} catch (err) {
  log(`Go is not available, so Go's numbers are left out: ${err.message}`);
}

/** The first three sections, on one alloc/free trace and one scheduling trace; returns [marker, text] pairs for BENCHMARKS.md. */
function benchMain() {
  if (!existsSync(trace)) {
    log(`${relative(root, trace)} is missing; making it with tools/bench/make-big-trace.sh`);
    execFileSync("bash", [join(here, "make-big-trace.sh"), trace], { stdio: "inherit" });
  }
  const size = statSync(trace).size;
  const mb = size / 1e6;
  const results = {};
  results.codec = jsonCommand("codec raw decode (in process, streamed)", node, [join(here, "decode-codec.mjs"), trace]);
  results.footprint = timeCommand("gotrace footprint (whole process)", node, [gotrace, "footprint", trace]);
  // The same command on a trace of a quarter the size from the same program, to show that peak
  // memory does not follow the file size.
  const quarter = join(here, "out", "quarter-allocfree.trace");
  if (!existsSync(quarter)) {
    execFileSync("bash", [join(here, "make-big-trace.sh"), quarter], {
      stdio: "inherit",
      env: { ...process.env, GOTRACE_BIG_ROUNDS: "28", GOTRACE_BIG_NOCHECK: "1" },
    });
  }
  results.footprintQuarter = timeCommand("gotrace footprint on a quarter-size trace", node, [
    gotrace,
    "footprint",
    quarter,
  ]);
  results.reader = jsonCommand("reader ordered read (in process, streamed)", node, [
    join(here, "decode-reader.mjs"),
    trace,
  ]);
  results.validate = timeCommand("gotrace validate (whole process)", node, [gotrace, "validate", trace]);
  if (go) {
    results.goReader = jsonCommand("Go internal/trace (in memory)", go.tracebench, ["-mode=reader", trace]);
    results.goRaw = jsonCommand("Go internal/trace/raw (in memory)", go.tracebench, ["-mode=raw", trace]);
    results.goFootprint = timeCommand("go tool trace -d=footprint (whole process)", go.tool, ["-d=footprint", trace]);
  }

  const events = results.codec.events;
  const fmtRate = (bytes, secs) => `${(bytes / 1e6 / secs).toFixed(0)} MB/s`;
  const fmtEv = (n, secs) => `${(n / secs / 1e6).toFixed(1)} M events/s`;
  /** A table row for a run that reported its own bytes, events and peak memory (jsonCommand); `extra` cells follow. */
  const inProcessRow = (what, r, ...extra) => [
    what,
    r.seconds,
    fmtRate(r.bytes, r.seconds),
    fmtEv(r.events, r.seconds),
    r.maxRSSKiB / 1024,
    ...extra,
  ];
  /** A table row for a whole process timed from outside (timeCommand) over `bytes` holding `n` events (null: unknown). */
  const processRow = (what, r, bytes, n, ...extra) => [
    what,
    r.seconds,
    fmtRate(bytes, r.seconds),
    n === null ? "" : fmtEv(n, r.seconds),
    r.rssMiB,
    ...extra,
  ];
  const rows = [
    inProcessRow("`@gotrace/codec` RawDecoder, streamed in 1 MiB chunks (in process)", results.codec),
    processRow("`gotrace footprint FILE` (whole process, Node start-up included)", results.footprint, size, events),
  ];
  if (go) {
    rows.push(inProcessRow("Go 1.27 `internal/trace/raw` reader, file in memory (read not timed)", results.goRaw));
    rows.push(processRow("`go tool trace -d=footprint FILE` (whole process)", results.goFootprint, size, events));
  }
  const speedup = go ? results.goRaw.seconds / results.footprint.seconds : null;

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const date = new Date().toISOString().slice(0, 10);
  const section = `## Codec: raw decoding (issue: spec-driven codec)

  Measured ${date} on ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux; Node ${process.version}${go ? `; ${go.version}` : ""}. ${startupSentence(nodeStartup())}
  Trace: \`${relative(root, trace)}\`, ${mb.toFixed(1)} MB, ${events.toLocaleString("en-US")} raw events (Go 1.27, \`GODEBUG=traceallocfree=1\`, made by \`tools/bench/make-big-trace.sh\`; not committed).
  Median of ${runs} runs each, all in the same run of \`pnpm bench\`; peak memory is the largest maximum RSS.

  | what | seconds | throughput | events | peak RSS (MiB) |
  | --- | ---: | ---: | ---: | ---: |
  ${rows.map((r) => `| ${r[0]} | ${r[1].toFixed(2)} | ${r[2]} | ${r[3]} | ${r[4].toFixed(0)} |`).join("\n")}

  ${speedup === null ? "Go was not available in this run." : `The whole \`gotrace footprint\` process takes ${speedup >= 1 ? `${speedup.toFixed(2)}× less time than` : `${(1 / speedup).toFixed(2)}× the time of`} Go's raw reader's in-memory pass over the same file (target: at least 2× faster). Peak memory of \`gotrace footprint\` does not follow the file size: ${results.footprintQuarter.rssMiB.toFixed(0)} MiB on a ${(statSync(quarter).size / 1e6).toFixed(0)} MB trace of the same program against ${results.footprint.rssMiB.toFixed(0)} MiB on all ${mb.toFixed(0)} MB; Node itself takes about 40 MiB; files of 16 MiB and more are tallied on two threads, read with fs.read into a few reused 1 MiB buffers that go back and forth with the worker thread (which takes 15 to 20 MiB of its own), so nothing is left for the garbage collector and the peak stays near 75 MiB whatever the file size (smaller files and standard input are streamed on one thread, where read buffers wait for the garbage collector).`}
  `;

  const readerRows = [
    inProcessRow("`@gotrace/reader` TraceReader, streamed in 1 MiB chunks (in process)", results.reader),
    processRow(
      "`gotrace validate FILE` (whole process, Node start-up included)",
      results.validate,
      size,
      results.reader.events,
    ),
  ];
  if (go) {
    readerRows.push(inProcessRow("Go 1.27 `internal/trace` reader, file in memory (read not timed)", results.goReader));
  }
  const readerSpeedup = go ? results.goReader.seconds / results.validate.seconds : null;

  // The same on a trace without alloc/free events, where nearly every event changes scheduler state.
  const sched = join(here, "out", "big-sched.trace");
  if (!existsSync(sched)) {
    execFileSync("bash", [join(here, "make-big-trace.sh"), sched], {
      stdio: "inherit",
      env: { ...process.env, GOTRACE_BIG_PROGRAM: "bigsched", GOTRACE_BIG_NOCHECK: "1" },
    });
  }
  const schedSize = statSync(sched).size;
  results.validateSched = timeCommand("gotrace validate, scheduling trace (whole process)", node, [
    gotrace,
    "validate",
    sched,
  ]);
  if (go)
    results.goReaderSched = jsonCommand("Go internal/trace, scheduling trace (in memory)", go.tracebench, [
      "-mode=reader",
      sched,
    ]);
  readerRows.push(
    processRow(
      `\`gotrace validate FILE\` on \`${relative(root, sched)}\` (${(schedSize / 1e6).toFixed(0)} MB, no alloc/free events)`,
      results.validateSched,
      schedSize,
      go ? results.goReaderSched.events : null,
    ),
  );
  if (go)
    readerRows.push(inProcessRow("Go 1.27 `internal/trace` reader on the same, in memory", results.goReaderSched));
  const schedSpeedup = go ? results.goReaderSched.seconds / results.validateSched.seconds : null;
  const readerSection = `## Reader: ordered, validated events (issue: @gotrace/reader)

  Measured ${date} on the same machine, trace and run as above (${results.reader.events.toLocaleString("en-US")} ordered events).

  | what | seconds | throughput | events | peak RSS (MiB) |
  | --- | ---: | ---: | ---: | ---: |
  ${readerRows.map((r) => `| ${r[0]} | ${r[1].toFixed(2)} | ${r[2]} | ${r[3]} | ${r[4].toFixed(0)} |`).join("\n")}

  ${readerSpeedup === null ? "Go was not available in this run." : `The whole \`gotrace validate\` process takes ${readerSpeedup >= 1 ? `${readerSpeedup.toFixed(2)}× less time than` : `${(1 / readerSpeedup).toFixed(2)}× the time of`} Go's reader's in-memory pass (target: at least 1.5× faster), with ${results.validate.rssMiB.toFixed(0)} MiB peak memory against Go's ${(results.goReader.maxRSSKiB / 1024).toFixed(0)} MiB (target: no higher than Go's). On the scheduling trace without alloc/free events it takes ${schedSpeedup >= 1 ? `${schedSpeedup.toFixed(2)}× less time than` : `${(1 / schedSpeedup).toFixed(2)}× the time of`} Go's reader, with ${results.validateSched.rssMiB.toFixed(0)} MiB against ${(results.goReaderSched.maxRSSKiB / 1024).toFixed(0)} MiB.`}
  `;

  // Heap analysis (issue: @gotrace/heap): the same trace, read and analysed, against the reader alone.
  results.heap = jsonCommand("heap analysis, records applied on a worker (in process, streamed)", node, [
    join(here, "analyze-heap.mjs"),
    trace,
  ]);
  results.heapThread = jsonCommand("heap analysis, all on one thread (in process, streamed)", node, [
    join(here, "analyze-heap.mjs"),
    trace,
    "--thread",
  ]);
  results.heapQuarter = jsonCommand("heap analysis of the quarter-size trace", node, [
    join(here, "analyze-heap.mjs"),
    quarter,
  ]);
  results.readerQuarter = jsonCommand("reader alone on the quarter-size trace", node, [
    join(here, "decode-reader.mjs"),
    quarter,
  ]);
  results.heapCli = timeCommand("gotrace heap --json (whole process)", node, [gotrace, "heap", "--json", trace]);
  const heapRows = [
    inProcessRow("`@gotrace/reader` TraceReader alone (the row above)", results.reader, ""),
    inProcessRow(
      "`@gotrace/heap` analysis: read and digested here, applied on a worker (as `gotrace heap`)",
      results.heap,
      results.heap.cpuSeconds.toFixed(2),
    ),
    inProcessRow(
      "`@gotrace/heap` analysis, all on one thread (`analyzeHeap`)",
      results.heapThread,
      results.heapThread.cpuSeconds.toFixed(2),
    ),
    inProcessRow(
      `\`@gotrace/heap\` analysis (worker) of \`${relative(root, quarter)}\``,
      results.heapQuarter,
      results.heapQuarter.cpuSeconds.toFixed(2),
    ),
    processRow(
      "`gotrace heap --json FILE` (whole process, Node start-up included)",
      results.heapCli,
      size,
      results.heap.events,
      "",
    ),
  ];
  const heapShare = results.reader.seconds / results.heap.seconds;
  const heapSection = `## Heap analysis (issue: @gotrace/heap)

  Measured ${date} on the same machine, trace and run as above. The analysis follows ${results.heap.events.toLocaleString("en-US")} events, of which nearly all are alloc/free events; ${results.heap.liveObjects.toLocaleString("en-US")} objects (${(results.heap.liveBytes / 2 ** 20).toFixed(1)} MiB) are live at the end, ${(results.heap.peakBytes / 2 ** 20).toFixed(1)} MiB at the peak.

  | what | seconds | throughput | events | peak RSS (MiB) | CPU seconds |
  | --- | ---: | ---: | ---: | ---: | ---: |
  ${heapRows.map((r) => `| ${r[0]} | ${r[1].toFixed(2)} | ${r[2]} | ${r[3]} | ${r[4].toFixed(0)} | ${r[5]} |`).join("\n")}

  The analysis runs at ${(heapShare * 100).toFixed(0)}% of the reader's throughput (target: at least 80%): the reading thread reads and digests events into compact records while a worker thread applies them, so on this 2-core machine the two halves overlap; on one thread it runs at ${((results.reader.seconds / results.heapThread.seconds) * 100).toFixed(0)}%. On this shared virtual machine repeated runs of the same pair vary by several points either way, so treat the share as ±5%. Peak memory follows the live heap, not the number of events: what the analysis adds to the reader's own peak (the one generation it holds) is ${((results.heapQuarter.maxRSSKiB - results.readerQuarter.maxRSSKiB) / 1024).toFixed(0)} MiB on the quarter-size trace (${results.heapQuarter.events.toLocaleString("en-US")} events, ${(results.heapQuarter.liveBytes / 2 ** 20).toFixed(1)} MiB live at the end; reader alone ${(results.readerQuarter.maxRSSKiB / 1024).toFixed(0)} MiB) and ${((results.heap.maxRSSKiB - results.reader.maxRSSKiB) / 1024).toFixed(0)} MiB on the whole trace (${(results.heap.events / results.heapQuarter.events).toFixed(1)}× the events, ${(results.heap.liveBytes / 2 ** 20).toFixed(1)} MiB live at the end); most of it is the worker thread's own JavaScript engine.`;

  return [
    ["## Codec: raw decoding", section],
    ["## Reader: ordered, validated events", readerSection],
    ["## Heap analysis", heapSection],
  ];
}

/** The trace of a workload kind, made when missing; what wrote it; or why it is missing. */
function workloadTrace(kind) {
  const file = join(here, "out", `${kind}.trace`);
  if (!existsSync(file)) {
    log(`${relative(root, file)} is missing; making it with tools/bench/make-trace.sh ${kind}`);
    const made = spawnSync("bash", [join(here, "make-trace.sh"), kind, file], { stdio: "inherit" });
    if (made.status !== 0 || !existsSync(file))
      return { missing: `make-trace.sh ${kind} failed (exit ${made.status})` };
  }
  // Who wrote the trace: make-trace.sh's note beside it, and the format in the file's header.
  const metaFile = `${file}.meta`;
  const meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, "utf8")) : {};
  const header = readFileSync(file).subarray(0, 16).toString("latin1");
  const format = /^go (1\.\d+) trace/.exec(header)?.[1] ?? "?";
  // Without the note (a trace made some other way, e.g. make-leak-trace.sh), the release
  // make-trace.sh uses for the kind: Go 1.25 for annotations, Go 1.27 for the rest.
  const writer =
    typeof meta.go === "string" ? meta.go.replace(/^go(\d+\.\d+).*/, "$1") : kind === "annotations" ? "1.25" : "1.27";
  const bytes = statSync(file).size;
  log(
    `${kind}: ${relative(root, file)}, ${(bytes / 1e6).toFixed(1)} MB, written by ${meta.go ?? "?"} (format go ${format})`,
  );
  return { file, bytes, writer, format };
}

/**
 * The section "Workloads: every kind of trace": for each kind, gotrace's validate and footprint
 * against Go's reader and raw passes, and for alloc/free kinds the heap analysis against the
 * reader; returns its [marker, text] pair for BENCHMARKS.md.
 */
function benchWorkloads(kinds) {
  const marker = "## Workloads: every kind of trace";
  const date = new Date().toISOString().slice(0, 10);
  if (!go)
    return [marker, `${marker}\n\nGo was not available in the run of ${date}, so this section was not measured.\n`];
  // The machine is shared: the load says how much the numbers below may be off.
  const loadBefore = loadavg()[0];
  const startup = nodeStartup();
  const rows = [];
  for (const kind of kinds) {
    const t = workloadTrace(kind);
    if (t.missing) {
      rows.push({ kind, missing: t.missing });
      continue;
    }
    const { file, bytes, writer, format } = t;
    const r = { kind, bytes, writer, format };
    try {
      r.validate = timeCommand(`${kind}: gotrace validate (whole process)`, node, [gotrace, "validate", file]);
      r.summaries = jsonCommand(`${kind}: analyzeTrace without the MMU (in process, streamed)`, node, [
        join(here, "analyze-trace.mjs"),
        t.file,
        "--no-mmu",
      ]);
      r.goReader = jsonCommand(`${kind}: Go internal/trace (in memory)`, go.tracebench, ["-mode=reader", file]);
      r.footprint = timeCommand(`${kind}: gotrace footprint (whole process)`, node, [gotrace, "footprint", file]);
      r.goRaw = jsonCommand(`${kind}: Go internal/trace/raw (in memory)`, go.tracebench, ["-mode=raw", file]);
      r.validateRatio = r.goReader.seconds / r.validate.seconds;
      r.footprintRatio = r.goRaw.seconds / r.footprint.seconds;
      // The same ratios with this machine's start-up-only variables left set (see startupSentence).
      r.validateRatioAsIs = r.goReader.seconds / (r.validate.seconds + startup[0] - startup[1]);
      r.footprintRatioAsIs = r.goRaw.seconds / (r.footprint.seconds + startup[0] - startup[1]);
      // The same passes over the file in memory, as Go's are timed: without Node's start-up and the streamed read.
      r.skipMem = jsonCommand(`${kind}: reader skip() (in memory)`, node, [join(here, "in-memory.mjs"), "skip", file]);
      r.tallyMem = jsonCommand(`${kind}: footprint tally (in memory)`, node, [
        join(here, "in-memory.mjs"),
        "tally",
        file,
      ]);
      if (ALLOC_FREE_KINDS.has(kind)) {
        r.heap = jsonCommand(`${kind}: heap analysis (in process, streamed)`, node, [
          join(here, "analyze-heap.mjs"),
          file,
        ]);
        r.reader = jsonCommand(`${kind}: reader alone (in process, streamed)`, node, [
          join(here, "decode-reader.mjs"),
          file,
        ]);
        r.heapShare = r.reader.seconds / r.heap.seconds;
        // What the analysis holds beyond the reader's own peak, per object still live at the end.
        r.bytesPerLive =
          r.heap.liveObjects > 0 ? ((r.heap.maxRSSKiB - r.reader.maxRSSKiB) * 1024) / r.heap.liveObjects : null;
      }
    } catch (err) {
      // A command that fails (say gotrace rejects a trace Go accepts) is a result too; keep going.
      log(`${kind}: ${err.message}`);
      rows.push({ kind, missing: `a command failed: ${String(err.message).split("\n")[0].slice(0, 200)}` });
      continue;
    }
    rows.push(r);
  }
  const measured = rows.filter((r) => !r.missing);
  const x = (v) => `${v.toFixed(2)}×`;
  const table = rows.map((r) => {
    if (r.missing) return `| ${r.kind} | not measured: ${r.missing} |||||||||||||||`;
    const heap = r.heap
      ? `${(r.heapShare * 100).toFixed(0)}% | ${r.bytesPerLive === null ? "no live objects" : r.bytesPerLive.toFixed(0)} (${r.heap.liveObjects.toLocaleString("en-US")} live)`
      : "– | –";
    return `| ${r.kind} | ${(r.bytes / 1e6).toFixed(1)} | ${r.writer} (go ${r.format}) | ${r.goReader.events.toLocaleString("en-US")} | ${r.validate.seconds.toFixed(2)} | ${r.goReader.seconds.toFixed(2)} | ${x(r.validateRatio)} | ${x(r.goReader.seconds / r.skipMem.seconds)} | ${r.footprint.seconds.toFixed(2)} | ${r.goRaw.seconds.toFixed(2)} | ${x(r.footprintRatio)} | ${x(r.goRaw.seconds / r.tallyMem.seconds)} | ${r.validate.rssMiB.toFixed(0)} | ${r.footprint.rssMiB.toFixed(0)} | ${heap} |`;
  });
  /** The measured row with the worst value of `key` (lowest, or highest when `higherIsWorse`). */
  const worst = (key, higherIsWorse = false) => {
    const have = measured.filter((r) => typeof r[key] === "number");
    if (have.length === 0) return null;
    return have.reduce((a, b) => ((higherIsWorse ? b[key] > a[key] : b[key] < a[key]) ? b : a));
  };
  const verdict = (what, key, target, fmt, higherIsWorse = false) => {
    const w = worst(key, higherIsWorse);
    if (w === null) return `- ${what}: no kind measured.`;
    const met = higherIsWorse ? w[key] < target : w[key] >= target;
    return `- ${what} (target ${higherIsWorse ? "<" : "≥"} ${fmt(target)}): worst is **${w.kind}** at ${fmt(w[key])}, ${met ? "met" : "**not met**"}.`;
  };
  const pct = (v) => `${(v * 100).toFixed(0)}%`;
  const asIs = STARTUP_ONLY_VARS.some((v) => process.env[v] !== undefined);
  const verdicts = [
    verdict("`gotrace validate` against Go's reader", "validateRatio", 2.0, x),
    ...(asIs
      ? [
          verdict(
            "`gotrace validate`, with this machine's environment as it is (its start-up cost added)",
            "validateRatioAsIs",
            2.0,
            x,
          ),
        ]
      : []),
    verdict("`gotrace footprint` against Go's raw pass", "footprintRatio", 3.0, x),
    ...(asIs
      ? [
          verdict(
            "`gotrace footprint`, with this machine's environment as it is (its start-up cost added)",
            "footprintRatioAsIs",
            3.0,
            x,
          ),
        ]
      : []),
    verdict("heap analysis throughput as a share of the reader's", "heapShare", 0.8, pct),
    verdict(
      "heap analysis memory beyond the reader's, per live object",
      "bytesPerLive",
      64,
      (v) => `${v.toFixed(0)} B`,
      true,
    ),
  ];
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const text = `${marker}

Measured ${date} on ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux (load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, from other work); Node ${process.version}; ${go.version}; median of ${runs} run${runs === 1 ? "" : "s"} each, peak memory the largest maximum RSS. Each trace is made by a Go program under \`tools/bench\` (\`tools/bench/make-trace.sh KIND\`, which checks it with Go 1.27's \`go tool trace -d=parsed\`; not committed). Each trace is read, untimed, right before each timed run of a command, so that the run finds it in the page cache (Go's passes are timed over the file in memory; this machine gives page cache back within seconds). Run only this section with \`node tools/bench/run.mjs --section workloads [--kinds ${kinds.join(",")}] [--runs 1]\`.

${kinds.map((k) => `- **${k}**: ${KINDS[k]}.`).join("\n")}

Columns: *Go* is the release that wrote the trace and its format; *events* are Go's reader's ordered events. *validate* is the whole \`gotrace validate FILE\` process (Node start-up included) against Go 1.27's \`internal/trace\` reader over the file in memory (read not timed); *footprint* is the whole \`gotrace footprint FILE\` process against Go's \`internal/trace/raw\` pass over the file in memory; a ratio is Go's seconds over gotrace's (above 1 is faster than Go). The targets are for the whole processes; each *in memory* column is the same pass in one Node process over the file already in memory, timed as Go's are (\`in-memory.mjs skip|tally\`: \`TraceReader.skip()\`, which \`validate\` runs, and the tally \`footprint\` runs), so the difference between the two is the process's start-up and the streamed read. ${startupSentence(startup)} For alloc/free kinds, *heap/reader* is \`analyze-heap.mjs\`'s throughput as a share of \`decode-reader.mjs\`'s on the same file, and *B/live* is the heap analysis's peak RSS minus the reader's, divided by the objects live at the end.

| kind | trace MB | Go | events | validate s | Go reader s | ratio (≥ 2.0×) | in memory | footprint s | Go raw s | ratio (≥ 3.0×) | in memory | validate peak RSS MiB | footprint peak RSS MiB | heap/reader (≥ 80%) | B/live (< 64) |
| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${table.join("\n")}

${verdicts.join("\n")}
`;
  return [marker, text];
}

/**
 * The section "Analysis: goroutine, task and region summaries": for each kind, @gotrace/analysis's
 * whole analysis against the reader alone (both streamed, in one Node process each), and Go's
 * summarizer against Go's reader (both over the file in memory); returns its [marker, text] pair.
 */
function benchAnalysis(kinds) {
  const marker = "## Analysis: goroutine, task and region summaries";
  const date = new Date().toISOString().slice(0, 10);
  if (!go)
    return [marker, `${marker}\n\nGo was not available in the run of ${date}, so this section was not measured.\n`];
  const loadBefore = loadavg()[0];
  const rows = [];
  for (const kind of kinds) {
    const t = workloadTrace(kind);
    if (t.missing) {
      rows.push({ kind, missing: t.missing });
      continue;
    }
    const r = { kind, bytes: t.bytes };
    try {
      r.reader = jsonCommand(`${kind}: reader alone (in process, streamed)`, node, [
        join(here, "decode-reader.mjs"),
        t.file,
      ]);
      r.analysis = jsonCommand(`${kind}: analyzeTrace (in process, streamed)`, node, [
        join(here, "analyze-trace.mjs"),
        t.file,
      ]);
      r.summaries = jsonCommand(`${kind}: analyzeTrace without the MMU (in process, streamed)`, node, [
        join(here, "analyze-trace.mjs"),
        t.file,
        "--no-mmu",
      ]);
      r.goReader = jsonCommand(`${kind}: Go internal/trace (in memory)`, go.tracebench, ["-mode=reader", t.file]);
      r.goSummary = jsonCommand(`${kind}: Go summarizer (in memory)`, go.tracebench, ["-mode=summary", t.file]);
      r.share = r.reader.seconds / r.analysis.seconds;
      r.goShare = r.goReader.seconds / r.goSummary.seconds;
      // Like for like: Go's summarizer computes no MMU.
      r.againstGo = r.goSummary.seconds / r.summaries.seconds;
    } catch (err) {
      log(`${kind}: ${err.message}`);
      rows.push({ kind, missing: `a command failed: ${String(err.message).split("\n")[0].slice(0, 200)}` });
      continue;
    }
    rows.push(r);
  }
  const x = (v) => `${v.toFixed(2)}×`;
  const pct = (v) => `${(v * 100).toFixed(0)}%`;
  const mib = (kib) => (kib / 1024).toFixed(0);
  const n = (v) => v.toLocaleString("en-US");
  const table = rows.map((r) => {
    if (r.missing) return `| ${r.kind} | not measured: ${r.missing} ||||||||||||||`;
    const a = r.analysis;
    return `| ${r.kind} | ${(r.bytes / 1e6).toFixed(1)} | ${n(a.events)} | ${n(a.goroutines)} | ${n(a.tasks)} | ${n(a.regions)} | ${r.reader.seconds.toFixed(2)} | ${a.seconds.toFixed(2)} | ${pct(r.share)} | ${r.summaries.seconds.toFixed(2)} | ${r.goReader.seconds.toFixed(2)} | ${r.goSummary.seconds.toFixed(2)} | ${pct(r.goShare)} | ${x(r.againstGo)} | ${mib(r.reader.maxRSSKiB)} | ${mib(a.maxRSSKiB)} | ${mib(r.goSummary.maxRSSKiB)} |`;
  });
  const measured = rows.filter((r) => !r.missing);
  const worstShare = measured.length === 0 ? null : measured.reduce((a, b) => (b.share < a.share ? b : a));
  const worstGo = measured.length === 0 ? null : measured.reduce((a, b) => (b.againstGo < a.againstGo ? b : a));
  const verdicts =
    worstShare === null
      ? ["- No kind measured."]
      : [
          `- All summaries together as a share of the reader's throughput (target ≥ 80%): worst is **${worstShare.kind}** at ${pct(worstShare.share)}, ${worstShare.share >= 0.8 ? "met" : "**not met**"}.`,
          `- Against Go's summarizer on the same trace (our summaries without the MMU, as Go's): worst is **${worstGo.kind}** at ${x(worstGo.againstGo)} (above 1 is faster than Go); Go's summarizer itself runs at ${measured.map((r) => `${pct(r.goShare)} (${r.kind})`).join(", ")} of Go's reader's throughput.`,
        ];
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const text = `${marker}

Measured ${date} on ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux (load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, from other work); Node ${process.version}; ${go.version}; median of ${runs} run${runs === 1 ? "" : "s"} each. The traces are the workloads' above (\`tools/bench/make-trace.sh KIND\`). Run only this section with \`node tools/bench/run.mjs --section analysis [--kinds ${kinds.join(",")}] [--runs 1]\`.

Columns: *reader s* is \`decode-reader.mjs\` (the reader alone, \`next()\` on every event, the file streamed in 1 MiB chunks); *analysis s* is \`analyze-trace.mjs\`, \`analyzeTrace()\` of \`@gotrace/analysis\` over the same stream, the trace read on a worker thread (\`readingWorker\`, as the CLI's analysis commands read it) while the main thread analyses its events (goroutine summaries, tasks, regions, their groups and per-type statistics, and the MMU for the /mmu page's default flags, in one pass); *share* is the analysis's throughput as a share of the reader's. *no MMU s* is the same run without the MMU (\`analyze-trace.mjs --no-mmu\`): the summaries alone, what Go's summarizer computes. *Go reader s* and *Go summary s* are Go 1.27's \`internal/trace\` reader alone and with \`trace.NewSummarizer()\` fed every event (cmd/trace's summaries, no MMU), over the file in memory (\`tracebench -mode=reader|summary\`); *vs Go* is Go's summary seconds over our *no MMU* seconds, like for like. Peak memory is each process's maximum RSS; the summaries are kept whole, as Go keeps them, so memory grows with goroutines, tasks, regions and logs, not with events.

| kind | trace MB | events | goroutines | tasks | regions | reader s | analysis s | share (≥ 80%) | no MMU s | Go reader s | Go summary s | Go's share | vs Go | reader MiB | analysis MiB | Go summary MiB |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${table.join("\n")}

${verdicts.join("\n")}
`;
  return [marker, text];
}

/**
 * The section "Browser app": tools/app-bench/run.mjs (the built app in headless Chromium on
 * big-sched.trace, made as the reader section makes it) prints it; returns its [marker, text] pair.
 */
/**
 * The section "Perfetto export": for each kind, `gotrace perfetto` (deflated, the default, and
 * `--compression none`) and `--format chrome-json`, whole processes writing to a file: seconds,
 * peak memory and the output's size; Go's reader over the same file in memory for scale (Go has no
 * Perfetto exporter). Returns its [marker, text] pair for BENCHMARKS.md.
 */
function benchPerfetto(kinds) {
  const marker = "## Perfetto export";
  const date = new Date().toISOString().slice(0, 10);
  const loadBefore = loadavg()[0];
  const outFile = join(tmpdir(), `gotrace-bench-${process.pid}.out`);
  const rows = [];
  for (const kind of kinds) {
    const t = workloadTrace(kind);
    if (t.missing) {
      rows.push(`| ${kind} | ${t.missing} |`);
      continue;
    }
    const run = (label, extra) => {
      const r = timeCommand(`${kind}: gotrace perfetto ${label}`, node, [
        gotrace,
        "perfetto",
        ...extra,
        "--force",
        "-o",
        outFile,
        t.file,
      ]);
      return { ...r, bytes: statSync(outFile).size };
    };
    const deflated = run("(deflated)", []);
    const plain = run("--compression none", ["--compression", "none"]);
    const json = run("--format chrome-json", ["--format", "chrome-json"]);
    rmSync(outFile, { force: true });
    const goReader = go
      ? jsonCommand(`${kind}: Go internal/trace (in memory)`, go.tracebench, ["-mode=reader", t.file])
      : null;
    const mb = (n) => (n / 1e6).toFixed(1);
    const x = (n) => `${(n / t.bytes).toFixed(2)}×`;
    rows.push(
      `| ${kind} | ${mb(t.bytes)} | ${deflated.seconds.toFixed(1)} | ${deflated.rssMiB.toFixed(0)} | ${mb(deflated.bytes)} (${x(deflated.bytes)}) | ${plain.seconds.toFixed(1)} | ${plain.rssMiB.toFixed(0)} | ${mb(plain.bytes)} (${x(plain.bytes)}) | ${json.seconds.toFixed(1)} | ${json.rssMiB.toFixed(0)} | ${mb(json.bytes)} (${x(json.bytes)}) | ${goReader ? goReader.seconds.toFixed(2) : "–"} |`,
    );
  }
  const text = `${marker}

Measured ${date} on ${cpus().length} × ${cpus()[0]?.model.trim() ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux (load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after, from other work); Node ${process.version}; ${go ? go.version : "Go not available"}; median of ${runs} run${runs === 1 ? "" : "s"} each, peak memory the largest maximum RSS. ${startupSentence(nodeStartup())} The traces are the workloads' above. Run only this section with \`node tools/bench/run.mjs --section perfetto [--kinds ${kinds.join(",")}] [--runs 1]\`.

Whole \`gotrace perfetto FILE -o OUT\` processes: the default output (packets deflated into \`compressed_packets\` bundles), \`--compression none\` (the packets as they are) and \`--format chrome-json\` (the JSON Go's \`go tool trace\` serves at /jsontrace); sizes in MB and as a multiple of the Go trace's. For alloc/free traces (leak) the heap model's counters are included, which reads the trace a second time and holds the model's live objects. *Go reader s* is Go 1.27's \`internal/trace\` reader alone over the same file in memory, for scale: Go has no Perfetto exporter, and its /jsontrace is served by \`go tool trace\` in pieces.

| kind | trace MB | perfetto s | peak MiB | out MB | none: s | peak MiB | out MB | chrome-json s | peak MiB | out MB | Go reader s |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join("\n")}
`;
  return [marker, text];
}

function benchApp() {
  const sched = join(here, "out", "big-sched.trace");
  if (!existsSync(sched)) {
    execFileSync("bash", [join(here, "make-big-trace.sh"), sched], {
      stdio: "inherit",
      env: { ...process.env, GOTRACE_BIG_PROGRAM: "bigsched", GOTRACE_BIG_NOCHECK: "1" },
    });
  }
  const text = execFileSync(process.execPath, [join(root, "tools", "app-bench", "run.mjs"), sched, "--no-write"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return ["## Browser app", text.trimEnd()];
}

const out = join(root, "BENCHMARKS.md");
let doc = existsSync(out)
  ? readFileSync(out, "utf8")
  : "# Benchmarks\n\nNumbers from `pnpm bench` (`tools/bench/run.mjs`). Every claim about speed in this repository comes from here.\n";
/** Puts `text` in place of the section that starts with `marker` (up to the next `## `), or at the end. */
function replaceSection(doc, marker, text) {
  const at = doc.indexOf(marker);
  if (at < 0) return `${doc.trimEnd()}\n\n${text}\n`;
  const next = doc.indexOf("\n## ", at + marker.length);
  return `${doc.slice(0, at)}${text}\n${next >= 0 ? `\n${doc.slice(next + 1)}` : ""}`;
}
const updates = [];
if (sections.has("main")) updates.push(...benchMain());
if (sections.has("workloads")) updates.push(benchWorkloads(kinds));
if (sections.has("analysis")) updates.push(benchAnalysis(kinds));
if (sections.has("perfetto")) updates.push(benchPerfetto(kinds));
if (sections.has("app")) updates.push(benchApp());
for (const [marker, text] of updates) doc = replaceSection(doc, marker, text);
writeFileSync(out, doc);
log(`wrote ${relative(root, out)}`);
