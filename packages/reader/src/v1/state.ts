// What the parser passes carry between them (Go's tracev1 parser struct).
import type { V1Bytes } from "./raw-reader.js";
import type { V1Event, V1RawFrame } from "./types.js";
import type { U64 } from "./u64.js";

/** The batches of one P. */
export interface BatchQueue {
  readonly offsets: number[];
  next: number;
}

/** Mutable state of one parse. */
export interface ParseState {
  readonly bytes: V1Bytes;
  /** Per P: byte offsets of its batches in file order, and how many were loaded. */
  readonly batchOffsets: Map<number, BatchQueue>;
  /** P ids in order of their first batch (for the deterministic merge order, see README). */
  readonly pids: number[];
  readonly stacks: Map<number, U64[]>;
  /** Every stack id a Stack event defined, also those without frames (not in `stacks`). */
  readonly definedStacks: Set<number>;
  readonly pcs: Map<U64, V1RawFrame>;
  readonly cpuSamples: V1Event[];
  readonly timerGoids: Set<U64>;
  readonly inlineStrings: string[];
  readonly inlineIds: Map<string, number>;
  /** Ticks per second from the Frequency event, 0 until seen. */
  ticksPerSec: number;
  // The per-batch decoding context of parseEvent.
  lastTs: bigint;
  lastG: U64;
  lastP: number;
  readonly lastGs: Map<number, U64>;
}

/** A fresh state over the bytes. */
export function newParseState(bytes: V1Bytes): ParseState {
  return {
    bytes,
    batchOffsets: new Map(),
    pids: [],
    stacks: new Map(),
    definedStacks: new Set(),
    pcs: new Map(),
    cpuSamples: [],
    timerGoids: new Set(),
    inlineStrings: [],
    inlineIds: new Map(),
    ticksPerSec: 0,
    lastTs: 0n,
    lastG: 0,
    lastP: 0,
    lastGs: new Map(),
  };
}

/** A zeroed event. */
export function blankEvent(): V1Event {
  return { type: 0, ts: 0n, time: 0, g: 0, args: [0, 0, 0, 0], stk: 0, p: 0, sysTs: 0n, offset: 0 };
}
