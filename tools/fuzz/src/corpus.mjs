// The committed corpus: mutants (corpus/mutants/*) with Go 1.27.3's outcome
// for each, listed in corpus/manifest.json. Binary mutants carry what
// `go tool trace -d=parsed` does with them (accepts, or the error or panic
// that stops it); text mutants what Go's raw text reader and writer do (the
// conversion `gotrace encode` performs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The corpus folder. */
export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "corpus");
const MANIFEST = join(CORPUS_DIR, "manifest.json");

/**
 * @typedef {{ accepts: boolean, error?: string, panic?: string, printPanic?: string, hang?: boolean }} GoOutcome
 * @typedef {{ file: string, kind: "binary" | "text", seed: string, format: string, mutations: string[],
 *   go: GoOutcome | null, found?: { command: string, symptom: string }[] }} CorpusEntry
 * @typedef {{ madeBy: string | null, seed: string, entries: CorpusEntry[] }} Manifest
 */

/** @returns {Manifest} */
export function readManifest() {
  if (!existsSync(MANIFEST)) return { madeBy: null, seed: "", entries: [] };
  return JSON.parse(readFileSync(MANIFEST, "utf8"));
}

/** @param {Manifest} manifest */
export function writeManifest(manifest) {
  mkdirSync(CORPUS_DIR, { recursive: true });
  manifest.entries.sort((a, b) => a.file.localeCompare(b.file));
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The bytes of an entry. */
export function entryBytes(entry) {
  return new Uint8Array(readFileSync(join(CORPUS_DIR, entry.file)));
}

/** The corpus file name for a mutant. */
export function mutantFile(mutant) {
  return `mutants/${mutant.id}.${mutant.kind === "text" ? "txt" : "trace"}`;
}

/** Stores a mutant's bytes in the corpus; returns its file name. */
export function storeMutant(mutant) {
  const file = mutantFile(mutant);
  mkdirSync(join(CORPUS_DIR, "mutants"), { recursive: true });
  writeFileSync(join(CORPUS_DIR, file), mutant.bytes);
  return file;
}

/** Go's outcome as the oracle reports it, in the corpus's terms: a print panic is a refusal too. */
export function goOutcome(r) {
  if (r === undefined) return null;
  const out = { accepts: r.ok && !r.printPanic };
  if (r.error) out.error = r.error;
  if (r.panic) out.panic = r.panic;
  if (r.printPanic) out.printPanic = r.printPanic;
  if (r.hang) out.hang = true;
  return out;
}
