// The report's timeline in two forms: packed in a few typed arrays (cheap to
// make and to hand to another thread, where copying thousands of small
// objects costs more than making them), and as the report's points.
import type { HeapAnalyzer } from "../model/heap-model.js";
import type { TimelinePoint, TimelineSizeClass } from "./types.js";

/** Float64s per point in `scalars`, in TimelinePoint's order (null as NaN). */
const SCALARS = 8;

export interface PackedTimeline {
  /** The top types, in the order of `byType`'s columns. */
  types: string[];
  pageSize: number;
  /** SCALARS per point: time, live objects, live bytes, heap span bytes, stack bytes, HeapAlloc, HeapGoal, GC cycles. */
  scalars: Float64Array;
  /** types.length per point: live bytes of each top type. */
  byType: Float64Array;
  /** Per point, per size class: [span class, live objects, live bytes, spans, pages], all points one after another. */
  classes: Float64Array;
  /** Where each point's classes end in `classes`. */
  classEnds: Uint32Array;
}

export function packTimeline(a: HeapAnalyzer, top: readonly string[]): PackedTimeline {
  const samples = a.timeline.samples;
  const keys = top.map((t) => a.types.names.indexOf(t));
  const scalars = new Float64Array(samples.length * SCALARS);
  const byType = new Float64Array(samples.length * keys.length);
  const classEnds = new Uint32Array(samples.length);
  const classes = new Float64Array(samples.reduce((n, s) => n + s.classes.length, 0));
  let classAt = 0;
  samples.forEach((s, i) => {
    scalars.set(
      [
        s.timeNs,
        s.liveObjects,
        s.liveBytes,
        s.heapSpanBytes,
        s.stackBytes,
        s.heapAlloc ?? Number.NaN,
        s.heapGoal ?? Number.NaN,
        s.gcCycles,
      ],
      i * SCALARS,
    );
    keys.forEach((k, j) => {
      byType[i * keys.length + j] = k >= 0 ? (s.typeBytes[k] ?? 0) : 0;
    });
    classes.set(s.classes, classAt);
    classAt += s.classes.length;
    classEnds[i] = classAt;
  });
  return { types: [...top], pageSize: a.layout.pageSize, scalars, byType, classes, classEnds };
}

/** The buffers of a packed timeline, to transfer it instead of copying. */
export function packedBuffers(t: PackedTimeline): ArrayBuffer[] {
  return [t.scalars, t.byType, t.classes, t.classEnds].map((a) => a.buffer as ArrayBuffer);
}

export function unpackTimeline(t: PackedTimeline): TimelinePoint[] {
  const points: TimelinePoint[] = [];
  const n = t.classEnds.length;
  const width = t.types.length;
  let classAt = 0;
  for (let i = 0; i < n; i++) {
    const at = i * SCALARS;
    const byType: Record<string, number> = {};
    for (let j = 0; j < width; j++) byType[t.types[j] as string] = t.byType[i * width + j] as number;
    const end = t.classEnds[i] as number;
    const bySizeClass: TimelineSizeClass[] = [];
    for (; classAt < end; classAt += 5) {
      const sc = t.classes[classAt] as number;
      bySizeClass.push({
        sizeClass: sc < 0 ? -1 : sc >> 1,
        noscan: sc >= 0 && (sc & 1) === 1,
        liveObjects: t.classes[classAt + 1] as number,
        liveBytes: t.classes[classAt + 2] as number,
        spans: t.classes[classAt + 3] as number,
        spanBytes: (t.classes[classAt + 4] as number) * t.pageSize,
      });
    }
    points.push({
      timeNs: t.scalars[at] as number,
      liveObjects: t.scalars[at + 1] as number,
      liveBytes: t.scalars[at + 2] as number,
      heapSpanBytes: t.scalars[at + 3] as number,
      stackBytes: t.scalars[at + 4] as number,
      heapAlloc: orNull(t.scalars[at + 5] as number),
      heapGoal: orNull(t.scalars[at + 6] as number),
      gcCycles: t.scalars[at + 7] as number,
      byType,
      bySizeClass,
    });
  }
  return points;
}

function orNull(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}
