// The pending changesets become the packages' first CHANGELOG entries, which strangers read to
// learn what they can do. So each public package that was never released gets a first-release
// entry, and every piece of API, command or flag an entry names in `code` is one users can reach:
// no names of internals (they are not in the published declarations), no retired flags.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { codeSpans, pendingChangesets } from "./changesets.js";
import { run } from "./run.js";
import { PUBLIC_PACKAGES, type PublicPackage, ROOT } from "./workspace.js";

/** Names of the platform, not ours, that an entry may name. */
const PLATFORM = new Set(["Uint8Array", "Float64Array", "ReadableStream", "worker_threads", "Worker", "head"]);

const changesets = pendingChangesets();
const byName = new Map(PUBLIC_PACKAGES.map((p) => [p.name, p]));

/** Public subpaths of a package (`.`, `./html`, ...), internal ones left out. */
function publicSubpaths(pkg: PublicPackage): string[] {
  const exports = pkg.manifest["exports"] as Record<string, unknown>;
  return Object.keys(exports).filter((k) => k !== "./package.json" && !k.includes("internal"));
}

/** The published declarations of a package's public entries (and the chunks they share), as text. */
function publicDeclarations(pkg: PublicPackage): string {
  const exports = pkg.manifest["exports"] as Record<string, unknown>;
  const internal = Object.keys(exports)
    .filter((k) => k.includes("internal"))
    .map((k) => `${k.slice(2)}.d.ts`);
  const dist = join(ROOT, "packages", pkg.dir, "dist");
  return readdirSync(dist)
    .filter((f) => f.endsWith(".d.ts") && !internal.includes(f))
    .map((f) => readFileSync(join(dist, f), "utf8"))
    .join("\n")
    .replace(/\/\*[\s\S]*?\*\//g, "") // a doc comment may name an internal; only declarations count
    .replace(/^\s*\/\/.*$/gm, "");
}

/** The package and the @gotrace packages it depends on: what its entry may name. */
function withDependencies(pkg: PublicPackage): PublicPackage[] {
  const deps = Object.keys((pkg.manifest["dependencies"] as Record<string, string> | undefined) ?? {});
  return [pkg, ...deps.flatMap((d) => (byName.has(d) ? withDependencies(byName.get(d) as PublicPackage) : []))];
}

async function cliHelp(args: string[]): Promise<string> {
  const r = await run(process.execPath, [join(ROOT, "packages", "cli", "bin", "gotrace.js"), ...args], ROOT);
  expect(r.status, `gotrace ${args.join(" ")}`).toBe(0);
  return r.stdout;
}

describe("pending changesets", () => {
  it("are read from .changeset", () => {
    expect(changesets.length).toBeGreaterThan(0);
    for (const c of changesets) expect(c.releases.size, c.file).toBeGreaterThan(0);
  });

  for (const pkg of PUBLIC_PACKAGES.filter((p) => p.manifest["version"] === "0.0.0")) {
    it(`${pkg.name}, never released, gets one first-release entry that says what it is for`, () => {
      const entries = changesets.filter((c) => c.releases.has(pkg.name));
      const first = entries.filter((c) => c.summary.startsWith("First release"));
      expect(first.map((c) => c.file)).toHaveLength(1);
      // Fixes and speed-ups of something never published are news to nobody: the first
      // entry says what the package does, and nothing else is pending beside it.
      expect(entries.map((c) => c.file)).toEqual(first.map((c) => c.file));
      expect(first[0]?.releases.get(pkg.name)).toBe("minor");
    });
  }

  it("name only API that the packages publish, and commands and flags gotrace has", async () => {
    const overview = await cliHelp(["--help"]);
    const commands = new Set(
      [...(overview.split("\nCommands:\n")[1] ?? "").matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1] as string),
    );
    expect(commands.size).toBeGreaterThanOrEqual(7);
    const helps = new Map<string, string>();
    for (const c of commands) helps.set(c, await cliHelp([c, "--help"]));
    const allHelp = [overview, ...helps.values()].join("\n");

    const problems: string[] = [];
    for (const c of changesets) {
      const own = [...c.releases.keys()].flatMap((n) =>
        byName.has(n) ? withDependencies(byName.get(n) as PublicPackage) : [],
      );
      const declarations = own.map(publicDeclarations).join("\n");
      for (const span of codeSpans(c.summary)) {
        const words = span.split(/\s+/);
        if (span === "gotrace") continue;
        if (words[0] === "gotrace") {
          const cmd = words[1] ?? "";
          if (!commands.has(cmd) && cmd !== "help" && cmd !== "--version")
            problems.push(`${c.file}: ${span}: no command ${cmd}`);
          for (const flag of words.slice(2).filter((w) => w.startsWith("-") && w !== "-")) {
            if (!(helps.get(cmd) ?? allHelp).includes(flag.split("=")[0] as string))
              problems.push(`${c.file}: ${span}: no flag ${flag}`);
          }
        } else if (/^--?[a-z]/.test(span) && words.length === 1) {
          if (!allHelp.includes(span)) problems.push(`${c.file}: ${span}: no such flag`);
        } else if (span.startsWith("@gotrace/")) {
          const [scope, name, ...sub] = span.split("/");
          const pkg = byName.get(`${scope}/${name}`);
          if (!pkg || !publicSubpaths(pkg).includes(sub.length ? `./${sub.join("/")}` : ".")) {
            problems.push(`${c.file}: ${span}: not a public package entry`);
          }
        } else {
          // An identifier, a member (`TraceReader.nextShared`), or a call such as
          // `binaryToText(bytes, { lossless: true })`: each name in it must be published.
          const path = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)(?:\(.*\))?$/.exec(span)?.[1];
          for (const id of path?.split(".") ?? []) {
            // FILE, OUT and the like are the help's own placeholders.
            const placeholder = /^[A-Z]+$/.test(id) && new RegExp(`\\b${id}\\b`).test(allHelp);
            if (!placeholder && !PLATFORM.has(id) && !new RegExp(`\\b${id}\\b`).test(declarations)) {
              problems.push(
                `${c.file}: ${span}: ${id} is not in the published declarations of ${[...c.releases.keys()].join(", ")}`,
              );
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
