// Every way a command can fail ends in one line on stderr: a bug of ours
// (thrown at once, thrown later, thrown in the heap worker thread, or in a
// callback nobody awaits) says it is a bug and what to report, with its stack
// trace only under GOTRACE_DEBUG; a standard output that fails is quiet when
// the reader went away and one line otherwise. The dispatcher runs in-process
// here with commands made to fail, and the process guard in a real process.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { samplePath } from "@gotrace/conformance";
import { analyzeHeapInWorker } from "@gotrace/heap";
import { describe, expect, it } from "vitest";
import { CliError } from "./cli-error.js";
import type { Command } from "./commands/command.js";
import { startHeapWorker } from "./commands/worker-port.js";
import { runCli } from "./dispatch.js";
import { describeFailure, ISSUES_URL } from "./failure-line.js";
import { cliVersion } from "./version.js";

const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string })
  .version;

/** A stream that keeps what is written, or fails every write with `code`. */
function sink(code?: string): Writable & { text: () => string } {
  const parts: Buffer[] = [];
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (code === undefined) {
        parts.push(Buffer.from(chunk));
        done();
      } else done(Object.assign(new Error(`${code}: the test's stream fails`), { code }));
    },
  });
  return Object.assign(w, { text: () => Buffer.concat(parts).toString() });
}

function command(run: Command["run"]): Command {
  return { name: "boom", summary: "fails", usage: "gotrace boom FILE", help: "", flags: [], run };
}

async function runWith(cmd: Command, options: { debug?: boolean; stdoutFails?: string } = {}) {
  const stdout = sink(options.stdoutFails);
  const stderr = sink();
  const status = await runCli(["boom", "x y.trace"], {
    commands: [cmd],
    stdout,
    stderr,
    debug: options.debug ?? false,
  });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

const bugLine = (what: string) =>
  `gotrace boom: internal error (a bug in gotrace ${version}): ${what}; please report it at ${ISSUES_URL} ` +
  "with this line, the command line (gotrace boom 'x y.trace') and the trace if you can share it";

describe("a bug of ours", () => {
  it("reads the version from package.json", () => {
    expect(cliVersion()).toBe(version);
  });

  it("thrown at once or after an await: one line that says what to report, exit 1", async () => {
    const sync = command(() => {
      throw new TypeError("x is not a function");
    });
    const later = command(async () => {
      await new Promise((r) => setTimeout(r, 1));
      throw new RangeError("Invalid array length\n    at made-up frame");
    });
    for (const [cmd, what] of [
      [sync, "TypeError: x is not a function"],
      [later, "RangeError: Invalid array length"],
    ] as const) {
      const r = await runWith(cmd);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`${bugLine(what)}; GOTRACE_DEBUG=1 shows the stack trace\n`);
    }
  });

  it("with GOTRACE_DEBUG: the same line, then the stack trace", async () => {
    const r = await runWith(
      command(() => {
        throw new TypeError("x is not a function");
      }),
      { debug: true },
    );
    expect(r.status).toBe(1);
    const [first, ...stack] = r.stderr.trimEnd().split("\n");
    expect(first).toBe(bugLine("TypeError: x is not a function"));
    expect(stack[0]).toBe("TypeError: x is not a function");
    expect(stack[1]).toMatch(/^ {4}at .*failure-line\.test\.ts/);
  });

  it("the output written before the bug still goes out", async () => {
    const r = await runWith(
      command(async (_args, out) => {
        out.write("first line\n");
        throw new Error("late");
      }),
    );
    expect(r.stdout).toBe("first line\n");
    expect(r.stderr.split("\n")).toHaveLength(2);
  });
});

describe("a user's error", () => {
  it("is its message on one line, with its exit status, even when the message has line breaks", async () => {
    const r = await runWith(
      command(() => {
        throw new CliError("x y.trace: broken\n  here", 1);
      }),
    );
    expect(r).toEqual({ status: 1, stdout: "", stderr: "gotrace boom: x y.trace: broken here\n" });
  });

  it("warnings are one line each", async () => {
    const r = await runWith(
      command(async (_args, _out, warn) => {
        warn("cut short\nat byte 12");
      }),
    );
    expect(r).toEqual({ status: 0, stdout: "", stderr: "gotrace boom: warning: cut short at byte 12\n" });
  });
});

