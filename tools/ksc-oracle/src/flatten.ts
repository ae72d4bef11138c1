// Turns the object trees of the Kaitai-generated parsers into the raw event
// model of Go's raw reader (and of @gotrace/codec's RawDecoder): a list of
// { type, args, data } in file order, batch headers included.
//
// The event bodies are walked by the spec's own `seq` lists (from the
// parsed .ksy), so nothing here repeats the field list of an event:
//   - a `uvarint` field is an argument, rebuilt exactly from its `groups`;
//   - a uvarint that a later field uses as `size: <id>.value` is the length
//     of a data trailer, not an argument; the sized field is the data;
//   - a field of a user type (a Stack's `frames`) contributes its own
//     fields' arguments, item by item.
// Batch headers of go_trace.ksy are written out explicitly: an EventBatch's
// size is an argument (its data is parsed as events, which follow it), an
// ExperimentalBatch's data is its trailer.
import type { KaitaiClass, KaitaiParsers, KaitaiStream, Ksy, KsyField, KsyType } from "./compile.js";

export interface FlatEvent {
  type: number;
  args: bigint[];
  data: Uint8Array | null;
  /** ExperimentalBatch of the AllocFree experiment (go_trace parser only): Kaitai's decoded payload. */
  allocFree?: KaitaiAllocFree | undefined;
  /** Codec side only: byte offset of the event in the trace, and its length on the wire. */
  offset?: number;
  length?: number;
}

export type KaitaiAllocFree =
  | { kind: "info"; minPageHeapAddr: bigint; pageSize: bigint; minHeapAlign: bigint; fixedStack: bigint }
  | { kind: "types"; entries: KaitaiTypeEntry[] }
  | { kind: "unknown"; kindByte: number };

export interface KaitaiTypeEntry {
  id: bigint;
  address: bigint;
  size: bigint;
  ptrBytes: bigint;
  name: string;
}

/** A trace the Kaitai parser rejected, after `events` complete events. */
export class KaitaiParseError extends Error {
  readonly parser: "go_trace" | "go_trace_events";
  /** Events yielded before the failure. */
  readonly events: number;
  /** Byte offset in the trace of the batch (go_trace) or event (go_trace_events) that failed. */
  readonly offset: number;
  override readonly cause: unknown;
  constructor(message: string, parser: "go_trace" | "go_trace_events", events: number, offset: number, cause: unknown) {
    super(message);
    this.parser = parser;
    this.events = events;
    this.offset = offset;
    this.cause = cause;
    this.name = "KaitaiParseError";
  }
}

// biome-ignore lint/suspicious/noExplicitAny: Kaitai's generated objects are untyped
type KObj = any;

const TWO_53 = 2n ** 53n;

/**
 * A uvarint from its groups, exactly. Throws when it is not a valid Go
 * uvarint (more than 10 bytes, or above 2^64-1), which Go rejects and the
 * spec's `repeat-until` does not. Also checks the spec's `value` instance
 * wherever it is meant to be exact (below 2^53): sizes and counts use it.
 */
export function uvarintValue(uv: KObj): bigint {
  const groups = uv.groups as { b: number }[];
  const n = groups.length;
  let v: bigint;
  if (n <= 7) {
    // At most 49 bits: exact as a double.
    let x = 0;
    let scale = 1;
    for (let i = 0; i < n; i++) {
      x += ((groups[i] as { b: number }).b & 0x7f) * scale;
      scale *= 128;
    }
    v = BigInt(x);
  } else {
    if (n > 10 || (n === 10 && (groups[9] as { b: number }).b > 1)) {
      throw new Error(`uvarint of ${n} bytes overflows 64 bits (Go: "varint overflows a 64-bit integer")`);
    }
    v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 7n) | BigInt((groups[i] as { b: number }).b & 0x7f);
  }
  if (v < TWO_53 && uv.value !== Number(v)) {
    throw new Error(`uvarint.ksy's value instance gives ${uv.value} for ${v} (groups ${groups.map((g) => g.b)})`);
  }
  return v;
}

/** How to read one field of a Kaitai object into the event. */
type Step =
  | { kind: "arg"; prop: string }
  | { kind: "skip" }
  | { kind: "data"; prop: string }
  | { kind: "each"; prop: string; steps: Step[] }
  | { kind: "one"; prop: string; steps: Step[] };

