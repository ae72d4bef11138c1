// Locates ../shared/go-testdata (Go's own trace test data), which lives beside the repository
// and is read in place, never copied into the project.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: two levels above this package's directory. */
export function repoRoot(): string {
  // Works from both src/ (vitest) and dist/ (built): the package dir is one level up.
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, "..", "..", "..");
}

/** `../shared/go-testdata`, or `$GOTRACE_GO_TESTDATA` when set. Throws when it is missing. */
export function goTestdataDir(): string {
  const dir = process.env.GOTRACE_GO_TESTDATA ?? join(repoRoot(), "..", "shared", "go-testdata");
  if (!existsSync(dir)) {
    throw new Error(`Go's test data not found at ${dir}; set GOTRACE_GO_TESTDATA`);
  }
  return dir;
}
