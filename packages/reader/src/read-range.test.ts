// readRange (the internal subpath's allocation-free Event.range() for @gotrace/analysis) gives
// exactly what range() gives, on every range event of every fixture: Go 1.22 to 1.27 traces
// with GC mark assists, sweeps (a proc's range) and stop-the-world ranges (named by their kind).
import { fixtures, readBytes } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { EventKind, ResourceKind, TraceReader } from "./index.js";
import { type RangeView, readRange } from "./internal.js";

const RANGE_KINDS = new Set<EventKind>([EventKind.RangeBegin, EventKind.RangeActive, EventKind.RangeEnd]);

describe("readRange", () => {
  const names = new Set<string>();
  const scopes = new Set<ResourceKind>();
  for (const f of fixtures().filter((f) => f.header >= 22 && f.golden.parsed.exit === 0)) {
    it(`equals Event.range() on ${f.name}`, () => {
      const reader = new TraceReader(readBytes(f.tracePath));
      const out: RangeView = { name: "", scopeKind: ResourceKind.None, scopeId: -1 };
      for (let ev = reader.next(); ev !== null; ev = reader.next()) {
        if (!RANGE_KINDS.has(ev.kind)) continue;
        const r = ev.range();
        expect(readRange(ev, out)).toBe(out);
        expect(out).toEqual({ name: r.name, scopeKind: r.scope.kind, scopeId: r.scope.id });
        names.add(r.name);
        scopes.add(r.scope.kind);
      }
    });
  }

  it("met every kind of range on the way (the comparisons above are not vacuous)", () => {
    expect([...names].filter((n) => n.startsWith("stop-the-world (")).length).toBeGreaterThan(0);
    expect(names).toContain("GC mark assist");
    expect(names).toContain("GC incremental sweep");
    expect(names).toContain("GC concurrent mark phase");
    expect([...scopes].sort()).toEqual([ResourceKind.None, ResourceKind.Goroutine, ResourceKind.Proc].sort());
  });

  it("throws on other kinds of event, as range() does", () => {
    const f = fixtures().find((f) => f.header >= 22 && f.golden.parsed.exit === 0)!;
    const ev = new TraceReader(readBytes(f.tracePath)).next()!;
    expect(ev.kind).toBe(EventKind.Sync);
    const out: RangeView = { name: "", scopeKind: ResourceKind.None, scopeId: 0 };
    expect(() => readRange(ev, out)).toThrow(/Range called on a Sync event/);
    expect(() => ev.range()).toThrow(/Range called on a Sync event/);
  });
});
