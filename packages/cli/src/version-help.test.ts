// gotrace --version and gotrace help, through the real binary: the version
// of the package that runs, each command's help by either spelling, and one
// line for a name that is no command.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "./commands/all.js";
import { gotrace } from "./testing/run-cli.js";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("gotrace --version", () => {
  it("prints the package.json version on one line, as --version and -V, exit 0", () => {
    for (const flag of ["--version", "-V"]) {
      const run = gotrace([flag]);
      expect(run.status, flag).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout.toString()).toBe(`gotrace ${pkg.version}\n`);
    }
  });
});

describe("gotrace help", () => {
  it("help CMD prints what CMD --help prints, for every command", () => {
    for (const c of COMMANDS) {
      const help = gotrace(["help", c.name]);
      expect(help.status, c.name).toBe(0);
      expect(help.stderr).toBe("");
      expect(help.stdout.toString()).toContain(`Usage: ${c.usage}\n`);
      expect(help.stdout).toEqual(gotrace([c.name, "--help"]).stdout);
    }
  });

  it("help alone prints the overview, which lists every command, help and --version", () => {
    const run = gotrace(["help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toEqual(gotrace(["--help"]).stdout);
    const text = run.stdout.toString();
    const lines = text.split("\n");
    for (const c of COMMANDS) {
      expect(
        lines.some((l) => l.startsWith(`  ${c.name} `) && l.endsWith(c.summary)),
        c.name,
      ).toBe(true);
    }
    expect(text).toContain("gotrace help <command>");
    expect(text).toContain("gotrace --version");
  });

  it("help for a name that is no command: one line, exit 2", () => {
    const run = gotrace(["help", "nosuch"]);
    expect(run.status).toBe(2);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toMatch(/^gotrace help: unknown command "nosuch"; the commands are events, [^\n]*\n$/);
  });
});

describe("usage mistakes", () => {
  it("are one line on stderr, with the usage in it, exit 2", () => {
    const cases: [string[], RegExp][] = [
      [["wire"], /^gotrace wire: wire needs a FILE; usage: gotrace wire \[--strict-go1\.27\] FILE\n$/],
      [["wire", "--bogus", "x.trace"], /^gotrace wire: unknown flag --bogus for wire; usage: gotrace wire /],
      [["encode", "x.txt"], /^gotrace encode: encode needs -o OUT .*; usage: gotrace encode TEXTFILE -o OUT/],
      [["heap", "--top", "0", "x.trace"], /^gotrace heap: --top needs a positive whole number, not 0; usage: /],
      [["frobnicate"], /^gotrace: unknown command "frobnicate"; the commands are events, validate, /],
      [["--bogus"], /^gotrace: unknown flag --bogus; the commands are /],
      [["help", "wire", "text"], /^gotrace help: takes one command name; usage: gotrace help \[COMMAND\]\n$/],
    ];
    for (const [args, want] of cases) {
      const run = gotrace(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stdout.length).toBe(0);
      expect(run.stderr.split("\n"), run.stderr).toHaveLength(2); // one line and its newline
      expect(run.stderr).toMatch(want);
    }
  });
});
