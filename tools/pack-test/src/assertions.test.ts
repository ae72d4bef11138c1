// The compiler settings architecture/typescript.md describes hold in every package and tool, and so
// does its rule on assertions: with noUncheckedIndexedAccess on, `x!` and `x as T` state something
// the compiler cannot see, so one on a value whose type already says it (`x!` where x cannot be
// undefined, `x as number` where x is a number) is a no-op that hides nothing and misleads.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "./workspace.js";

const PROJECTS = [
  "packages/codec",
  "packages/reader",
  "packages/heap",
  "packages/analysis",
  "packages/perfetto",
  "packages/cli",
  "packages/conformance",
  "tools/codegen",
  "tools/ksc-oracle",
  "tools/pack-test",
];

function parsedConfig(dir: string): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, dir, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (config === undefined) throw new Error(`${dir}/tsconfig.json: unreadable`);
  return config;
}

const NULLISH = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
const OPEN = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter;

function mayBeNullish(t: ts.Type): boolean {
  if (t.flags & (NULLISH | OPEN)) return true;
  return t.isUnion() && t.types.some((u) => (u.flags & (NULLISH | OPEN)) !== 0);
}

/** `path:line: text` for each no-op assertion in the project's own files (generated ones aside). */
function pointlessAssertions(dir: string): string[] {
  const config = parsedConfig(dir);
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const own = join(ROOT, dir, "src");
  const found: string[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(`${own}/`) || sf.fileName.includes("/src/gen/")) continue;
    const where = (n: ts.Node) =>
      `${relative(ROOT, sf.fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}: ${n.getText()}`;
    const visit = (n: ts.Node): void => {
      if (ts.isNonNullExpression(n) && !mayBeNullish(checker.getTypeAtLocation(n.expression))) found.push(where(n));
      if (ts.isAsExpression(n) && !ts.isConstTypeReference(n.type)) {
        const from = checker.getTypeAtLocation(n.expression);
        if (!(from.flags & OPEN) && from === checker.getTypeAtLocation(n.type)) found.push(where(n));
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return found;
}

describe("TypeScript settings", () => {
  it("tsconfig.base.json: erasable syntax only, noUncheckedIndexedAccess on", () => {
    const base = ts.parseConfigFileTextToJson(
      "tsconfig.base.json",
      readFileSync(join(ROOT, "tsconfig.base.json"), "utf8"),
    );
    const options = (base.config as { compilerOptions: Record<string, unknown> }).compilerOptions;
    expect(options["erasableSyntaxOnly"]).toBe(true);
    expect(options["noUncheckedIndexedAccess"]).toBe(true);
  });

  for (const dir of PROJECTS) {
    it(`${dir}: type-checks its tests with the base options`, () => {
      const config = parsedConfig(dir);
      expect(config.options.noUncheckedIndexedAccess).toBe(true);
      expect(config.options.erasableSyntaxOnly).toBe(true);
      const tests = config.fileNames.filter((f) => f.endsWith(".test.ts"));
      expect(tests.length, `${dir}: test files in the typecheck`).toBeGreaterThan(0);
    });

    it(`${dir}: no assertion the types make pointless`, { timeout: 300_000 }, () => {
      expect(pointlessAssertions(dir)).toEqual([]);
    });
  }
});
