// `pnpm check:packages` (and CI): every published package, as `pnpm pack` packs it, passes
// publint --strict and Are The Types Wrong. Run after `pnpm build`.
//
// attw runs with --profile node16: it checks resolution under node16/nodenext from ESM and
// from CommonJS, and under bundler, but not node10 (TypeScript's legacy
// `moduleResolution: "node"`). That mode predates `exports` and cannot reach subpaths such
// as @gotrace/heap/html at all. Our packages need Node 20 (`engines`), every TypeScript
// setup for it (node16, nodenext, bundler) reads `exports`, and the package roots still
// resolve under node10 through `main`/`types`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
const published = readdirSync(join(root, "packages")).filter((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
  return manifest.private !== true;
});

const run = (cmd, args, cwd) => spawnSync(cmd, args, { cwd, stdio: "inherit" }).status === 0;
const failed = [];
const tarballs = mkdtempSync(join(tmpdir(), "gotrace-check-packages-"));
try {
  for (const dir of published) {
    const pkg = join(root, "packages", dir);
    process.stdout.write(`\n== packages/${dir}\n`);
    if (!run(bin("publint"), ["--strict"], pkg)) failed.push(`${dir}: publint`);
    const dest = join(tarballs, dir);
    if (!run("pnpm", ["pack", "--pack-destination", dest], pkg)) {
      failed.push(`${dir}: pnpm pack`);
      continue;
    }
    const [tgz] = readdirSync(dest);
    if (
      !run(bin("attw"), [join(dest, tgz), "--profile", "node16", "--no-definitely-typed", "--format", "ascii"], pkg)
    ) {
      failed.push(`${dir}: attw`);
    }
  }
} finally {
  rmSync(tarballs, { recursive: true, force: true });
}
if (failed.length > 0) {
  process.stderr.write(`check-packages: failed: ${failed.join(", ")}\n`);
  process.exit(1);
}
process.stdout.write(`\ncheck-packages: ${published.length} packages pass publint --strict and attw (node16)\n`);
