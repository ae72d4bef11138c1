// The stranger's project: the published packages packed with pnpm (as
// `pnpm publish` would pack them), installed with npm from those tarballs
// into a fresh directory outside the workspace, offline.
import { existsSync, readFileSync } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { runOk } from "./run.js";
import { CONSUMER_DIR, PUBLIC_PACKAGES, ROOT, SAMPLE_TRACE } from "./workspace.js";

/** A temporary project with the tarballs installed. */
export interface Project {
  /** The temporary directory holding everything (removed by the caller). */
  readonly root: string;
  /** The project itself: package.json, node_modules, the consumer files and sample.trace. */
  readonly app: string;
  /** The packed tarballs of the public packages, by package name. */
  readonly tarballs: ReadonlyMap<string, string>;
}

/** Environment for everything run in the project: no module paths that could reach the workspace. */
export const PROJECT_ENV: NodeJS.ProcessEnv = { NODE_PATH: "", NODE_OPTIONS: "" };

/**
 * Directories above `dir` that Node would search for packages: a
 * node_modules in any of them could satisfy an import the project's own
 * node_modules does not, and hide a missing dependency.
 */
export function leakingAncestors(dir: string): string[] {
  const found: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) found.push(join(d, "node_modules"));
    if (dirname(d) === d) return found;
  }
}

/** Packs the public packages and the TypeScript consumer's @types/node, installs them into a new project. */
export async function createProject(): Promise<Project> {
  const root = await mkdtemp(join(tmpdir(), "gotrace-pack-"));
  if (!relative(ROOT, root).startsWith(`..${sep}`)) throw new Error(`${root} is inside the workspace ${ROOT}`);
  const leaks = leakingAncestors(root);
  if (leaks.length > 0) throw new Error(`packages above ${root} would leak into the test project: ${leaks.join(", ")}`);

  const tarDir = join(root, "tarballs");
  await mkdir(tarDir);
  const tarballs = new Map<string, string>();
  for (const pkg of PUBLIC_PACKAGES) {
    const before = new Set(await readdir(tarDir));
    await runOk("pnpm", ["pack", "--pack-destination", tarDir], join(ROOT, "packages", pkg.dir));
    const made = (await readdir(tarDir)).filter((f) => !before.has(f));
    if (made.length !== 1) throw new Error(`pnpm pack of ${pkg.name} made ${made.length} files: ${made.join(", ")}`);
    tarballs.set(pkg.name, join(tarDir, made[0] as string));
  }

  // The typed consumer uses Node's types (the CLI's declarations need them), as a Node project
  // would; they come from the workspace's copy, packed, so the install needs no registry.
  const here = createRequire(import.meta.url);
  const typesNode = dirname(here.resolve("@types/node/package.json"));
  const undiciTypes = dirname(createRequire(join(typesNode, "package.json")).resolve("undici-types/package.json"));
  const extra: Record<string, string> = {};
  // @gotrace/perfetto's protobuf runtime: the project installs offline, so it comes packed from here too.
  // Its exports have no ./package.json (and dist/cjs has one of its own): its root is the folder
  // above its entry whose package.json names it.
  let protobuf = dirname(createRequire(here.resolve("@gotrace/perfetto/package.json")).resolve("@bufbuild/protobuf"));
  const names = (dir: string) =>
    existsSync(join(dir, "package.json")) &&
    JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name === "@bufbuild/protobuf";
  while (!names(protobuf)) {
    if (dirname(protobuf) === protobuf) throw new Error("@bufbuild/protobuf: no package.json above its entry");
    protobuf = dirname(protobuf);
  }
  // npm pack fails ("Exit handler never called") on the copy in pnpm's store under the workspace,
  // and packs a plain copy of it outside.
  const protobufCopy = join(root, "bufbuild-protobuf");
  await cp(protobuf, protobufCopy, { recursive: true, dereference: true });
  for (const [name, dir] of [
    ["@types/node", typesNode],
    ["undici-types", undiciTypes],
    ["@bufbuild/protobuf", protobufCopy],
  ] as const) {
    const before = new Set(await readdir(tarDir));
    await runOk("npm", ["pack", "--ignore-scripts", "--pack-destination", tarDir, dir], root);
    const made = (await readdir(tarDir)).filter((f) => !before.has(f));
    extra[name] = join(tarDir, made[0] as string);
  }

  const app = join(root, "app");
  await mkdir(app);
  const dependencies = Object.fromEntries(
    [...tarballs, ...Object.entries(extra)].map(([name, file]) => [name, `file:${relative(app, file)}`]),
  );
  await writeFile(
    join(app, "package.json"),
    `${JSON.stringify({ name: "stranger", private: true, type: "module", dependencies }, null, 2)}\n`,
  );
  for (const f of await readdir(CONSUMER_DIR)) await copyFile(join(CONSUMER_DIR, f), join(app, f));
  await copyFile(SAMPLE_TRACE, join(app, "sample.trace"));

  // Offline with an empty cache of its own: everything must come from the tarballs (our
  // packages have no third-party runtime dependencies), so this needs no network.
  await runOk(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--cache", join(root, "npm-cache")],
    app,
    PROJECT_ENV,
  );
  return { root, app, tarballs };
}
