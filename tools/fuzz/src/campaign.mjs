// A fuzzing campaign: mutants 0, 1, 2, ... of one seed string through the
// chosen commands, until a number of runs or seconds is reached. Returns
// every finding with the mutant that caused it.
import { ALL_COMMANDS, BINARY_COMMANDS, TEXT_COMMANDS } from "./fuzzer.mjs";
import { makeMutant } from "./mutants.mjs";
import { binarySeeds, textSeeds } from "./seeds.mjs";

/**
 * @param {import("./fuzzer.mjs").Fuzzer} fuzzer
 * @param {{ seed: string, runs?: number, seconds?: number, indices?: number[], commands?: string[], onMutant?: (i: number) => void }} options
 *   runs: stop after about this many command runs; seconds: or after this long; indices: only these mutants
 */
export async function runCampaign(fuzzer, options) {
  const commands = options.commands ?? ALL_COMMANDS;
  const wantsBinary = commands.some((c) => BINARY_COMMANDS.includes(c));
  const wantsText = commands.some((c) => TEXT_COMMANDS.includes(c));
  const seeds = { binary: wantsBinary ? binarySeeds() : [], text: wantsText ? textSeeds() : [] };
  const start = Date.now();
  const firstRun = fuzzer.runs;
  const findings = [];
  let mutants = 0;
  const indices = options.indices ?? null;
  for (let k = 0; ; k++) {
    const i = indices === null ? k : indices[k];
    if (i === undefined) break;
    if (options.runs !== undefined && fuzzer.runs - firstRun >= options.runs) break;
    if (options.seconds !== undefined && Date.now() - start >= options.seconds * 1000) break;
    const mutant = makeMutant(seeds, options.seed, i, { textShare: wantsBinary ? 0.2 : 1 });
    const { findings: found } = await fuzzer.runMutant(mutant, commands);
    for (const f of found) findings.push({ ...f, mutant, index: i });
    mutants++;
    options.onMutant?.(i);
  }
  return { mutants, runs: fuzzer.runs - firstRun, seconds: (Date.now() - start) / 1000, findings };
}
