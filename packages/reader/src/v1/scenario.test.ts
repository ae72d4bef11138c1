// A hand-written Go 1.21 trace through parse and conversion, checking the
// converter's special cases against what tracev1.go does with them.
import { EV } from "@gotrace/codec";
import { describe, expect, it } from "vitest";
import { convertV1Trace, openV1Trace, parseV1Trace, V1 } from "./index.js";
import { V1TraceWriter } from "../testing/v1-trace-writer.js";

// 1 tick = 1 ns, so times are easy to follow. Batch of P 0 at tick 1000.
function scenario(): Uint8Array {
  return (
    new V1TraceWriter(21)
      .batch(0, 1000)
      .event(V1.Frequency, 1e9)
      .string(1, "main.f")
      .string(2, "f.go")
      .event(V1.Stack, 1, 1, 0x1000, 1, 2, 10)
      .event(V1.ProcStart, 0, 7) // t=1000, thread 7
      .event(V1.GoCreate, 0, 1, 1, 0) // g1
      .event(V1.GoCreate, 0, 6, 1, 0) // g6
      .event(V1.GoCreate, 0, 5, 1, 0) // g5
      .event(V1.GoWaiting, 0, 6)
      .event(V1.GoStart, 1, 1, 1) // t=1001: g1 starts
      .event(V1.Gomaxprocs, 1, 2, 1) // t=1002: ends the initial state
      .event(V1.GoSysCall, 10, 1) // t=1012: does not block
      .event(V1.GoSched, 10, 1) // t=1022
      .event(V1.GoStart, 1, 5, 1) // t=1023: g5
      .event(V1.GoSysCall, 10, 1) // t=1033: blocks
      .event(V1.GoSysBlock, 1) // t=1034
      .event(V1.ProcStop, 1) // t=1035
      // P 1 later sees g5 return (it returned at tick 1040).
      .batch(1, 1100)
      .event(V1.ProcStart, 0, 8) // t=1100, thread 8
      .event(V1.GoSysExit, 0, 5, 2, 1040) // t=1100, moved to 1040
      .event(V1.FutileWakeup, 5)
      .bytes()
  );
}

