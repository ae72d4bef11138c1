import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SortPath } from "./pdqsort.js";
import { goSortFunc } from "./pdqsort.js";

// Results of Go 1.27's slices.SortFunc printed by tools/unicode/oracles/sortfunc.go.txt.
// The helpers below reproduce that program's input patterns bit for bit.
type Row =
  | { kind: "hashes"; pattern: string; k: number; seed: number; hashes: string[] }
  | { kind: "order"; pattern: string; k: number; seed: number; n: number; order: number[] }
  | { kind: "adversary"; n: number; tieEvery: number; keys: number[]; hash: string }
  | { kind: "adversaryHashes"; tieEvery: number; keyHashes: string[]; orderHashes: string[] };

const rows = readFileSync(new URL("./__fixtures__/sortfunc.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.length > 0)
  .map((l) => JSON.parse(l) as Row);

/** The oracle's xorshift32 generator, seeded from the case seed and the size. */
function rng(seed: number, n: number): () => number {
  let s = (Math.imul(seed, 2654435761) + Math.imul(n, 40503) + 1) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** The oracle's input patterns (integer division as in Go). */
function keys(pattern: string, k: number, seed: number, n: number): number[] {
  const next = rng(seed, n);
  const div = (a: number, b: number): number => Math.trunc(a / b);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (pattern) {
      case "random":
        out.push(next() % (k === 0 ? n + 1 : k));
        break;
      case "sorted":
      case "nearly":
        out.push(div(i * k, n));
        break;
      case "reversed":
        out.push(div((n - 1 - i) * k, n));
        break;
      case "sawtooth":
        out.push(i % k);
        break;
      case "organ":
        out.push(i < div(n, 2) ? div(i, k) : div(n - 1 - i, k));
        break;
      case "pushfront":
        out.push(i === n - 1 ? 0 : div(i, k) + 1);
        break;
      case "equal":
        out.push(0);
        break;
      default:
        throw new Error(`unknown pattern ${pattern}`);
    }
  }
  if (pattern === "nearly" && n > 0) {
    for (let s = 0; s < 3; s++) {
      const a = next() % n;
      const b = next() % n;
      [out[a], out[b]] = [out[b]!, out[a]!];
    }
  }
  return out;
}

interface Elem {
  readonly key: number;
  readonly idx: number;
}

/** Sorts (key, index) pairs by key only and returns the indices in their final order. */
function sortedOrder(ks: readonly number[], paths?: Set<SortPath>): number[] {
  const es: Elem[] = ks.map((key, idx) => ({ key, idx }));
  goSortFunc(es, (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0), paths && ((p) => paths.add(p)));
  return es.map((e) => e.idx);
}

/** The oracle's FNV-1a style hash of an index order. */
function hash(order: readonly number[]): string {
  let h = 2166136261;
  for (const i of order) h = Math.imul(h ^ i, 16777619);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * The oracle's adversary, run against our sort: it fixes element values lazily so as to
 * force bad pivots (see sortfunc.go.txt). The keys it ends with depend on every comparison
 * the sort made, so matching Go's key hashes means the same comparisons happened.
 */
function adversary(n: number, tieEvery: number): number[] {
  const GAS = -1;
  const val = new Array<number>(n).fill(GAS);
  const above = new Array<number>(n).fill(-1);
  let top = -1;
  let fixed = 0;
  const ids = Array.from({ length: n }, (_, i) => i);
  goSortFunc(ids, (x, y) => {
    if (val[x] === GAS && val[y] === GAS) {
      fixed++;
      val[x] = tieEvery > 0 && fixed % tieEvery === 0 && top >= 0 && above[x]! < top ? top : ++top;
    }
    const vx = val[x]!;
    const vy = val[y]!;
    if (vx === GAS) {
      above[x] = Math.max(above[x]!, vy);
      return 1;
    }
    if (vy === GAS) {
      above[y] = Math.max(above[y]!, vx);
      return -1;
    }
    return vx - vy;
  });
  return val.map((v) => (v === GAS ? ++top : v));
}

describe("goSortFunc", () => {
  const paths = new Set<SortPath>();

  it("leaves ties in Go's order for every pattern, seed and size 0..300", () => {
    const hashRows = rows.filter((r) => r.kind === "hashes");
    expect(hashRows.length).toBeGreaterThan(20);
    const mismatches: string[] = [];
    for (const r of hashRows) {
      r.hashes.forEach((want, n) => {
        if (hash(sortedOrder(keys(r.pattern, r.k, r.seed, n), paths)) !== want) {
          mismatches.push(`${r.pattern} k=${r.k} seed=${r.seed} n=${n}`);
        }
      });
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("reproduces complete index orders", () => {
    for (const r of rows) {
      if (r.kind !== "order") continue;
      expect(sortedOrder(keys(r.pattern, r.k, r.seed, r.n)), `${r.pattern} k=${r.k} n=${r.n}`).toEqual(r.order);
    }
  });

  it("matches Go on adversarial (quicksort-killer) inputs, with and without ties", () => {
    const adv = rows.filter((r) => r.kind === "adversary");
    expect(adv.length).toBeGreaterThan(10);
    for (const r of adv) {
      // Each of these inputs drives pdqsort into its heapsort fallback.
      const taken = new Set<SortPath>();
      expect(hash(sortedOrder(r.keys, taken)), `n=${r.n} tieEvery=${r.tieEvery}`).toBe(r.hash);
      expect(taken.has("heapsort"), `n=${r.n} tieEvery=${r.tieEvery}`).toBe(true);
      for (const p of taken) paths.add(p);
      if (r.tieEvery > 0) expect(new Set(r.keys).size).toBeLessThan(r.n);
    }
  });

  it("makes the same comparisons as Go under the adversary, for sizes 0..300", () => {
    const adv = rows.filter((r) => r.kind === "adversaryHashes");
    expect(adv.length).toBe(3);
    const mismatches: string[] = [];
    for (const r of adv) {
      r.keyHashes.forEach((want, n) => {
        const ks = adversary(n, r.tieEvery);
        if (hash(ks) !== want || hash(sortedOrder(ks, paths)) !== r.orderHashes[n]) {
          mismatches.push(`n=${n} tieEvery=${r.tieEvery}`);
        }
      });
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it("took every path of the algorithm in the cases above", () => {
    // Guards the fixtures' coverage: each branch that can reorder ties was exercised.
    expect([...paths].sort()).toEqual(
      ["breakPatterns", "heapsort", "insertion", "partialInsertion", "partitionEqual", "reverse"].sort(),
    );
  });

  it("sorts correctly", () => {
    const next = rng(7, 1000);
    const xs = Array.from({ length: 1000 }, () => next() % 100);
    const want = [...xs].sort((a, b) => a - b);
    goSortFunc(xs, (a, b) => a - b);
    expect(xs).toEqual(want);
    const empty: number[] = [];
    goSortFunc(empty, (a, b) => a - b);
    expect(empty).toEqual([]);
  });
});
