// Test-only stand-in for the reader's formatEvent: the first line Go's
// Event.String() prints for a converted v1 event (without Attributes= and
// stacks), and multiset helpers to compare Go's nondeterministic v1 output.
import { EV, EVENT_SPECS } from "@gotrace/codec";
import { goQuote } from "@gotrace/codec/internal";
import type { V1BaseEvent, V1Converted } from "../v1/index.js";

/** Go's EventKind name of each v2 event type the converter emits. */
const KIND = new Map<number, string>([
  [EV.ProcsChange, "Metric"],
  [EV.HeapAlloc, "Metric"],
  [EV.HeapGoal, "Metric"],
  [EV.ProcStart, "StateTransition"],
  [EV.ProcStop, "StateTransition"],
  [EV.ProcStatus, "StateTransition"],
  [EV.GoCreate, "StateTransition"],
  [EV.GoStart, "StateTransition"],
  [EV.GoDestroy, "StateTransition"],
  [EV.GoStop, "StateTransition"],
  [EV.GoBlock, "StateTransition"],
  [EV.GoUnblock, "StateTransition"],
  [EV.GoSyscallBegin, "StateTransition"],
  [EV.GoSyscallEnd, "StateTransition"],
  [EV.GoSyscallEndBlocked, "StateTransition"],
  [EV.GoStatus, "StateTransition"],
  [EV.STWBegin, "RangeBegin"],
  [EV.STWEnd, "RangeEnd"],
  [EV.GCBegin, "RangeBegin"],
  [EV.GCEnd, "RangeEnd"],
  [EV.GCSweepBegin, "RangeBegin"],
  [EV.GCSweepEnd, "RangeEnd"],
  [EV.GCMarkAssistBegin, "RangeBegin"],
  [EV.GCMarkAssistEnd, "RangeEnd"],
  [EV.GoLabel, "Label"],
  [EV.UserTaskBegin, "TaskBegin"],
  [EV.UserTaskEnd, "TaskEnd"],
  [EV.UserRegionBegin, "RegionBegin"],
  [EV.UserRegionEnd, "RegionEnd"],
  [EV.UserLog, "Log"],
  [EV.CPUSample, "StackSample"],
]);

export function header(ev: V1BaseEvent): string {
  return `M=${ev.m} P=${ev.p} G=${ev.g} ${KIND.get(ev.type) ?? `?${ev.type}`} Time=${ev.time}`;
}

const GO_STATUS = ["Bad", "Runnable", "Running", "Syscall", "Waiting"];
const PROC_STATUS = ["Bad", "Running", "Idle"];
const utf8 = new TextEncoder();
const q = (s: string | undefined): string => goQuote(utf8.encode(s ?? "?missing"));
const u = (v: number | bigint): string => BigInt.asUintN(64, BigInt(v)).toString();

/** The first line Go prints for the event, without Attributes= (a stand-in for formatEvent). */
export function firstLine(tr: V1Converted, ev: V1BaseEvent): string {
  // Id 0 is the empty string in Go's tables.
  const str = (id: number | bigint) => (id === 0 ? "" : tr.strings.get(id));
  const a = ev.args;
  const go = (id: number | bigint, from: string, to: string, reason = "") =>
    `GoID=${id} ${from}->${to} Reason=${q(reason)}`;
  const proc = (id: number | bigint, from: string, to: string) => `ProcID=${id} ${from}->${to} Reason=""`;
  const metric = (name: string, v: number | bigint) => `Name="${name}" Value=Value{Uint64(${u(v)})}`;
  let detail: string;
  switch (ev.type) {
    case EV.GoStatus:
      detail = go(a[0], "Undetermined", GO_STATUS[a[2] as number] as string);
      break;
    case EV.GoCreate:
      detail = go(a[0], "NotExist", "Runnable");
      break;
    case EV.GoStart:
      detail = go(a[0], "Runnable", "Running");
      break;
    case EV.GoDestroy:
      detail = go(ev.g, "Running", "NotExist");
      break;
    case EV.GoStop:
      detail = go(ev.g, "Running", "Runnable", str(a[0]));
      break;
    case EV.GoBlock:
      detail = go(ev.g, "Running", "Waiting", str(a[0]));
      break;
    case EV.GoUnblock:
      detail = go(a[0], "Waiting", "Runnable");
      break;
    case EV.GoSyscallBegin:
      detail = go(ev.g, "Running", "Syscall");
      break;
    case EV.GoSyscallEnd:
      detail = go(ev.g, "Syscall", "Running");
      break;
    case EV.GoSyscallEndBlocked:
      detail = go(ev.g, "Syscall", "Runnable");
      break;
    case EV.ProcStatus:
      detail = proc(a[0], "Undetermined", PROC_STATUS[a[1] as number] as string);
      break;
    case EV.ProcStart:
      detail = proc(a[0], "Idle", "Running");
      break;
    case EV.ProcStop:
      detail = proc(ev.p, "Running", "Idle");
      break;
    case EV.ProcsChange:
      detail = metric("/sched/gomaxprocs:threads", a[0]);
      break;
    case EV.HeapAlloc:
      detail = metric("/memory/classes/heap/objects:bytes", a[0]);
      break;
    case EV.HeapGoal:
      detail = metric("/gc/heap/goal:bytes", a[0]);
      break;
    case EV.STWBegin:
    case EV.STWEnd:
      detail = `Name=${q(`stop-the-world (${str(a[0])})`)} Scope=Goroutine(${ev.g})`;
      break;
    case EV.GCBegin:
    case EV.GCEnd:
      detail = `Name="GC concurrent mark phase" Scope=None`;
      break;
    case EV.GCSweepBegin:
    case EV.GCSweepEnd:
      detail = `Name="GC incremental sweep" Scope=Proc(${ev.p})`;
      break;
    case EV.GCMarkAssistBegin:
    case EV.GCMarkAssistEnd:
      detail = `Name="GC mark assist" Scope=Goroutine(${ev.g})`;
      break;
    case EV.GoLabel:
      detail = `Label=${q(str(a[0]))} Resource=Goroutine(${ev.g})`;
      break;
    case EV.UserTaskBegin:
      detail = `ID=${a[0]} Parent=${u(a[1])} Type=${q(str(a[2]))}`;
      break;
    case EV.UserTaskEnd: {
      const id = a[3] as number;
      detail = `ID=${a[0]} Parent=${u(a[2])} Type=${q(id === 0 ? "" : tr.extraStrings[id - 1])}`;
      break;
    }
    case EV.UserRegionBegin:
    case EV.UserRegionEnd:
      detail = `Task=${a[0]} Type=${q(str(a[1]))}`;
      break;
    case EV.UserLog:
      detail = `Task=${a[0]} Category=${q(str(a[1]))} Message=${q(str(a[2]))}`;
      break;
    default:
      detail = "";
  }
  return `${header(ev)} ${detail}`.trimEnd();
}