describe("a hand-written v1 trace", () => {
  it("parses with Go's ordering, tick conversion and fake Ps", () => {
    const tr = parseV1Trace(scenario());
    expect(tr.version).toBe(21);
    const exit = tr.events.find((e) => e.type === V1.GoSysExit);
    // Moved to its real time (1040 - 1000 ns) and to the syscall P.
    expect(exit?.time).toBe(40);
    expect(exit?.p).toBe(1000003);
    expect(tr.events[0]?.time).toBe(0);
    expect(tr.stacks.get(1)).toEqual([0x1000]);
  });

  it("converts up to the FutileWakeup, then fails as Go does", () => {
    const conv = openV1Trace(scenario());
    expect(conv.firstSyncTime).toBe(-1);
    const got: string[] = [];
    let err: unknown;
    try {
      for (let ev = conv.next(); ev !== undefined; ev = conv.next()) {
        got.push(`${ev.type} t=${ev.time} m=${ev.m} p=${ev.p} g=${ev.g} ${ev.args.join(",")}`);
      }
    } catch (e) {
      err = e;
    }
    expect((err as { goMessage: string }).goMessage).toBe("unexpected event type 36");
    const s = (name: string) => [...conv.strings].find(([, v]) => v === name)?.[0];
    const forever = s("forever") as number;
    // Built-ins follow the trace's strings (1, 2) and the UserLog messages (none).
    expect(forever).toBe(3);
    expect(s("runtime.Gosched")).toBe(5);
    expect(got).toEqual([
      // First ProcStart of P 0: a status; its M is the thread it gives.
      `${EV.ProcStatus} t=0 m=7 p=0 g=-1 0,1,0,0`,
      // GoCreates before the first Gomaxprocs are dropped; GoWaiting is a status.
      `${EV.GoStatus} t=1 m=7 p=0 g=6 6,-1,4,0`,
      // GoStart before it is a Running status (times pushed up by the +1 fix-up).
      `${EV.GoStatus} t=2 m=7 p=0 g=1 1,-1,2,0`,
      // The Gomaxprocs itself is dropped; g5 was created but never described: Runnable.
      `${EV.GoStatus} t=3 m=-1 p=-1 g=-1 5,-1,1,0`,
      // A syscall that did not block: begin and end 1 ns apart.
      `${EV.GoSyscallBegin} t=12 m=7 p=0 g=1 0,1,0,0`,
      `${EV.GoSyscallEnd} t=13 m=7 p=0 g=1 0,0,0,0`,
      `${EV.GoStop} t=22 m=7 p=0 g=1 5,1,0,0`,
      `${EV.GoStart} t=23 m=7 p=0 g=5 5,1,0,0`,
      // One that blocked: begin only (GoSysBlock is dropped), and its end comes blocked.
      `${EV.GoSyscallBegin} t=33 m=7 p=0 g=5 0,1,0,0`,
      `${EV.ProcStop} t=35 m=7 p=0 g=-1 0,0,0,0`,
      `${EV.GoSyscallEndBlocked} t=40 m=-1 p=1000003 g=5 5,2,1040,0`,
      `${EV.ProcStatus} t=100 m=8 p=1 g=-1 1,1,0,0`,
    ]);
    expect(conv.lastTime).toBe(100);
  });

  it("resolves stack frames through the string table", () => {
    const bytes = new V1TraceWriter(21)
      .batch(0, 0)
      .event(V1.Frequency, 1e9)
      .string(1, "main.f")
      .string(2, "f.go")
      .event(V1.Stack, 1, 1, 0x1000, 1, 2, 10)
      .event(V1.ProcStart, 0, 7)
      .event(V1.Gomaxprocs, 1, 2, 1)
      .bytes();
    const tr = convertV1Trace(bytes);
    expect(tr.stacks.get(1)).toEqual([{ pc: 0x1000, func: "main.f", file: "f.go", line: 10 }]);
    // Only the ProcStatus: the first Gomaxprocs is dropped.
    expect(tr.events.map((e) => e.type)).toEqual([EV.ProcStatus]);
    expect(tr.finalSyncTime).toBe(1);
  });

  it("maps tasks, regions and inline log messages", () => {
    const bytes = new V1TraceWriter(21)
      .batch(0, 0)
      .event(V1.Frequency, 1e9)
      .string(1, "task0")
      .string(2, "region0")
      .string(3, "key0")
      .event(V1.ProcStart, 0, 7)
      .event(V1.GoCreate, 0, 1, 0, 0)
      .event(V1.GoStart, 1, 1, 1)
      .event(V1.Gomaxprocs, 1, 1, 0)
      .event(V1.UserTaskCreate, 1, 1, 0, 1, 0)
      .event(V1.UserRegion, 1, 1, 0, 2, 0)
      .userLog(1, 1, 3, 0, "hello")
      .userLog(1, 1, 3, 0, "hello")
      .event(V1.UserRegion, 1, 1, 1, 2, 0)
      .event(V1.UserTaskEnd, 1, 1, 0)
      .event(V1.UserTaskEnd, 1, 9, 0)
      .bytes();
    const tr = convertV1Trace(bytes);
    const user = tr.events.filter((e) => e.type >= EV.UserTaskBegin && e.type <= EV.UserLog);
    // "hello" is the one inline string: id 4, right after the trace's 3.
    expect(tr.strings.get(4)).toBe("hello");
    expect(user.map((e) => [e.type, ...e.args])).toEqual([
      [EV.UserTaskBegin, 1, -1, 1, 0], // parent 0 becomes NoTask
      [EV.UserRegionBegin, 1, 2, 0, 0],
      [EV.UserLog, 1, 3, 4, 0],
      [EV.UserLog, 1, 3, 4, 0],
      [EV.UserRegionEnd, 1, 2, 0, 0],
      [EV.UserTaskEnd, 1, 0, 0, 1], // parent as given (0), name as extra string 1
      [EV.UserTaskEnd, 9, 0, -1, 0], // unknown task: NoTask, ""
    ]);
    expect(tr.extraStrings).toEqual(["task0"]);
  });

  it("names stop-the-world reasons by format version", () => {
    const stw = (version: number, kind: number) => {
      const bytes = new V1TraceWriter(version)
        .batch(0, 0)
        .event(V1.Frequency, 1e9)
        .event(V1.ProcStart, 0, 7)
        .event(V1.Gomaxprocs, 1, 1, 0)
        .event(V1.STWStart, 1, kind)
        .event(V1.STWDone, 1)
        .bytes();
      const tr = convertV1Trace(bytes);
      const [begin, end] = tr.events.filter((e) => e.type === EV.STWBegin || e.type === EV.STWEnd);
      expect(end?.args[0]).toBe(begin?.args[0]);
      return tr.strings.get(begin?.args[0] as number);
    };
    expect(stw(21, 9)).toBe("GOMAXPROCS");
    expect(stw(21, 99)).toBe("");
    expect(stw(19, 0)).toBe("GC mark termination");
    expect(stw(11, 1)).toBe("GC sweep termination");
    expect(stw(11, 2)).toBe("");
  });
});
