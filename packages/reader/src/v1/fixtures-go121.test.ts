// Our own Go 1.21 fixtures against Go 1.27's `go tool trace -d=parsed`. Go's
// v1 output is not deterministic (simultaneous events come out in map order),
// so the comparison is of multisets: of event texts without Time=, and of the
// times (see src/testing/v1-format.ts, timeless). Until the reader's formatEvent exists,
// src/testing/v1-format.ts's stand-in prints the events, plus the Sync events Go's
// reader adds.
import { fixtures, readBytes, readText } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { convertV1Trace } from "./index.js";
import { diff, fullEvent, goEvents, header, multiset, timeless } from "../testing/v1-format.js";

const go121 = fixtures().filter((f) => f.header === 21);

describe("Go 1.21 fixtures against Go 1.27 -d=parsed", () => {
  it("has the four Go 1.21 fixtures", () => {
    expect(go121.map((f) => f.name)).toEqual(["annotations-go1.21", "block-go1.21", "gc-go1.21", "sched-go1.21"]);
  });

  for (const f of go121) {
    // Exact equality with this one recorded run of Go (Go itself may order ties differently in other runs).
    it(`${f.name}: same event headers (M, P, G, kind, time) as the recorded Go run`, () => {
      const tr = convertV1Trace(readBytes(f.tracePath));
      const ours = [`M=-1 P=-1 G=-1 Sync Time=${tr.firstSyncTime}`, ...tr.events.map(header)];
      ours.push(`M=-1 P=-1 G=-1 Sync Time=${tr.finalSyncTime}`);
      const go = readText(f.golden.parsed.stdoutPath)
        .split("\n")
        .filter((l) => l.startsWith("M="))
        .map((l) => l.split(" ").slice(0, 5).join(" "));
      expect(ours.length).toBe(go.length);
      expect(diff(multiset(ours), multiset(go))).toEqual([]);
    });

    it(`${f.name}: same events as Go, up to the order of simultaneous events`, () => {
      const tr = convertV1Trace(readBytes(f.tracePath));
      const ours = [
        `M=-1 P=-1 G=-1 Sync Time=${tr.firstSyncTime} N=1`,
        ...tr.events.map((ev) => fullEvent(tr, ev)),
        `M=-1 P=-1 G=-1 Sync Time=${tr.finalSyncTime} N=2`,
      ];
      const a = timeless(ours);
      const b = timeless(goEvents(readText(f.golden.parsed.stdoutPath)));
      expect(diff(multiset(a.lines), multiset(b.lines))).toEqual([]);
      expect(a.times).toEqual(b.times);
    });
  }
});
