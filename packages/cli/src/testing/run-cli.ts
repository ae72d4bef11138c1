// Runs the built gotrace binary as a user would, for the CLI's tests.
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "gotrace.js");

export interface CliRun {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly status: number | null;
}

export function gotrace(args: string[], input?: Uint8Array, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input,
    env: { ...process.env, TZ: "UTC", ...env },
    maxBuffer: 1 << 30,
  });
  return { stdout: r.stdout, stderr: r.stderr.toString(), status: r.status };
}

/** Starts the built gotrace binary with pipes on all three streams, for tests that talk to it while it runs. */
export function startGotrace(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, TZ: "UTC", ...env } });
  // Input left unread by a process that ended is the test's business, not an error.
  child.stdin.on("error", () => undefined);
  return child;
}

export interface Ended {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Resolves when the child has exited and its stderr is read to the end. */
export function ended(child: ChildProcessWithoutNullStreams): Promise<Ended> {
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => {
    stderr += s;
  });
  return new Promise((resolve) => {
    child.on("close", (status, signal) => resolve({ status, signal, stderr }));
  });
}

/** Resolves with the first chunk the child writes to stdout. */
export function firstOutput(child: ChildProcessWithoutNullStreams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("close", () => reject(new Error("gotrace ended before it wrote anything")));
  });
}