/** The generated JavaScript's name for a .ksy id (lower camel case). */
export function jsName(id: string): string {
  return id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function sizeRef(f: KsyField): string | undefined {
  if (typeof f.size !== "string") return undefined;
  const m = /^([a-z_][a-z0-9_]*)\.value$/.exec(f.size);
  if (m === null) throw new Error(`unsupported size expression ${f.size} on ${f.id}`);
  return m[1];
}

/** Steps for a type's seq; `where` names the type for errors. */
function planType(ksy: Ksy, t: KsyType, where: string): Step[] {
  const seq = t.seq ?? [];
  const lengths = new Set<string>();
  for (const f of seq) {
    const r = sizeRef(f);
    if (r !== undefined) lengths.add(r);
  }
  const steps: Step[] = [];
  for (const f of seq) {
    const prop = jsName(f.id);
    for (const key of ["if", "process", "terminator", "size-eos", "pos", "io"]) {
      if (f[key] !== undefined)
        throw new Error(`${where}.${f.id}: '${key}' is not supported by the flattener; extend flatten.ts`);
    }
    if (lengths.has(f.id)) {
      if (f.type !== "uvarint") throw new Error(`${where}.${f.id}: a length that is not a uvarint`);
      steps.push({ kind: "skip" });
      continue;
    }
    if (f.size !== undefined) {
      // The data trailer. With a `type`, the bytes are in _raw_<id>.
      if (f.repeat !== undefined) throw new Error(`${where}.${f.id}: repeated sized field`);
      steps.push({ kind: "data", prop: f.type === undefined ? prop : `_raw_${prop}` });
      continue;
    }
    if (f.type === "uvarint") {
      if (f.repeat !== undefined) throw new Error(`${where}.${f.id}: repeated uvarint`);
      steps.push({ kind: "arg", prop });
      continue;
    }
    if (typeof f.type === "string" && ksy.types?.[f.type] !== undefined) {
      const sub = planType(ksy, ksy.types[f.type] as KsyType, f.type);
      steps.push(f.repeat !== undefined ? { kind: "each", prop, steps: sub } : { kind: "one", prop, steps: sub });
      continue;
    }
    throw new Error(`${where}.${f.id}: field of type ${JSON.stringify(f.type)} has no place in the raw event model`);
  }
  return steps;
}

function runSteps(steps: Step[], obj: KObj, ev: FlatEvent): void {
  for (const s of steps) {
    switch (s.kind) {
      case "arg":
        ev.args.push(uvarintValue(obj[s.prop]));
        break;
      case "skip":
        break;
      case "data":
        ev.data = obj[s.prop] as Uint8Array;
        break;
      case "each":
        for (const item of obj[s.prop] as KObj[]) runSteps(s.steps, item, ev);
        break;
      case "one":
        runSteps(s.steps, obj[s.prop], ev);
        break;
    }
  }
}

/**
 * Per event type, the steps that read its body: from go_trace_events.ksy's
 * `event` switch (ev_type value -> enum id -> case type -> seq).
 */
export interface EventPlan {
  /** Indexed by type byte; undefined where the switch has no case (Kaitai reads no body). */
  readonly steps: (Step[] | undefined)[];
  /** Type byte of a few batch-level events, from the ev_type enum. */
  readonly eventBatch: number;
  readonly experimentalBatch: number;
  readonly endOfGeneration: number;
}

export function planEvents(ksy: Ksy): EventPlan {
  const event = ksy.types?.event;
  const body = event?.seq?.find((f) => f.id === "body");
  const sw = body?.type;
  if (typeof sw !== "object" || sw["switch-on"] !== "ev_type")
    throw new Error("go_trace_events.ksy: event.body is not a switch on ev_type");
  const enumName = "ev_type";
  const values = ksy.enums?.[enumName];
  if (values === undefined) throw new Error("go_trace_events.ksy: no ev_type enum");
  const byId = new Map<string, number>();
  for (const [num, v] of Object.entries(values)) byId.set(typeof v === "string" ? v : v.id, Number(num));
  const steps: (Step[] | undefined)[] = new Array(256).fill(undefined);
  for (const [label, typeName] of Object.entries(sw.cases)) {
    const m = /^ev_type::([a-z0-9_]+)$/.exec(label);
    const num = m ? byId.get(m[1] as string) : undefined;
    if (num === undefined) throw new Error(`go_trace_events.ksy: unknown case ${label}`);
    const t = ksy.types?.[typeName];
    if (t === undefined) throw new Error(`go_trace_events.ksy: no type ${typeName}`);
    steps[num] = planType(ksy, t, typeName);
  }
  const need = (id: string): number => {
    const n = byId.get(id);
    if (n === undefined) throw new Error(`go_trace_events.ksy: ev_type has no ${id}`);
    return n;
  };
  return {
    steps,
    eventBatch: need("event_batch"),
    experimentalBatch: need("experimental_batch"),
    endOfGeneration: need("end_of_generation"),
  };
}

/** One Kaitai `event` object (go_trace_events::event) as a raw event. */
export function flattenEvent(plan: EventPlan, e: KObj): FlatEvent {
  const type = e.evType as number;
  const ev: FlatEvent = { type, args: [], data: null };
  const steps = plan.steps[type];
  if (steps !== undefined) runSteps(steps, e.body, ev);
  else if (e.body !== undefined) throw new Error(`event type ${type} has a body but no case in the plan`);
  return ev;
}

function toBuffer(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface KaitaiHeader {
  /** The header text up to the first NUL, e.g. "go 1.26 trace". */
  text: string;
  /** Bytes the header takes, the three NULs included. */
  length: number;
  /** N of "go 1.N trace", scanned like Go's fmt.Fscanf; undefined if it does not scan. */
  version: number | undefined;
}

/** White space as Go's fmt scanner sees it (unicode.IsSpace), newline excepted. */
const SPACE = "[\\t\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/** fmt.Fscanf("go 1.%d trace"): spaces match runs of white space; %d takes an optional sign. */
const HEADER_RE = new RegExp(`^go${SPACE}+1\\.${SPACE}*([+-]?[0-9]+)${SPACE}+trace$`);

function readHeader(p: KaitaiParsers, io: KaitaiStream): KaitaiHeader {
  const h = new p.GoTrace.Header(io, null, null);
  const text = h.text as string;
  // Go scans the header as UTF-8 (white space may be U+00A0 and the like).
  // Kaitai's runtime decodes "ASCII" byte by byte, one char per byte; decode those bytes again.
  const field = p.ksy.go_trace?.types?.header?.seq?.find((f) => f.id === "text");
  const ascii = String(field?.encoding ?? "ASCII").toUpperCase() === "ASCII";
  const scanned = ascii ? new TextDecoder("utf-8").decode(Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff)) : text;
  const m = HEADER_RE.exec(scanned);
  return { text, length: io.pos, version: m ? Number.parseInt(m[1] as string, 10) : undefined };
}

/** Kaitai's AllocFree object, with exact uvarints. */
export function normalizeAllocFree(p: KaitaiParsers, af: KObj): KaitaiAllocFree {
  const kinds = p.AllocFree.BatchKind as Record<string, number>;
  if (af.kind === kinds.INFO) {
    const b = af.body;
    return {
      kind: "info",
      minPageHeapAddr: uvarintValue(b.minPageHeapAddr),
      pageSize: uvarintValue(b.pageSize),
      minHeapAlign: uvarintValue(b.minHeapAlign),
      fixedStack: uvarintValue(b.fixedStack),
    };
  }
  if (af.kind === kinds.TYPES) {
    return {
      kind: "types",
      entries: (af.body.entries as KObj[]).map((t) => ({
        id: uvarintValue(t.id),
        address: uvarintValue(t.address),
        size: uvarintValue(t.size),
        ptrBytes: uvarintValue(t.ptrBytes),
        name: t.name as string,
      })),
    };
  }
  return { kind: "unknown", kindByte: af.kind as number };
}

export interface BatchedResult {
  header: KaitaiHeader;
  events: Generator<FlatEvent, void>;
}

/**
 * The go_trace parser (header + batches), batch by batch so that memory
 * stays bounded: the same loop as the generated GoTrace._read (header, then
 * `batch` until end of stream), flattening each batch as it is read.
 * Throws KaitaiParseError (from the generator) where Kaitai rejects the trace.
 */
export function kaitaiBatched(p: KaitaiParsers, plan: EventPlan, bytes: Uint8Array): BatchedResult {
  const io = new p.KaitaiStream(toBuffer(bytes));
  const header = readHeader(p, io);
  // The top-level object, as parent/root of the batches.
  const root = Object.create(p.GoTrace.prototype) as KObj;
  root._io = io;
  root._root = root;
  const Batch = p.GoTrace.Batch as KaitaiClass;
  function* events(): Generator<FlatEvent, void> {
    let count = 0;
    while (!io.isEof()) {
      const at = io.pos;
      let out: FlatEvent[];
      try {
        const b = new Batch(io, root, root);
        out = flattenBatch(p, plan, b);
      } catch (err) {
        throw new KaitaiParseError(
          `go_trace: batch at byte ${at}: ${err instanceof Error ? err.message : String(err)}`,
          "go_trace",
          count,
          at,
          err,
        );
      }
      for (const ev of out) {
        count++;
        yield ev;
      }
    }
  }
  return { header, events: events() };
}

function flattenBatch(p: KaitaiParsers, plan: EventPlan, b: KObj): FlatEvent[] {
  const t = b.batchType as number;
  if (t === plan.endOfGeneration) {
    if (b.body !== undefined) throw new Error("EndOfGeneration batch with a body");
    return [{ type: t, args: [], data: null }];
  }
  const body = b.body;
  if (t === plan.eventBatch) {
    // The raw reader's EventBatch: gen, m, time, size; the data's events follow it.
    const out: FlatEvent[] = [
      {
        type: t,
        args: [uvarintValue(body.gen), uvarintValue(body.m), uvarintValue(body.time), uvarintValue(body.lenData)],
        data: null,
      },
    ];
    for (const e of body.data.events as KObj[]) out.push(flattenEvent(plan, e));
    return out;
  }
  if (t === plan.experimentalBatch) {
    // The raw reader's ExperimentalBatch: exp, gen, m, time, then the data trailer.
    const raw = (body._raw_data ?? body.data) as Uint8Array;
    if (!(raw instanceof Uint8Array)) throw new Error("ExperimentalBatch data is not bytes");
    const ev: FlatEvent = {
      type: t,
      args: [BigInt(body.exp as number), uvarintValue(body.gen), uvarintValue(body.m), uvarintValue(body.time)],
      data: raw,
    };
    if (body._raw_data !== undefined) ev.allocFree = normalizeAllocFree(p, body.data);
    return [ev];
  }
  throw new Error(`batch type ${t} passed the spec's valid check but has no case here`);
}

/**
 * The go_trace_events parser: header (go_trace's header type), then the
 * flat `event` sequence, one event at a time (the loop of GoTraceEvents._read).
 */
export function kaitaiFlat(p: KaitaiParsers, plan: EventPlan, bytes: Uint8Array): BatchedResult {
  const io = new p.KaitaiStream(toBuffer(bytes));
  const header = readHeader(p, io);
  const root = Object.create(p.GoTraceEvents.prototype) as KObj;
  root._io = io;
  root._root = root;
  const Event = p.GoTraceEvents.Event as KaitaiClass;
  function* events(): Generator<FlatEvent, void> {
    let count = 0;
    while (!io.isEof()) {
      const at = io.pos;
      let ev: FlatEvent;
      try {
        ev = flattenEvent(plan, new Event(io, root, root));
      } catch (err) {
        throw new KaitaiParseError(
          `go_trace_events: event at byte ${at}: ${err instanceof Error ? err.message : String(err)}`,
          "go_trace_events",
          count,
          at,
          err,
        );
      }
      count++;
      yield ev;
    }
  }
  return { header, events: events() };
}

/** Parses a whole (small) trace with the generated top-level GoTrace class, as a cross-check of the batch loop. */
export function kaitaiWhole(p: KaitaiParsers, plan: EventPlan, bytes: Uint8Array): FlatEvent[] {
  const t = new p.GoTrace(new p.KaitaiStream(toBuffer(bytes)));
  const out: FlatEvent[] = [];
  for (const b of t.batches as KObj[]) out.push(...flattenBatch(p, plan, b));
  return out;
}
