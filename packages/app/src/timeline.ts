// The timeline canvas: the heap counters and GC bands on top, a row per P
// with the goroutines that ran on it, then (collapsible) a row per goroutine
// with its states. Each frame draws only what is in view: a binary search
// finds a row's first visible span, and a run of spans narrower than a pixel
// becomes one pixel-wide mark, after which the search jumps to the next
// pixel, so a frame costs about (rows × pixels × log spans), whatever the
// trace's size.
import type { TimelineModel } from "./model.js";
import { type Spans, firstSpanEndingAfter, spanEnd, spanStart, spanValue } from "./spans.js";

/** What a click picked. */
export interface Selection {
  kind: "proc" | "goroutine";
  /** Row index in the model's procs or goroutines. */
  row: number;
  /** Span index in that row. */
  span: number;
}

const AXIS_H = 22;
const HEAP_H = 56;
const GC_H = 12;
const PROC_H = 20;
const GROUP_H = 20;
const G_H = 14;
const LABEL_W = 150;

/** GoState values (reader's GoState) to colours. */
const STATE_COLORS: Record<number, string> = {
  0: "#bbb", // Undetermined
  2: "#f2c14e", // Runnable
  3: "#3aa35b", // Running
  4: "#d7dde8", // Waiting
  5: "#9b6ad1", // Syscall
};
/** GoState NotExist: not drawn. */
const NOT_EXIST = 1;
/** Names of GoState values, for the details. */
export const STATE_NAMES: Record<number, string> = {
  0: "undetermined",
  1: "not existing",
  2: "runnable",
  3: "running",
  4: "waiting",
  5: "syscall",
};

/** Colours by goroutine id, made once each: building and parsing a colour string per span costs. */
const GO_COLORS = new Map<number, string>();

/** A goroutine's colour on the P rows: a hue from its id, so neighbours differ. */
function goColor(g: number): string {
  let c = GO_COLORS.get(g);
  if (c === undefined) {
    c = `hsl(${((g * 137.508) % 360).toFixed(0)} 55% 55%)`;
    GO_COLORS.set(g, c);
  }
  return c;
}

