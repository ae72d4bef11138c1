// The parent side of the in-process runner (child.mjs): one child at a
// time, restarted when it dies, hangs or grows past the memory bound. The
// parent owns the clock: a run that does not answer in time is a hang; the
// child is killed and a fresh one takes the next run.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const CHILD = fileURLToPath(new URL("./child.mjs", import.meta.url));

/** V8 heap limit of the child, in MB: a runaway allocation dies here instead of taking the machine. */
export const CHILD_HEAP_MB = 512;

/** Runs a fresh child after this many runs, so one run's leftovers do not weigh on later runs' memory. */
const RUNS_PER_CHILD = 400;

/**
 * @typedef {{ status: number | null, stdoutBytes: number, stdoutHash: string, stderr: string, ms: number,
 *   rssGrowthKiB: number, hang?: boolean, crash?: string, uncaught?: string }} RunResult
 */

/** One in-process runner at a time, replaced when it dies, hangs, exits or has done its share of runs. */
export class RunnerPool {
  /** @param {{ childPath?: string }} [options] childPath: another runner module (tests use a misbehaving one) */
  constructor(options = {}) {
    this.childPath = options.childPath ?? CHILD;
    this.child = null;
    this.ready = null;
    this.baseRssKiB = 0;
    this.runs = 0;
    this.nextId = 1;
    this.pending = null;
    this.stderrTail = "";
  }

  async start() {
    const child = fork(this.childPath, [], {
      execArgv: [`--max-old-space-size=${CHILD_HEAP_MB}`],
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
    });
    this.child = child;
    this.runs = 0;
    this.stderrTail = "";
    // What the child itself prints outside a run (a V8 out-of-memory report, a native crash).
    child.stderr.on("data", (d) => {
      this.stderrTail = (this.stderrTail + d.toString("utf8")).slice(-4000);
    });
    child.stdout.on("data", () => {});
    await new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m?.ready) {
          this.baseRssKiB = m.maxRssKiB;
          child.off("exit", onEarlyExit);
          resolve();
        }
      };
      const onEarlyExit = (code, signal) => {
        reject(new Error(`fuzz runner exited at start (${signal ?? code}): ${this.stderrTail.trim()}`));
      };
      child.once("message", onMessage);
      child.once("exit", onEarlyExit);
    });
    child.on("message", (m) => this.onMessage(child, m));
    child.on("exit", (code, signal) => this.onExit(child, code, signal));
  }

  onMessage(child, m) {
    const p = this.pending;
    if (p === null || m.id !== p.id || p.child !== child) return;
    this.pending = null;
    clearTimeout(p.timer);
    if (m.uncaught !== undefined) {
      // The child exits after reporting; the next run starts a new one.
      if (this.child === child) this.child = null;
      p.resolve({
        status: null,
        stdoutBytes: 0,
        stdoutHash: "",
        stderr: "",
        ms: 0,
        rssGrowthKiB: 0,
        uncaught: m.uncaught,
      });
      return;
    }
    // A run that ended through process.exit() took the runner with it.
    if (m.exited && this.child === child) this.child = null;
    p.resolve({ ...m, rssGrowthKiB: m.maxRssKiB - this.baseRssKiB });
  }

  onExit(child, code, signal) {
    if (this.child === child) this.child = null;
    const p = this.pending;
    if (p === null || p.child !== child) return;
    this.pending = null;
    clearTimeout(p.timer);
    const tail = this.stderrTail.trim().split("\n").slice(-3).join(" | ");
    p.resolve({
      status: null,
      stdoutBytes: 0,
      stdoutHash: "",
      stderr: "",
      ms: 0,
      rssGrowthKiB: 0,
      crash: `runner died (${signal ?? `exit ${code}`}): ${tail}`,
    });
  }

  /**
   * Runs `gotrace ...argv` in the child.
   * @param {string[]} argv
   * @param {{ timeoutMs: number, stdoutFile?: string, fresh?: boolean }} options
   * @returns {Promise<RunResult>}
   */
  async run(argv, options) {
    if (this.child !== null && (options.fresh || this.runs >= RUNS_PER_CHILD)) await this.stop();
    if (this.child === null) await this.start();
    this.runs++;
    const id = this.nextId++;
    const child = this.child;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        this.child = null;
        child.removeAllListeners("exit");
        child.kill("SIGKILL");
        resolve({
          status: null,
          stdoutBytes: 0,
          stdoutHash: "",
          stderr: "",
          ms: options.timeoutMs,
          rssGrowthKiB: 0,
          hang: true,
        });
      }, options.timeoutMs);
      this.pending = { id, resolve, timer, child };
      child.send({ id, argv, stdoutFile: options.stdoutFile, env: options.env });
    });
  }

  /** Ends the child (kills it: nothing in it needs a clean exit). */
  async stop() {
    const child = this.child;
    this.child = null;
    if (child === null) return;
    child.removeAllListeners("exit");
    const gone = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await gone;
  }
}
