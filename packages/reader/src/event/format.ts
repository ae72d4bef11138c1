// Go 1.27's Event.String(), byte for byte: the line `go tool trace -d=parsed`
// prints for each event (without the trailing newline Println adds).
//
// Most fields are ASCII or Go-quoted (%q escapes invalid UTF-8 as \xNN, so the
// text is exact), but stack frames' function and file names and experimental
// string arguments are printed as raw bytes (%s), which a JS string cannot
// hold when they are not UTF-8. formatEvent decodes those lossily (U+FFFD);
// formatEventExact and formatEventBytes keep every byte.
import { concatBytes, goQuote } from "@gotrace/codec/internal";
import type { StackFrameView } from "../generation/generation.js";
import { Generation } from "../generation/generation.js";
import { SPEC_ARG_NAMES, SPEC_NAME } from "../specs.js";
import { type U64, formatInt64, formatUint64, hexUint64 } from "../u64.js";
import { type Event, syncTraceTime } from "./event.js";
import { EVENT_KIND_NAMES, EventKind, ResourceKind, goStateName, procStateName, resourceKindName } from "./kinds.js";
import { decodeText, decodedExactly } from "../generation/text.js";
import { formatRFC3339Nano } from "./wall-time.js";

/** Options of formatEvent. */
export interface FormatOptions {
  /** IANA time zone for the Sync Wall= field (Go uses the local zone); default "UTC". */
  timeZone?: string;
}

const enc = new TextEncoder();
const EMPTY = new Uint8Array(0);

/**
 * How formatEvent renders a raw (%s) byte field. The default decodes it and
 * notes whether bytes were lost; formatEventExact swaps in one that leaves a
 * NUL placeholder and keeps the bytes aside. NUL is free to mark places: every
 * other field is ASCII or Go-quoted, and quoting escapes NUL.
 */
let rawField: (bytes: Uint8Array) => string = decodeNoting;
let lossy = false;
let kept: Uint8Array[] = [];

function decodeNoting(bytes: Uint8Array): string {
  const text = decodeText(bytes);
  if (!lossy && !decodedExactly(text, bytes)) lossy = true;
  return text;
}

function keepAside(bytes: Uint8Array): string {
  kept.push(bytes);
  return "\0";
}

function quote(s: Uint8Array | string): string {
  return goQuote(typeof s === "string" ? enc.encode(s) : s);
}

function value(v: U64): string {
  return `Value{Uint64(${formatUint64(v)})}`;
}

function resource(kind: number, id: U64): string {
  return kind === ResourceKind.None ? "None" : `${resourceKindName(kind)}(${formatInt64(id)})`;
}

/** Go's printStack with a tab prefix. */
function frames(list: readonly StackFrameView[]): string {
  let s = "";
  for (const f of list) {
    s += `\t${rawField(f.func)} @ 0x${hexUint64(f.pc)}\n\t\t${rawField(f.file)}:${formatUint64(f.line)}\n`;
  }
  return s;
}

/**
 * Go 1.27's `Event.String()` for `ev`, as text. Exact unless a stack frame's
 * function or file name (or an experimental string argument) is not valid
 * UTF-8: those bytes show as U+FFFD here. Use formatEventExact or
 * formatEventBytes where the bytes matter.
 */
export function formatEvent(ev: Event, options: FormatOptions = {}): string {
  return render(ev, options);
}

/**
 * Go 1.27's `Event.String()` for `ev`, exactly: the text when it holds every
 * byte Go prints (nearly always), otherwise the bytes (UTF-8 text with the
 * raw bytes of the non-UTF-8 fields). Cheap enough for every event.
 */
export function formatEventExact(ev: Event, options: FormatOptions = {}): string | Uint8Array {
  lossy = false;
  const text = render(ev, options);
  if (!lossy) return text;
  // Rare: render again, this time keeping the raw fields' bytes apart.
  rawField = keepAside;
  kept = [];
  try {
    return spliceBytes(render(ev, options), kept);
  } finally {
    rawField = decodeNoting;
    kept = [];
  }
}

/** Go 1.27's `Event.String()` for `ev` as the exact bytes Go prints (without the newline). */
export function formatEventBytes(ev: Event, options: FormatOptions = {}): Uint8Array {
  const line = formatEventExact(ev, options);
  return typeof line === "string" ? enc.encode(line) : line;
}