/** Counts of each line. */
export function multiset(lines: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

/** Lines whose counts differ, as "count-in-a/count-in-b line". */
export function diff(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k) ?? 0;
    const y = b.get(k) ?? 0;
    if (x !== y) out.push(`${x}/${y} ${k}`);
  }
  return out.sort();
}

const TIME = / Time=(-?\d+)/;

/**
 * Splits event lines into the lines without their Time= field and the list
 * of times, both sorted. Go's v1 output orders simultaneous events by map
 * iteration and then moves equal times apart by 1 ns, so two runs differ only
 * in which of those events gets which time: these two lists stay the same.
 */
export function timeless(lines: string[]): { lines: string[]; times: string[] } {
  const rest: string[] = [];
  const times: string[] = [];
  for (const l of lines) {
    const m = TIME.exec(l);
    times.push(m ? (m[1] as string) : "");
    rest.push(l.replace(TIME, ""));
  }
  const byNum = (a: string, b: string) => Number(a) - Number(b);
  return { lines: rest.sort(), times: times.sort(byNum) };
}

/** The stack id Go's Event.Stack() reads (0: none). */
function stackOf(ev: V1BaseEvent): number | bigint {
  if (ev.type === EV.CPUSample) return ev.args[0];
  const at = EVENT_SPECS[ev.type]?.stackArgs[0];
  // The spec's stack argument indices are within the event's arguments.
  return at === undefined ? 0 : ev.args[at - 1]!;
}

function frames(tr: V1Converted, id: number | bigint): string {
  let out = "";
  for (const f of tr.stacks.get(id as number) ?? []) {
    out += `\t${f.func} @ 0x${BigInt.asUintN(64, BigInt(f.pc)).toString(16)}\n\t\t${f.file}:${f.line}\n`;
  }
  return out;
}

/** All Go prints for the event: first line with attributes, TransitionStack= and Stack= blocks. */
export function fullEvent(tr: V1Converted, ev: V1BaseEvent): string {
  let s = firstLine(tr, ev);
  if (KIND.get(ev.type) === "RangeEnd") {
    s +=
      ev.type === EV.GCSweepEnd
        ? ` Attributes=["bytes swept"=Value{Uint64(${u(ev.args[0])})} "bytes reclaimed"=Value{Uint64(${u(ev.args[1])})}]`
        : " Attributes=[]";
  }
  const stk = stackOf(ev);
  // GoCreate's transition stack is the new goroutine's, printed even when empty.
  if (ev.type === EV.GoCreate) s += `\nTransitionStack=\n${frames(tr, ev.args[1])}`;
  else if (stk !== 0 && [EV.GoStop, EV.GoBlock, EV.GoSyscallBegin, EV.GoStatus].includes(ev.type as 19)) {
    s += `\nTransitionStack=\n${frames(tr, stk)}`;
  }
  // Go ends the line (or the transition frames) with one more newline before Stack=.
  if (stk !== 0) s += `\nStack=\n${frames(tr, stk)}`;
  return s.trimEnd();
}

/** Splits Go's -d=parsed output into one text per event (trailing blank lines dropped). */
export function goEvents(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("M=")) out.push(line);
    else if (out.length > 0) out[out.length - 1] += `\n${line}`;
  }
  return out.map((e) => e.trimEnd());
}
