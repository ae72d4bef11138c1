// Runs the built gotrace binary as a user would, for the CLI's tests.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "gotrace.js");

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
