// Go's validateTableIDs: every stack and string argument of a handed-out
// event must exist in its generation's tables. One module for both forms of
// the check: the one that reports Go's error (on a queued event, after its
// cursor has moved on), and the one that only asks (on a cursor's event,
// before it moves on, where an error must not be thrown yet).
import type { EventTable } from "../generation/generation.js";
import { SPEC_STACK_ARGS, SPEC_STRING_ARGS } from "../specs.js";
import type { U64 } from "../u64.js";
import type { EventFields, QueuedEvent } from "./queue.js";

/** A type's table-ID argument slot when it has one of the kind; NONE or MANY otherwise. */
const NONE = -1;
const MANY = -2;
function slotOf(args: readonly (readonly number[])[], t: number): number {
  const a = args[t] ?? [];
  return a.length === 0 ? NONE : a.length === 1 ? (a[0] ?? NONE) : MANY;
}
// Most scheduling events carry a stack (and GoBlock a string): one slot each.
const STACK_SLOT: Int8Array = Int8Array.from({ length: 256 }, (_, t) => slotOf(SPEC_STACK_ARGS, t));
const STRING_SLOT: Int8Array = Int8Array.from({ length: 256 }, (_, t) => slotOf(SPEC_STRING_ARGS, t));

/** The first stack or string argument of a queued event that its table lacks, or null when all exist. */
export function missingTableID(ev: QueuedEvent, t: EventTable): { what: "stack" | "string"; id: U64 } | null {
  const typ = ev.type;
  const stackSlot = STACK_SLOT[typ]!;
  const stringSlot = STRING_SLOT[typ]!;
  if (stackSlot !== MANY && stringSlot !== MANY) {
    if (stackSlot !== NONE) {
      const id = queuedArg(ev, stackSlot);
      if (!t.hasStack(id)) return { what: "stack", id };
    }
    if (stringSlot !== NONE) {
      const id = queuedArg(ev, stringSlot);
      if (!t.hasString(id)) return { what: "string", id };
    }
    return null;
  }
  for (const slot of SPEC_STACK_ARGS[typ] ?? []) {
    const id = queuedArg(ev, slot);
    if (!t.hasStack(id)) return { what: "stack", id };
  }
  for (const slot of SPEC_STRING_ARGS[typ] ?? []) {
    const id = queuedArg(ev, slot);
    if (!t.hasString(id)) return { what: "string", id };
  }
  return null;
}

/**
 * Whether missingTableID would find nothing for `ev`, a cursor's event, in
 * table `t`. It never throws, so it can run before the cursor moves
 * on, which is when the event's fields go.
 */
export function tableIDsKnown(t: EventTable, ev: EventFields): boolean {
  const stackSlot = STACK_SLOT[ev.typ]!;
  const stringSlot = STRING_SLOT[ev.typ]!;
  if (stackSlot === MANY || stringSlot === MANY) return allTableIDsKnown(t, ev);
  return (
    (stackSlot === NONE || t.hasStack(fieldArg(ev, stackSlot))) &&
    (stringSlot === NONE || t.hasString(fieldArg(ev, stringSlot)))
  );
}

/** tableIDsKnown for types with several table arguments of a kind (UserLog's two strings). */
function allTableIDsKnown(t: EventTable, ev: EventFields): boolean {
  const stacks = SPEC_STACK_ARGS[ev.typ]!;
  for (let i = 0; i < stacks.length; i++) if (!t.hasStack(fieldArg(ev, stacks[i]!))) return false;
  const strings = SPEC_STRING_ARGS[ev.typ]!;
  for (let i = 0; i < strings.length; i++) if (!t.hasString(fieldArg(ev, strings[i]!))) return false;
  return true;
}

/** Argument slot i of a cursor's event; queuedArg's twin, so that each stays monomorphic. */
function fieldArg(ev: EventFields, i: number): U64 {
  return i === 0 ? ev.a0 : i === 1 ? ev.a1 : i === 2 ? ev.a2 : ev.a3;
}

/** Argument slot i of a queued event (Event.arg). */
function queuedArg(ev: QueuedEvent, i: number): U64 {
  return i === 0 ? ev.a0 : i === 1 ? ev.a1 : i === 2 ? ev.a2 : ev.a3;
}
