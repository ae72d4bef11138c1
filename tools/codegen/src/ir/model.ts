// The typed intermediate representation the emitters print from. It holds
// only what the .ksy files say; nothing here is Go knowledge of its own.

/** One event type of the wire format, from a `ev_*` type of go_trace_events.ksy. */
export interface EventIR {
  /** The type byte. */
  readonly type: number;
  /** Kaitai id of the enum entry, lower_snake (e.g. `go_create`). */
  readonly id: string;
  /** Go's name (e.g. `GoCreate`), from `-go-name`. */
  readonly name: string;
  readonly doc: string;
  /** Argument names in wire order; for timed events the first is `dt`. */
  readonly args: readonly string[];
  readonly timed: boolean;
  /** A `len_data` + `data` trailer follows the arguments. */
  readonly hasData: boolean;
  /** `nframes` frames of four uvarints follow the arguments. */
  readonly isStack: boolean;
  /** Indexes into args of stack ids; the first is the event's own stack. */
  readonly stackArgs: readonly number[];
  /** Indexes into args of string ids. */
  readonly stringArgs: readonly number[];
  /** Type byte of the event that begins this one's range, or 0. */
  readonly startEvent: number;
  /** Experiment id, 0 for none. */
  readonly experiment: number;
  /** No scheduling meaning: ordered wherever an M runs it and handed out raw (`-go-unscheduled`). */
  readonly unscheduled: boolean;
  /** First Go release whose runtime writes it, e.g. "1.23". */
  readonly since: string;
}

/** A trace format (the number in the header), from go_trace.ksy `-go-formats`. */
export interface FormatIR {
  readonly header: number;
  readonly name: string;
  readonly writtenBy: readonly string[];
  /** Last type byte of the raw reader's table for this format. */
  readonly rawLastEvent: number;
  /** Unused type bytes below the experimental range read as nameless, argument-less events. */
  readonly rawUnnamedEvents: boolean;
  /** The raw table of the Go release that writes the format, where it differs from Go 1.27's. */
  readonly writerRawTable: WriterTableIR | undefined;
  readonly generationEnd: "spill" | "end_of_generation";
  readonly syncBatch: boolean;
}

export interface WriterTableIR {
  readonly release: string;
  readonly lastEvent: number;
  readonly experiments: readonly number[];
}

export interface OldFormatIR {
  readonly header: number;
  readonly writtenBy: readonly string[];
}

export interface ExperimentIR {
  readonly id: number;
  /** lower_snake id, e.g. `alloc_free`. */
  readonly key: string;
  /** Go's name, e.g. `AllocFree`. */
  readonly name: string;
}

/** A field of a payload struct (an experiment's batch data). */
export type FieldIR =
  | { readonly kind: "uvarint"; readonly id: string; readonly doc: string }
  | { readonly kind: "u1"; readonly id: string; readonly doc: string }
  | { readonly kind: "string"; readonly id: string; readonly doc: string; readonly lengthField: string }
  | { readonly kind: "repeat"; readonly id: string; readonly doc: string; readonly struct: string };

export interface StructIR {
  /** lower_snake Kaitai type id. */
  readonly id: string;
  readonly doc: string;
  readonly fields: readonly FieldIR[];
}

/** An experiment's batch payload: a kind byte that selects a struct. */
export interface PayloadIR {
  readonly experiment: number;
  readonly doc: string;
  readonly kinds: readonly { readonly value: number; readonly id: string; readonly struct: string }[];
  readonly structs: readonly StructIR[];
}

export interface LimitsIR {
  readonly maxBatchSize: number;
  readonly maxStringSize: number;
  readonly maxFramesPerStack: number;
  readonly maxTimedEventArgs: number;
}

export interface SpecIR {
  /** Files the IR was read from, relative to the spec directory, for the generated header. */
  readonly sources: readonly string[];
  readonly events: readonly EventIR[];
  readonly formats: readonly FormatIR[];
  readonly oldFormats: readonly OldFormatIR[];
  readonly experiments: readonly ExperimentIR[];
  /** First type byte of the experiments' events; the core table lies below it. */
  readonly firstExperimentalEvent: number;
  readonly payloads: readonly PayloadIR[];
  readonly limits: LimitsIR;
  readonly headerScan: string;
  /** Field names of a stack frame in wire order (go_trace_events.ksy `stack_frame`). */
  readonly stackFrameFields: readonly string[];
}
