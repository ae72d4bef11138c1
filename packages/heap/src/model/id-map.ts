// A map from object ids (integers up to 2^53: heap addresses in units of the
// heap's alignment, above 2^32 on every 64-bit Go heap) to non-negative
// int32 values, in two typed arrays: open addressing with linear probing.
// A JS Map of millions of entries costs 80+ bytes each and stalls on every
// rehash; this costs 12 bytes a slot, at most twice the entries, and
// nothing per entry on the JS heap. Deletion shifts later entries of the
// run back into the hole (no tombstones), so a table that churns through
// many more ids than it holds at once never fills up with dead slots.
import { TWO32 } from "@gotrace/codec/internal";

/** Slots a new map starts with (a power of two; exported for the tests). */
export const INITIAL_SLOTS = 1024;

/** The table doubles before more than this share of its slots is in use. */
const MAX_LOAD = 0.5;

/** An id → int32 (≥ 0) map in typed arrays, for the per-object tables of the heap model. */
export class IdMap {
  private keys = new Float64Array(INITIAL_SLOTS);
  /** Value + 1; 0 marks an empty slot. */
  private values = new Int32Array(INITIAL_SLOTS);
  private mask = INITIAL_SLOTS - 1;
  private limit = INITIAL_SLOTS * MAX_LOAD;
  /** Entries in the map. */
  size = 0;

  /** The value for `id`, or -1 when there is none. */
  get(id: number): number {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    for (let i = homeSlot(id, mask); ; i = (i + 1) & mask) {
      const v = values[i] as number;
      if (v === 0) return -1;
      if (keys[i] === id) return v - 1;
    }
  }

  /** Sets `id`'s value (a non-negative int32). */
  set(id: number, value: number): void {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let i = homeSlot(id, mask);
    for (; values[i] !== 0; i = (i + 1) & mask) {
      if (keys[i] === id) {
        values[i] = value + 1;
        return;
      }
    }
    keys[i] = id;
    values[i] = value + 1;
    if (++this.size > this.limit) this.grow();
  }

  /** Removes `id`; returns its value, or -1 when there was none. */
  delete(id: number): number {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let i = homeSlot(id, mask);
    for (; ; i = (i + 1) & mask) {
      const v = values[i] as number;
      if (v === 0) return -1;
      if (keys[i] === id) break;
    }
    const old = (values[i] as number) - 1;
    // Backward-shift deletion: move each later entry of the probe run whose
    // home is not between the hole and itself into the hole, so every entry
    // stays reachable from its home without a tombstone.
    let hole = i;
    for (let j = (i + 1) & mask; values[j] !== 0; j = (j + 1) & mask) {
      const home = homeSlot(keys[j] as number, mask);
      // j's home lies cyclically in (hole, j]: it must stay.
      if (hole <= j ? hole < home && home <= j : hole < home || home <= j) continue;
      keys[hole] = keys[j] as number;
      values[hole] = values[j] as number;
      hole = j;
    }
    values[hole] = 0;
    this.size--;
    return old;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const slots = oldKeys.length * 2;
    const keys = new Float64Array(slots);
    const values = new Int32Array(slots);
    const mask = slots - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const v = oldValues[i] as number;
      if (v === 0) continue;
      const id = oldKeys[i] as number;
      let j = homeSlot(id, mask);
      while (values[j] !== 0) j = (j + 1) & mask;
      keys[j] = id;
      values[j] = v;
    }
    this.keys = keys;
    this.values = values;
    this.mask = mask;
    this.limit = slots * MAX_LOAD;
  }
}

/**
 * The home slot of an id in a table of mask + 1 slots (exported for the
 * tests, which build collisions with it): both 32-bit halves mixed (ids of neighbouring
 * objects differ in their low bits by the object size, and all ids of one
 * heap share their high bits), then the top bits of a multiplicative hash.
 */
export function homeSlot(id: number, mask: number): number {
  const lo = id >>> 0;
  const hi = (id / TWO32) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 13;
  return h & mask;
}
