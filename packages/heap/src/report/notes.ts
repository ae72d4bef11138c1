// Plain sentences for what a trace cannot tell, and for how the model's live
// bytes relate to the runtime's HeapAlloc metric.
import type { HeapAnalyzer } from "../model/heap-model.js";
import type { GcCycle } from "./types.js";

export function limitsOf(a: HeapAnalyzer, generations: number): string[] {
  const out: string[] = [];
  if (a.events > 0 && a.allocFreeEvents === 0) {
    out.push(
      "The trace has no alloc/free events: record it with GODEBUG=traceallocfree=1 (Go 1.23 or later) for a heap analysis.",
    );
    return out;
  }
  if (a.allocFreeEvents === 0) return out;
  out.push(...skippedBatchNotes(a.skippedBatches));
  if (!a.sawInfo) {
    // A damaged info batch that was skipped is named below; it is not a flight-recorder window's doing.
    const why = a.skippedBatches.some((w) => w.includes("info batch"))
      ? "The trace's info batch was damaged and skipped"
      : "The trace has no info batch (flight-recorder windows drop it)";
    out.push(
      `${why}: addresses are unknown; ids are used as keys, with page size 8192, alignment 8 and stack unit 2048 assumed.`,
    );
  }
  if (!a.sawSnapshot) {
    out.push(
      "The trace lacks the start-of-trace heap snapshot: objects, spans and stacks that existed before it began are not counted, so live totals are lower bounds.",
    );
  }
  if (generations > a.generationsWithTypes && a.types.unresolvedIds > 0) {
    out.push(
      `${generations - a.generationsWithTypes} of ${generations} generations carry no type table: their objects' types are shown as <type #id in generation n>.`,
    );
  }
  if (a.spans.impossible > 0) {
    out.push(
      `${a.spans.impossible} span events were left out as impossible (a size class the table lacks, more pages than a span of its size class has, or 1 TiB or more): the trace is damaged there, and objects in those spans count as lying outside any span.`,
    );
  }
  if (a.placement.unknownFrees > 0) {
    out.push(`${a.placement.unknownFrees} objects were freed that the trace never showed allocated.`);
  }
  if (a.placement.unsizedObjects > 0) {
    out.push(
      `${a.placement.unsizedObjects} objects lie in spans the trace never showed; their sizes are estimated from their type's size.`,
    );
  }
  if (a.placement.replacedObjects > 0) {
    out.push(`${a.placement.replacedObjects} allocations reused a slot whose free the trace did not show.`);
  }
  if (a.placement.orphanedObjects > 0) {
    out.push(
      `${a.placement.orphanedObjects} objects were still recorded in spans the trace freed; they were dropped with their span.`,
    );
  }
  if (a.impossibleStacks > 0) {
    out.push(
      `${a.impossibleStacks} goroutine stack events were left out as impossible (a stack over 512 GiB): the trace is damaged there.`,
    );
  }
  if (a.unknownStackFrees > 0) {
    out.push(`${a.unknownStackFrees} goroutine stacks were freed that the trace never showed allocated.`);
  }
  return out;
}

/** How many skipped batches are named one by one; the rest are counted. */
const NAMED_SKIPS = 10;

/** The damaged AllocFree batches the analysis left out: the first few named, the rest counted. */
function skippedBatchNotes(skipped: readonly string[]): string[] {
  if (skipped.length === 0) return [];
  const out = skipped.slice(0, NAMED_SKIPS);
  if (skipped.length > NAMED_SKIPS) {
    out.push(`${skipped.length - NAMED_SKIPS} more damaged AllocFree batches were skipped.`);
  }
  out.push(
    "Without a skipped type table its generation's objects are shown as <type #id in generation n>; without a skipped info batch addresses are unknown and the usual layout is assumed.",
  );
  return out;
}

export function explainHeapAlloc(a: HeapAnalyzer, cycles: readonly GcCycle[]): string[] {
  if (a.heapAllocSamples === 0) return ["The trace has no HeapAlloc metric events."];
  const out = [
    "HeapAlloc (/memory/classes/heap/objects:bytes as the tracer reports it, the GC pacer's heapLive) counts a whole span's free slots as allocated as soon as a P caches the span, so between GC cycles it runs ahead of the bytes of objects actually allocated.",
    "At the end of each mark phase the runtime resets HeapAlloc to the bytes it marked. The model still holds the unmarked objects then, because their frees are only recorded as the sweep that follows finds them; the model's live bytes at the mark's end minus what that sweep freed (survivingBytes) is what the GC found live.",
  ];
  const checked = cycles.filter((c) => c.survivingBytes !== null && c.heapAllocAtEnd !== null);
  if (checked.length > 0) {
    const equal = checked.filter((c) => c.survivingBytes === c.heapAllocAtEnd).length;
    const worst = Math.max(
      ...checked.map((c) => Math.abs((c.survivingBytes as number) - (c.heapAllocAtEnd as number))),
    );
    out.push(
      equal === checked.length
        ? `In all ${checked.length} GC cycles whose sweep the trace covers, survivingBytes equals the HeapAlloc the runtime reported at the mark's end.`
        : `In ${equal} of ${checked.length} GC cycles whose sweep the trace covers, survivingBytes equals the HeapAlloc reported at the mark's end; the largest difference is ${worst} bytes.`,
    );
  }
  return out;
}
