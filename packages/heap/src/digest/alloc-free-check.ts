// The reader hands the AllocFree experiment's batches (the info batch, the
// type tables) on without looking inside, so a damaged one reaches the heap
// analysis of a trace the reader accepts. Each batch is checked here, on the
// reading side, before the analyzer sees it: one that does not decode, or
// whose info gives a heap layout no runtime has, is left out, and a sentence
// says which and why (a warning now, and a line of the report's limits).
import { type AllocFreeBatch, TraceError, decodeAllocFreeBatch } from "@gotrace/codec";

/** What the check keeps of a generation's AllocFree batches. */
export interface CheckedBatches {
  /** The batches that decode to something the analysis can use, in trace order. */
  good: Uint8Array[];
  /** One sentence per batch left out. */
  skipped: string[];
}

/** Page sizes, alignments and stack units above this are no runtime's (1 MiB). */
const MAX_UNIT = 1 << 20;

/** Whether n is a power of two from 1 to MAX_UNIT. */
function unit(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_UNIT && (n & (n - 1)) === 0;
}

/** Why an info batch's layout cannot be used, or null when it can. */
function badInfo(b: AllocFreeBatch): string | null {
  if (b.kind !== "info") return null;
  // The analysis divides by these and sizes its object store with them.
  if (!unit(b.pageSize)) return `its page size ${b.pageSize} is not a power of two up to ${MAX_UNIT}`;
  if (!unit(b.minHeapAlign) || b.minHeapAlign > b.pageSize) {
    return `its heap alignment ${b.minHeapAlign} is not a power of two up to the page size`;
  }
  if (!unit(b.fixedStack)) return `its stack unit ${b.fixedStack} is not a power of two up to ${MAX_UNIT}`;
  return null;
}

/** Checks the AllocFree batches of generation `generation` (1-based, in the order the analysis meets them). */
export function checkAllocFreeBatches(
  batches: readonly { thread: number; data: Uint8Array }[],
  generation: number,
): CheckedBatches {
  const good: Uint8Array[] = [];
  const skipped: string[] = [];
  for (const b of batches) {
    let why: string | null;
    let kind = b.data[0] === 1 ? "info batch" : "type table batch";
    try {
      const decoded = decodeAllocFreeBatch(b.data);
      kind = decoded.kind === "info" ? "info batch" : "type table batch";
      why = badInfo(decoded);
    } catch (e) {
      if (!TraceError.isInstance(e)) throw e;
      why = `${e.message.replace(/^at byte (\d+): /, "at byte $1 of its data: ")}`;
    }
    if (why === null) good.push(b.data);
    else
      skipped.push(
        `Generation ${generation}: an AllocFree ${kind} (${b.data.length} bytes, thread ${b.thread}) was skipped: ${why}.`,
      );
  }
  return { good, skipped };
}
