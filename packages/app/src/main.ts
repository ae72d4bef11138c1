// The page: picks or takes a dropped file, hands it to the worker, and shows
// what comes back (overview, timeline, analyses, heap report). It never sends
// the trace anywhere: the worker reads it from the File in this tab.
import "./style.css";
import type { FromWorker, ToWorker } from "./messages.js";
import type { TimelineModel } from "./model.js";
import { firstSpanEndingAfter, spanBytes, spanEnd, spanRelated, spanStack, spanStart, spanValue } from "./spans.js";
import { STATE_NAMES, type Selection, Timeline, formatBytes, formatNs } from "./timeline.js";

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`#${id} missing from index.html`);
  return el as T;
};

const fileInput = $<HTMLInputElement>("file");
const status = $("status");
const perfettoButton = $<HTMLButtonElement>("perfetto");
const overview = $("overview");
const timelineSection = $("timeline-section");
const canvas = $<HTMLCanvasElement>("timeline");
const details = $("details");
const range = $("range");
const timeline = new Timeline(canvas);

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
let opened = 0;
let fileName = "";
/** What went wrong reading the file, kept beside the later status messages. */
let warning = "";

function send(msg: ToWorker): void {
  worker.postMessage(msg);
}

function open(file: File): void {
  opened = performance.now();
  fileName = file.name;
  warning = "";
  delete document.body.dataset["error"];
  status.textContent = `Reading ${file.name} (${formatBytes(file.size)})…`;
  perfettoButton.disabled = true;
  details.hidden = true;
  timeline.selection = null;
  timeline.highlight = -1;
  timeline.model = null;
  document.body.dataset["state"] = "reading";
  $("analysis-section").hidden = true;
  $("heap-section").hidden = true;
  send({ type: "open", file });
}

fileInput.addEventListener("change", () => {
  const file = fileInput.files?.[0];
  if (file !== undefined) open(file);
});

// Drop anywhere on the page.
document.addEventListener("dragover", (e) => {
  e.preventDefault();
  document.body.classList.add("dragging");
});
document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
document.addEventListener("drop", (e) => {
  e.preventDefault();
  document.body.classList.remove("dragging");
  const file = e.dataTransfer?.files[0];
  if (file !== undefined) open(file);
});

perfettoButton.addEventListener("click", () => {
  perfettoButton.disabled = true;
  send({ type: "perfetto" });
});

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const msg = e.data;
  switch (msg.type) {
    case "progress":
      status.textContent =
        msg.phase === "reading"
          ? `Reading ${fileName}: ${((100 * msg.bytes) / Math.max(1, msg.total)).toFixed(0)}%`
          : `${fileName}: ${msg.phase}…`;
      break;
    case "model":
      showModel(msg.model, msg.partial);
      if (!msg.partial) {
        status.textContent = `${fileName}: read in ${(msg.readMs / 1000).toFixed(2)} s; analysing…`;
        perfettoButton.disabled = false;
        document.body.dataset["readMs"] = (performance.now() - opened).toFixed(0);
        document.body.dataset["state"] = "read";
      }
      break;
    case "analysis":
      showFrame("analysis", msg.html);
      status.textContent = `${fileName}: ready${warning}`;
      document.body.dataset["analysisMs"] = (performance.now() - opened).toFixed(0);
      document.body.dataset["analysis"] = "done";
      break;
    case "heap":
      showFrame("heap", msg.html);
      status.textContent = `${fileName}: ready${warning}`;
      document.body.dataset["heap"] = "done";
      break;
    case "perfetto": {
      const url = URL.createObjectURL(msg.blob);
      const download = document.createElement("a");
      download.href = url;
      download.download = msg.name;
      download.click();
      // The download has its own copy once started; let the page's go.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      perfettoButton.disabled = false;
      status.textContent = `${fileName}: Perfetto trace ${msg.name} (${formatBytes(msg.blob.size)}); open it at Perfetto's UI`;
      break;
    }
    case "error":
      warning = ` (${msg.phase} failed: ${msg.message})`;
      status.textContent = `${fileName}: ${msg.phase} failed: ${msg.message}`;
      document.body.dataset["error"] = msg.message;
      if (msg.phase === "perfetto") perfettoButton.disabled = false;
      break;
  }
};