/** First index with end[i] > t (ends are sorted within a row). */
export function firstEndingAfter(end: Float64Array, t: number): number {
  let lo = 0;
  let hi = end.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (end[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The canvas view of a model: zoom, pan, selection. */
export class Timeline {
  /** The canvas it draws on. */
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  /** What it shows (null before a file is read); set with setModel. */
  model: TimelineModel | null = null;
  /** Visible time range, ns after the first event. */
  t0 = 0;
  /** End of the visible time range. */
  t1 = 1;
  /** Vertical scroll of the goroutine rows, px. */
  scrollY = 0;
  /** The goroutine rows are shown (their header folds them). */
  goroutinesOpen = true;
  /** The selected span, outlined. */
  selection: Selection | null = null;
  /** Goroutine row to highlight (a link followed). */
  highlight = -1;
  /** Rectangles drawn in the last frame (spans and merged pixels). */
  drawnMarks = 0;
  /** How long the last frame's drawing took, ms. */
  lastDrawMs = 0;
  /** Called after each frame is drawn. */
  onDraw: (() => void) | null = null;
  private pending = false;
  /** The heap counters' largest value (the chart's scale), found once per model. */
  private heapMax = 0;
  private width = 0;
  private height = 0;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    const ctx = canvas.getContext("2d");
    if (ctx === null) throw new Error("no 2D canvas context");
    this.ctx = ctx;
  }

  /** Shows a model; the view covers it all unless `keepView` (a partial model growing). */
  setModel(model: TimelineModel, keepView: boolean): void {
    const wasWhole = this.model === null || (this.t0 <= 0 && this.t1 >= this.model.overview.durationNs);
    this.model = model;
    let max = 0;
    for (const v of model.heapAlloc.value) if (v > max) max = v;
    for (const v of model.heapGoal.value) if (v > max) max = v;
    this.heapMax = max;
    if (!keepView || wasWhole) {
      this.t0 = 0;
      this.t1 = Math.max(1, model.overview.durationNs);
    }
    this.request();
  }

  /** Draws on the next animation frame (many requests in a frame draw once). */
  request(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  /** Zooms by `factor` (<1 in) around the time at canvas x. */
  zoom(factor: number, x = LABEL_W + (this.width - LABEL_W) / 2): void {
    if (this.model === null) return;
    const at = this.timeAt(x);
    const span = Math.min(Math.max((this.t1 - this.t0) * factor, 1000), this.model.overview.durationNs * 1.2 + 1);
    const frac = (at - this.t0) / (this.t1 - this.t0);
    this.t0 = at - span * frac;
    this.t1 = this.t0 + span;
    this.request();
  }

  /** Pans by a number of CSS pixels (positive: later). */
  pan(dx: number, dy = 0): void {
    const dt = (dx / Math.max(1, this.width - LABEL_W)) * (this.t1 - this.t0);
    this.t0 += dt;
    this.t1 += dt;
    this.scrollY = Math.max(0, this.scrollY + dy);
    this.request();
  }

  /** The time at canvas x (CSS px). */
  timeAt(x: number): number {
    return this.t0 + ((x - LABEL_W) / Math.max(1, this.width - LABEL_W)) * (this.t1 - this.t0);
  }

  private xOf(t: number): number {
    return LABEL_W + ((t - this.t0) / (this.t1 - this.t0)) * (this.width - LABEL_W);
  }

  /** Top y of the goroutine rows (below the P rows and the group header). */
  private goTop(): number {
    const procs = this.model?.procs.length ?? 0;
    return AXIS_H + HEAP_H + GC_H + procs * PROC_H + GROUP_H;
  }

  /** The row under canvas y, or null. */
  rowAt(y: number): { kind: "proc" | "goroutine" | "group"; row: number } | null {
    const m = this.model;
    if (m === null) return null;
    const procTop = AXIS_H + HEAP_H + GC_H;
    if (y >= procTop && y < procTop + m.procs.length * PROC_H)
      return { kind: "proc", row: Math.floor((y - procTop) / PROC_H) };
    const gTop = this.goTop();
    if (y >= gTop - GROUP_H && y < gTop) return { kind: "group", row: 0 };
    if (this.goroutinesOpen && y >= gTop) {
      const row = Math.floor((y - gTop + this.scrollY) / G_H);
      if (row < m.goroutines.length) return { kind: "goroutine", row };
    }
    return null;
  }

  /** The span under a click at (x, y), within 2 px; null for none. */
  pick(x: number, y: number): Selection | null {
    const m = this.model;
    const r = this.rowAt(y);
    if (m === null || r === null || r.kind === "group" || x < LABEL_W) return null;
    const spans = r.kind === "proc" ? m.procs[r.row] : m.goroutines[r.row];
    if (spans === undefined) return null;
    const t = this.timeAt(x);
    const slack = (2 / Math.max(1, this.width - LABEL_W)) * (this.t1 - this.t0);
    let i = firstSpanEndingAfter(spans, t - slack);
    const n = spans.n;
    // Prefer the span that contains t, else the nearest within the slack.
    if (i < n && spanStart(spans, i) > t + slack) return null;
    if (i < n - 1 && spanEnd(spans, i) < t && spanStart(spans, i + 1) <= t + slack) i++;
    if (i >= n) return null;
    return { kind: r.kind, row: r.row, span: i };
  }

  /** Scrolls so a goroutine row is in view and highlights it. */
  reveal(row: number): void {
    this.goroutinesOpen = true;
    this.highlight = row;
    const visible = Math.max(1, this.height - this.goTop());
    const y = row * G_H;
    if (y < this.scrollY || y + G_H > this.scrollY + visible) this.scrollY = Math.max(0, y - visible / 3);
    this.request();
  }

  /** Draws the frame now. */
  draw(): void {
    const started = performance.now();
    const dpr = globalThis.devicePixelRatio || 1;
    const rect = this.canvas.getBoundingClientRect();
    this.width = Math.max(200, Math.floor(rect.width));
    this.height = Math.max(200, Math.floor(rect.height));
    if (this.canvas.width !== this.width * dpr || this.canvas.height !== this.height * dpr) {
      this.canvas.width = this.width * dpr;
      this.canvas.height = this.height * dpr;
    }
    const ctx = this.ctx;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, this.width, this.height);
    this.drawnMarks = 0;
    const m = this.model;
    if (m !== null) {
      this.drawAxis();
      this.drawHeap(m);
      this.drawGC(m);
      const procTop = AXIS_H + HEAP_H + GC_H;
      for (let p = 0; p < m.procs.length; p++) {
        const y = procTop + p * PROC_H;
        this.label(`P${m.procIds[p]}`, y, PROC_H, p % 2 === 0);
        this.drawRow(m.procs[p]!, y + 2, PROC_H - 4, true, this.selection?.kind === "proc" && this.selection.row === p);
      }
      const gTop = this.goTop();
      ctx.fillStyle = "#eef1f6";
      ctx.fillRect(0, gTop - GROUP_H, this.width, GROUP_H);
      ctx.fillStyle = "#222";
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillText(`${this.goroutinesOpen ? "▾" : "▸"} Goroutines (${m.goroutines.length})`, 6, gTop - 6);
      if (this.goroutinesOpen) this.drawGoroutines(m, gTop);
    }
    this.lastDrawMs = performance.now() - started;
    this.onDraw?.();
  }

  private label(text: string, y: number, h: number, shade: boolean): void {
    const ctx = this.ctx;
    if (shade) {
      ctx.fillStyle = "#f7f8fa";
      ctx.fillRect(0, y, this.width, h);
    }
    ctx.fillStyle = "#333";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(text.length > 24 ? `${text.slice(0, 23)}…` : text, 6, y + h - 4, LABEL_W - 10);
  }

  private drawGoroutines(m: TimelineModel, gTop: number): void {
    const ctx = this.ctx;
    const first = Math.floor(this.scrollY / G_H);
    const last = Math.min(m.goroutines.length, first + Math.ceil((this.height - gTop) / G_H) + 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, gTop, this.width, this.height - gTop);
    ctx.clip();
    for (let r = first; r < last; r++) {
      const y = gTop + r * G_H - this.scrollY;
      if (r === this.highlight) {
        ctx.fillStyle = "#fff3c4";
        ctx.fillRect(0, y, this.width, G_H);
      }
      const name = m.goroutineNames[r] ?? "";
      this.label(`G${m.goroutineIds[r]} ${name}`, y, G_H, r % 2 === 0 && r !== this.highlight);
      this.drawRow(
        m.goroutines[r]!,
        y + 2,
        G_H - 4,
        false,
        this.selection?.kind === "goroutine" && this.selection.row === r,
      );
    }
    ctx.restore();
  }

  /** Draws one row's visible spans; runs narrower than a pixel become one mark per pixel. */
  private drawRow(s: Spans, y: number, h: number, byGoroutine: boolean, selectedRow: boolean): void {
    const ctx = this.ctx;
    const n = s.n;
    const scale = (this.width - LABEL_W) / (this.t1 - this.t0);
    const pxTime = 1 / scale;
    let i = firstSpanEndingAfter(s, this.t0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(LABEL_W, y, this.width - LABEL_W, h);
    ctx.clip();
    // Setting fillStyle parses the colour: only when it changes.
    let style = "";
    while (i < n) {
      const start = spanStart(s, i);
      if (start >= this.t1) break;
      const x0 = LABEL_W + (start - this.t0) * scale;
      const x1 = LABEL_W + (spanEnd(s, i) - this.t0) * scale;
      if (x1 - x0 >= 1) {
        const v = spanValue(s, i);
        if (!byGoroutine && v === NOT_EXIST) {
          i++;
          continue;
        }
        const want = byGoroutine ? goColor(v) : (STATE_COLORS[v] ?? "#bbb");
        if (want !== style) ctx.fillStyle = style = want;
        ctx.fillRect(x0, y, x1 - x0, h);
        if (x1 - x0 > 40 && byGoroutine) {
          ctx.fillStyle = style = "#fff";
          ctx.font = "10px system-ui, sans-serif";
          ctx.fillText(`G${v}`, Math.max(x0, LABEL_W) + 2, y + h - 3, x1 - Math.max(x0, LABEL_W) - 4);
        }
        this.drawnMarks++;
        i++;
      } else {
        // Everything that ends inside this pixel is one mark; busy rows show dark, idle light.
        const px = Math.floor(x0);
        const pxEnd = this.t0 + (px + 1 - LABEL_W) * pxTime;
        const next = Math.max(i + 1, firstSpanEndingAfter(s, pxEnd));
        const want = byGoroutine ? "#6b7a90" : (STATE_COLORS[spanValue(s, i)] ?? "#bbb");
        if (want !== style) ctx.fillStyle = style = want;
        ctx.fillRect(px, y, 1, h);
        this.drawnMarks++;
        i = next;
      }
    }
    if (selectedRow && this.selection !== null) {
      const k = this.selection.span;
      const x0 = LABEL_W + (spanStart(s, k) - this.t0) * scale;
      const x1 = LABEL_W + (spanEnd(s, k) - this.t0) * scale;
      ctx.strokeStyle = "#d00";
      ctx.lineWidth = 2;
      ctx.strokeRect(x0 - 1, y - 1, Math.max(2, x1 - x0 + 2), h + 2);
    }
    ctx.restore();
  }

  private drawAxis(): void {
    const ctx = this.ctx;
    const span = this.t1 - this.t0;
    const step = niceStep(span / 8);
    ctx.fillStyle = "#555";
    ctx.strokeStyle = "#e3e6ea";
    ctx.font = "10px system-ui, sans-serif";
    ctx.lineWidth = 1;
    for (let t = Math.ceil(this.t0 / step) * step; t < this.t1; t += step) {
      const x = Math.round(this.xOf(t)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, AXIS_H - 6);
      ctx.lineTo(x, this.height);
      ctx.stroke();
      ctx.fillText(formatNs(t), x + 3, AXIS_H - 8);
    }
  }

  private drawHeap(m: TimelineModel): void {
    const ctx = this.ctx;
    const top = AXIS_H;
    const a = m.heapAlloc;
    const g = m.heapGoal;
    const max = this.heapMax;
    this.label("Heap", top, HEAP_H, false);
    if (max === 0) return;
    const yOf = (v: number) => top + HEAP_H - 2 - (v / max) * (HEAP_H - 6);
    // One sample per pixel column: the last point at or before the column's end.
    const sample = (series: { time: Float64Array; value: Float64Array }, fill: boolean, color: string) => {
      const n = series.time.length;
      if (n === 0) return;
      ctx.beginPath();
      let started = false;
      for (let x = LABEL_W; x <= this.width; x++) {
        const t = this.timeAt(x + 1);
        const i = firstEndingAfter(series.time, t) - 1;
        if (i < 0) continue;
        const y = yOf(series.value[i]!);
        if (!started) {
          ctx.moveTo(x, fill ? top + HEAP_H - 2 : y);
          if (fill) ctx.lineTo(x, y);
          started = true;
        } else ctx.lineTo(x, y);
      }
      if (!started) return;
      if (fill) {
        ctx.lineTo(this.width, top + HEAP_H - 2);
        ctx.closePath();
        ctx.fillStyle = color;
        ctx.fill();
      } else {
        ctx.strokeStyle = color;
        ctx.lineWidth = 1;
        ctx.stroke();
      }
    };
    sample(a, true, "rgba(58, 120, 200, 0.45)");
    sample(g, false, "#c0392b");
    ctx.fillStyle = "#555";
    ctx.font = "10px system-ui, sans-serif";
    ctx.fillText(`max ${formatBytes(max)}`, 6, top + 26);
  }

  private drawGC(m: TimelineModel): void {
    const ctx = this.ctx;
    const y = AXIS_H + HEAP_H;
    this.label("GC", y, GC_H, false);
    const { start, end } = m.gc;
    let i = firstEndingAfter(end, this.t0);
    ctx.fillStyle = "#e07b39";
    let lastPx = -1;
    for (; i < start.length && start[i]! < this.t1; i++) {
      const x0 = Math.max(LABEL_W, this.xOf(start[i]!));
      const x1 = Math.min(this.width, this.xOf(end[i]!));
      // GC cycles closer than a pixel share one mark.
      if (Math.floor(x1) <= lastPx) continue;
      ctx.fillRect(x0, y + 2, Math.max(1, x1 - x0), GC_H - 4);
      lastPx = Math.floor(x1);
      this.drawnMarks++;
    }
  }
}

/** A round step (1, 2 or 5 × 10^k ns) near `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/** A time in ns as the largest fitting unit: "12.5ms". */
export function formatNs(ns: number): string {
  const a = Math.abs(ns);
  if (a >= 1e9) return `${(ns / 1e9).toFixed(3).replace(/\.?0+$/, "")}s`;
  if (a >= 1e6) return `${(ns / 1e6).toFixed(3).replace(/\.?0+$/, "")}ms`;
  if (a >= 1e3) return `${(ns / 1e3).toFixed(3).replace(/\.?0+$/, "")}µs`;
  return `${Math.round(ns)}ns`;
}

/** Bytes in binary units: "12.3 MiB". */
export function formatBytes(b: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = b;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}
