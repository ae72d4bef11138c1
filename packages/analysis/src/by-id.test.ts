import { expect, test } from "vitest";
import { ById } from "./by-id.js";

test("ById gives what a Map gives, and iterates by ascending id, across the array and the map", () => {
  // Ids near the count (the array), huge ones (the map), negative ones, and
  // ids first stored in the map that the array later grows over.
  const ids = [5, 3, 200_000, -1, 0, 70_000, 1 << 40, 3, 131_072, 140_000, 2 ** 53 - 1, 65_000, -7];
  const byId = new ById<string>();
  const map = new Map<number, string>();
  ids.forEach((id, i) => {
    byId.set(id, `v${i}`);
    map.set(id, `v${i}`);
    for (const k of map.keys()) expect(byId.get(k)).toBe(map.get(k));
  });
  for (const id of [3, -1, 1 << 40, 140_000, 12]) {
    byId.delete(id);
    map.delete(id);
  }
  for (const k of ids) expect(byId.get(k)).toBe(map.get(k));
  expect(byId.get(4)).toBeUndefined();
  expect(byId.get(1 << 41)).toBeUndefined();
  const sorted = [...map.keys()].sort((a, b) => a - b).map((k) => map.get(k));
  expect([...byId.values()]).toEqual(sorted);
});