function showFrame(id: "analysis" | "heap", html: string): void {
  $(`${id}-section`).hidden = false;
  $<HTMLIFrameElement>(id).srcdoc = html;
}

function showModel(model: TimelineModel, partial: boolean): void {
  const o = model.overview;
  const cards: [string, string][] = [
    ["Go version", o.goVersion > 0 ? `1.${o.goVersion}` : "?"],
    ["Duration", formatNs(o.durationNs)],
    ["Generations", String(o.generations)],
    ["Events", o.events.toLocaleString("en")],
    ["GC cycles", String(o.gcCycles)],
    ["Goroutines", o.goroutines.toLocaleString("en")],
    ["Ps", String(o.procs)],
    ["Alloc/free events", o.allocFree ? "yes" : "no"],
  ];
  overview.replaceChildren(
    ...cards.map(([k, v]) => {
      const card = document.createElement("div");
      card.className = "card";
      const b = document.createElement("b");
      b.textContent = v;
      const s = document.createElement("span");
      s.textContent = partial ? `${k} (so far)` : k;
      card.append(b, s);
      return card;
    }),
  );
  overview.hidden = false;
  timelineSection.hidden = false;
  timeline.setModel(model, partial || timeline.model !== null);
  // The model's typed arrays, for the benchmark's record of what a trace costs in memory.
  let bytes = 0;
  let spans = 0;
  for (const row of [...model.procs, ...model.goroutines]) {
    spans += row.n;
    bytes += spanBytes(row);
  }
  canvas.dataset["modelBytes"] = String(bytes);
  canvas.dataset["spans"] = String(spans);
}

timeline.onDraw = () => {
  range.textContent = `${formatNs(timeline.t0)} – ${formatNs(timeline.t1)} (${formatNs(timeline.t1 - timeline.t0)} shown)`;
  canvas.dataset["t0"] = String(timeline.t0);
  canvas.dataset["t1"] = String(timeline.t1);
  canvas.dataset["marks"] = String(timeline.drawnMarks);
  canvas.dataset["drawMs"] = timeline.lastDrawMs.toFixed(2);
  if (canvas.dataset["firstDrawMs"] === undefined && timeline.drawnMarks > 0 && opened > 0) {
    canvas.dataset["firstDrawMs"] = (performance.now() - opened).toFixed(0);
  }
};

// Zoom: wheel (around the pointer), buttons, keys. Pan: drag, arrows, shift+wheel.
canvas.addEventListener(
  "wheel",
  (e) => {
    e.preventDefault();
    const x = e.offsetX;
    if (e.shiftKey) timeline.pan(e.deltaY);
    else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) timeline.pan(e.deltaX);
    else timeline.zoom(Math.exp(e.deltaY * 0.002), x);
  },
  { passive: false },
);
$("zoom-in").addEventListener("click", () => timeline.zoom(0.5));
$("zoom-out").addEventListener("click", () => timeline.zoom(2));
function wholeTrace(): void {
  if (timeline.model === null) return;
  timeline.t0 = 0;
  timeline.t1 = Math.max(1, timeline.model.overview.durationNs);
  timeline.request();
}
$("zoom-reset").addEventListener("click", wholeTrace);
canvas.addEventListener("keydown", (e) => {
  const step = canvas.clientWidth / 8;
  const keys: Record<string, () => void> = {
    ArrowLeft: () => timeline.pan(-step),
    ArrowRight: () => timeline.pan(step),
    ArrowUp: () => timeline.pan(0, -60),
    ArrowDown: () => timeline.pan(0, 60),
    "+": () => timeline.zoom(0.5),
    "=": () => timeline.zoom(0.5),
    "-": () => timeline.zoom(2),
    "0": wholeTrace,
    w: () => timeline.zoom(0.5),
    s: () => timeline.zoom(2),
    a: () => timeline.pan(-step),
    d: () => timeline.pan(step),
  };
  const act = keys[e.key];
  if (act !== undefined) {
    e.preventDefault();
    act();
  }
});

