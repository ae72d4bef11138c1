// Go's TestTraceV1: every v1 trace of Go's testdata (Go 1.11, 1.19, 1.21)
// parses and converts, and the 1.21 user-annotation trace carries the task,
// region and log strings Go's test checks. Beyond Go's test, the output is
// compared with what Go 1.27.3's `go tool trace -d=parsed` printed for these
// files: __fixtures__/go1.27.3-parsed-digests.json holds digests of its events
// (full text with stacks, Time= removed, sorted) and of its times (sorted).
// Those two digests are the same for every run of Go, whose raw output
// varies (see src/testing/v1-format.ts, timeless).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EV } from "@gotrace/codec";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { convertV1Trace, type V1Converted } from "./index.js";
import { fullEvent, timeless } from "../testing/v1-format.js";

interface Digest {
  events: number;
  eventsSha256: string;
  timesSha256: string;
}
const DIGESTS = (
  JSON.parse(readFileSync(new URL("./__fixtures__/go1.27.3-parsed-digests.json", import.meta.url), "utf8")) as {
    traces: Record<string, Digest>;
  }
).traces;
const sha256 = (lines: string[]) => createHash("sha256").update(lines.join("\n")).digest("hex");

const DIR = join(goTestdataDir(), "v1");
const names = readdirSync(DIR).filter((n) => n.endsWith("_good"));

function load(name: string): V1Converted {
  return convertV1Trace(new Uint8Array(readFileSync(join(DIR, name))));
}

describe("Go's v1 testdata", () => {
  it("has the 12 traces", () => {
    expect(names).toHaveLength(12);
  });

  for (const name of names) {
    it(`converts ${name}`, () => {
      const tr = load(name);
      expect(tr.events.length).toBeGreaterThan(0);
      expect(tr.firstSyncTime).toBe(-1);
      // Times are strictly increasing, as v2 requires.
      for (let i = 1; i < tr.events.length; i++) {
        expect(tr.events[i]?.time).toBeGreaterThan(tr.events[i - 1]?.time as number);
      }
      expect(tr.finalSyncTime).toBe((tr.events.at(-1)?.time as number) + 1);
    });

    it(`${name}: same events as Go 1.27.3 -d=parsed, up to the order of simultaneous events`, () => {
      const tr = load(name);
      const ours = [
        `M=-1 P=-1 G=-1 Sync Time=${tr.firstSyncTime} N=1`,
        ...tr.events.map((ev) => fullEvent(tr, ev)),
        `M=-1 P=-1 G=-1 Sync Time=${tr.finalSyncTime} N=2`,
      ];
      const { lines, times } = timeless(ours);
      const want = DIGESTS[name] as Digest;
      expect(lines.length).toBe(want.events);
      expect(sha256(lines)).toBe(want.eventsSha256);
      expect(sha256(times)).toBe(want.timesSha256);
    });
  }

  it("keeps the user annotations of user_task_region_1_21_good", () => {
    const tr = load("user_task_region_1_21_good");
    const str = (id: unknown) => tr.strings.get(id as number);
    const regions = new Set<string | undefined>();
    let tasks = 0;
    let logs = 0;
    for (const ev of tr.events) {
      if (ev.type === EV.UserRegionBegin || ev.type === EV.UserRegionEnd) regions.add(str(ev.args[1]));
      if (ev.type === EV.UserTaskBegin) {
        tasks++;
        expect(str(ev.args[2])).toBe("task0");
      }
      if (ev.type === EV.UserTaskEnd) {
        // The name travels as an extra string in slot 3.
        expect(tr.extraStrings[(ev.args[3] as number) - 1]).toBe("task0");
      }
      if (ev.type === EV.UserLog) {
        logs++;
        expect(ev.args[0]).toBe(1);
        expect(str(ev.args[1])).toBe("key0");
        expect(str(ev.args[2])).toBe("0123456789abcdef");
      }
    }
    expect([...regions].sort()).toEqual(["post-existing region", "region0", "region1"]);
    expect(tasks).toBeGreaterThan(0);
    expect(logs).toBeGreaterThan(0);
  });
});
