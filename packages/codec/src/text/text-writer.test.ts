// Writing text: Go's Event.String for detached events (formatRawRecord,
// recordsToText) and the binary → text converter's handling of the end of
// the input. (Go's -d=wire output for every golden binary is checked in
// text-golden.test.ts.)
import { describe, expect, it } from "vitest";
import { EV } from "../gen/events.gen.js";
import { TraceError } from "../errors/trace-error.js";
import { encodeHeader } from "../wire/header.js";
import { formatRawRecord } from "./format-record.js";
import { BinaryToText, binaryToText, recordsToText } from "./text-writer.js";

const bytes = (version: number, ...rest: number[]) => {
  const h = encodeHeader(version);
  const out = new Uint8Array(h.length + rest.length);
  out.set(h);
  out.set(rest, h.length);
  return out;
};

describe("formatRawRecord", () => {
  it("prints Go's line format, frames and data included", () => {
    expect(formatRawRecord({ type: EV.Stack, args: [1, 1, 2, 3, 4, 5] }, 26)).toBe(
      "Stack id=1 nframes=1\n\tpc=2 func=3 file=4 line=5",
    );
    expect(formatRawRecord({ type: EV.String, args: [1], data: new Uint8Array([0x22, 0xff]) }, 26)).toBe(
      'String id=1\n\tdata="\\"\\xff"',
    );
  });

  it('prints empty data as data="", as Go does for events read from text', () => {
    expect(formatRawRecord({ type: EV.String, args: [9], data: new Uint8Array(0) }, 22)).toBe('String id=9\n\tdata=""');
  });

  it("prints a nameless type of go 1.26 as an empty line, like Go; refuses types the version lacks", () => {
    expect(formatRawRecord({ type: 60, args: [] }, 26)).toBe("");
    expect(() => formatRawRecord({ type: 200, args: [] }, 26)).toThrow(TraceError);
    expect(() => formatRawRecord({ type: EV.Sync, args: [] }, 22)).toThrow("not an event of go 1.22");
    expect(() => formatRawRecord({ type: EV.Frequency, args: [] }, 26)).toThrow("fewer arguments");
  });

  it("prints the go 1.23 AllocFree events the decoder reads with the writing release's table", () => {
    expect(formatRawRecord({ type: 130, args: [1, 2] }, 23)).toBe("SpanFree dt=1 id=2");
  });

  it("recordsToText writes the header line and one line group per event", () => {
    expect(
      recordsToText(25, [
        { type: EV.Sync, args: [] },
        { type: EV.Frequency, args: [-1] },
      ]),
    ).toBe("Trace Go1.25\nSync\nFrequency freq=18446744073709551615\n");
  });
});

describe("BinaryToText at the end of the input", () => {
  it("ends quietly where Go's raw reader sees the end of the file (a cut between values)", () => {
    // EventBatch whose first argument never comes.
    const cut = bytes(26, EV.Sync, EV.EventBatch);
    expect(binaryToText(cut)).toBe("Trace Go1.26\nSync\n");
    let error: unknown;
    try {
      binaryToText(cut, { strictEnd: true });
    } catch (err) {
      error = err;
    }
    expect(TraceError.isInstance(error) && error.code).toBe("E_TRUNCATED");
  });

  it("fails inside a varint, as Go does (unexpected EOF), after handing out the text before", () => {
    const w = new BinaryToText();
    expect(w.push(bytes(26, EV.Sync, EV.Frequency, 0x80))).toBe("Trace Go1.26\nSync\n");
    expect(() => w.finish()).toThrow(expect.objectContaining({ goMessage: "unexpected EOF" }));
  });

  it("hands out text before a bad type byte, then throws on the next call", () => {
    const w = new BinaryToText();
    expect(w.push(bytes(26, EV.Sync, 60 + 140))).toBe("Trace Go1.26\nSync\n");
    expect(() => w.finish()).toThrow(expect.objectContaining({ goMessage: "invalid event type: 200" }));
  });

  it("writes the header line of an empty trace and nothing else", () => {
    expect(binaryToText(bytes(11))).toBe("Trace Go1.11\n");
    const w = new BinaryToText();
    expect(w.push(bytes(22).subarray(0, 5))).toBe("");
    expect(w.version).toBeUndefined();
    expect(w.push(bytes(22).subarray(5))).toBe("Trace Go1.22\n");
    expect(w.version).toBe(22);
    expect(w.finish()).toBe("");
  });
});
