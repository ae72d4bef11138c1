// The pre-1.22 event types (the runtime's trace.go of Go 1.11–1.21, which Go
// 1.27's tracev1 parser still knows) and the facts about each one the parser
// needs: how many arguments follow the timestamp, whether a stack id ends the
// argument list, and the first format version that has it.

/** v1 event type bytes (the low 6 bits of an event's first byte). */
export const V1 = Object.freeze({
  None: 0,
  Batch: 1,
  Frequency: 2,
  Stack: 3,
  Gomaxprocs: 4,
  ProcStart: 5,
  ProcStop: 6,
  GCStart: 7,
  GCDone: 8,
  STWStart: 9,
  STWDone: 10,
  GCSweepStart: 11,
  GCSweepDone: 12,
  GoCreate: 13,
  GoStart: 14,
  GoEnd: 15,
  GoStop: 16,
  GoSched: 17,
  GoPreempt: 18,
  GoSleep: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoBlockSend: 22,
  GoBlockRecv: 23,
  GoBlockSelect: 24,
  GoBlockSync: 25,
  GoBlockCond: 26,
  GoBlockNet: 27,
  GoSysCall: 28,
  GoSysExit: 29,
  GoSysBlock: 30,
  GoWaiting: 31,
  GoInSyscall: 32,
  HeapAlloc: 33,
  HeapGoal: 34,
  TimerGoroutine: 35,
  FutileWakeup: 36,
  String: 37,
  GoStartLocal: 38,
  GoUnblockLocal: 39,
  GoSysExitLocal: 40,
  GoStartLabel: 41,
  GoBlockGC: 42,
  GCMarkAssistStart: 43,
  GCMarkAssistDone: 44,
  UserTaskCreate: 45,
  UserTaskEnd: 46,
  UserRegion: 47,
  UserLog: 48,
  CPUSample: 49,
} as const);

/** One past the largest v1 event type. */
export const V1_EVENT_COUNT = 50;

/** What the parser knows about one v1 event type. */
export interface V1EventDesc {
  /** Go's name, used in error messages and in the event dump of errors. */
  readonly name: string;
  /** The first format version (the N of "go 1.N trace") that has the event. */
  readonly minVersion: number;
  /** A stack id is the last argument. */
  readonly stack: boolean;
  /** Names of the arguments after the timestamp, without the stack id. */
  readonly args: readonly string[];
}

function d(name: string, minVersion: number, stack: boolean, args: readonly string[]): V1EventDesc {
  return Object.freeze({ name, minVersion, stack, args: Object.freeze(args) });
}

/** The descriptions, indexed by type byte (0 to 49). */
export const V1_EVENTS: readonly V1EventDesc[] = Object.freeze([
  d("None", 5, false, []),
  d("Batch", 5, false, ["p", "ticks"]),
  d("Frequency", 5, false, ["freq"]),
  d("Stack", 5, false, ["id", "siz"]),
  d("Gomaxprocs", 5, true, ["procs"]),
  d("ProcStart", 5, false, ["thread"]),
  d("ProcStop", 5, false, []),
  d("GCStart", 5, true, ["seq"]),
  d("GCDone", 5, false, []),
  d("GCSTWStart", 5, false, ["kindid"]),
  d("GCSTWDone", 5, false, []),
  d("GCSweepStart", 5, true, []),
  d("GCSweepDone", 5, false, ["swept", "reclaimed"]),
  d("GoCreate", 5, true, ["g", "stack"]),
  d("GoStart", 5, false, ["g", "seq"]),
  d("GoEnd", 5, false, []),
  d("GoStop", 5, true, []),
  d("GoSched", 5, true, []),
  d("GoPreempt", 5, true, []),
  d("GoSleep", 5, true, []),
  d("GoBlock", 5, true, []),
  d("GoUnblock", 5, true, ["g", "seq"]),
  d("GoBlockSend", 5, true, []),
  d("GoBlockRecv", 5, true, []),
  d("GoBlockSelect", 5, true, []),
  d("GoBlockSync", 5, true, []),
  d("GoBlockCond", 5, true, []),
  d("GoBlockNet", 5, true, []),
  d("GoSysCall", 5, true, []),
  d("GoSysExit", 5, false, ["g", "seq", "ts"]),
  d("GoSysBlock", 5, false, []),
  d("GoWaiting", 5, false, ["g"]),
  d("GoInSyscall", 5, false, ["g"]),
  d("HeapAlloc", 5, false, ["mem"]),
  d("HeapGoal", 5, false, ["mem"]),
  d("TimerGoroutine", 5, false, ["g"]),
  d("FutileWakeup", 5, false, []),
  d("String", 7, false, []),
  d("GoStartLocal", 7, false, ["g"]),
  d("GoUnblockLocal", 7, true, ["g"]),
  d("GoSysExitLocal", 7, false, ["g", "ts"]),
  d("GoStartLabel", 8, false, ["g", "seq", "labelid"]),
  d("GoBlockGC", 8, true, []),
  d("GCMarkAssistStart", 9, true, []),
  d("GCMarkAssistDone", 9, false, []),
  d("UserTaskCreate", 11, true, ["taskid", "pid", "typeid"]),
  d("UserTaskEnd", 11, true, ["taskid"]),
  d("UserRegion", 11, true, ["taskid", "mode", "typeid"]),
  d("UserLog", 11, true, ["id", "keyid"]),
  d("CPUSample", 19, true, ["ts", "p", "g"]),
]);

/**
 * The number of arguments an event of this type must carry, timestamp delta
 * and stack id included (Go's rawEvent.argNum). `Stack` is variable-length
 * and is checked by its own rules, so it takes the count it was given.
 */
export function v1ArgNum(type: number, given: number): number {
  if (type === V1.Stack) return given;
  const desc = V1_EVENTS[type] as V1EventDesc;
  let n = desc.args.length + (desc.stack ? 1 : 0);
  // These three have no timestamp.
  if (type === V1.Batch || type === V1.Frequency || type === V1.TimerGoroutine) return n;
  n++;
  return n;
}

/** Fake Ps the parser moves events to (Go's tracev1 FakeP + iota). */
export const FAKE_P = Object.freeze({
  TimerP: 1000001,
  NetpollP: 1000002,
  SyscallP: 1000003,
  GCP: 1000004,
  ProfileP: 1000005,
} as const);
