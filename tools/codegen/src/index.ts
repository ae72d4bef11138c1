// @gotrace/codegen: spec/*.ksy → IR → packages/codec/src/gen/*.gen.ts,
// spec/heap/size_classes.yaml → packages/heap/src/gen/size-classes.gen.ts,
// and hand-written WebAssembly text (--wat) → src/gen/kernel/*.gen.ts.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { emitEvents } from "./emit/events.js";
import { emitPayload } from "./emit/payload.js";
import { emitSizeClasses } from "./emit/size-classes.js";
import { emitTyped } from "./emit/typed.js";
import { loadSpec } from "./ir/load.js";
import type { SpecIR } from "./ir/model.js";
import { loadSizeClasses } from "./ir/size-classes.js";
import { validateSpec } from "./ir/validate.js";
import { emitKernel } from "./wasm/kernel.js";

export type { SpecIR } from "./ir/model.js";
export { loadSpec } from "./ir/load.js";
export { validateSpec } from "./ir/validate.js";
export type { HeaderTableIR, SizeClassesIR, SizeClassTableIR } from "./ir/size-classes.js";
export { loadSizeClasses, SIZE_CLASSES_FILE } from "./ir/size-classes.js";
export { emitKernel } from "./wasm/kernel.js";

/** What to generate: the codec's files, or @gotrace/heap's size-class tables. */
export type Target = "codec" | "heap";
export const TARGETS: readonly Target[] = ["codec", "heap"];

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

/** Generates @gotrace/heap's files from spec/heap/size_classes.yaml and go_trace.ksy's formats. */
export function generateHeap(specDir: string): Map<string, string> {
  const spec: SpecIR = loadSpec(specDir);
  const ir = loadSizeClasses(specDir, spec.formats, ["go_trace.ksy"]);
  return new Map([["size-classes.gen.ts", emitSizeClasses(ir)]]);
}

/** Writes the target's generated files into outDir, removing stale *.gen.ts files. */
export function writeGenerated(specDir: string, outDir: string, target: Target = "codec"): string[] {
  const files = target === "heap" ? generateHeap(specDir) : generate(specDir);
  return replaceGenerated(outDir, files);
}

/**
 * Makes outDir hold exactly `files` among its *.gen.ts files: stale ones are removed, and only
 * those whose content differs are written. Returns the names written.
 */
function replaceGenerated(outDir: string, files: Map<string, string>): string[] {
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

/**
 * Assembles each .wat file into outDir/kernel/NAME.gen.ts (tally-kernel.wat → tally-kernel.gen.ts),
 * removing stale ones there. Kept apart from the spec's files, which writeGenerated replaces as a set.
 */
export async function writeKernels(watPaths: readonly string[], outDir: string): Promise<string[]> {
  const dir = join(outDir, "kernel");
  const files = new Map<string, string>();
  for (const path of watPaths) files.set(`${basename(path, ".wat")}.gen.ts`, await emitKernel(path));
  return replaceGenerated(dir, files).map((name) => `kernel/${name}`);
}

const USAGE = "usage: gotrace-codegen [--target codec|heap] --spec SPEC_DIR --out OUT_DIR [--wat FILE.wat]...";

/** The `gotrace-codegen` command. Resolves to the exit status. */
export async function runCli(argv: string[]): Promise<number> {
  let spec: string | undefined;
  let out: string | undefined;
  const wat: string[] = [];
  let target: Target = "codec";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--spec") spec = argv[++i];
    else if (a === "--out") out = argv[++i];
    else if (a === "--wat") {
      const path = argv[++i];
      if (path === undefined) {
        console.error(`gotrace-codegen: --wat needs a file\n${USAGE}`);
        return 2;
      }
      wat.push(path);
    } else if (a === "--target") {
      const t = argv[++i];
      if (!TARGETS.includes(t as Target)) {
        console.error(`gotrace-codegen: unknown target ${t}\n${USAGE}`);
        return 2;
      }
      target = t as Target;
    } else if (a === "--help" || a === "-h") {
      console.log(
        `${USAGE}\n\ncodec (the default): reads SPEC_DIR/go_trace.ksy and its imports and writes the codec's generated files to OUT_DIR.\nheap: reads SPEC_DIR/heap/size_classes.yaml (and go_trace.ksy's formats) and writes size-classes.gen.ts to OUT_DIR.\n--wat FILE.wat: also assembles that WebAssembly text into OUT_DIR/kernel/FILE.gen.ts.`,
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
    const written = writeGenerated(resolve(spec), resolve(out), target);
    if (wat.length > 0) {
      const kernels = await writeKernels(
        wat.map((w) => resolve(w)),
        resolve(out),
      );
      written.push(...kernels);
    }
    console.error(`gotrace-codegen: ${written.length === 0 ? "up to date" : `wrote ${written.join(", ")}`}`);
    return 0;
  } catch (err) {
    console.error(`gotrace-codegen: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
