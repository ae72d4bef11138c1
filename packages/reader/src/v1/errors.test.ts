// Go's errors for broken v1 traces: the two golden files and crafted ones.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TraceError } from "@gotrace/codec";
import { goTestdataDir } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { convertV1Trace, openV1Trace, V1 } from "./index.js";
import { V1TraceWriter } from "../testing/v1-trace-writer.js";

const GOLDEN = join(goTestdataDir(), "golden-go1.27");

/** The TraceError `fn` throws. */
function caught(fn: () => unknown): TraceError {
  try {
    fn();
  } catch (e) {
    if (TraceError.isInstance(e)) return e;
    throw e;
  }
  throw new Error("did not throw");
}

const goErr = (bytes: Uint8Array) => caught(() => convertV1Trace(bytes)).goMessage;
const base = () => new V1TraceWriter(21).batch(0, 0).event(V1.Frequency, 1e9);

describe("Go's golden errors", () => {
  it("fuzz 4055b17cae1a3443: unexpected event type 36, after the first Sync", () => {
    const bytes = new Uint8Array(readFileSync(`${GOLDEN}/fuzz/4055b17cae1a3443.trace`));
    const want = readFileSync(`${GOLDEN}/fuzz/4055b17cae1a3443.parsed.err`, "utf8").trim();
    expect(want).toBe("unexpected event type 36");
    // Go prints "Sync Time=-1 N=1" and then fails (its .parsed.out).
    const conv = openV1Trace(bytes);
    expect(conv.firstSyncTime).toBe(-1);
    const err = caught(() => conv.next());
    expect(err.goMessage).toBe(want);
    expect(err.code).toBe("E_EVENT_TYPE");
    // The FutileWakeup is the 0x24 byte after the header and the Batch and Frequency events.
    expect(bytes[err.offset as number]).toBe(0x24);
    expect(goErr(bytes)).toBe(want);
  });

  it("edge empty21 (header only): no EvFrequency event", () => {
    const bytes = new Uint8Array(readFileSync(`${GOLDEN}/edge/empty21.trace`));
    const want = readFileSync(`${GOLDEN}/edge/empty21.parsed.err`, "utf8").trim();
    expect(want).toBe("no EvFrequency event");
    expect(goErr(bytes)).toBe(want);
  });
});

