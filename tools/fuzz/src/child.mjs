// The long-lived runner: a child process that runs many gotrace commands in
// process, each through the built CLI's main(argv), with process.stdout and
// process.stderr captured, and reports each outcome to the parent over IPC.
// One Node start-up for thousands of runs instead of one per run.
//
// Message in:  { id, argv, stdoutFile?, env? }  (stdoutFile: also write stdout there; env: variables for this run)
// Message out: { id, status, stdoutBytes, stdoutHash, stderr, ms, maxRssKiB, exited?, uncaught? }
//
// The CLI runs once per process in real life, so the runner keeps runs apart:
// listeners main() adds to the process and its streams are removed after the
// run, and a process.exit() during a run (gotrace's own last-resort handler)
// ends the run with that status, as it would end the real process; the
// runner then exits too (`exited`). An exception nobody handles is reported
// as `uncaught`, and the runner exits: its state is no longer trusted.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// GOTRACE_FUZZ_CLI: the packages/cli folder of another checkout, to fuzz that build instead.
const cliDir = process.env.GOTRACE_FUZZ_CLI;
const { main } = await import(cliDir ? pathToFileURL(join(cliDir, "dist", "index.js")).href : "@gotrace/cli");

/** Stderr kept per run; more than this is itself a failure (a failure is one line). */
const STDERR_KEEP = 64 * 1024;

let current = null;

function capture(stream, sink) {
  stream.write = (chunk, encoding, callback) => {
    if (current !== null)
      sink(
        current,
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8")
          : Buffer.from(chunk),
      );
    const cb = typeof encoding === "function" ? encoding : callback;
    if (typeof cb === "function") queueMicrotask(() => cb());
    return true;
  };
}

capture(process.stdout, (run, buf) => {
  run.hash.update(buf);
  run.stdoutBytes += buf.length;
  if (run.stdoutFile !== undefined) run.stdoutParts.push(buf);
});
capture(process.stderr, (run, buf) => {
  if (run.stderr.length < STDERR_KEEP) run.stderr += buf.toString("utf8");
});

const realExit = process.exit.bind(process);

function uncaught(err) {
  // gotrace's own handlers (added by main()) come after this one: theirs decide.
  if (process.listenerCount("uncaughtException") > 1) return;
  const run = current;
  current = null;
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.send({ id: run?.id ?? -1, uncaught: text.split("\n")[0] }, () => realExit(70));
}
process.on("uncaughtException", uncaught);
process.on("unhandledRejection", uncaught);

process.exit = (code) => {
  const run = current;
  if (run === null) realExit(code);
  current = null;
  report(run, code ?? process.exitCode ?? 0, true);
};

const WATCHED = [
  [process, "uncaughtException"],
  [process, "unhandledRejection"],
  [process, "exit"],
  [process.stdout, "error"],
  [process.stderr, "error"],
  [process.stdout, "drain"],
];
for (const [emitter] of WATCHED) emitter.setMaxListeners(0);

/** Removes the listeners a run added, so runs do not pile up handlers. */
function dropAddedListeners(before) {
  WATCHED.forEach(([emitter, event], i) => {
    for (const l of emitter.listeners(event)) if (!before[i].includes(l)) emitter.removeListener(event, l);
  });
}

function report(run, status, exited) {
  if (run.stdoutFile !== undefined) writeFileSync(run.stdoutFile, Buffer.concat(run.stdoutParts));
  const message = {
    id: run.id,
    status,
    stdoutBytes: run.stdoutBytes,
    stdoutHash: run.hash.digest("hex"),
    stderr: run.stderr,
    ms: performance.now() - run.start,
    maxRssKiB: process.resourceUsage().maxRSS,
  };
  if (exited) process.send({ ...message, exited: true }, () => realExit(0));
  else process.send(message);
}

process.on("message", async (msg) => {
  const run = {
    id: msg.id,
    hash: createHash("sha256"),
    stdoutBytes: 0,
    stdoutParts: [],
    stdoutFile: msg.stdoutFile,
    stderr: "",
    start: performance.now(),
  };
  const before = WATCHED.map(([emitter, event]) => emitter.listeners(event));
  current = run;
  let status;
  // Variables the run is to see (GOTRACE_READING_WORKER=always, say), set for this run only.
  const saved = Object.entries(msg.env ?? {}).map(([k, v]) => {
    const was = process.env[k];
    process.env[k] = v;
    return [k, was];
  });
  try {
    status = await main(msg.argv);
  } catch (err) {
    if (current === run) uncaught(err);
    return;
  } finally {
    for (const [k, was] of saved) {
      if (was === undefined) delete process.env[k];
      else process.env[k] = was;
    }
  }
  // Gone already if the run ended through process.exit().
  if (current !== run) return;
  current = null;
  dropAddedListeners(before);
  report(run, status, false);
});

process.send({ ready: true, maxRssKiB: process.resourceUsage().maxRSS });
