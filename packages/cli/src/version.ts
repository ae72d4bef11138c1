// The CLI's own version, for `gotrace --version` and for bug reports. It is
// read from the package.json beside dist/ (or src/ in tests) at run time, so
// an installed tarball reports the version it was published as, even when
// the build predates the version bump.
import { readFileSync } from "node:fs";

let cached: string | undefined;

/** The version of @gotrace/cli that is running, e.g. "0.1.0" ("unknown" if its package.json cannot be read). */
export function cliVersion(): string {
  if (cached === undefined) {
    try {
      // dist/index.js and src/version.ts both sit one directory below the package root.
      const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
        version?: unknown;
      };
      cached = typeof pkg.version === "string" ? pkg.version : "unknown";
    } catch {
      cached = "unknown";
    }
  }
  return cached;
}
