import { expect, it } from "vitest";
import { concatBytes } from "./concat.js";

it("joins chunks in order into a new array", () => {
  const a = Uint8Array.of(1, 2);
  const b = new Uint8Array(0);
  const c = Uint8Array.of(3, 4, 5).subarray(1);
  const out = concatBytes([a, b, c]);
  expect([...out]).toEqual([1, 2, 4, 5]);
  expect(out.buffer).not.toBe(a.buffer);
  expect(concatBytes([]).length).toBe(0);
});
