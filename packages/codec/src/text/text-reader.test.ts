// The text reader's API and each error path: Go's message in goMessage, our
// line number in front of it, values kept exact, and chunked input giving
// the same events. (The Go-checked outcomes are in text-go.test.ts.)
import { describe, expect, it } from "vitest";
import { EV } from "../gen/events.gen.js";
import { TraceError } from "../errors/trace-error.js";
import { encodeHeader } from "../wire/header.js";
import { textEventNames } from "./event-names.js";
import { isGoSpace } from "./go-scan.js";
import { parseUint10, RANGE, SYNTAX } from "./go-uint.js";
import { parseTextTrace, TextReader, TextStreamReader } from "./text-reader.js";
import { textToBinary } from "./text-to-binary.js";
import { binaryToText } from "./text-writer.js";

/** The TraceError a read throws. */
function failure(text: string, options = {}): TraceError {
  try {
    parseTextTrace(text, options);
  } catch (err) {
    if (TraceError.isInstance(err)) return err;
    throw err;
  }
  throw new Error("expected the text to be refused");
}

const H = "Trace Go1.26\n";

describe("reading events", () => {
  it("gives type bytes, arguments in wire order and data", () => {
    const { version, events } = parseTextTrace(
      `${H}EventBatch gen=1 m=18446744073709551615 time=9 size=16\nStack id=3 nframes=1\n\tpc=4660 func=1 file=2 line=3\nString id=1\n\tdata="wh\\x00t"\nEndOfGeneration\n`,
    );
    expect(version).toBe(26);
    expect(events).toEqual([
      { type: EV.EventBatch, args: [1, -1, 9, 16] },
      { type: EV.Stack, args: [3, 1, 4660, 1, 2, 3] },
      { type: EV.String, args: [1], data: new Uint8Array([0x77, 0x68, 0, 0x74]) },
      { type: EV.EndOfGeneration, args: [] },
    ]);
  });

  it("keeps 64-bit values exact: numbers below 2^53, -1 for 2^64-1, bigints otherwise", () => {
    const { events } = parseTextTrace(
      `${H}ProcStatus dt=9007199254740991 p=9007199254740992 pstatus=9007199254740993\nProcStatus dt=18446744073709551615 p=18446744073709551614 pstatus=000000000000000000000042\n`,
    );
    expect(events.map((e) => e.args)).toEqual([
      [2 ** 53 - 1, 2n ** 53n, 2n ** 53n + 1n],
      [-1, 2n ** 64n - 2n, 42],
    ]);
    // And they come back out as the same decimals.
    expect(binaryToText(textToBinary(`${H}ProcStatus dt=18446744073709551615 p=9007199254740993 pstatus=1\n`))).toBe(
      `${H}ProcStatus dt=18446744073709551615 p=9007199254740993 pstatus=1\n`,
    );
  });

  it("skips blank and comment lines anywhere, also between frames and before data", () => {
    const { events } = parseTextTrace(
      `# lead\n\n${H}  # c\nStack id=1 nframes=2\n\n\t# between\n\tpc=1 func=2 file=3 line=4\r\n\tpc=5 func=6 file=7 line=8\nString id=2\n#\n\tdata=\`raw\`\n`,
    );
    expect(events).toEqual([
      { type: EV.Stack, args: [1, 2, 1, 2, 3, 4, 5, 6, 7, 8] },
      { type: EV.String, args: [2], data: new TextEncoder().encode("raw") },
    ]);
  });

  it("reads a Stack whose frame count has bit 63 set as having no frames, like Go", () => {
    const text = `${H}Stack id=1 nframes=9223372036854775808\nSync\n`;
    expect(parseTextTrace(text).events).toEqual([
      { type: EV.Stack, args: [1, 2n ** 63n] },
      { type: EV.Sync, args: [] },
    ]);
    // Go's writer writes the count as it is; the decoder reads it the same way back.
    expect(binaryToText(textToBinary(text))).toBe(text);
  });

  it("accepts a header-only trace of every version Go knows, pre-1.22 ones included", () => {
    for (const v of [11, 19, 21, 22, 23, 25, 26]) {
      expect(parseTextTrace(`Trace Go1.${v}\n`)).toEqual({ version: v, events: [] });
      expect(textToBinary(`Trace Go1.${v}`)).toEqual(encodeHeader(v));
    }
  });

  it("wraps the header version around 2^32 as Go's uint32 does", () => {
    expect(new TextReader(`Trace Go1.${2 ** 32 + 22}\n`).version).toBe(22);
  });

  it("tells the line of the last event", () => {
    const r = new TextReader(`${H}\nSync\n# c\nStack id=1 nframes=1\n\tpc=1 func=1 file=1 line=1\nEndOfGeneration\n`);
    const lines: number[] = [];
    while (r.next() !== null) lines.push(r.line);
    expect(lines).toEqual([3, 5, 7]);
  });
});

