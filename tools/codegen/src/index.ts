// @gotrace/codegen: spec/*.ksy → IR → packages/codec/src/gen/*.gen.ts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { emitEvents } from "./emit/events.js";
import { emitPayload } from "./emit/payload.js";
import { emitTyped } from "./emit/typed.js";
import { loadSpec } from "./ir/load.js";
import type { SpecIR } from "./ir/model.js";
import { validateSpec } from "./ir/validate.js";

export type { SpecIR } from "./ir/model.js";
export { loadSpec } from "./ir/load.js";
export { validateSpec } from "./ir/validate.js";

/** Generates every file from the spec in specDir: file name → content. */
export function generate(specDir: string): Map<string, string> {
  const spec: SpecIR = loadSpec(specDir);
  const problems = validateSpec(spec);
  if (problems.length > 0) throw new Error(`the spec is inconsistent:\n  ${problems.join("\n  ")}`);
  const files = new Map<string, string>();
  files.set("events.gen.ts", emitEvents(spec));
  files.set("typed.gen.ts", emitTyped(spec));
  for (const p of spec.payloads) {
    const { file, code } = emitPayload(spec, p);
    files.set(file, code);
  }
  return files;
}

/** Writes the generated files into outDir, removing stale *.gen.ts files. */
export function writeGenerated(specDir: string, outDir: string): string[] {
  const files = generate(specDir);
  mkdirSync(outDir, { recursive: true });
  for (const old of readdirSync(outDir)) {
    if (old.endsWith(".gen.ts") && !files.has(old)) rmSync(join(outDir, old));
  }
  const written: string[] = [];
  for (const [name, code] of files) {
    const path = join(outDir, name);
    let current: string | undefined;
    try {
      current = readFileSync(path, "utf8");
    } catch {
      current = undefined;
    }
    if (current !== code) {
      writeFileSync(path, code);
      written.push(name);
    }
  }
  return written;
}

const USAGE = "usage: gotrace-codegen --spec SPEC_DIR --out OUT_DIR";

/** The `gotrace-codegen` command. Returns the exit status. */
export function runCli(argv: string[]): number {
  let spec: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--spec") spec = argv[++i];
    else if (a === "--out") out = argv[++i];
    else if (a === "--help" || a === "-h") {
      console.log(
        `${USAGE}\n\nReads SPEC_DIR/go_trace.ksy and its imports and writes the codec's generated files to OUT_DIR.`,
      );
      return 0;
    } else {
      console.error(`gotrace-codegen: unknown argument ${a}\n${USAGE}`);
      return 2;
    }
  }
  if (!spec || !out) {
    console.error(USAGE);
    return 2;
  }
  try {
    const written = writeGenerated(resolve(spec), resolve(out));
    console.error(`gotrace-codegen: ${written.length === 0 ? "up to date" : `wrote ${written.join(", ")}`}`);
    return 0;
  } catch (err) {
    console.error(`gotrace-codegen: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
