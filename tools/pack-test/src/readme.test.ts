// The READMEs as the npm page shows them: npm renders a package's README
// without the repository around it, so a relative link or image there is
// broken. And the CLI's README must describe the CLI as it is.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { isAbsoluteTarget, linkTargets } from "./markdown.js";
import { run } from "./run.js";
import { PUBLIC_PACKAGES, ROOT } from "./workspace.js";

const readmeOf = (dir: string) => readFileSync(join(ROOT, "packages", dir, "README.md"), "utf8");

describe("link targets", () => {
  it("finds inline links and images, across lines, reference definitions and HTML, not code", () => {
    const md = [
      "See [the reader](../reader) and ![shot](docs/a.png), [a",
      "b](https://x.test/y) and [anchor](#use).",
      "[ref]: ./ref.md",
      '<img src="docs/b.png">',
      "`[not](a-link)`",
      "```ts",
      'const x = "[no](link)";',
      "```",
    ].join("\n");
    expect(linkTargets(md)).toEqual(["../reader", "docs/a.png", "https://x.test/y", "#use", "./ref.md", "docs/b.png"]);
    expect(linkTargets(md).filter((t) => !isAbsoluteTarget(t))).toEqual([
      "../reader",
      "docs/a.png",
      "./ref.md",
      "docs/b.png",
    ]);
  });
});

describe("published READMEs", () => {
  for (const pkg of PUBLIC_PACKAGES) {
    it(`${pkg.name}: every link and image is absolute (works on the npm page)`, () => {
      const targets = linkTargets(readmeOf(pkg.dir));
      expect(targets.filter((t) => !isAbsoluteTarget(t))).toEqual([]);
    });
  }

  it("@gotrace/heap's screenshot is the one its tarball ships, through unpkg", () => {
    const targets = linkTargets(readmeOf("heap"));
    expect(targets).toContain("https://unpkg.com/@gotrace/heap/docs/report.png");
    const heap = PUBLIC_PACKAGES.find((p) => p.dir === "heap");
    expect(heap?.manifest["files"]).toContain("docs/report.png");
  });

  it("@gotrace/cli's README names every command and every way of asking for help that gotrace --help lists", async () => {
    const cliDir = dirname(createRequire(import.meta.url).resolve("@gotrace/cli/package.json"));
    const help = await run(process.execPath, [join(cliDir, "bin", "gotrace.js"), "--help"], ROOT);
    expect(help.status).toBe(0);
    const commands = [...(help.stdout.split("\nCommands:\n")[1] ?? "").matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]);
    expect(commands.length).toBeGreaterThanOrEqual(7);
    const readme = readmeOf("cli");
    for (const name of commands) expect(readme, `README lacks gotrace ${name}`).toContain(`gotrace ${name}`);
    // Invocations the overview itself quotes, such as `gotrace --version`.
    for (const [, usage] of help.stdout.matchAll(/`(gotrace [^`]+)`/g)) expect(readme).toContain(usage);
  });
});
