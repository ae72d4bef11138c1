// The address layout the info batch gives: the units that turn span, object
// and stack ids into addresses. Flight-recorder windows drop the info batch;
// the ids are still consistent with each other, so the analysis falls back
// to the constants every 64-bit platform Go supports uses and says so.
import type { AllocFreeInfo } from "@gotrace/codec";

export interface HeapLayout {
  /** Lowest heap address, or null when the trace does not say. */
  readonly minPageHeapAddr: number | null;
  readonly pageSize: number;
  readonly minHeapAlign: number;
  readonly fixedStack: number;
  /** Whether the values came from the trace's info batch. */
  readonly fromTrace: boolean;
}

export const ASSUMED_LAYOUT: HeapLayout = {
  minPageHeapAddr: null,
  pageSize: 8192,
  minHeapAlign: 8,
  fixedStack: 2048,
  fromTrace: false,
};

export function layoutFromInfo(info: AllocFreeInfo): HeapLayout {
  return {
    minPageHeapAddr: info.minPageHeapAddr,
    pageSize: info.pageSize,
    minHeapAlign: info.minHeapAlign,
    fixedStack: info.fixedStack,
    fromTrace: true,
  };
}

/** Address of a heap object id (null without the base address). */
export function objectAddress(layout: HeapLayout, id: number): number | null {
  return layout.minPageHeapAddr === null ? null : layout.minPageHeapAddr + id * layout.minHeapAlign;
}

/** Heap object id of an address (the inverse of objectAddress). */
export function objectIdOf(layout: HeapLayout, address: number): number | null {
  return layout.minPageHeapAddr === null ? null : Math.floor((address - layout.minPageHeapAddr) / layout.minHeapAlign);
}

export function spanAddress(layout: HeapLayout, id: number): number | null {
  return layout.minPageHeapAddr === null ? null : layout.minPageHeapAddr + id * layout.pageSize;
}

export function spanIdOf(layout: HeapLayout, address: number): number | null {
  return layout.minPageHeapAddr === null ? null : Math.floor((address - layout.minPageHeapAddr) / layout.pageSize);
}

export function stackAddress(layout: HeapLayout, id: number): number | null {
  return layout.minPageHeapAddr === null ? null : layout.minPageHeapAddr + id * layout.fixedStack;
}

export function stackIdOf(layout: HeapLayout, address: number): number | null {
  return layout.minPageHeapAddr === null ? null : Math.floor((address - layout.minPageHeapAddr) / layout.fixedStack);
}

/** A goroutine stack's size from the event's order (bits.Len64(size): log2(size) + 1). */
export function stackSizeOfOrder(order: number): number {
  return order <= 0 ? 0 : 2 ** (order - 1);
}
