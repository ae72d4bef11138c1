// Go 1.27.3 as the oracle: builds go/oracle (which imports std-internal
// internal/trace) inside GOROOT with `go build -overlay`, leaving GOROOT
// untouched, and asks it about many files per process. A file it hangs on
// is killed after a time bound and recorded as a hang; one that makes it
// blow past its heap bound is recorded as such; both restart the oracle
// after that file. Only for making and checking the corpus: CI does not
// need Go.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..", "..");
const GET_GO = resolve(root, "..", "shared", "tools", "get-go.sh");

/** The go 1.27 binary: $GO, else what ../shared/tools/get-go.sh finds or installs; null when there is none. */
export function findGo() {
  if (process.env.GO) return process.env.GO;
  try {
    return execFileSync("bash", [GET_GO, "--bin", "1.27"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/** Builds the oracle; returns { binary, version }. */
export function buildOracle(goBin) {
  const env = {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOFLAGS: "-mod=vendor",
    GOCACHE: process.env.GOCACHE ?? join(tmpdir(), "gotrace-fuzz-gocache"),
  };
  const version = execFileSync(goBin, ["version"], { env }).toString().trim();
  const goroot = execFileSync(goBin, ["env", "GOROOT"], { env }).toString().trim();
  const work = join(tmpdir(), "gotrace-fuzz-oracle");
  mkdirSync(work, { recursive: true });
  const overlay = join(work, "overlay.json");
  // The package appears inside GOROOT only through the overlay, so it may import internal/trace.
  writeFileSync(
    overlay,
    JSON.stringify({
      Replace: {
        [join(goroot, "src", "cmd", "gotrace-fuzzoracle", "main.go")]: join(here, "..", "go", "oracle", "main.go"),
      },
    }),
  );
  const binary = join(work, "oracle");
  // PWD too: Go takes the directory from it, and GOROOT/src may be reached through a symlink.
  const src = join(goroot, "src");
  execFileSync(goBin, ["build", "-overlay", overlay, "-o", binary, "cmd/gotrace-fuzzoracle"], {
    cwd: src,
    env: { ...env, PWD: src },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return { binary, version };
}

/** Seconds the oracle may spend on one file before it counts as a hang. */
const HANG_SECONDS = 60;

/**
 * Go's outcome for each file: { ok, events, error?, panic?, printPanic?, hang? }.
 * @param {string} binary the built oracle
 * @param {string[]} paths
 * @returns {Promise<Map<string, object>>}
 */
export async function askOracle(binary, paths) {
  const results = new Map();
  let rest = paths.filter((p) => existsSync(p));
  while (rest.length > 0) {
    const batch = rest;
    let done = await oneProcess(binary, batch, results);
    if (done === 0) {
      // Died on the first file without a word: record it and go on after it.
      results.set(batch[0], { ok: false, events: 0, error: "oracle: exited without an answer" });
      done = 1;
    }
    rest = batch.slice(done);
  }
  return results;
}

/** Runs one oracle process over paths until it ends; returns how many paths it settled. */
function oneProcess(binary, paths, results) {
  return new Promise((resolvePromise) => {
    const child = spawn(binary, ["-maxheap", String(2 * 1024 ** 3)], { stdio: ["pipe", "pipe", "inherit"] });
    let settled = 0;
    let timer = null;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        results.set(paths[settled], {
          ok: false,
          events: 0,
          hang: true,
          error: `oracle: no answer within ${HANG_SECONDS} s`,
        });
        settled++;
        child.kill("SIGKILL");
      }, HANG_SECONDS * 1000);
    };
    createInterface({ input: child.stdout }).on("line", (line) => {
      const r = JSON.parse(line);
      results.set(r.path, {
        ok: r.ok,
        events: r.events ?? 0,
        error: r.error,
        panic: r.panic,
        printPanic: r.printPanic,
      });
      settled++;
      arm();
    });
    child.on("exit", () => {
      clearTimeout(timer);
      resolvePromise(settled);
    });
    arm();
    child.stdin.on("error", () => {});
    child.stdin.end(`${paths.join("\n")}\n`);
  });
}
