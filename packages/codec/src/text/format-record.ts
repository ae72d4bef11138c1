// Go's raw Event.String() for a detached event (RawEventRecord), the form the
// text reader produces: the same line format as formatRawEvent, with Go's
// rule for data that came from text, where even empty data is printed.
import { TraceError } from "../errors/trace-error.js";
import { EVENT_SPECS, FORMATS, STACK_FRAME_FIELDS } from "../gen/events.gen.js";
import { goQuote } from "../gofmt/quote.js";
import type { RawEventRecord } from "../wire/raw-event.js";
import { INVALID, rawTable } from "../wire/raw-tables.js";
import { recordValueDecimal } from "./go-uint.js";

const FRAME_FIELDS = STACK_FRAME_FIELDS;

/**
 * The text of one event of a `version` trace, without the final newline.
 * Data is printed whenever the record has it, even when empty (`data=""`):
 * that is what Go prints for an event read from text. A decoded binary
 * event has no data when the length is 0 (formatRawEvent prints none), so
 * an empty String or ExperimentalBatch does not survive text → binary → text
 * in Go either. Throws E_ENCODE for a type byte the version does not have.
 */
export function formatRawRecord(record: RawEventRecord, version: number): string {
  const type = record.type;
  const format = FORMATS.find((f) => f.header === version);
  // Go 1.27's table first; the writing release's for events only it has (as the decoder does).
  let table = rawTable(format, false);
  if (!(type >= 0 && type < 256 && table.argCount[type] !== INVALID)) table = rawTable(format, true);
  if (!(type >= 0 && type < 256 && table.argCount[type] !== INVALID)) {
    throw new TraceError("E_ENCODE", `event type ${type} is not an event of go 1.${version}`);
  }
  const name = table.names[type] as string;
  // Nameless slots have no arguments: Go prints an empty line for them.
  if (name === "") return "";
  const spec = EVENT_SPECS[type];
  const named = spec ? spec.args.length : 0;
  const args = record.args;
  let s = name;
  for (let i = 0; i < named; i++) s += ` ${spec?.args[i]}=${decimal(args[i])}`;
  if (spec?.isStack) {
    for (let i = named; i < args.length; i++) {
      const k = (i - named) % 4;
      s += `${k === 0 ? "\n\t" : " "}${FRAME_FIELDS[k]}=${decimal(args[i])}`;
    }
  }
  if (record.data !== undefined) s += `\n\tdata=${goQuote(record.data)}`;
  return s;
}

function decimal(v: number | bigint | undefined): string {
  if (v === undefined) throw new TraceError("E_ENCODE", "an event has fewer arguments than its type");
  return recordValueDecimal(v);
}