describe("event names", () => {
  it("are those of Go 1.27's table for the version", () => {
    expect(textEventNames(22).has("UserLog")).toBe(true);
    expect(textEventNames(22).has("GoSwitch")).toBe(false); // go 1.23
    expect(textEventNames(23).has("ExperimentalBatch")).toBe(true);
    expect(textEventNames(23).has("Sync")).toBe(false); // go 1.25
    expect(textEventNames(25).has("ClockSnapshot")).toBe(true);
    expect(textEventNames(25).has("EndOfGeneration")).toBe(false); // go 1.26
    expect(textEventNames(26).get("EndOfGeneration")).toBe(EV.EndOfGeneration);
    expect(textEventNames(26).get("SpanAlloc")).toBe(129);
    expect(textEventNames(21).size).toBe(0);
  });

  it("can include the writing release's table, so that go 1.23 AllocFree events read back", () => {
    const text = "Trace Go1.23\nSpanAlloc dt=1 id=2 npages_value=3 kindclass=4\n";
    expect(failure(text, { strictGo127: true }).goMessage).toBe("unidentified event: SpanAlloc");
    const bytes = textToBinary(text);
    expect(Array.from(bytes.subarray(16))).toEqual([129, 1, 2, 3, 4]);
    // The decoder prints them by default (as go 1.23/1.24 tools did), so the text round-trips.
    expect(binaryToText(bytes)).toBe(text);
    expect(() => binaryToText(bytes, { strictGo127: true })).toThrow("invalid event type 129");
  });

  it("take the writing release's other names only once an experiment's event put the trace on its table, as the decoder does", () => {
    // Go 1.25's table has EndOfGeneration; Go 1.27 refuses it in go 1.25 text and binary, and so
    // does our decoder until an AllocFree event puts it on Go 1.25's table. Text that names it
    // earlier would encode to a trace nothing reads back.
    const text = "Trace Go1.25\nEndOfGeneration\n";
    expect(failure(text).goMessage).toBe("unidentified event: EndOfGeneration");
    const binary = new Uint8Array([...encodeHeader(25), EV.EndOfGeneration]);
    expect(() => binaryToText(binary)).toThrow("invalid event type 52");
    const after = "Trace Go1.25\nSpanAlloc dt=1 id=2 npages_value=3 kindclass=4\nEndOfGeneration\nUnnamed type=60\n";
    const bytes = textToBinary(after);
    expect(Array.from(bytes.subarray(16))).toEqual([129, 1, 2, 3, 4, EV.EndOfGeneration, 60]);
    expect(binaryToText(bytes, { lossless: true })).toBe(after);
    expect(failure("Trace Go1.25\nUnnamed type=60\n").goMessage).toBe("unidentified event: Unnamed type=60");
  });
});

