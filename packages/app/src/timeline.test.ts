// The timeline's drawing on a made-up model and a recording 2D context: what
// it draws for a row is bounded by the pixels, not by the spans (spans
// narrower than a pixel become one mark per pixel), only what is in view is
// drawn, and a click picks the span under it. The numbers follow from the
// model's construction: N spans of 1 ns every 2 ns, on a 1000-pixel span area.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { TimelineModel } from "./model.js";
import { SpanBuilder } from "./spans.js";
import { Timeline, firstEndingAfter } from "./timeline.js";

/** The span area's width: the canvas is 1150 CSS px, its first 150 are the labels. */
const AREA = 1000;
const LABEL_W = 150;
/** The P row's band: below the axis (22), heap (56) and GC (12) rows, 20 px high, spans inset by 2. */
const ROW_TOP = 22 + 56 + 12;

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A canvas whose 2D context records fillRect calls and ignores the rest. */
function recordingCanvas(): { canvas: HTMLCanvasElement; rects: Rect[] } {
  const rects: Rect[] = [];
  const ctx = new Proxy(
    { fillRect: (x: number, y: number, w: number, h: number) => rects.push({ x, y, w, h }) },
    {
      get: (target, key) => (key in target ? target[key as "fillRect"] : () => undefined),
      set: () => true,
    },
  );
  const canvas = {
    width: 0,
    height: 0,
    getContext: () => ctx,
    getBoundingClientRect: () => ({ width: LABEL_W + AREA, height: 400 }),
  };
  return { canvas: canvas as unknown as HTMLCanvasElement, rects };
}

/** One P row of n spans [2i, 2i+1) ns, goroutine i % 7. */
function model(n: number): TimelineModel {
  const b = new SpanBuilder(false);
  for (let i = 0; i < n; i++) b.add(2 * i, 2 * i + 1, i % 7, -1, -1);
  const row = b.done(true);
  const empty = new Float64Array(0);
  return {
    overview: {
      goVersion: 27,
      durationNs: 2 * n,
      generations: 1,
      events: 2 * n,
      gcCycles: 0,
      goroutines: 0,
      procs: 1,
      allocFree: false,
      startNs: 0,
    },
    procIds: [0],
    procs: [row],
    goroutineIds: [],
    goroutineNames: [],
    goroutines: [],
    gc: { start: empty, end: empty },
    heapAlloc: { time: empty, value: empty },
    heapGoal: { time: empty, value: empty },
    stacks: [],
  };
}

/** The marks drawn inside the P row. */
function rowMarks(rects: Rect[]): Rect[] {
  return rects.filter((r) => r.y >= ROW_TOP && r.y + r.h <= ROW_TOP + 20 && r.x >= LABEL_W - 1);
}

describe("timeline drawing", () => {
  // Frames are drawn by calling draw() here; a requested frame never comes.
  beforeAll(() => {
    vi.stubGlobal("requestAnimationFrame", () => 0);
  });

  it("draws a million sub-pixel spans as at most one mark per pixel", () => {
    const { canvas, rects } = recordingCanvas();
    const t = new Timeline(canvas);
    t.setModel(model(1_000_000), false);
    t.draw();
    const marks = rowMarks(rects);
    // 2,000 ns a pixel: every pixel holds 1,000 spans, so one mark each, 1 px wide.
    expect(marks.length).toBeGreaterThanOrEqual(AREA - 1);
    expect(marks.length).toBeLessThanOrEqual(AREA + 1);
    expect(marks.every((r) => r.w === 1)).toBe(true);
    expect(new Set(marks.map((r) => r.x)).size).toBe(marks.length);
  });

  it("draws only the spans in view, each as wide as its time", () => {
    const { canvas, rects } = recordingCanvas();
    const t = new Timeline(canvas);
    t.setModel(model(1_000_000), false);
    // 100 ns in view: the spans starting at 1000, 1002, ..., 1098, each 1 ns = 10 px.
    t.t0 = 1000;
    t.t1 = 1100;
    t.draw();
    const marks = rowMarks(rects);
    expect(marks.length).toBe(50);
    for (const [k, r] of marks.entries()) {
      expect(r.x).toBeCloseTo(LABEL_W + 20 * k, 6);
      expect(r.w).toBeCloseTo(10, 6);
    }
  });

  it("picks the span under a click, and none in a gap", () => {
    const { canvas } = recordingCanvas();
    const t = new Timeline(canvas);
    t.setModel(model(1000), false);
    t.t0 = 0;
    t.t1 = 100;
    t.draw();
    // Span 10 is [20, 21) ns: x from 350 to 360. The gap [21, 22) is x 360..370.
    expect(t.pick(355, ROW_TOP + 10)).toEqual({ kind: "proc", row: 0, span: 10 });
    expect(t.pick(365, ROW_TOP + 10)).toBeNull();
    // Above the P row: nothing.
    expect(t.pick(355, 5)).toBeNull();
  });

  it("finds a row's first span ending after a time", () => {
    const end = new Float64Array([1, 3, 5, 7]);
    expect(firstEndingAfter(end, 0)).toBe(0);
    expect(firstEndingAfter(end, 1)).toBe(1);
    expect(firstEndingAfter(end, 6.5)).toBe(3);
    expect(firstEndingAfter(end, 7)).toBe(4);
  });
});
