// Where the workspace's published packages and the bundled sample trace are.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = resolve(fileURLToPath(new URL("../../..", import.meta.url)));

/** The consumer project's files (copied into the temporary project). */
export const CONSUMER_DIR = join(ROOT, "tools", "pack-test", "consumer");

/** The bundled sample trace (recorded with GODEBUG=traceallocfree=1). */
export const SAMPLE_TRACE = join(ROOT, "packages", "conformance", "sample", "sample.trace");

/** The GitHub repository every package.json and README points at. */
export const REPO_URL = "https://github.com/gotrace/gotrace";

/** Runtime dependencies of the published packages that are not ours (packed into the test project beside them). */
export const THIRD_PARTY: readonly string[] = ["@bufbuild/protobuf"];

/** A published package: its directory under packages/ and its manifest. */
export interface PublicPackage {
  readonly dir: string;
  readonly name: string;
  readonly manifest: Record<string, unknown>;
}

/** The packages we publish, in dependency order. */
export const PUBLIC_PACKAGES: readonly PublicPackage[] = ["codec", "reader", "heap", "analysis", "perfetto", "cli"].map(
  (dir) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "packages", dir, "package.json"), "utf8"));
    return { dir, name: manifest.name as string, manifest };
  },
);