describe("errors carry Go's text, the code E_TEXT and the line", () => {
  const cases: [string, string, number, string?][] = [
    ["", "EOF", 1, 'the text ends before its "Trace Go1.N" header line'],
    ["# only\n\n", "EOF", 3, 'the text ends before its "Trace Go1.N" header line'],
    ["Trace Go1.26x\n", 'failed to parse header Go version: strconv.ParseUint: parsing "26x": invalid syntax', 1],
    ["\n\nTrace Go1.24\n", "unknown or unsupported Go version 1.24", 3],
    [`${H}Foo\n`, "unidentified event: Foo", 2, "unidentified event: Foo (no such event in go 1.26)"],
    [
      "Trace Go1.21\nEventBatch gen=1 m=0 time=0 size=0\n",
      "unidentified event: EventBatch",
      2,
      "unidentified event: EventBatch (go 1.21 predates the v2 event format, so its text traces have no events)",
    ],
    [`${H}\nProcStatus dt=1 p=0 # c\n`, "reading args for ProcStatus: no argument", 3],
    [`${H}Stack id=1 nframes=2\n\tpc=1 func=2 file=3 line=4\n\tpc=1 func=2 file=3\n`, "no argument", 4],
    [
      `${H}Stack id=1 nframes=2\n\tpc=1 func=2 file=3 line=4\n\n`,
      "unexpected EOF while reading stack: args=[1 2 1 2 3 4]",
      2,
    ],
    [`${H}Sync\nString id=7\n`, "unexpected EOF while reading data for String: args=[7]", 3],
    [`${H}String id=7\n\n data="x\n`, 'failed to parse data: " data=\\"x": invalid syntax', 4],
    [`${H}String id=7\nSync\n`, 'malformed data: "Sync"', 3],
  ];
  for (const [text, goMessage, line, detail] of cases) {
    it(`${JSON.stringify(text)} → ${goMessage}`, () => {
      const err = failure(text);
      expect(err.code).toBe("E_TEXT");
      expect(err.goMessage).toBe(goMessage);
      expect(err.line).toBe(line);
      expect(err.message).toBe(`line ${line}: ${detail ?? goMessage}`);
    });
  }

  it("are thrown by the TextReader constructor for a bad header, like raw.NewTextReader", () => {
    expect(() => new TextReader("Trace\n")).toThrow("line 1: failed to parse header Go version");
  });

  it("report a too-long line only when Go's limit is asked for", () => {
    const text = `${H}#${"x".repeat(70000)}\nSync\n`;
    expect(parseTextTrace(text).events).toEqual([{ type: EV.Sync, args: [] }]);
    const err = failure(text, { goLineLimit: true });
    expect(err.goMessage).toBe("bufio.Scanner: token too long");
    expect(err.line).toBe(2);
  });
});

describe("streaming", () => {
  it("returns an event only once all its lines are in", () => {
    const r = new TextStreamReader();
    r.push("Trace Go1.26\nStack id=1 nframes=2\n\tpc=1 func=2 file=3 line=4\n");
    expect(r.next()).toBeNull();
    expect(r.version).toBe(26);
    expect(r.ended).toBe(false);
    r.push("\tpc=5 func=6 file=7 line=8\nSt");
    expect(r.next()).toEqual({ type: EV.Stack, args: [1, 2, 1, 2, 3, 4, 5, 6, 7, 8] });
    expect(r.next()).toBeNull();
    r.push("ring id=1\n");
    expect(r.next()).toBeNull(); // its data line is still to come
    r.push('\tdata="a"');
    expect(r.next()).toBeNull(); // the line may go on
    r.finish();
    expect(r.next()).toEqual({ type: EV.String, args: [1], data: new Uint8Array([0x61]) });
    expect(r.next()).toBeNull();
    expect(r.ended).toBe(true);
  });

  it("gives an unfinished header no version until it ends", () => {
    const r = new TextStreamReader();
    r.push("Trace Go1.2");
    expect(r.readHeader()).toBeUndefined();
    r.push("6\n");
    expect(r.readHeader()).toBe(26);
  });

  it("refuses text after finish", () => {
    const r = new TextStreamReader();
    r.finish();
    expect(() => r.push("x")).toThrow();
  });
});

describe("empty data", () => {
  it('reads data="" as zero bytes, and Go\'s writer writes a zero length', () => {
    const text = `${H}String id=1\n\tdata=""\n`;
    expect(parseTextTrace(text).events).toEqual([{ type: EV.String, args: [1], data: new Uint8Array(0) }]);
    expect(Array.from(textToBinary(text).subarray(16))).toEqual([EV.String, 1, 0]);
  });

  it("is not printed from binary (Go reads zero bytes as no data), so that text does not read back", () => {
    const text = binaryToText(textToBinary(`${H}String id=1\n\tdata=""\n`));
    expect(text).toBe(`${H}String id=1\n`);
    expect(failure(text).goMessage).toBe("unexpected EOF while reading data for String: args=[1]");
  });
});

describe("Go's scanning rules", () => {
  it("white space is unicode.IsSpace, the White_Space property", () => {
    const white = /\p{White_Space}/u;
    const differ: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (isGoSpace(c) !== white.test(String.fromCharCode(c))) differ.push(`U+${c.toString(16)}`);
    }
    expect(differ).toEqual([]);
  });

  it("ParseUint reports the first problem from the left", () => {
    expect(parseUint10("18446744073709551615")).toBe(2n ** 64n - 1n);
    expect(parseUint10("18446744073709551616")).toBe(RANGE);
    expect(parseUint10("99999999999999999999x")).toBe(RANGE);
    expect(parseUint10("1844674407370955161x")).toBe(SYNTAX);
    expect(parseUint10("")).toBe(SYNTAX);
    expect(parseUint10("-0")).toBe(SYNTAX);
    expect(parseUint10("0007")).toBe(7n);
  });
});
