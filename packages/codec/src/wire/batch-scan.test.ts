// scanBatches and resumeRawDecoder together: a trace cut at every batch
// boundary the scan finds, each piece tallied by its own decoder resumed
// where the previous one stopped, counts exactly as one decoder over the
// whole trace; and every cut is where that decoder finds an event boundary.
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { type BatchScan, scanBatches } from "./batch-scan.js";
import { FootprintCounter, countFootprint } from "./footprint.js";
import { RawDecoder, rawResumePoint, resumeRawDecoder } from "./raw-decoder.js";

function serial(bytes: Uint8Array): string {
  const d = new RawDecoder();
  const fp = new FootprintCounter();
  d.push(bytes);
  d.finish();
  countFootprint(d, fp);
  return fp.render(d.table, bytes.length);
}

/** Every batch boundary after the header, in order, as the scan finds them one batch at a time. */
function cuts(bytes: Uint8Array, from: number): number[] {
  const out: number[] = [];
  const scan: BatchScan = { end: 0, next: 0 };
  let p = from;
  outer: while (p < bytes.length) {
    // Windows that end inside the next batch: the scan stops before it and says how much it needs,
    // exactly once it has read the batch's header, until the window holds the whole batch.
    let want = 1;
    for (;;) {
      scanBatches(bytes, p, Math.min(bytes.length, p + want), scan);
      if (scan.next < 0) break outer;
      if (scan.end > p) break;
      expect(scan.next).toBeGreaterThan(want);
      if (p + want >= bytes.length) break outer; // the trace ends inside this batch
      want = scan.next;
    }
    p = scan.end;
    out.push(p);
  }
  return out;
}

describe("a trace cut at batch boundaries tallies as a whole", () => {
  for (const f of fixtures().filter((f) => f.header >= 22 && f.expect.ok)) {
    it(f.name, () => {
      const bytes = readBytes(f.tracePath);
      const first = new RawDecoder();
      first.push(bytes.subarray(0, 64));
      first.next();
      const header = first.header;
      if (header === undefined) throw new Error("no header");
      const at = cuts(bytes, header.length);
      expect(at.length).toBeGreaterThan(0);
      const fp = new FootprintCounter();
      let d = new RawDecoder();
      let from = 0;
      for (const to of [...at, bytes.length]) {
        d.push(bytes.subarray(from, to));
        d.finish();
        countFootprint(d, fp);
        expect(d.ended, `events end at the cut at ${to}`).toBe(true);
        const point = rawResumePoint(d);
        if (point === undefined) throw new Error("no resume point");
        expect(point.offset).toBe(to);
        d = resumeRawDecoder(point);
        from = to;
      }
      expect(fp.render(d.table, bytes.length)).toBe(serial(bytes));
    });
  }
});