/** The text's UTF-8 with each NUL placeholder replaced by the next raw field. */
function spliceBytes(text: string, fields: readonly Uint8Array[]): Uint8Array {
  const pieces = text.split("\0");
  const parts: Uint8Array[] = [];
  for (let i = 0; i < pieces.length; i++) {
    parts.push(enc.encode(pieces[i]));
    if (i < fields.length) parts.push(fields[i]!);
  }
  return concatBytes(parts);
}

function render(ev: Event, options: FormatOptions = {}): string {
  const t = ev.table;
  const kind = ev.kind;
  let s = `M=${formatInt64(ev.ctxM)} P=${formatInt64(ev.ctxP)} G=${formatInt64(ev.ctxG)} ${EVENT_KIND_NAMES[kind] ?? "Bad"} Time=${t.frame.format(ev.ts)}`;
  switch (kind) {
    case EventKind.Metric:
      s += ` Name=${quote(ev.metricName()!)} Value=${value(ev.a0)}`;
      break;
    case EventKind.Label:
      s += ` Label=${quote(t.stringBytes(ev.a0) ?? "")} Resource=${resource(ResourceKind.Goroutine, ev.ctxG)}`;
      break;
    case EventKind.RangeBegin:
    case EventKind.RangeActive:
    case EventKind.RangeEnd: {
      const r = ev.rangeParts();
      s += ` Name=${quote(r.name)} Scope=${resource(r.scope, r.id)}`;
      if (kind === EventKind.RangeEnd) {
        s += " Attributes=[";
        if (ev.type === 33 /* GCSweepEnd */) {
          s += `${quote("bytes swept")}=${value(ev.a0)} ${quote("bytes reclaimed")}=${value(ev.a1)}`;
        }
        s += "]";
      }
      break;
    }
    case EventKind.TaskBegin:
    case EventKind.TaskEnd: {
      const k = ev.taskParts();
      s += ` ID=${formatUint64(k.id)} Parent=${formatUint64(k.parent)} Type=${quote(k.type)}`;
      break;
    }
    case EventKind.RegionBegin:
    case EventKind.RegionEnd:
      s += ` Task=${formatUint64(ev.a0)} Type=${quote(t.stringBytes(ev.a1) ?? "")}`;
      break;
    case EventKind.Log:
      s += ` Task=${formatUint64(ev.a0)} Category=${quote(t.stringBytes(ev.a1) ?? "")} Message=${quote(t.stringBytes(ev.a2) ?? "")}`;
      break;
    case EventKind.StateTransition: {
      const tr = ev.transition();
      if (tr.kind === ResourceKind.Goroutine) {
        s += ` GoID=${formatInt64(tr.id)} ${goStateName(tr.from)}->${goStateName(tr.to)}`;
      } else {
        s += ` ProcID=${formatInt64(tr.id)} ${procStateName(tr.from)}->${procStateName(tr.to)}`;
      }
      s += ` Reason=${quote(t.stringBytes(ev.reasonID()) ?? "")}`;
      const sid = ev.transitionStackID();
      if (sid !== null) s += `\nTransitionStack=\n${frames(t.stackFrames(sid))}`;
      break;
    }
    case EventKind.Experimental: {
      const names = SPEC_ARG_NAMES[ev.type]!;
      s += ` Name=${SPEC_NAME[ev.type]} Args=[`;
      for (let i = 0; i < names.length; i++) {
        if (i !== 0) s += ", ";
        const name = names[i]!;
        const v = ev.arg(i);
        s += `${name}=${name.endsWith("string") ? rawField(t.stringBytes(v) ?? EMPTY) : value(v)}`;
      }
      s += "]";
      break;
    }
    case EventKind.Sync: {
      s += ` N=${formatUint64(ev.a0)}`;
      if (t instanceof Generation && t.hasClockSnapshot) {
        const [sec, nsec] = t.wallParts();
        s += ` Trace=${BigInt(syncTraceTime(t))} Mono=${formatUint64(t.snapMono)} Wall=${formatRFC3339Nano(sec, nsec, options.timeZone)}`;
      }
      break;
    }
  }
  const sid = ev.stackID();
  if (sid !== null) s += `\nStack=\n${frames(t.stackFrames(sid))}`;
  return s;
}
