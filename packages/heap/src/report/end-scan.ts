// One pass over the objects live at the end, gathering everything the report
// slices them by: span class, type × goroutine group, task, region, age.
import type { HeapAnalyzer } from "../analyzer.js";

export interface EndScan {
  /** Live objects and bytes per span class. */
  classObjects: Map<number, number>;
  classBytes: Map<number, number>;
  /** Per type key: group name → [objects, bytes]. */
  typeGroups: Map<number, Map<string, [number, number]>>;
  /** Per group, task and region name: [objects, bytes]. */
  groups: Map<string, [number, number]>;
  tasks: Map<string, [number, number]>;
  regions: Map<string, [number, number]>;
  /** Per type key: most GC cycles a live object has survived. */
  maxCycles: Map<number, number>;
  /** Live objects allocated inside the trace (the rest come from the start snapshot). */
  allocatedInTrace: number;
}

function bump<K>(m: Map<K, [number, number]>, k: K, bytes: number): void {
  const v = m.get(k);
  if (v === undefined) m.set(k, [1, bytes]);
  else {
    v[0]++;
    v[1] += bytes;
  }
}

/** The last scan of each analyzer, kept while it has applied nothing since (the report and the profile both need one). */
const lastScans = new WeakMap<HeapAnalyzer, { stamp: string; scan: EndScan }>();

export function scanLiveObjects(a: HeapAnalyzer): EndScan {
  const stamp = `${a.events} ${a.allocFreeEvents} ${a.liveObjects} ${a.liveBytes} ${a.endNs}`;
  const last = lastScans.get(a);
  if (last !== undefined && last.stamp === stamp) return last.scan;
  const scan = scanOnce(a);
  lastScans.set(a, { stamp, scan });
  return scan;
}

function scanOnce(a: HeapAnalyzer): EndScan {
  const s: EndScan = {
    classObjects: new Map(),
    classBytes: new Map(),
    typeGroups: new Map(),
    groups: new Map(),
    tasks: new Map(),
    regions: new Map(),
    maxCycles: new Map(),
    allocatedInTrace: 0,
  };
  const completed = a.gc.completed;
  a.placement.forEach((f) => {
    s.classObjects.set(f.spanClass, (s.classObjects.get(f.spanClass) ?? 0) + 1);
    s.classBytes.set(f.spanClass, (s.classBytes.get(f.spanClass) ?? 0) + f.bytes);
    const group = Number.isNaN(f.allocTime) ? "<before the trace>" : a.goroutines.groupOf(f.goroutine);
    let tg = s.typeGroups.get(f.typeKey);
    if (tg === undefined) {
      tg = new Map();
      s.typeGroups.set(f.typeKey, tg);
    }
    bump(tg, group, f.bytes);
    bump(s.groups, group, f.bytes);
    bump(s.tasks, a.tasks.names[f.task] ?? "", f.bytes);
    bump(s.regions, a.regions.names[f.region] ?? "", f.bytes);
    if (!Number.isNaN(f.allocTime)) s.allocatedInTrace++;
    const cycles = f.gcAtAlloc < 0 ? completed : completed - f.gcAtAlloc;
    if (cycles > (s.maxCycles.get(f.typeKey) ?? -1)) s.maxCycles.set(f.typeKey, cycles);
  });
  return s;
}
