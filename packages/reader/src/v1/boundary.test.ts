// The converter as the reader sees it (src/v1/converter-seam.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TraceError } from "@gotrace/codec";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { convertV1Trace, v1Converter, type V1StreamedTrace } from "./index.js";

const read = (path: string) => new Uint8Array(readFileSync(path));
const HEADER = 16; // "go 1.21 trace\0\0\0"

describe("the v1 seam", () => {
  it("gives the same events from the whole trace or from the bytes after the header", () => {
    const bytes = read(join(goTestdataDir(), "v1", "user_task_region_1_21_good"));
    const want = convertV1Trace(bytes);
    for (const input of [bytes, bytes.subarray(HEADER)]) {
      const tr = v1Converter.convert(input, 21) as V1StreamedTrace;
      expect(tr.firstSyncTime).toBe(-1);
      const events = [...tr.events];
      expect(events).toEqual(want.events);
      expect(tr.finalSyncTime).toBe(want.finalSyncTime);
      expect(tr.extraStrings).toEqual(want.extraStrings);
      expect(tr.strings.get(1)).toBe(want.strings.get(1));
      expect(tr.stacks.size).toBe(want.stacks.size);
    }
  });

  it("reports a conversion error while iterating, after Go's first Sync", () => {
    const tr = v1Converter.convert(
      read(join(goTestdataDir(), "golden-go1.27", "fuzz", "4055b17cae1a3443.trace")),
      11,
    ) as V1StreamedTrace;
    expect(tr.firstSyncTime).toBe(-1);
    let err: unknown;
    try {
      for (const _ of tr.events) {
        // no events come before the error
      }
    } catch (e) {
      err = e;
    }
    expect(TraceError.isInstance(err) && err.goMessage).toBe("unexpected event type 36");
  });

  it("throws parse errors from convert", () => {
    let err: unknown;
    try {
      v1Converter.convert(read(join(goTestdataDir(), "golden-go1.27", "edge", "empty21.trace")), 21);
    } catch (e) {
      err = e;
    }
    expect(TraceError.isInstance(err) && err.goMessage).toBe("no EvFrequency event");
  });
});
