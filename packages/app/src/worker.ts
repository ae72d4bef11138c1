// The worker: reads the chosen file with the streaming reader, one chunk and
// so one generation at a time, builds the timeline model and posts it; then
// runs the analyses (each reads the file again: a File can be streamed any
// number of times, and a second read is cheaper than keeping events) and posts
// them as HTML. On request it streams the Perfetto export into a Blob.
import { analyzeMMU, analyzeTrace } from "@gotrace/analysis";
import { renderAnalysisHtml } from "@gotrace/analysis/html";
import { analyzeHeap } from "@gotrace/heap";
import { renderHtmlParts } from "@gotrace/heap/html";
import { perfettoChunks } from "@gotrace/perfetto";
import { TraceReader } from "@gotrace/reader";
import type { FromWorker, ToWorker } from "./messages.js";
import { type TimelineModel, TimelineBuilder, transferables } from "./model.js";

/**
 * When partial models are posted while reading, so the first pixels come early: the first after
 * this long, then at doubling intervals, because each one copies everything read so far.
 */
const FIRST_PARTIAL_MS = 300;

const scope = globalThis as unknown as {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};

let current: File | null = null;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function postModel(model: TimelineModel, partial: boolean, readMs: number): void {
  post({ type: "model", model, partial, readMs }, transferables(model));
}

/** Reads the file into the timeline model, posting progress and partial models on the way. */
async function readTimeline(file: File): Promise<void> {
  const started = performance.now();
  const reader = new TraceReader();
  const builder = new TimelineBuilder();
  const stream = file.stream().getReader();
  let bytes = 0;
  let nextPost = started + FIRST_PARTIAL_MS;
  let interval = FIRST_PARTIAL_MS;
  let lastProgress = started;
  // A broken trace (cut short, corrupt) is shown up to the break, with the reader's error.
  let broken: string | null = null;
  try {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) break;
      bytes += value.length;
      reader.push(value);
      for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) builder.event(ev);
      const now = performance.now();
      if (now - lastProgress > 100) {
        post({ type: "progress", phase: "reading", bytes, total: file.size });
        lastProgress = now;
      }
      if (now >= nextPost) {
        postModel(builder.preview(reader.traceVersion), true, now - started);
        interval *= 2;
        nextPost = performance.now() + interval;
      }
    }
    reader.finish();
    for (let ev = reader.nextShared(); ev !== null; ev = reader.nextShared()) builder.event(ev);
  } catch (e) {
    broken = String((e as Error).message ?? e).split("\n")[0] ?? "";
    void stream.cancel().catch(() => undefined);
  }
  post({ type: "progress", phase: "read", bytes, total: file.size });
  const model = builder.finish(reader.traceVersion);
  postModel(model, false, performance.now() - started);
  if (broken !== null) {
    post({ type: "error", phase: "reading (the timeline shows the trace up to the break)", message: broken });
  }
  await analyses(file, model.overview.allocFree);
}

async function analyses(file: File, allocFree: boolean): Promise<void> {
  let started = performance.now();
  try {
    post({ type: "progress", phase: "analysing goroutines", bytes: 0, total: file.size });
    const analysis = await analyzeTrace(file.stream(), { keepPartial: true });
    post({ type: "progress", phase: "measuring MMU", bytes: 0, total: file.size });
    const mmu = await analyzeMMU(file.stream(), { keepPartial: true });
    const html = renderAnalysisHtml(analysis, mmu, { title: file.name });
    post({ type: "analysis", html, ms: performance.now() - started });
  } catch (e) {
    post({ type: "error", phase: "analysis", message: String((e as Error).message ?? e) });
  }
  if (!allocFree) return;
  started = performance.now();
  try {
    post({ type: "progress", phase: "analysing the heap", bytes: 0, total: file.size });
    const { report } = await analyzeHeap(file.stream(), { keepPartial: true });
    // The report's hover script is left out: the page's policy runs no inline script.
    const parts = renderHtmlParts(report);
    const html =
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>${parts.style}</style></head>` +
      `<body>${parts.body}</body></html>`;
    post({ type: "heap", html, ms: performance.now() - started });
  } catch (e) {
    post({ type: "error", phase: "heap", message: String((e as Error).message ?? e) });
  }
}

/** Streams the Perfetto export into a Blob, a chunk at a time. */
async function exportPerfetto(file: File): Promise<void> {
  const parts: BlobPart[] = [];
  post({ type: "progress", phase: "exporting to Perfetto", bytes: 0, total: file.size });
  for await (const chunk of perfettoChunks(file.stream(), { heap: file.stream(), keepPartial: true })) {
    parts.push(chunk as Uint8Array<ArrayBuffer>);
  }
  const name = `${file.name.replace(/\.[^.]*$/, "")}.perfetto-trace`;
  post({ type: "perfetto", blob: new Blob(parts, { type: "application/octet-stream" }), name });
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === "open") {
    current = msg.file;
    readTimeline(msg.file).catch((err: unknown) =>
      post({ type: "error", phase: "reading", message: String((err as Error).message ?? err) }),
    );
  } else if (msg.type === "perfetto" && current !== null) {
    exportPerfetto(current).catch((err: unknown) =>
      post({ type: "error", phase: "perfetto", message: String((err as Error).message ?? err) }),
    );
  }
};
