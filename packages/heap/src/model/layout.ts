// The address layout the info batch gives: the units that turn span, object
// and stack ids into addresses. Flight-recorder windows drop the info batch;
// the ids are still consistent with each other, so the analysis falls back
// to the constants every 64-bit platform Go supports uses and says so.
import type { AllocFreeInfo } from "@gotrace/codec";
import type { HeapReport } from "../report/types.js";

/** The units that map span, object and stack ids to addresses (the experiment's info batch). */
export interface HeapLayout {
  /** Lowest heap address, or null when the trace does not say. */
  readonly minPageHeapAddr: number | null;
  /** Bytes per heap page: the unit of span ids. */
  readonly pageSize: number;
  /** The heap's minimum alignment in bytes: the unit of object ids. */
  readonly minHeapAlign: number;
  /** The fixed stack size in bytes: the unit of goroutine stack ids. */
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

/**
 * The layout of a report's info batch, for objectAddress and friends; null
 * when the trace had none (flight-recorder windows).
 */
export function heapLayoutOf(report: Pick<HeapReport, "info">): HeapLayout | null {
  const info = report.info;
  if (info === null) return null;
  return {
    minPageHeapAddr: Number.parseInt(info.minPageHeapAddr, 16),
    pageSize: info.pageSize,
    minHeapAlign: info.minHeapAlign,
    fixedStack: info.fixedStack,
    fromTrace: true,
  };
}

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

/** Address of a span id (null without the base address). */
export function spanAddress(layout: HeapLayout, id: number): number | null {
  return layout.minPageHeapAddr === null ? null : layout.minPageHeapAddr + id * layout.pageSize;
}

/** Span id of an address (the inverse of spanAddress). */
export function spanIdOf(layout: HeapLayout, address: number): number | null {
  return layout.minPageHeapAddr === null ? null : Math.floor((address - layout.minPageHeapAddr) / layout.pageSize);
}

/** Address of a goroutine stack id (null without the base address). */
export function stackAddress(layout: HeapLayout, id: number): number | null {
  return layout.minPageHeapAddr === null ? null : layout.minPageHeapAddr + id * layout.fixedStack;
}

/** Goroutine stack id of an address (the inverse of stackAddress). */
export function stackIdOf(layout: HeapLayout, address: number): number | null {
  return layout.minPageHeapAddr === null ? null : Math.floor((address - layout.minPageHeapAddr) / layout.fixedStack);
}

/** A goroutine stack's size from the event's order (bits.Len64(size): log2(size) + 1). */
export function stackSizeOfOrder(order: number): number {
  return order <= 0 ? 0 : 2 ** (order - 1);
}
