// The pprof input of a finished analysis: one sample per (type, goroutine
// group), allocated counts from the whole trace, in-use counts at its end.
import type { HeapAnalyzer } from "../model/heap-model.js";
import { scanLiveObjects } from "../report/end-scan.js";
import type { PprofInput, PprofSample } from "./profile.js";

export function pprofInputOf(a: HeapAnalyzer): PprofInput {
  const rows = new Map<string, PprofSample>();
  const row = (type: string, group: string): PprofSample => {
    const key = `${type}\u0000${group}`;
    let r = rows.get(key);
    if (r === undefined) {
      r = { type, group, allocObjects: 0, allocBytes: 0, inuseObjects: 0, inuseBytes: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of a.goroutines.contexts.byIndex) {
    const group = a.goroutines.groupOf(c.goroutine);
    c.typeObjects.forEach((objects, typeKey) => {
      if (objects === 0) return;
      const r = row(a.types.names[typeKey] as string, group);
      r.allocObjects += objects;
      r.allocBytes += c.typeBytes[typeKey] as number;
    });
  }
  for (const [typeKey, groups] of scanLiveObjects(a).typeGroups) {
    for (const [group, [objects, bytes]] of groups) {
      const r = row(a.types.names[typeKey] as string, group);
      r.inuseObjects += objects;
      r.inuseBytes += bytes;
    }
  }
  const samples = [...rows.values()].sort(
    (x, y) =>
      y.inuseBytes - x.inuseBytes || y.allocBytes - x.allocBytes || (x.type + x.group < y.type + y.group ? -1 : 1),
  );
  const duration = a.events > 0 ? Math.round(a.endNs - a.startNs) : 0;
  return {
    samples,
    timeNanos: a.wallStartNs ?? 0,
    durationNanos: duration,
    comments: ["in-use values are the objects live at the end of the trace"],
  };
}
