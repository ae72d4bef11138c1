// One raw event as Go's raw Event.String() prints it: the line format of
// `go tool trace -d=wire` and of the raw text format.
import { EVENT_SPECS, STACK_FRAME_FIELDS } from "../gen/events.gen.js";
import { goQuote } from "../gofmt/quote.js";
import type { RawEvent } from "../wire/raw-event.js";

const FRAME_FIELDS = STACK_FRAME_FIELDS;

/**
 * The event as Go's raw `Event.String()` prints it: the line of
 * `go tool trace -d=wire` and of the raw text format (stack frames on
 * following tab-indented lines). A nameless type prints as "".
 */
export function formatRawEvent(ev: RawEvent): string {
  if (ev.name === "") return "";
  const spec = EVENT_SPECS[ev.type];
  let s = ev.name;
  const named = spec ? spec.args.length : 0;
  for (let i = 0; i < named; i++) s += ` ${spec?.args[i]}=${ev.argDecimal(i)}`;
  if (spec?.isStack) {
    for (let i = named; i < ev.argCount; i++) {
      const k = (i - named) % 4;
      s += `${k === 0 ? "\n\t" : " "}${FRAME_FIELDS[k]}=${ev.argDecimal(i)}`;
    }
  }
  // Go prints a data line only for non-empty data (it keeps empty data as nil).
  if (ev.data !== null && ev.data.length > 0) s += `\n\tdata=${goQuote(ev.data)}`;
  return s;
}

/**
 * The name gotrace's text gives an event of a nameless slot (type bytes that
 * Go's table for the format reserves without naming them, such as 53–127 in
 * go 1.26 traces): `Unnamed type=N`. Go prints such an event as an empty
 * line, which no text reader can turn back into the event.
 */
export const UNNAMED_EVENT = "Unnamed";

/**
 * One raw event in gotrace's lossless text: Go's line (formatRawEvent) except
 * where Go's text would lose the event when read back. A nameless event is
 * `Unnamed type=N` instead of an empty line, and an event that carries data
 * always has its data line, `data=""` when empty (Go prints none, and its
 * text reader then takes the next line for the data).
 */
export function formatTextEvent(ev: RawEvent): string {
  if (ev.name === "") return `${UNNAMED_EVENT} type=${ev.type}`;
  const s = formatRawEvent(ev);
  if (ev.data !== null && ev.data.length === 0) return `${s}\n\tdata=""`;
  return s;
}

/** The first line of Go's raw text format for a version. */
export function textHeaderLine(version: number): string {
  return `Trace Go1.${version}`;
}
