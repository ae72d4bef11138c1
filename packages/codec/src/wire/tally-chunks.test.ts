// RawDecoder.tally (countFootprint's fast loop) takes plain events, and
// string data, straight from the buffer; anything it does not take, or that
// runs past the end of what has been pushed, goes to next(). Pushed in
// pieces of odd sizes, so that events and string data straddle every kind
// of boundary, every fixture must count exactly as event by event does.
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { FootprintCounter, countFootprint } from "./footprint.js";
import { RawDecoder } from "./raw-decoder.js";

function count(bytes: Uint8Array, piece: number, fast: boolean): string {
  const d = new RawDecoder();
  const fp = new FootprintCounter();
  const drain = () => {
    if (fast) countFootprint(d, fp);
    else for (let ev = d.next(); ev !== null; ev = d.next()) fp.add(ev);
  };
  for (let at = 0; at < bytes.length; at += piece) {
    d.push(bytes.subarray(at, at + piece));
    drain();
  }
  d.finish();
  drain();
  return fp.render(d.table, bytes.length);
}

describe("tally counts as next() does, pushed in pieces", () => {
  for (const f of fixtures().filter((f) => f.header >= 22 && f.expect.ok)) {
    it(f.name, () => {
      const bytes = readBytes(f.tracePath);
      const want = count(bytes, bytes.length, false);
      for (const piece of [97, 4093, 65_521]) expect(count(bytes, piece, true), `pieces of ${piece}`).toBe(want);
    });
  }
});
