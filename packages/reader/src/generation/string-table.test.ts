// StringTable keeps small IDs as positions in their batch and the rest in a
// Map; both must answer has/bytes/text as a plain Map of the same strings.
import { describe, expect, it } from "vitest";
import { StringTable } from "./string-table.js";

const enc = new TextEncoder();

describe("StringTable", () => {
  it("answers as a Map of the same strings, for dense, far, huge and bigint IDs", () => {
    const t = new StringTable();
    const want = new Map<number | bigint, string>();
    // Two batches of data; strings are slices of them.
    const a = enc.encode("alphabetagammadelta");
    const b = enc.encode("épsilonzeta");
    const add = (id: number | bigint, data: Uint8Array, start: number, length: number) => {
      t.add(id, data, start, length);
      want.set(id, new TextDecoder().decode(data.subarray(start, start + length)));
    };
    add(1, a, 0, 5);
    add(2, a, 5, 4);
    add(3, a, 9, 5);
    add(5, b, 0, 8); // "épsilon" is 8 bytes
    add(4, a, 14, 5); // back to the first batch's data after the second
    add(4_000_000, b, 8, 4); // fits the bitmap but far beyond the count: kept in the Map
    add(2 ** 40, a, 0, 1); // past the bitmap
    add(-5n, b, 0, 1); // a bigint (an int64 reading of a huge uint64)
    add(7, a, 0, 0); // empty string
    for (const [id, s] of want) {
      expect(t.has(id), String(id)).toBe(true);
      expect(new TextDecoder().decode(t.bytes(id)), String(id)).toBe(s);
      expect(t.text(id), String(id)).toBe(s);
    }
    for (const id of [6, 8, 1023, 1024, 3_999_999, 2 ** 40 + 1, -6n]) {
      expect(t.has(id), String(id)).toBe(false);
      expect(t.bytes(id), String(id)).toBeUndefined();
      expect(t.text(id), String(id)).toBe("");
    }
    // ID 0 is the empty string, always present.
    expect(t.has(0)).toBe(true);
    // One view per string: asking twice gives the same object.
    expect(t.bytes(3)).toBe(t.bytes(3));
  });

  it("grows to many dense IDs", () => {
    const t = new StringTable();
    const data = enc.encode("0123456789");
    const n = 100_000;
    for (let id = 1; id <= n; id++) t.add(id, data, id % 10, 1);
    for (const id of [1, 2, 1023, 1024, 1025, 65_536, n]) expect(t.text(id)).toBe(String(id % 10));
    expect(t.has(n + 1)).toBe(false);
  });
});
