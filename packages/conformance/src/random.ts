// A small deterministic number generator for tests that make up their own
// inputs, so that a failure repeats run after run.

/** xorshift32 from `seed` (not 0): each call gives the next number in [0, 1). */
export function xorshift32(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}
