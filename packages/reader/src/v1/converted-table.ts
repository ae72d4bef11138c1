// The EventTable of a converted pre-1.22 trace: the converter's string and
// stack tables behind the same interface a v2 generation offers.
import type { EventTable, StackFrameView } from "../generation/generation.js";
import type { TimeFrame } from "../time.js";
import { type U64, u64FromBigInt } from "../u64.js";
import type { V1Trace } from "./converter-seam.js";

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

export class V1Table implements EventTable {
  readonly frame: TimeFrame;
  private readonly trace: V1Trace;
  readonly present = true;
  private readonly bytes = new Map<number, Uint8Array>();
  private readonly frames = new Map<number, StackFrameView[]>();

  constructor(frame: TimeFrame, trace: V1Trace) {
    this.frame = frame;
    this.trace = trace;
  }

  private key(id: U64): number | undefined {
    return typeof id === "number" ? id : undefined;
  }

  stringBytes(id: U64): Uint8Array | undefined {
    if (id === 0) return EMPTY;
    const k = this.key(id);
    if (k === undefined) return undefined;
    let b = this.bytes.get(k);
    if (b === undefined) {
      const s = this.trace.strings.get(k);
      if (s === undefined) return undefined;
      b = utf8.encode(s);
      this.bytes.set(k, b);
    }
    return b;
  }

  string(id: U64): string {
    const k = this.key(id);
    return (k !== undefined ? this.trace.strings.get(k) : undefined) ?? "";
  }

  hasString(id: U64): boolean {
    return this.stringBytes(id) !== undefined;
  }

  hasStack(id: U64): boolean {
    const k = this.key(id);
    return id === 0 || (k !== undefined && this.trace.stacks.has(k));
  }

  stackFrames(id: U64): readonly StackFrameView[] {
    const k = this.key(id);
    if (k === undefined || k === 0) return [];
    let out = this.frames.get(k);
    if (out === undefined) {
      out = (this.trace.stacks.get(k) ?? []).map((f) => ({
        pc: typeof f.pc === "bigint" ? u64FromBigInt(f.pc) : f.pc,
        func: utf8.encode(f.func),
        file: utf8.encode(f.file),
        line: f.line,
      }));
      this.frames.set(k, out);
    }
    return out;
  }

  extraString(id: number): Uint8Array {
    const s = id === 0 ? undefined : this.trace.extraStrings?.[id - 1];
    return s === undefined ? EMPTY : utf8.encode(s);
  }
}
