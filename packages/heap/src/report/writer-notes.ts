// Limits that come from what the Go runtime writes, not from damage to the
// trace: allocations it never records, and allocations it charges to
// whichever goroutine is running.
import { FORMATS } from "@gotrace/codec";
import type { HeapAnalyzer } from "../model/heap-model.js";
import type { EndScan } from "./end-scan.js";

/** The runtime type of a goroutine's descriptor, which it allocates on the system stack while starting a goroutine. */
const GOROUTINE_DESCRIPTOR = "runtime.g";

/**
 * Sentences for the report's `limits`:
 *
 * - Tiny blocks: a Go 1.23 runtime writes no event when an allocation fits
 *   into the tiny block already in use (malloc.go returns before the trace
 *   hook; Go 1.24 moved that hook after the tiny path). The header cannot
 *   tell Go 1.23 from 1.24 (the spec's FORMATS give format 23 both writers),
 *   so the note applies to a trace of a format Go 1.23 writes with tiny-class
 *   objects in which no allocation landed inside another's block.
 * - The system stack: the runtime writes an allocation event for whatever
 *   goroutine runs on the thread, also when the runtime allocates on the
 *   system stack for its own work. The note applies when the trace shows
 *   such allocations for certain: new goroutines' descriptors (`runtime.g`,
 *   made by newproc on the system stack), charged to the goroutine that ran
 *   the go statement.
 */
export function writerLimits(a: HeapAnalyzer, version: number, scan: EndScan): string[] {
  const out: string[] = [];
  if (a.allocFreeEvents === 0) return out;
  const tinyClass = (a.sizeClasses.tinySizeClass << 1) | 1;
  const tinySeen =
    (scan.classObjects.get(tinyClass) ?? 0) > 0 ||
    (a.spans.churnAlloc.get(tinyClass) ?? 0) > 0 ||
    (a.spans.perClass[tinyClass]?.spans ?? 0) > 0;
  if (writtenByGo123(version) && tinySeen && a.placement.tinyNeighbourAllocs === 0) {
    out.push(
      "Go 1.23 records no event for an allocation that fits into a tiny block already in use (Go 1.24 and later do), and this trace (format 23, from Go 1.23 or 1.24) shows none: objects of pointer-free types under 16 bytes are counted by 16-byte tiny block, not by allocation, and a block has the type of its first object.",
    );
  }
  let descriptors = 0;
  const perType = a.typeAllocations();
  a.types.names.forEach((name, k) => {
    if (name === GOROUTINE_DESCRIPTOR) descriptors += perType.objects[k] ?? 0;
  });
  if (descriptors > 0) {
    out.push(
      `Allocations the runtime makes on the system stack are charged to the goroutine running on that thread: the ${descriptors} ${GOROUTINE_DESCRIPTOR} objects (new goroutines' descriptors) allocated in the trace are charged to the goroutines that started them.`,
    );
  }
  return out;
}

/** Whether Go 1.23's runtime writes the format (the spec's FORMATS), so its tiny-block gap may be in the trace. */
function writtenByGo123(version: number): boolean {
  return FORMATS.find((f) => f.header === version)?.writtenBy.includes("1.23") ?? false;
}
