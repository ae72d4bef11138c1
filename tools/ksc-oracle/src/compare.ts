// The codec's side of the comparison, and the comparison itself.
import { RawDecoder, TraceError, type TraceHeader } from "@gotrace/codec";
import type { FlatEvent } from "./flatten.js";

export interface CodecRead {
  header: TraceHeader | undefined;
  events: Generator<FlatEvent, void>;
  /** Set once the generator is done: how the codec's event stream ended. */
  end:
    | { kind: "eof" }
    | { kind: "truncated-as-eof"; offset: number }
    | { kind: "error"; error: TraceError }
    | undefined;
}

/** The codec's raw events of a trace, detached from its cursor. */
export function codecEvents(bytes: Uint8Array): CodecRead {
  const d = new RawDecoder();
  d.push(bytes);
  d.finish();
  const result: CodecRead = { header: undefined, events: undefined as never, end: undefined };
  function* gen(): Generator<FlatEvent, void> {
    for (;;) {
      let ev: ReturnType<RawDecoder["next"]>;
      try {
        ev = d.next();
      } catch (err) {
        if (!TraceError.isInstance(err)) throw err;
        result.header = d.header;
        // Go's raw reader takes a trace that stops where an event or an argument
        // would begin as the end of the file; it is not an error for Go.
        result.end =
          err.code === "E_TRUNCATED" && err.goTreatsAsEnd
            ? { kind: "truncated-as-eof", offset: err.offset ?? -1 }
            : { kind: "error", error: err };
        return;
      }
      result.header = d.header;
      if (ev === null) {
        result.end = { kind: "eof" };
        return;
      }
      const args: bigint[] = new Array(ev.argCount);
      for (let i = 0; i < ev.argCount; i++) args[i] = ev.argBigInt(i);
      yield {
        type: ev.type,
        args,
        data: ev.data === null ? null : ev.data.slice(),
        offset: ev.offset,
        length: ev.length,
      };
    }
  }
  result.events = gen();
  return result;
}

export interface Mismatch {
  /** Index of the first event that differs (or the shorter list's length). */
  index: number;
  what: string;
  a: FlatEvent | undefined;
  b: FlatEvent | undefined;
}

export function describeEvent(e: FlatEvent | undefined): string {
  if (e === undefined) return "(none)";
  const data =
    e.data === null ? "" : ` data[${e.data.length}]=${hex(e.data.subarray(0, 24))}${e.data.length > 24 ? "…" : ""}`;
  return `type ${e.type} args [${e.args.join(" ")}]${data}`;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Why two events differ, or undefined when they are the same (type, every argument, data bytes). */
export function eventDiff(a: FlatEvent, b: FlatEvent): string | undefined {
  if (a.type !== b.type) return `type ${a.type} vs ${b.type}`;
  if (a.args.length !== b.args.length) return `${a.args.length} vs ${b.args.length} arguments`;
  for (let i = 0; i < a.args.length; i++) {
    if (a.args[i] !== b.args[i]) return `argument ${i}: ${a.args[i]} vs ${b.args[i]}`;
  }
  if ((a.data === null) !== (b.data === null))
    return `data ${a.data === null ? "absent" : "present"} vs ${b.data === null ? "absent" : "present"}`;
  if (a.data !== null && b.data !== null) {
    if (a.data.length !== b.data.length) return `data length ${a.data.length} vs ${b.data.length}`;
    for (let i = 0; i < a.data.length; i++) {
      if (a.data[i] !== b.data[i]) return `data byte ${i}: ${a.data[i]} vs ${b.data[i]}`;
    }
  }
  return undefined;
}

export interface Comparison {
  /** Events that agree (the common prefix). */
  compared: number;
  mismatch: Mismatch | undefined;
}

/**
 * Walks two event streams in lockstep and stops at the first difference.
 * `onPair` sees every agreeing pair (e.g. to check payloads).
 */
export function compareEvents(
  a: Iterable<FlatEvent>,
  b: Iterable<FlatEvent>,
  onPair?: (a: FlatEvent, b: FlatEvent, index: number) => void,
): Comparison {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  let index = 0;
  for (;;) {
    const ra = ia.next();
    const rb = ib.next();
    if (ra.done === true || rb.done === true) {
      if (ra.done === true && rb.done === true) return { compared: index, mismatch: undefined };
      const a1 = ra.done === true ? undefined : ra.value;
      const b1 = rb.done === true ? undefined : rb.value;
      return {
        compared: index,
        mismatch: { index, what: a1 === undefined ? "first list ends early" : "second list ends early", a: a1, b: b1 },
      };
    }
    const why = eventDiff(ra.value, rb.value);
    if (why !== undefined) return { compared: index, mismatch: { index, what: why, a: ra.value, b: rb.value } };
    onPair?.(ra.value, rb.value, index);
    index++;
  }
}

export function describeMismatch(m: Mismatch, nameA: string, nameB: string): string {
  return `event ${m.index}: ${m.what}\n  ${nameA}: ${describeEvent(m.a)}\n  ${nameB}: ${describeEvent(m.b)}`;
}
