// Reads .ksy files (YAML) and follows their imports. Keeps the documents as
// plain objects; turning them into the IR is load.ts's job.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export type Ksy = Record<string, unknown>;

export interface KsyFile {
  /** Path relative to the spec directory, without `.ksy`. */
  readonly name: string;
  readonly doc: Ksy;
}

/** Loads `root` and everything it imports, depth first, each file once. */
export function loadKsyTree(specDir: string, root: string): KsyFile[] {
  const seen = new Map<string, KsyFile>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const text = readFileSync(join(specDir, `${name}.ksy`), "utf8");
    const doc = parse(text) as Ksy;
    seen.set(name, { name, doc });
    const meta = (doc.meta ?? {}) as Ksy;
    for (const imp of (meta.imports ?? []) as string[]) visit(imp);
  };
  visit(root);
  return [...seen.values()];
}

export class SpecError extends Error {
  constructor(file: string, where: string, message: string) {
    super(`${file}.ksy: ${where}: ${message}`);
    this.name = "SpecError";
  }
}

export function obj(v: unknown): Ksy {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Ksy) : {};
}

export function str(v: unknown, fallback = ""): string {
  return typeof v === "string" ? v.trim() : fallback;
}
