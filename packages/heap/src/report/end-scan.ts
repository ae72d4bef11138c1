// One pass over the objects live at the end, gathering everything the report
// slices them by: span class, type × goroutine group, task, region, age.
import type { HeapAnalyzer } from "../model/heap-model.js";
import type { AllocContext } from "../model/goroutines.js";
import { BEFORE_TRACE_KEY } from "./types.js";

export interface EndScan {
  /** Live objects and bytes per span class. */
  classObjects: Map<number, number>;
  classBytes: Map<number, number>;
  /** Per type key: group name → [objects, bytes]. */
  typeGroups: Map<number, Map<string, [number, number]>>;
  /** Per group, task and region name: [objects, bytes]; objects from before the trace are only under BEFORE_TRACE_KEY in `groups`. */
  groups: Map<string, [number, number]>;
  tasks: Map<string, [number, number]>;
  regions: Map<string, [number, number]>;
  /** Live objects and bytes from before the trace (the start-of-trace snapshot). */
  beforeTrace: [number, number];
  /** Per type key: most GC cycles a live object has survived. */
  maxCycles: Map<number, number>;
  /** Live objects allocated inside the trace (the rest come from the start snapshot). */
  allocatedInTrace: number;
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

const BEFORE_TRACE = BEFORE_TRACE_KEY;

function scanOnce(a: HeapAnalyzer): EndScan {
  // Counted by number first (span class, group, type and key indexes), and
  // named at the end: a name lookup per object costs more than the count.
  const groupNames: string[] = [BEFORE_TRACE];
  const groupIdByName = new Map<string, number>([[BEFORE_TRACE, 0]]);
  const groupOfGoroutine: number[] = [];
  const groupId = (goroutine: number): number => {
    const known = goroutine >= 0 ? groupOfGoroutine[goroutine] : undefined;
    if (known !== undefined) return known;
    const name = a.goroutines.groupOf(goroutine);
    let id = groupIdByName.get(name);
    if (id === undefined) {
      id = groupNames.length;
      groupNames.push(name);
      groupIdByName.set(name, id);
    }
    if (goroutine >= 0) groupOfGoroutine[goroutine] = id;
    return id;
  };
  /** Indexed by span class + 1 (span class -1: outside any known span). */
  const classObjects = new Float64Array(257);
  const classBytes = new Float64Array(257);
  const groupCounts: [number, number][] = [];
  const taskCounts: [number, number][] = [];
  const regionCounts: [number, number][] = [];
  /** Per type key: objects and bytes by group id, and the group ids in the order they first appeared. */
  const typeGroupCounts: TypeGroupCounts[] = [];
  /** Group id per allocation context, found once per context instead of once per object. */
  const groupOfContext: number[] = [];
  /**
   * Objects and bytes per allocation context × from the trace or not
   * (index context × 2 + 1 for objects allocated in the trace): groups,
   * tasks and regions are the contexts' sums, added up after the pass.
   */
  const contextObjects: number[] = [];
  const contextBytes: number[] = [];
  const maxCycles: number[] = [];
  let allocatedInTrace = 0;
  const completed = a.gc.completed;
  const contexts = a.goroutines.contexts.byIndex;
  // Without times: gcAtAlloc says whether an object was allocated in the trace.
  a.placement.forEach((f) => {
    const sc = f.spanClass + 1;
    classObjects[sc] = (classObjects[sc] as number) + 1;
    classBytes[sc] = (classBytes[sc] as number) + f.bytes;
    const fresh = f.gcAtAlloc >= 0;
    let group = 0;
    if (fresh) {
      // A context's first object is its goroutine's first too, or comes
      // after it: group ids are handed out in the same order as per object.
      group = groupOfContext[f.context] ?? -1;
      if (group < 0) {
        group = groupId((contexts[f.context] as AllocContext).goroutine);
        groupOfContext[f.context] = group;
      }
    }
    let tg = typeGroupCounts[f.typeKey];
    if (tg === undefined) {
      tg = { order: [], objects: [], bytes: [] };
      typeGroupCounts[f.typeKey] = tg;
    }
    const seen = tg.objects[group];
    if (seen === undefined) {
      tg.order.push(group);
      tg.objects[group] = 1;
      tg.bytes[group] = f.bytes;
    } else {
      tg.objects[group] = seen + 1;
      tg.bytes[group] = (tg.bytes[group] as number) + f.bytes;
    }
    const at = f.context * 2 + (fresh ? 1 : 0);
    const n = contextObjects[at];
    if (n === undefined) {
      contextObjects[at] = 1;
      contextBytes[at] = f.bytes;
    } else {
      contextObjects[at] = n + 1;
      contextBytes[at] = (contextBytes[at] as number) + f.bytes;
    }
    const cycles = f.gcAtAlloc < 0 ? completed : completed - f.gcAtAlloc;
    if (cycles > (maxCycles[f.typeKey] ?? -1)) maxCycles[f.typeKey] = cycles;
  }, false);
  contextObjects.forEach((objects, at) => {
    const bytes = contextBytes[at] as number;
    if ((at & 1) === 0) {
      count(groupCounts, 0, objects, bytes);
      return;
    }
    const context = contexts[at >> 1] as AllocContext;
    count(groupCounts, groupOfContext[at >> 1] as number, objects, bytes);
    // Objects from before the trace have no task or region: they are counted under BEFORE_TRACE alone.
    count(taskCounts, context.taskKey, objects, bytes);
    count(regionCounts, context.regionKey, objects, bytes);
    allocatedInTrace += objects;
  });
  const s: EndScan = {
    classObjects: new Map(),
    classBytes: new Map(),
    typeGroups: new Map(),
    groups: new Map(),
    tasks: new Map(),
    regions: new Map(),
    maxCycles: new Map(),
    allocatedInTrace,
    beforeTrace: [0, 0],
  };
  for (let sc = 0; sc < 257; sc++) {
    if (classObjects[sc] === 0) continue;
    s.classObjects.set(sc - 1, classObjects[sc] as number);
    s.classBytes.set(sc - 1, classBytes[sc] as number);
  }
  // Insertion order follows first appearance per key, as the name-keyed pass did; the sections sort anyway.
  typeGroupCounts.forEach((tg, typeKey) => {
    const named = new Map<string, [number, number]>();
    for (const group of tg.order) {
      merge(named, groupNames[group] as string, [tg.objects[group] as number, tg.bytes[group] as number]);
    }
    s.typeGroups.set(typeKey, named);
  });
  groupCounts.forEach((v, group) => {
    merge(s.groups, groupNames[group] as string, v);
  });
  s.beforeTrace = [groupCounts[0]?.[0] ?? 0, groupCounts[0]?.[1] ?? 0];
  taskCounts.forEach((v, key) => {
    merge(s.tasks, a.tasks.names[key] ?? "", v);
  });
  regionCounts.forEach((v, key) => {
    merge(s.regions, a.regions.names[key] ?? "", v);
  });
  maxCycles.forEach((cycles, typeKey) => {
    s.maxCycles.set(typeKey, cycles);
  });
  return s;
}

/** One type's live objects and bytes by group id (sparse arrays: a few groups each), and the ids in first-seen order. */
interface TypeGroupCounts {
  order: number[];
  objects: number[];
  bytes: number[];
}

function count(counts: [number, number][], k: number, objects: number, bytes: number): void {
  const v = counts[k];
  if (v === undefined) counts[k] = [objects, bytes];
  else {
    v[0] += objects;
    v[1] += bytes;
  }
}

function merge(m: Map<string, [number, number]>, name: string, v: [number, number]): void {
  const old = m.get(name);
  if (old === undefined) m.set(name, [v[0], v[1]]);
  else {
    old[0] += v[0];
    old[1] += v[1];
  }
}