describe("standard output that fails", () => {
  const talker = command(async (_args, out) => {
    for (let i = 0; i < 100_000; i++) {
      const wait = out.write(`line ${i}\n`);
      if (wait) await wait;
    }
  });

  it("because its reader went away (EPIPE): quiet, exit 0", async () => {
    expect(await runWith(talker, { stdoutFails: "EPIPE" })).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("otherwise: one line, exit 1", async () => {
    const r = await runWith(talker, { stdoutFails: "ENOSPC" });
    expect(r).toEqual({
      status: 1,
      stdout: "",
      stderr: "gotrace boom: cannot write standard output: ENOSPC: the test's stream fails\n",
    });
  });
});

describe("the heap worker thread", () => {
  const how = { command: "heap", argv: ["heap", "t.trace"], debug: false };
  const run = (script: string) => {
    const worker = startHeapWorker(new URL(`data:text/javascript,${encodeURIComponent(script)}`));
    return analyzeHeapInWorker(readFileSync(samplePath()), worker.port).finally(() => worker.stop());
  };

  it("a bug in it ends the command as a bug of ours, in one line; its stack only with GOTRACE_DEBUG", async () => {
    const err = await run('throw new TypeError("boom in the worker")').catch((e: unknown) => e);
    const line = describeFailure(err, how);
    expect(line.status).toBe(1);
    expect(line.text).toMatch(
      /^gotrace heap: internal error \(a bug in gotrace [^)]+\): heap analysis worker: .*boom in the worker; please report it at /,
    );
    expect(line.text).not.toContain("\n");
    // With GOTRACE_DEBUG the stack reaches into the worker: its script's own frame is there.
    const debug = describeFailure(err, { ...how, debug: true }).text.split("\n");
    expect(debug.length).toBeGreaterThan(2);
    expect(debug.some((l) => /^ {4}at data:text\/javascript,/.test(l))).toBe(true);
  });

  it("a worker that exits without an answer does not leave the command waiting", async () => {
    const err = await run("process.exit(3)").catch((e: unknown) => e);
    expect(describeFailure(err, how).text).toMatch(
      /: internal error .*: heap analysis worker: .*the heap worker thread exited \(code 3\) before it finished; /,
    );
  });
});

describe("the gotrace process", () => {
  it("an incomplete installation (no dist/): one line, exit 1", () => {
    // The bin alone, without the code it loads.
    const dir = mkdtempSync(join(tmpdir(), "gotrace-no-dist-"));
    mkdirSync(join(dir, "bin"));
    copyFileSync(
      join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "gotrace.js"),
      join(dir, "bin", "gotrace.js"),
    );
    writeFileSync(join(dir, "package.json"), '{"type":"module"}');
    const r = spawnSync(process.execPath, [join(dir, "bin", "gotrace.js"), "--version"], {
      env: { ...process.env, GOTRACE_DEBUG: "" },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toMatch(
      /^gotrace: cannot load its own code, the installation is incomplete: Cannot find module .*dist[/\\]index\.js[^\n]*\n$/,
    );
  });

  const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js");
  // gotrace events - waits on its standard input, which stays open, while a callback throws.
  const program = (fault: string) =>
    `import { main } from ${JSON.stringify(dist)}; ${fault}; process.exitCode = await main(["events", "-"]);`;
  const runProgram = (fault: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", program(fault)], {
      env: { ...process.env, GOTRACE_DEBUG: "", ...env },
      timeout: 60_000,
    });

  for (const [kind, fault] of [
    ["an exception in a callback", 'setTimeout(() => { throw new TypeError("stray callback") }, 10)'],
    ["a promise nobody awaits", 'setTimeout(() => Promise.reject(new TypeError("stray callback")), 10)'],
  ]) {
    it(`${kind}: one line, exit 1`, () => {
      const r = runProgram(fault as string);
      expect(r.status).toBe(1);
      expect(r.stderr.toString()).toMatch(
        /^gotrace events: internal error \(a bug in gotrace [^)]+\): TypeError: stray callback; please report it at .*; GOTRACE_DEBUG=1 shows the stack trace\n$/,
      );
    });
  }

  it("GOTRACE_DEBUG=1 adds the stack trace", () => {
    const r = runProgram('setTimeout(() => { throw new TypeError("stray callback") }, 10)', { GOTRACE_DEBUG: "1" });
    expect(r.status).toBe(1);
    const lines = r.stderr.toString().trimEnd().split("\n");
    expect(lines[0]).toMatch(/^gotrace events: internal error .*: TypeError: stray callback; please report it at /);
    expect(lines[1]).toBe("TypeError: stray callback");
    expect(lines[2]).toMatch(/^ {4}at /);
  });
});