let drag: { x: number; y: number; moved: boolean } | null = null;
canvas.addEventListener("pointerdown", (e) => {
  drag = { x: e.offsetX, y: e.offsetY, moved: false };
  canvas.setPointerCapture(e.pointerId);
});
canvas.addEventListener("pointermove", (e) => {
  if (drag === null) return;
  const dx = e.offsetX - drag.x;
  const dy = e.offsetY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  drag.moved = true;
  timeline.pan(-dx, -dy);
  drag.x = e.offsetX;
  drag.y = e.offsetY;
});
canvas.addEventListener("pointerup", (e) => {
  const wasDrag = drag?.moved === true;
  drag = null;
  if (wasDrag) return;
  const row = timeline.rowAt(e.offsetY);
  if (row?.kind === "group") {
    timeline.goroutinesOpen = !timeline.goroutinesOpen;
    timeline.request();
    return;
  }
  select(timeline.pick(e.offsetX, e.offsetY));
});

/** Shows a span's details: what ran or what state, when, its stacks, and links to related goroutines. */
function select(sel: Selection | null): void {
  timeline.selection = sel;
  timeline.request();
  const m = timeline.model;
  if (sel === null || m === null) {
    details.hidden = true;
    return;
  }
  const spans = sel.kind === "proc" ? m.procs[sel.row] : m.goroutines[sel.row];
  if (spans === undefined) return;
  const i = sel.span;
  const start = spanStart(spans, i);
  const end = spanEnd(spans, i);
  const value = spanValue(spans, i);
  const g = sel.kind === "proc" ? value : (m.goroutineIds[sel.row] ?? -1);
  const parts: (Node | string)[] = [];
  const line = (...xs: (Node | string)[]) => {
    const div = document.createElement("div");
    div.append(...xs);
    parts.push(div);
  };
  const gi = m.goroutineIds.indexOf(g);
  const name = gi >= 0 ? m.goroutineNames[gi] : "";
  if (sel.kind === "proc") line(`P${m.procIds[sel.row]} ran `, goLink(g, m), ` ${name ?? ""}`);
  else line(goLink(g, m), ` ${name ?? ""}: ${STATE_NAMES[value] ?? value}`);
  line(`from ${formatNs(start)} to ${formatNs(end)} (${formatNs(end - start)})`);
  const related = spanRelated(spans, i);
  if (related >= 0) line(sel.kind === "proc" ? "made runnable by " : "caused by ", goLink(related, m));
  // A goroutine row's span ends where the next begins, with that span's stack.
  const next = i + 1 < spans.n && spanStart(spans, i + 1) === end ? spanStack(spans, i + 1) : -1;
  const stacks: [string, number][] =
    sel.kind === "proc"
      ? [["Stack where it stopped running", spanStack(spans, i)]]
      : [
          ["Stack where this state began", spanStack(spans, i)],
          ["Stack where it ended", next],
        ];
  let any = false;
  for (const [title, idx] of stacks) {
    const frames = idx >= 0 ? m.stacks[idx] : undefined;
    if (frames === undefined) continue;
    any = true;
    const pre = document.createElement("pre");
    pre.className = "stack";
    pre.textContent = frames.join("\n");
    line(`${title}:`, pre);
  }
  if (!any) line("No stack recorded for this span.");
  details.replaceChildren(...parts);
  details.dataset["stack"] = any ? "yes" : "no";
  details.hidden = false;
}

/** A button that scrolls the timeline to a goroutine's row and selects its span at the same time. */
function goLink(g: number, m: TimelineModel): HTMLElement {
  const row = m.goroutineIds.indexOf(g);
  const b = document.createElement("button");
  b.type = "button";
  b.className = "link";
  b.textContent = `G${g}`;
  b.dataset["goroutine"] = String(g);
  if (row < 0) {
    b.disabled = true;
    return b;
  }
  b.addEventListener("click", () => {
    timeline.reveal(row);
    const spans = m.goroutines[row];
    const at = (timeline.t0 + timeline.t1) / 2;
    if (spans !== undefined && spans.n > 0) {
      const sel = timeline.selection;
      const t = sel === null ? at : (selectedStart(sel, m) ?? at);
      const k = Math.min(spans.n - 1, firstSpanEndingAfter(spans, t));
      select({ kind: "goroutine", row, span: k });
    }
  });
  return b;
}

function selectedStart(sel: Selection, m: TimelineModel): number | undefined {
  const spans = sel.kind === "proc" ? m.procs[sel.row] : m.goroutines[sel.row];
  return spans === undefined ? undefined : spanStart(spans, sel.span);
}

addEventListener("resize", () => timeline.request());
