// The high-level enums of Go's internal/trace (event.go, resources.go) and the
// wire-to-API mappings.
import { EV } from "@gotrace/codec";
import { EV_SYNC, SPEC_COUNT, SPEC_UNSCHEDULED } from "../specs.js";

/** What an event means (Go's EventKind). */
export const EventKind = Object.freeze({
  Bad: 0,
  Sync: 1,
  Metric: 2,
  Label: 3,
  StackSample: 4,
  RangeBegin: 5,
  RangeActive: 6,
  RangeEnd: 7,
  TaskBegin: 8,
  TaskEnd: 9,
  RegionBegin: 10,
  RegionEnd: 11,
  Log: 12,
  StateTransition: 13,
  Experimental: 14,
} as const);
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Go's EventKind.String(). */
export const EVENT_KIND_NAMES: readonly string[] = Object.keys(EventKind);

/** Goroutine states (Go's GoState). */
export const GoState = Object.freeze({
  Undetermined: 0,
  NotExist: 1,
  Runnable: 2,
  Running: 3,
  Waiting: 4,
  Syscall: 5,
} as const);
export type GoState = (typeof GoState)[keyof typeof GoState];

/** Proc states (Go's ProcState). */
export const ProcState = Object.freeze({
  Undetermined: 0,
  NotExist: 1,
  Running: 2,
  Idle: 3,
} as const);
export type ProcState = (typeof ProcState)[keyof typeof ProcState];

/** Go's GoState.String(). */
export function goStateName(s: number): string {
  return ["Undetermined", "NotExist", "Runnable", "Running", "Waiting", "Syscall"][s] ?? "Bad";
}

/** Go's ProcState.String(). */
export function procStateName(s: number): string {
  return ["Undetermined", "NotExist", "Running", "Idle"][s] ?? "Bad";
}

/** Wire goroutine statuses (tracev2.GoStatus). */
export const GoStatus = Object.freeze({ Bad: 0, Runnable: 1, Running: 2, Syscall: 3, Waiting: 4 } as const);
/** Wire proc statuses (tracev2.ProcStatus). */
export const ProcStatus = Object.freeze({ Bad: 0, Running: 1, Idle: 2, Syscall: 3, SyscallAbandoned: 4 } as const);

/** tracev2.GoStatus.String(). */
export function goStatusName(s: number): string {
  return ["Bad", "Runnable", "Running", "Syscall", "Waiting"][s] ?? "Bad";
}

/** tracev2.ProcStatus.String() (Go 1.27 knows SyscallAbandoned). */
export function procStatusName(s: number): string {
  return ["Bad", "Running", "Idle", "Syscall", "SyscallAbandoned"][s] ?? "Bad";
}

/** Wire GoStatus → GoState (index < 5). */
export const GO_STATUS_TO_STATE: readonly number[] = [
  GoState.Undetermined,
  GoState.Runnable,
  GoState.Running,
  GoState.Syscall,
  GoState.Waiting,
];

/** Wire ProcStatus → ProcState (index < 5); Syscall reads as Running, SyscallAbandoned as Idle. */
export const PROC_STATUS_TO_STATE: readonly number[] = [
  ProcState.Undetermined,
  ProcState.Running,
  ProcState.Idle,
  ProcState.Running,
  ProcState.Idle,
];

/** Kinds of resources (Go's ResourceKind). */
export const ResourceKind = Object.freeze({ None: 0, Goroutine: 1, Proc: 2, Thread: 3 } as const);
export type ResourceKind = (typeof ResourceKind)[keyof typeof ResourceKind];

/** Go's ResourceKind.String(). */
export function resourceKindName(k: number): string {
  return ["None", "Goroutine", "Proc", "Thread"][k] ?? "Bad";
}

/** Event kind by wire type (Go's tracev2Type2Kind), including the synthetic Sync type. */
export const KIND_OF_TYPE: Uint8Array = /*@__PURE__*/ (() => {
  const k = new Uint8Array(256);
  const set = (kind: number, ...types: number[]) => {
    for (const t of types) k[t] = kind;
  };
  set(EventKind.StackSample, EV.CPUSample);
  set(EventKind.Metric, EV.ProcsChange, EV.HeapAlloc, EV.HeapGoal);
  set(
    EventKind.StateTransition,
    EV.ProcStart,
    EV.ProcStop,
    EV.ProcSteal,
    EV.ProcStatus,
    EV.GoCreate,
    EV.GoCreateSyscall,
    EV.GoStart,
    EV.GoDestroy,
    EV.GoDestroySyscall,
    EV.GoStop,
    EV.GoBlock,
    EV.GoUnblock,
    EV.GoSyscallBegin,
    EV.GoSyscallEnd,
    EV.GoSyscallEndBlocked,
    EV.GoStatus,
    EV.GoSwitch,
    EV.GoSwitchDestroy,
    EV.GoCreateBlocked,
    EV.GoStatusStack,
  );
  set(EventKind.RangeBegin, EV.STWBegin, EV.GCBegin, EV.GCSweepBegin, EV.GCMarkAssistBegin);
  set(EventKind.RangeActive, EV.GCActive, EV.GCSweepActive, EV.GCMarkAssistActive);
  set(EventKind.RangeEnd, EV.STWEnd, EV.GCEnd, EV.GCSweepEnd, EV.GCMarkAssistEnd);
  set(EventKind.Label, EV.GoLabel);
  set(EventKind.TaskBegin, EV.UserTaskBegin);
  set(EventKind.TaskEnd, EV.UserTaskEnd);
  set(EventKind.RegionBegin, EV.UserRegionBegin);
  set(EventKind.RegionEnd, EV.UserRegionEnd);
  set(EventKind.Log, EV.UserLog);
  // Events without scheduling meaning (the experiments') are handed out raw, as Go's EventExperimental.
  for (let t = 0; t < SPEC_COUNT; t++) if (SPEC_UNSCHEDULED[t] === 1) k[t] = EventKind.Experimental;
  k[EV_SYNC] = EventKind.Sync;
  return k;
})();
