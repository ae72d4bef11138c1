// `gotrace text` then `gotrace encode` gives back the trace event for event,
// also where Go's text loses events: a nameless go 1.26 event type (Go prints
// an empty line) and a String with empty data (Go prints no data line, so its
// text reader takes the next line for the data). `gotrace wire` still prints
// exactly what Go prints.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EV, encodeHeader } from "@gotrace/codec";
import { afterAll, describe, expect, it } from "vitest";
import { gotrace } from "./testing/run-cli.js";

const work = mkdtempSync(join(tmpdir(), "gotrace-lossless-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("gotrace text → gotrace encode keeps every event", () => {
  // One batch: a nameless type (60), a String with empty data, another nameless type (127).
  const trace = Uint8Array.from([...encodeHeader(26), EV.EventBatch, 1, 2, 3, 6, 60, EV.String, 7, 0, 127]);
  const file = join(work, "nameless.trace");
  writeFileSync(file, trace);

  it("prints them in a form encode reads back, and encode writes the same bytes", () => {
    const text = gotrace(["text", file]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.toString()).toBe(
      'Trace Go1.26\nEventBatch gen=1 m=2 time=3 size=6\nUnnamed type=60\nString id=7\n\tdata=""\nUnnamed type=127\n',
    );
    const out = join(work, "back.trace");
    const enc = gotrace(["encode", "-", "-o", out], text.stdout);
    expect(enc.status, enc.stderr).toBe(0);
    expect(new Uint8Array(readFileSync(out))).toEqual(trace);
  });

  // As Go 1.27.3 -d=wire prints this very trace.
  it("wire prints Go's -d=wire text: an empty line per nameless event, no empty data line", () => {
    const wire = gotrace(["wire", file]);
    expect(wire.status, wire.stderr).toBe(0);
    expect(wire.stdout.toString()).toBe("EventBatch gen=1 m=2 time=3 size=6\n\nString id=7\n\n");
  });
});
