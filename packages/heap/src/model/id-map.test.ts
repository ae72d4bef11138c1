// IdMap against what a map must do: every id set is found with its last
// value until deleted, and nothing else is found. Collisions are built with
// the table's own home-slot function, so the probe runs (and their wrap past
// the table's end) are known to be there rather than hoped for.
import { describe, expect, it } from "vitest";
import { homeSlot, IdMap, INITIAL_SLOTS } from "./id-map.js";

const MASK = INITIAL_SLOTS - 1;

/** `n` distinct ids from `from` on (stepping by `step`) whose home slot in a new map is `slot`. */
function idsAt(slot: number, n: number, from: number, step: number): number[] {
  const out: number[] = [];
  for (let id = from; out.length < n; id += step) if (homeSlot(id, MASK) === slot) out.push(id);
  return out;
}

/** A small deterministic generator (xorshift32), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe("IdMap", () => {
  it("finds what was set, -1 for what was not, and the last value set", () => {
    const m = new IdMap();
    expect(m.get(7)).toBe(-1);
    m.set(7, 0);
    m.set(8, 123456789);
    expect(m.get(7)).toBe(0);
    expect(m.get(8)).toBe(123456789);
    m.set(7, 5);
    expect(m.get(7)).toBe(5);
    // Setting an id again replaces its value; it is still one entry.
    expect(m.size).toBe(2);
    expect(m.delete(7)).toBe(5);
    expect(m.delete(7)).toBe(-1);
    expect(m.get(7)).toBe(-1);
    expect(m.get(8)).toBe(123456789);
    expect(m.size).toBe(1);
  });

  it("keeps ids above 2^32 apart, up to 2^53 (heap ids, and addresses above 2^48)", () => {
    const m = new IdMap();
    // Ids that agree in their low 32 bits, or in their high ones, or are adjacent near 2^53.
    const ids = [
      2 ** 32,
      2 ** 32 + 1,
      2 ** 33,
      2 ** 45 + 16,
      2 ** 48,
      2 ** 48 + 2 ** 32,
      2 ** 48 + 8,
      0xc000000000 + 16,
      0xc000000000 / 8,
      2 ** 53 - 2,
      2 ** 53 - 1,
      5,
    ];
    ids.forEach((id, i) => {
      m.set(id, i);
    });
    expect(m.size).toBe(ids.length);
    ids.forEach((id, i) => {
      expect(m.get(id), `id ${id}`).toBe(i);
    });
    // Their neighbours were never set.
    for (const id of ids) if (!ids.includes(id + 2)) expect(m.get(id + 2)).toBe(-1);
  });

  it("deletes from anywhere in a run of colliding ids, without losing the rest", () => {
    // 12 ids with one home slot: one probe run of 12 slots. Deleting each
    // position in turn (first, middle, last) must leave the others found.
    const same = idsAt(100, 12, 2 ** 40, 8);
    for (let victim = 0; victim < same.length; victim++) {
      const m = new IdMap();
      same.forEach((id, i) => {
        m.set(id, i);
      });
      expect(m.delete(same[victim] as number)).toBe(victim);
      same.forEach((id, i) => {
        expect(m.get(id), `after deleting #${victim}: #${i}`).toBe(i === victim ? -1 : i);
      });
      expect(m.size).toBe(same.length - 1);
    }
  });

  it("deletes in runs that wrap past the table's last slot, and in runs that merge", () => {
    // Homes in the last two slots and the first: their runs wrap to slot 0
    // and run into each other, so a deletion must not move an entry to a
    // slot before its home (cyclically).
    const last = idsAt(MASK, 4, 2 ** 36, 2);
    const beforeLast = idsAt(MASK - 1, 3, 2 ** 36, 2);
    const first = idsAt(0, 3, 2 ** 36, 2);
    const all = [...beforeLast, ...last, ...first];
    const orders = [all, [...all].reverse(), [...last, ...first, ...beforeLast]];
    for (const order of orders) {
      const m = new IdMap();
      all.forEach((id, i) => {
        m.set(id, i);
      });
      const gone = new Set<number>();
      for (const id of order) {
        m.delete(id);
        gone.add(id);
        all.forEach((other, i) => {
          expect(m.get(other)).toBe(gone.has(other) ? -1 : i);
        });
      }
      expect(m.size).toBe(0);
    }
  });

  it("grows by doubling and keeps every entry", () => {
    const m = new IdMap();
    // 100,000 ids laid out as tiny blocks are (16 bytes apart: ids 2 apart, from a heap base above 2^32).
    const base = 0xc000000000 / 8;
    const n = 100_000;
    for (let i = 0; i < n; i++) m.set(base + 2 * i, i);
    expect(m.size).toBe(n);
    for (let i = 0; i < n; i++) if (m.get(base + 2 * i) !== i) expect(m.get(base + 2 * i)).toBe(i);
    expect(m.get(base + 1)).toBe(-1);
    expect(m.get(base + 2 * n)).toBe(-1);
    // Deleting every other one leaves the rest.
    for (let i = 0; i < n; i += 2) m.delete(base + 2 * i);
    expect(m.size).toBe(n / 2);
    for (let i = 0; i < n; i++) {
      const want = i % 2 === 0 ? -1 : i;
      if (m.get(base + 2 * i) !== want) expect(m.get(base + 2 * i)).toBe(want);
    }
  });

  it("agrees with a Map through heavy churn (no tombstones pile up)", () => {
    // A key space of 3,000 ids churned 200,000 times: far more deletions than
    // the table has slots. The Map is the reference for every answer.
    const m = new IdMap();
    const ref = new Map<number, number>();
    const next = rng(0x9e3779b9);
    const key = (r: number) => 2 ** 44 + 2 * Math.floor(r * 3000);
    let mismatches = 0;
    for (let step = 0; step < 200_000; step++) {
      const id = key(next());
      const op = next();
      if (op < 0.45) {
        m.set(id, step);
        ref.set(id, step);
      } else if (op < 0.9) {
        if (m.delete(id) !== (ref.get(id) ?? -1)) mismatches++;
        ref.delete(id);
      } else if (m.get(id) !== (ref.get(id) ?? -1)) mismatches++;
    }
    expect(mismatches).toBe(0);
    expect(m.size).toBe(ref.size);
    for (const [id, v] of ref) expect(m.get(id)).toBe(v);
  });
});
