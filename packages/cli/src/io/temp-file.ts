// Temporary files that become a user's output file by a rename once they are
// whole. While one exists, an interrupt (Ctrl-C), SIGTERM or SIGHUP removes
// it before the process ends, so an interrupted command leaves neither a
// half-written output nor a stray temporary file. Outside those moments the
// signals keep their default action (the process ends at once, as Go's tools do).
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const live = new Set<string>();

/** A fresh hidden path in the target's directory, so the final rename stays on one file system. */
export function tempPathBeside(target: string, tag: string): string {
  return join(dirname(resolve(target)), `.${randomHex(6)}.${tag}.tmp`);
}

/**
 * `bytes` random bytes in hex, from Web Crypto's global getRandomValues: importing node:crypto
 * instead cost every gotrace command about 5 ms at start-up, for a name only some commands need.
 */
function randomHex(bytes: number): string {
  let hex = "";
  for (const b of crypto.getRandomValues(new Uint8Array(bytes))) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/** Removes `path` if the process is interrupted before `untrack` is called. Returns `untrack`. */
export function trackTempFile(path: string): () => void {
  if (live.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  live.add(path);
  return () => {
    if (!live.delete(path)) return;
    if (live.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
  };
}

function onSignal(signal: NodeJS.Signals): void {
  removeTempFiles();
  // With our handlers gone the signal's default action applies: end the way the
  // shell expects of an interrupted program (killed by the signal, status 128+N).
  process.kill(process.pid, signal);
}

/** Removes every temporary file still tracked: for a process that must end at once. */
export function removeTempFiles(): void {
  for (const path of live) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
  live.clear();
  for (const s of SIGNALS) process.off(s, onSignal);
}
