// The strings the converter adds to a v1 trace's string table: block and stop
// reasons that v1 encoded as event types, and the stop-the-world reasons that
// v1 encoded as numbers. Their order fixes their string ids (after the
// trace's own strings and the UserLog messages).

/** Built-in strings, in id order. Indices are used as constants below. */
export const BUILTIN_STRINGS: readonly string[] = Object.freeze([
  "forever",
  "preempted",
  "runtime.Gosched",
  "sleep",
  "chan send",
  "chan receive",
  "network",
  "sync",
  "sync.(*Cond).Wait",
  "select",
  "",
  "GC mark assist wait for work",
  // Stop-the-world reasons, in the numbering of Go 1.21 (0 is unknown).
  "",
  "GC mark termination",
  "GC sweep termination",
  "write heap dump",
  "goroutine profile",
  "goroutine profile cleanup",
  "all goroutine stack trace",
  "read mem stats",
  "AllThreadsSyscall",
  "GOMAXPROCS",
  "start trace",
  "stop trace",
  "CountPagesInUse (test)",
  "ReadMetricsSlow (test)",
  "ReadMemStatsSlow (test)",
  "PageCachePagesLeaked (test)",
  "ResetDebugLog (test)",
]);

/** Indices into BUILTIN_STRINGS. */
export const S = Object.freeze({
  Forever: 0,
  Preempted: 1,
  Gosched: 2,
  Sleep: 3,
  ChanSend: 4,
  ChanRecv: 5,
  Network: 6,
  Sync: 7,
  SyncCond: 8,
  Select: 9,
  Empty: 10,
  MarkAssistWait: 11,
  STWUnknown: 12,
} as const);

/** Number of stop-the-world reasons Go 1.21 knows. */
const NUM_STW_REASONS = 17;

/**
 * The stop-the-world reason (0 = unknown) of an STWStart's kind argument:
 * before 1.21 only 0 (mark termination) and 1 (sweep termination) existed.
 * `kind` is a U64 (see u64.ts), so negative means a huge uint64.
 */
export function stwReason(version: number, kind: number | bigint): number {
  if (version < 21) return kind === 0 || kind === 1 ? kind + 1 : 0;
  if (version === 21) return typeof kind === "number" && kind >= 0 && kind < NUM_STW_REASONS ? kind : 0;
  return 0;
}