describe("crafted errors", () => {
  it("rejects event types the version does not have", () => {
    expect(goErr(base().raw(50).bytes())).toBe("unknown event type 50");
    expect(goErr(base().raw(0).bytes())).toBe("unknown event type 0");
    // CPU samples exist from 1.19 on.
    const old = new V1TraceWriter(11).batch(0, 0).event(V1.CPUSample, 0, 1, 0, 1, 0).bytes();
    expect(goErr(old)).toBe("unknown event type 49");
  });

  it("needs a batch before events", () => {
    expect(goErr(new V1TraceWriter(21).event(V1.Frequency, 1e9).bytes())).toBe(
      "read event 2 with current P of 0, but P has no batches yet",
    );
  });

  it("checks the batch header and arguments", () => {
    expect(goErr(new V1TraceWriter(21).raw(1, 0, 0).bytes())).toBe(
      "EvBatch has wrong number of arguments: got 1, want 2",
    );
    expect(goErr(new V1TraceWriter(21).batch(2 ** 31, 0).bytes())).toBe(
      "processor ID 2147483648 is larger than maximum of 18446744073709551615",
    );
    expect(goErr(base().event(V1.ProcStart, 0).bytes())).toBe("ProcStart has wrong number of arguments: want 2, got 1");
    expect(
      goErr(
        base()
          .raw(V1.ProcStart | (1 << 6), 0x80)
          .bytes(),
      ),
    ).toBe("failed to read event 5 argument: malformatted base-128 varint");
    expect(
      goErr(
        base()
          .raw(V1.GoCreate | (3 << 6), 0x81, 0x10)
          .bytes(),
      ),
    ).toBe("failed to read event 13 argument: length-prefixed argument too big: 2049 bytes, limit is 2048");
  });

  it("checks frequency, strings and stacks", () => {
    expect(goErr(new V1TraceWriter(21).batch(0, 0).event(V1.Frequency, 0).bytes())).toBe("time stamps out of order");
    expect(goErr(new V1TraceWriter(21).batch(0, 0).bytes())).toBe("no EvFrequency event");
    expect(goErr(base().string(1, "a").string(1, "b").bytes())).toBe("string has duplicate id 1");
    expect(goErr(base().string(0, "a").bytes())).toBe("string has invalid id 0");
    expect(goErr(base().event(V1.Stack, 1, 1001).bytes())).toBe("EvStack has bad number of frames: 1001");
    expect(goErr(base().event(V1.Stack, 1, 2, 1, 2, 3, 4).bytes())).toBe(
      "EvStack has wrong number of arguments: want 10, got 6",
    );
  });

  it("orders and validates", () => {
    // A goroutine that starts without being created can never be merged.
    expect(goErr(base().event(V1.GoStart, 1, 5, 1).bytes())).toBe("no consistent ordering of events possible");
    // Two Ps whose timestamps contradict the goroutine order.
    const skew = new V1TraceWriter(21)
      .batch(0, 100)
      .event(V1.Frequency, 1e9)
      .event(V1.GoCreate, 0, 5, 0, 0)
      .batch(1, 50)
      .event(V1.GoStart, 0, 5, 1)
      .bytes();
    expect(goErr(skew)).toBe("time stamps out of order");
    // GoSysCall has no ordering constraint, so the validator sees it on g 0.
    expect(goErr(base().event(V1.GoSysCall, 5, 0).bytes())).toBe("g 0 did GoSysCall (time 0)");
    // GoSched needs a running goroutine, so it cannot even be merged.
    expect(goErr(base().event(V1.GoSched, 5, 0).bytes())).toBe("no consistent ordering of events possible");
    const twice = base().event(V1.ProcStart, 3, 1).event(V1.ProcStart, 4, 1).bytes();
    expect(goErr(twice)).toBe("p 0 is running before start (time 4)");
    // A syscall exit with a real time but no GoSysBlock/GoInSyscall before it.
    const exit = base()
      .event(V1.GoCreate, 0, 5, 0, 0)
      .event(V1.GoStart, 1, 5, 1)
      .event(V1.GoBlock, 1, 0)
      .event(V1.GoSysExit, 1, 5, 2, 7)
      .bytes();
    expect(goErr(exit)).toBe("stray syscall exit");
  });

  it("quotes events in task and region errors as Go's %q of Event.String()", () => {
    const task = base().event(V1.UserTaskCreate, 1, 1, 0, 2, 0).event(V1.UserTaskCreate, 1, 1, 0, 2, 0).bytes();
    expect(goErr(task)).toBe(
      'task id conflicts (id:1), "1 UserTaskCreate p=0 g=0 stk=0 taskid=1 pid=0 typeid=2" vs "0 UserTaskCreate p=0 g=0 stk=0 taskid=1 pid=0 typeid=2"',
    );
    const region = base().event(V1.UserRegion, 1, 1, 0, 2, 0).event(V1.UserRegion, 1, 1, 1, 3, 0).bytes();
    expect(goErr(region)).toBe(
      'misuse of region in goroutine 0: span end "1 UserRegion p=0 g=0 stk=0 taskid=1 mode=1 typeid=3" when the inner-most active span start event is "0 UserRegion p=0 g=0 stk=0 taskid=1 mode=0 typeid=2"',
    );
    const mode = base().event(V1.UserRegion, 1, 1, 2, 2, 0).bytes();
    expect(goErr(mode)).toBe('invalid user region mode: "0 UserRegion p=0 g=0 stk=0 taskid=1 mode=2 typeid=2"');
  });
});
