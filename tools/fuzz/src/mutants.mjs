// Mutant number i of a seed string: the same (seed, i) gives the same bytes
// on every machine, independently of the other mutants.
import { createHash } from "node:crypto";
import { mutateBinary } from "./mutate-binary.mjs";
import { mutateText } from "./mutate-text.mjs";
import { Rng } from "./rng.mjs";

/**
 * @typedef {{ id: string, kind: "binary" | "text", seed: string, format: string, mutations: string[], bytes: Uint8Array }} Mutant
 */

/** Short content hash: names a mutant in the corpus. */
export function contentId(bytes) {
  return createHash("sha256").update(bytes).digest("hex").slice(0, 16);
}

function pickSeed(seeds, rng) {
  return rng.weighted(seeds.map((s) => [s.weight, s]));
}

/**
 * Makes mutant i.
 * @param {{ binary: import("./seeds.mjs").BinarySeed[], text: import("./seeds.mjs").TextSeed[] }} seeds
 * @param {string} seed
 * @param {number} i
 * @param {{ textShare: number }} options share of text mutants, 0..1
 * @returns {Mutant}
 */
export function makeMutant(seeds, seed, i, options) {
  const rng = new Rng(`${seed}/${i}`);
  if (seeds.text.length > 0 && (seeds.binary.length === 0 || rng.chance(options.textShare))) {
    const s = pickSeed(seeds.text, rng);
    const { text, mutations } = mutateText(s.text, rng);
    const bytes = new TextEncoder().encode(text);
    return { id: contentId(bytes), kind: "text", seed: s.name, format: s.format, mutations, bytes };
  }
  const s = pickSeed(seeds.binary, rng);
  const { bytes, mutations } = mutateBinary(s.bytes, s.layout, rng);
  return { id: contentId(bytes), kind: "binary", seed: s.name, format: s.format, mutations, bytes };
}
