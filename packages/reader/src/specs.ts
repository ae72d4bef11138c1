// The event table as the reader uses it (Go's tracev2.Specs()), flattened from
// the codec's generated EVENT_SPECS into per-type arrays for the hot loop.
import { EV, EVENT_SPECS, EVENT_TABLE_LENGTH, EXPERIMENTS, FORMATS } from "@gotrace/codec";

/** Number of entries in Go 1.27's spec table (tracev2.MaxExperimentalEvent). */
export const SPEC_COUNT = EVENT_TABLE_LENGTH;

/** Go's name of each type ("" for unused types). */
export const SPEC_NAME: readonly string[] = Array.from({ length: SPEC_COUNT }, (_, t) => EVENT_SPECS[t]?.name ?? "");

/** Whether Go's reader accepts the type inside an event batch (timed, with arguments). */
export const SPEC_TIMED: Uint8Array = Uint8Array.from({ length: SPEC_COUNT }, (_, t) => {
  const s = EVENT_SPECS[t];
  return s?.timed && s.args.length > 0 ? 1 : 0;
});

/** Arguments after dt (the length of Go's base.args in use). */
export const SPEC_NARGS: Uint8Array = Uint8Array.from({ length: SPEC_COUNT }, (_, t) => {
  const s = EVENT_SPECS[t];
  return s === undefined || s.args.length === 0 ? 0 : s.args.length - 1;
});

/** Argument names after dt. */
export const SPEC_ARG_NAMES: readonly (readonly string[])[] = Array.from({ length: SPEC_COUNT }, (_, t) =>
  (EVENT_SPECS[t]?.args ?? []).slice(1),
);

/** Indexes into base args (0-based, after dt) of stack IDs; the first is the event's own stack. */
export const SPEC_STACK_ARGS: readonly (readonly number[])[] = Array.from({ length: SPEC_COUNT }, (_, t) =>
  (EVENT_SPECS[t]?.stackArgs ?? []).map((i) => i - 1),
);

/** Indexes into base args (0-based, after dt) of string IDs. */
export const SPEC_STRING_ARGS: readonly (readonly number[])[] = Array.from({ length: SPEC_COUNT }, (_, t) =>
  (EVENT_SPECS[t]?.stringArgs ?? []).map((i) => i - 1),
);

/** The type that begins the range an event ends or continues, or the type itself. */
export const SPEC_RANGE_TYPE: Uint8Array = Uint8Array.from({ length: SPEC_COUNT }, (_, t) => {
  const start = EVENT_SPECS[t]?.startEvent ?? 0;
  return start !== 0 ? start : t;
});

/** Experiment id of each type (0 = none). */
export const SPEC_EXPERIMENT: Uint8Array = Uint8Array.from(
  { length: SPEC_COUNT },
  (_, t) => EVENT_SPECS[t]?.experiment ?? 0,
);

/** Experiment names by id (Go's tracev2.Experiments()). */
export const EXPERIMENT_NAMES: readonly string[] = EXPERIMENTS.map((e) => e.name);

/** Synthetic type of Sync events (Go's evSync = ^EventType(0)). */
export const EV_SYNC = 255;

/** Wire type numbers the reader refers to by name. */
export { EV };

/** Whether the type has no scheduling meaning (the spec's `unscheduled`): ordered wherever an M runs it, handed out raw. */
export const SPEC_UNSCHEDULED: Uint8Array = Uint8Array.from({ length: SPEC_COUNT }, (_, t) =>
  EVENT_SPECS[t]?.unscheduled ? 1 : 0,
);

/**
 * Go's `version.EventName`: the name from the trace version's own (shorter)
 * table, which ends at the format's last raw event in the spec, or
 * `Invalid(N)` for types that version does not have. Used in ordering error
 * texts.
 */
export function eventNameForVersion(version: number, type: number): string {
  const last = FORMATS.find((f) => f.header === version)?.rawLastEvent ?? SPEC_COUNT - 1;
  if (type <= last && SPEC_NAME[type] !== "") return SPEC_NAME[type]!;
  return `Invalid(${type})`;
}

/**
 * 1 for the types that have stack or string arguments to validate (Go's
 * validateTableIDs), by type byte; 256 long so that any type byte, Sync's
 * included, indexes it.
 */
export const SPEC_TABLE_ARGS: Uint8Array = Uint8Array.from({ length: 256 }, (_, t) =>
  t < SPEC_COUNT && (SPEC_STACK_ARGS[t]!.length > 0 || SPEC_STRING_ARGS[t]!.length > 0) ? 1 : 0,
);
