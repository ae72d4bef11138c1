// A run of the real `gotrace` binary as its own process: the check that the
// in-process runner tells the truth about exit status and stderr, and that
// the process really ends (a handle left open would keep it alive).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const CLI_DIR =
  process.env.GOTRACE_FUZZ_CLI ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "packages", "cli");
const BIN = join(CLI_DIR, "bin", "gotrace.js");

/**
 * @param {string[]} argv
 * @param {number} timeoutMs
 * @returns {Promise<{ status: number | null, signal: string | null, stdoutHash: string, stdoutBytes: number, stderr: string, hang: boolean }>}
 */
export function runSeparate(argv, timeoutMs) {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
    const hash = createHash("sha256");
    let stdoutBytes = 0;
    let stderr = "";
    let hang = false;
    child.stdout.on("data", (d) => {
      hash.update(d);
      stdoutBytes += d.length;
    });
    child.stderr.on("data", (d) => {
      if (stderr.length < 65536) stderr += d.toString("utf8");
    });
    const timer = setTimeout(() => {
      hang = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolvePromise({ status, signal, stdoutHash: hash.digest("hex"), stdoutBytes, stderr, hang });
    });
  });
}
