// A bitmap of small table IDs. Every event with a stack or string argument
// has it checked against the generation's tables (Go's validateTableIDs);
// IDs are small integers in practice, and a bit test is much cheaper than a
// Map lookup. Bigger (or bigint) IDs are left to the table's Map.
import type { U64 } from "../u64.js";

/** IDs below this fit (at most 1 MiB of bits). */
const LIMIT = 1 << 23;

/** Whether `id` is one an IdBits holds (else look in the Map). */
export function fitsIdBits(id: U64): id is number {
  return typeof id === "number" && id >= 0 && id < LIMIT;
}

export class IdBits {
  /** Bit id & 7 of byte id >> 3 is set for each ID added (replaced when it grows). */
  bits = new Uint8Array(64);

  /** Adds an ID that fits (fitsIdBits). */
  add(id: number): void {
    const byte = id >> 3;
    if (byte >= this.bits.length) {
      const bits = new Uint8Array(Math.max(byte + 1, 2 * this.bits.length));
      bits.set(this.bits);
      this.bits = bits;
    }
    this.bits[byte]! |= 1 << (id & 7);
  }

  /** Whether an ID that fits was added. */
  has(id: number): boolean {
    const byte = id >> 3;
    return byte < this.bits.length && (this.bits[byte]! & (1 << (id & 7))) !== 0;
  }
}
