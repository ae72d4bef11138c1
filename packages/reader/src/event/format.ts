// Go 1.27's Event.String(), byte for byte: the line `go tool trace -d=parsed`
// prints for each event (without the trailing newline Println adds).
import { goQuote } from "@gotrace/codec";
import type { StackFrameView } from "../generation/generation.js";
import { Generation } from "../generation/generation.js";
import { SPEC_ARG_NAMES, SPEC_NAME } from "../specs.js";
import { type U64, formatInt64, formatUint64, hexUint64 } from "../u64.js";
import { type Event, syncTraceTime } from "./event.js";
import { EVENT_KIND_NAMES, EventKind, ResourceKind, goStateName, procStateName, resourceKindName } from "./kinds.js";
import { formatRFC3339Nano } from "./wall-time.js";

/** Options of formatEvent. */
export interface FormatOptions {
  /** IANA time zone for the Sync Wall= field (Go uses the local zone); default "UTC". */
  timeZone?: string;
}

const utf8 = new TextDecoder("utf-8");
const enc = new TextEncoder();

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
    s += `\t${utf8.decode(f.func)} @ 0x${hexUint64(f.pc)}\n\t\t${utf8.decode(f.file)}:${formatUint64(f.line)}\n`;
  }
  return s;
}

/** Go 1.27's `Event.String()` for `ev`. */
export function formatEvent(ev: Event, options: FormatOptions = {}): string {
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
        s += `${name}=${name.endsWith("string") ? utf8.decode(t.stringBytes(v) ?? new Uint8Array(0)) : value(v)}`;
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
