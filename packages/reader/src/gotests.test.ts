// Go's own reader tests (src/internal/trace/testdata/tests/*.test, run by
// TestReaderGolden and TestTraceGenSync), from their raw text form.
import { textToBinary } from "@gotrace/codec";
import { goUnquote } from "@gotrace/codec/internal";
import { goTests } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { EventKind } from "./event/kinds.js";
import { TraceReader } from "./reader.js";
import { runParsed } from "./testing/run.js";

describe("Go's .test corpus", () => {
  for (const t of goTests()) {
    it(t.name, () => {
      const r = runParsed(textToBinary(t.traceText));
      if (t.expect.ok) {
        expect(r.error).toBeNull();
      } else {
        expect(r.error).not.toBeNull();
        const pattern = new TextDecoder().decode(goUnquote(t.expect.quotedPattern));
        expect(r.error!.goMessage).toMatch(new RegExp(pattern));
      }
    });
  }
});

describe("TestTraceGenSync", () => {
  const syncs = (name: string) => {
    const t = goTests().find((x) => x.name === name)!;
    const r = new TraceReader(textToBinary(t.traceText));
    const out = [];
    for (let ev = r.next(); ev !== null; ev = r.next()) {
      if (ev.kind === EventKind.Sync) out.push({ time: ev.time, snap: ev.sync().clockSnapshot });
    }
    return out;
  };

  it("go123-sync", () => {
    expect(syncs("go123-sync")).toEqual([
      { time: 10, snap: null },
      { time: 40, snap: null },
      // The generation's Frequency batch is at 80, but its minTs is 60.
      { time: 60, snap: null },
      { time: 63, snap: null },
    ]);
  });

  it("go125-sync", () => {
    // Wall times are 2025-02-28T15:04:09/10/11.000000123Z.
    const wall = (sec: number) => ({ sec: BigInt(Date.UTC(2025, 1, 28, 15, 4, sec) / 1000), nsec: 123n });
    expect(syncs("go125-sync")).toEqual([
      { time: 9, snap: { trace: 10n, mono: 99n, wall: wall(9) } },
      { time: 38, snap: { trace: 40n, mono: 199n, wall: wall(10) } },
      { time: 58, snap: { trace: 60n, mono: 299n, wall: wall(11) } },
      { time: 83, snap: null },
    ]);
  });
});
