// Prints events.gen.ts: the event type constants, the table indexed by type
// byte, the formats with their raw-reader tables, experiments and limits.
import type { SpecIR } from "../ir/model.js";
import { header, jsdoc, q } from "./print.js";

export function emitEvents(spec: SpecIR): string {
  const out: string[] = [header(spec, "Event types, the event table, trace formats and limits.")];
  out.push(`/** Event type bytes by Go's event name. */
export const EV = /*@__PURE__*/ Object.freeze({
${spec.events.map((e) => `${jsdoc(e.doc, "  ")}  ${e.name}: ${e.type},`).join("\n")}
} as const);

/** Go's name of an event type. */
export type EventName = keyof typeof EV;
/** A known event type byte. */
export type EventType = (typeof EV)[EventName];

/** What the spec says about one event type (Go's tracev2.EventSpec). */
export interface EventSpec {
  readonly type: number;
  readonly name: EventName;
  /** Argument names in wire order; a timed event's first argument is dt. */
  readonly args: readonly string[];
  readonly timed: boolean;
  /** A length-prefixed data trailer follows the arguments (String, ExperimentalBatch). */
  readonly hasData: boolean;
  /** nframes frames of (pc, func, file, line) follow the arguments (Stack). */
  readonly isStack: boolean;
  /** Indexes into args of stack ids; the first is the event's own stack. */
  readonly stackArgs: readonly number[];
  /** Indexes into args of string ids. */
  readonly stringArgs: readonly number[];
  /** Type byte of the event that begins this event's range, or 0. */
  readonly startEvent: number;
  /** Experiment id (see EXPERIMENTS), or 0. */
  readonly experiment: number;
  /**
   * The event has no scheduling meaning: the reader orders it wherever an M
   * runs it (a P and a goroutine optional) and hands it out in raw form, as
   * Go does the experiments' events.
   */
  readonly unscheduled: boolean;
  /** First Go release whose runtime writes the event. */
  readonly since: string;
}
`);
  const maxType = Math.max(...spec.events.map((e) => e.type));
  const byType = new Map(spec.events.map((e) => [e.type, e]));
  const rows: string[] = [];
  for (let t = 0; t <= maxType; t++) {
    const e = byType.get(t);
    if (!e) {
      rows.push(`  undefined, // ${t}`);
      continue;
    }
    rows.push(
      `  { type: ${e.type}, name: ${q(e.name)}, args: ${JSON.stringify(e.args)}, timed: ${e.timed}, hasData: ${e.hasData}, isStack: ${e.isStack}, stackArgs: ${JSON.stringify(e.stackArgs)}, stringArgs: ${JSON.stringify(e.stringArgs)}, startEvent: ${e.startEvent}, experiment: ${e.experiment}, unscheduled: ${e.unscheduled}, since: ${q(e.since)} },`,
    );
  }
  out.push(`/** The event table, indexed by type byte; unused bytes are undefined. */
export const EVENT_SPECS: readonly (EventSpec | undefined)[] = /*@__PURE__*/ Object.freeze([
${rows.join("\n")}
]);

/** One past the largest event type byte in the table. */
export const EVENT_TABLE_LENGTH = ${maxType + 1};

/**
 * First type byte of the experiments' events (Go's MaxEvent + 1): the bytes
 * from here to EVENT_TABLE_LENGTH - 1 are the experimental range.
 */
export const FIRST_EXPERIMENTAL_EVENT = ${spec.firstExperimentalEvent};
`);
  out.push(`/** A trace format: the number in the header and how to read it. */
export interface TraceFormat {
  /** The N of the header "go 1.N trace". */
  readonly header: number;
  /** Go's name of the version, e.g. Go126. */
  readonly name: string;
  /** Go releases whose runtime writes this format. */
  readonly writtenBy: readonly string[];
  /** Last type byte of Go 1.27's raw-reader table for the format. */
  readonly rawLastEvent: number;
  /** Unused type bytes below the experimental range read as nameless events without arguments (Go 1.27, format 26). */
  readonly rawUnnamedEvents: boolean;
  /**
   * The raw table of the Go release that writes the format, where Go 1.27's
   * differs: every event up to lastEvent, the experiments' events, and
   * nameless events for the unused bytes below the experimental range.
   */
  readonly writerRawTable?: { readonly release: string; readonly lastEvent: number; readonly experiments: readonly number[] };
  /** How generations end: a spill into the next generation number, or an EndOfGeneration byte. */
  readonly generationEnd: "spill" | "end_of_generation";
  /** Frequency and clock snapshot travel in a Sync batch (go 1.25 and newer). */
  readonly syncBatch: boolean;
}

/** The v2 formats, by header number. */
export const FORMATS: readonly TraceFormat[] = /*@__PURE__*/ Object.freeze([
${spec.formats
  .map(
    (f) =>
      `  { header: ${f.header}, name: ${q(f.name)}, writtenBy: ${JSON.stringify(f.writtenBy)}, rawLastEvent: ${f.rawLastEvent}, rawUnnamedEvents: ${f.rawUnnamedEvents}, ${f.writerRawTable ? `writerRawTable: { release: ${q(f.writerRawTable.release)}, lastEvent: ${f.writerRawTable.lastEvent}, experiments: ${JSON.stringify(f.writerRawTable.experiments)} }, ` : ""}generationEnd: ${q(f.generationEnd)}, syncBatch: ${f.syncBatch} },`,
  )
  .join("\n")}
]);

/** Headers of the pre-1.22 format, which carries no v2 events. */
export const OLD_FORMATS: readonly { readonly header: number; readonly writtenBy: readonly string[] }[] = /*@__PURE__*/ Object.freeze([
${spec.oldFormats.map((f) => `  { header: ${f.header}, writtenBy: ${JSON.stringify(f.writtenBy)} },`).join("\n")}
]);

/** Trace experiments by id; 0 is none. */
export const EXPERIMENTS: readonly { readonly id: number; readonly name: string }[] = /*@__PURE__*/ Object.freeze([
  { id: 0, name: "None" },
${spec.experiments.map((e) => `  { id: ${e.id}, name: ${q(e.name)} },`).join("\n")}
]);

/** Limits Go's reader enforces. */
export const LIMITS = /*@__PURE__*/ Object.freeze({
  maxBatchSize: ${spec.limits.maxBatchSize},
  maxStringSize: ${spec.limits.maxStringSize},
  maxFramesPerStack: ${spec.limits.maxFramesPerStack},
  maxTimedEventArgs: ${spec.limits.maxTimedEventArgs},
} as const);

/** The fmt.Fscanf pattern Go scans the header with. */
export const HEADER_SCAN = ${q(spec.headerScan)};

/** The fields of a stack frame, in wire order (four uvarints per frame). */
export const STACK_FRAME_FIELDS = /*@__PURE__*/ Object.freeze(${JSON.stringify(spec.stackFrameFields)} as const);
`);
  return out.join("\n");
}
