// The reader's API beyond the golden text: accessors, error details, v1 seam.
import { readFileSync } from "node:fs";
import { TraceError } from "@gotrace/codec";
import { fixture, goGoldens, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import type { Event } from "./event/event.js";
import { formatEvent } from "./event/format.js";
import { EventKind, GoState, ProcState, ResourceKind } from "./event/kinds.js";
import { TraceReader } from "./reader.js";

const edge = (name: string) => new Uint8Array(readFileSync(goGoldens("edge").find((g) => g.name === name)!.tracePath));

function all(bytes: Uint8Array): Event[] {
  const r = new TraceReader(bytes);
  const out: Event[] = [];
  for (let ev = r.next(); ev !== null; ev = r.next()) out.push(ev);
  return out;
}

function errorOf(bytes: Uint8Array): TraceError {
  try {
    all(bytes);
  } catch (e) {
    if (TraceError.isInstance(e)) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("accessors", () => {
  it("reads the minimal Go126 trace of the brief (§2.9)", () => {
    const [s1, st, s2] = all(edge("minimal126"));
    expect(s1!.kind).toBe(EventKind.Sync);
    expect(s1!.time).toBe(9);
    expect(s1!.sync()).toEqual({
      n: 1,
      clockSnapshot: { trace: 10n, mono: 99n, wall: { sec: 1740755049n, nsec: 123n } },
      experimentalBatches: new Map(),
    });
    expect(st!.kind).toBe(EventKind.StateTransition);
    expect(st!.thread).toBe(1);
    expect(st!.proc).toBe(-1);
    expect(st!.stateTransition()).toEqual({
      resource: { kind: ResourceKind.Proc, id: 0 },
      from: ProcState.Undetermined,
      to: ProcState.Running,
      reason: "",
      stack: null,
    });
    expect(s2!.sync()).toEqual({ n: 2, clockSnapshot: null, experimentalBatches: new Map() });
    expect(s2!.timeBigInt()).toBe(17n);
  });

  it("agrees with the formatted text on a trace with tasks, regions, logs and GC", () => {
    const kinds = new Set<number>();
    for (const ev of all(readBytes(fixture("annotations-go1.27-allocfree").tracePath))) {
      kinds.add(ev.kind);
      const line = formatEvent(ev).split("\n")[0]!;
      switch (ev.kind) {
        case EventKind.TaskBegin:
        case EventKind.TaskEnd: {
          const t = ev.task();
          expect(line).toContain(` ID=${t.id} Parent=${t.parent === -1 ? "18446744073709551615" : t.parent}`);
          expect(line).toContain(`Type=${JSON.stringify(t.type)}`);
          break;
        }
        case EventKind.RegionBegin:
        case EventKind.RegionEnd:
          expect(line).toContain(`Type=${JSON.stringify(ev.region().type)}`);
          break;
        case EventKind.Log:
          expect(line).toContain(`Category=${JSON.stringify(ev.log().category)}`);
          break;
        case EventKind.Metric:
          expect(line).toContain(`Value=Value{Uint64(${ev.metric().value})}`);
          break;
        case EventKind.RangeBegin:
        case EventKind.RangeActive:
        case EventKind.RangeEnd:
          expect(line).toContain(`Name=${JSON.stringify(ev.range().name)}`);
          break;
        case EventKind.Label:
          expect(line).toContain(`Label=${JSON.stringify(ev.label().label)}`);
          break;
        case EventKind.Experimental: {
          const x = ev.experimental();
          expect(x.experiment).toBe("AllocFree");
          expect(line).toContain(`Name=${x.name} Args=[${x.argNames[0]}=Value{Uint64(${x.args[0]})}`);
          break;
        }
        case EventKind.StateTransition: {
          const s = ev.stateTransition();
          if (s.resource.kind === ResourceKind.Goroutine) expect(line).toContain(`GoID=${s.resource.id} `);
          if (s.stack !== null) expect(formatEvent(ev)).toContain(`\nTransitionStack=\n`);
          break;
        }
        case EventKind.Sync: {
          const y = ev.sync();
          if (y.n === 1) expect(y.experimentalBatches.get("AllocFree")?.length).toBeGreaterThan(0);
          break;
        }
      }
    }
    for (const k of [EventKind.TaskBegin, EventKind.RegionBegin, EventKind.Log, EventKind.Experimental]) {
      expect(kinds.has(k)).toBe(true);
    }
  });

  it("gives goroutine states by name", () => {
    const created = all(readBytes(fixture("sched-go1.27").tracePath)).find(
      (e) => e.kind === EventKind.StateTransition && e.stateTransition().from === GoState.NotExist,
    );
    expect(created?.stateTransition().to).toBe(GoState.Runnable);
    expect(created?.stateTransition().stack).not.toBeNull();
  });
});

describe("errors", () => {
  it("says where: generation, M and byte offset", () => {
    const e = errorOf(edge("badstk"));
    expect(e.code).toBe("E_ORDER");
    expect(e.goMessage).toBe("found invalid stack ID 5 for event GoBlock");
    expect(e.offset).toBeGreaterThan(16);
    expect(e.message).toMatch(
      /^at byte \d+: found invalid stack ID 5 for event GoBlock \(generation 1, batch M=\d+\)$/,
    );
  });

  it("reports Go's panic on an unknown experiment as an error", () => {
    const e = errorOf(edge("exp7"));
    expect(e.goMessage).toBe("panic: runtime error: index out of range [7] with length 2");
  });

  it("keeps throwing the same error", () => {
    const r = new TraceReader(edge("dupstr"));
    expect(r.next()?.kind).toBe(EventKind.Sync);
    expect(() => r.next()).toThrow(/multiple strings with the same ID/);
    expect(() => r.next()).toThrow(/multiple strings with the same ID/);
  });

  it("reads pre-1.22 traces with its own converter, with Go's error for a header-only one", () => {
    const e = errorOf(edge("empty21"));
    expect(e.goMessage).toBe("no EvFrequency event");
  });

  it("uses a v1 converter given in the options", () => {
    const r = new TraceReader(edge("empty21"), {
      v1Converter: {
        convert: () => ({
          strings: new Map([[1, "x"]]),
          stacks: new Map(),
          events: [{ type: 39, time: 100, m: 1, p: 0, g: 7, args: [1] }],
        }),
      },
    });
    const text: string[] = [];
    for (let ev = r.next(); ev !== null; ev = r.next()) text.push(formatEvent(ev));
    expect(text).toEqual([
      "M=-1 P=-1 G=-1 Sync Time=99 N=1",
      'M=1 P=0 G=7 Label Time=100 Label="x" Resource=Goroutine(7)',
      "M=-1 P=-1 G=-1 Sync Time=101 N=2",
    ]);
  });
});
