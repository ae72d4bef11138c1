// Per-format lookup arrays for the event loop, derived from the generated
// event table: how many arguments each type byte has in a format's raw
// reader, whether a trailer follows, and the name Go prints.
import { EVENT_SPECS, EVENT_TABLE_LENGTH, FIRST_EXPERIMENTAL_EVENT, type TraceFormat } from "../gen/events.gen.js";

/** argCount value for a type byte the table does not have. */
export const INVALID = -1;
export const TRAILER_NONE = 0;
export const TRAILER_STACK = 1;
export const TRAILER_DATA = 2;

/** What Go's raw reader knows about each type byte of one trace format (RawDecoder.table, FootprintCounter.render). */
export interface RawTable {
  /** Arguments per type byte, -1 for types the raw reader refuses. */
  readonly argCount: Int8Array;
  /** What follows the arguments, per type byte: 0 nothing, 1 stack frames, 2 a length-prefixed data trailer. */
  readonly trailer: Uint8Array;
  /** Go's name per type byte ("" for nameless types). */
  readonly names: readonly string[];
  /** Length of Go's table; -d=footprint names types at or beyond it `<unknown (N)>`. */
  readonly length: number;
  /** The Go release whose raw reader this table is. */
  readonly release: string;
}

const cache = new Map<string, RawTable>();

/**
 * Whether an event of this type, refused by Go 1.27's table but known to the writing release's,
 * puts a reader of that format on the writer's table from there to the end of the trace, as the
 * writing release's own tools read it. Only the experiments' events (the spec's experimental
 * range, FIRST_EXPERIMENTAL_EVENT and up) do: Go 1.27 refuses them in the formats whose writers
 * recorded them. Until one comes, the other types only the writer knew (EndOfGeneration and
 * nameless types in go 1.25) stay refused, as Go 1.27 refuses them; the binary decoder and the text reader follow this one rule, so text and binary agree.
 */
export function switchesToWriterTable(type: number): boolean {
  return type >= FIRST_EXPERIMENTAL_EVENT;
}

/**
 * The table Go 1.27's raw reader uses for a format (`writer` false), or the
 * one of the release that writes the format (`writer` true; the same table
 * unless the spec gives the format a writerRawTable). The pre-1.22 format
 * (undefined) has no table: every type byte is refused.
 */
export function rawTable(format: TraceFormat | undefined, writer = false): RawTable {
  const useWriter = writer && format?.writerRawTable !== undefined;
  const key = `${format?.header ?? 0}/${useWriter}`;
  let table = cache.get(key);
  if (!table) {
    table = useWriter && format ? buildWriterTable(format) : buildTable(format);
    cache.set(key, table);
  }
  return table;
}

function empty(length: number, release: string) {
  return {
    argCount: new Int8Array(256).fill(INVALID),
    trailer: new Uint8Array(256),
    names: new Array<string>(256).fill(""),
    length,
    release,
  };
}

function define(t: ReturnType<typeof empty>, type: number): void {
  const spec = EVENT_SPECS[type];
  if (!spec) {
    t.argCount[type] = 0;
    return;
  }
  t.argCount[type] = spec.args.length;
  t.trailer[type] = spec.isStack ? TRAILER_STACK : spec.hasData ? TRAILER_DATA : TRAILER_NONE;
  t.names[type] = spec.name;
}

function buildTable(format: TraceFormat | undefined): RawTable {
  if (!format) return empty(0, "1.27");
  const t = empty(format.rawLastEvent + 1, "1.27");
  for (let type = 1; type <= format.rawLastEvent; type++) {
    if (EVENT_SPECS[type] || format.rawUnnamedEvents) define(t, type);
  }
  return t;
}

function buildWriterTable(format: TraceFormat): RawTable {
  const w = format.writerRawTable;
  if (!w) return buildTable(format);
  const t = empty(EVENT_TABLE_LENGTH, w.release);
  for (let type = 1; type < EVENT_TABLE_LENGTH; type++) {
    const spec = EVENT_SPECS[type];
    if (type <= w.lastEvent) define(t, type);
    else if (spec && w.experiments.includes(spec.experiment)) define(t, type);
    else if (!spec)
      define(t, type); // unused bytes read as nameless events in a full table
    else t.argCount[type] = 0; // defined later than the writer's release: nameless there
  }
  return t;
}
