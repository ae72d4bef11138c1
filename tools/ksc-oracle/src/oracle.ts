// One trace through both sides: the Kaitai-generated parsers (batched
// go_trace and flat go_trace_events) against @gotrace/codec's raw decoder.
import { decodeAllocFreeBatch, EVENT_SPECS } from "@gotrace/codec";
import type { KaitaiParsers } from "./compile.js";
import { type CodecRead, codecEvents, compareEvents, describeMismatch, type Mismatch } from "./compare.js";
import {
  type EventPlan,
  type FlatEvent,
  type KaitaiAllocFree,
  type KaitaiHeader,
  KaitaiParseError,
  kaitaiBatched,
  kaitaiFlat,
  kaitaiWhole,
  planEvents,
} from "./flatten.js";

export interface Oracle {
  parsers: KaitaiParsers;
  plan: EventPlan;
}

export function makeOracle(parsers: KaitaiParsers): Oracle {
  const events = parsers.ksy.go_trace_events;
  if (events === undefined) throw new Error("go_trace_events.ksy not loaded");
  return { parsers, plan: planEvents(events) };
}

export interface SideReport {
  /** Events equal on both sides (the common prefix; all of them when `mismatch` is unset). */
  compared: number;
  mismatch: Mismatch | undefined;
  /** Where the Kaitai parser rejected the trace, if it did. */
  rejected: KaitaiParseError | undefined;
}

export interface TraceReport {
  kaitaiHeader: KaitaiHeader;
  codecHeader: { version: number; length: number } | undefined;
  /** How the codec's event stream ended. */
  codecEnd: CodecRead["end"];
  batched: SideReport;
  flat: SideReport;
  /** The generated top-level GoTrace class on the whole trace (small traces only). */
  whole: SideReport | undefined;
  /** AllocFree ExperimentalBatches whose payload was compared. */
  allocFreeBatches: number;
  allocFreeMismatches: string[];
  /**
   * Why a batched rejection is not a disagreement, when it is not: the
   * batch's declared size runs past the end of the file. Go's raw reader
   * only reads the batch header as an event there (its real reader fails
   * with "failed to read full batch"), so the flat parser and the codec
   * still agree on every event.
   */
  batchedRejectionExplained: string | undefined;
  /** Why a flat rejection is not a disagreement, when it is not (a cut Go's raw reader takes as the end). */
  flatRejectionExplained: string | undefined;
  /** All checks passed. */
  ok: boolean;
  /** What failed, for the assertion message. */
  problems: string[];
}

const WHOLE_LIMIT = 128 << 10;

/** Runs both Kaitai parsers and the codec over a trace and compares everything. */
export function checkTrace(o: Oracle, bytes: Uint8Array, options: { whole?: boolean } = {}): TraceReport {
  try {
    return checkTraceUnsafe(o, bytes, options);
  } catch (err) {
    // A header that Kaitai refuses gets here (the event streams catch their own errors), or a bug.
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    const none: SideReport = { compared: 0, mismatch: undefined, rejected: undefined };
    return {
      kaitaiHeader: { text: "", length: 0, version: undefined },
      codecHeader: undefined,
      codecEnd: undefined,
      batched: none,
      flat: none,
      whole: undefined,
      allocFreeBatches: 0,
      allocFreeMismatches: [],
      batchedRejectionExplained: undefined,
      flatRejectionExplained: undefined,
      ok: false,
      problems: [`Kaitai rejects the trace: ${message}`],
    };
  }
}

function checkTraceUnsafe(o: Oracle, bytes: Uint8Array, options: { whole?: boolean }): TraceReport {
  const problems: string[] = [];
  const allocFreeMismatches: string[] = [];
  let allocFreeBatches = 0;

  // Batched parser (primary), with codec offsets kept to explain a rejection.
  const codecB = codecEvents(bytes);
  const kb = kaitaiBatched(o.parsers, o.plan, bytes);
  const batchedCatch = catching(kb.events);
  const cmpB = compareEvents(batchedCatch.events, codecB.events, (k, c, i) => {
    if (k.allocFree === undefined) return;
    allocFreeBatches++;
    const why = compareAllocFree(k.allocFree, c.data as Uint8Array);
    if (why !== undefined) allocFreeMismatches.push(`event ${i}: ${why}`);
  });
  const batched: SideReport = { compared: cmpB.compared, mismatch: cmpB.mismatch, rejected: batchedCatch.error };

  const ch = codecB.header;
  const codecHeader = ch === undefined ? undefined : { version: ch.version, length: ch.length };
  if (codecHeader === undefined) problems.push("the codec read no header");
  else {
    if (kb.header.version !== codecHeader.version) {
      problems.push(
        `header version: Kaitai ${kb.header.version} (${JSON.stringify(kb.header.text)}), codec ${codecHeader.version}`,
      );
    }
    if (kb.header.length !== codecHeader.length) {
      problems.push(`header length: Kaitai ${kb.header.length}, codec ${codecHeader.length}`);
    }
  }

  let batchedRejectionExplained: string | undefined;
  if (batched.rejected !== undefined) {
    batchedRejectionExplained = explainRejection(batched, bytes.length);
    if (batchedRejectionExplained === undefined) {
      problems.push(`go_trace parser rejects the trace: ${batched.rejected.message}`);
    }
  }
  if (batchedRejectionExplained === undefined && batched.mismatch !== undefined) {
    problems.push(`go_trace parser vs codec, ${describeMismatch(batched.mismatch, "kaitai", "codec")}`);
  }
  if (allocFreeMismatches.length > 0) problems.push(`AllocFree payloads differ: ${allocFreeMismatches.join("; ")}`);

  // Flat parser: every event, no rejection allowed.
  const codecF = codecEvents(bytes);
  const kf = kaitaiFlat(o.parsers, o.plan, bytes);
  const flatCatch = catching(kf.events);
  const cmpF = compareEvents(flatCatch.events, codecF.events);
  const flat: SideReport = { compared: cmpF.compared, mismatch: cmpF.mismatch, rejected: flatCatch.error };
  let flatRejectionExplained: string | undefined;
  if (flat.rejected !== undefined) {
    // Go's raw reader takes a cut where an argument would begin as the end of
    // the file; Kaitai cannot. Acceptable only when both sides read the same events up to the cut.
    if (codecF.end?.kind === "truncated-as-eof" && flat.mismatch === undefined) {
      flatRejectionExplained = `the trace ends inside its last event (byte ${codecF.end.offset}), which Go's raw reader takes as the end of the file`;
    } else problems.push(`go_trace_events parser rejects the trace: ${flat.rejected.message}`);
  }
  if (flat.mismatch !== undefined) {
    problems.push(`go_trace_events parser vs codec, ${describeMismatch(flat.mismatch, "kaitai", "codec")}`);
  }
  if (codecF.end?.kind === "error") problems.push(`the codec rejects the trace: ${codecF.end.error.message}`);
  if (kf.header.version !== kb.header.version || kf.header.length !== kb.header.length) {
    problems.push("the two Kaitai parsers read different headers");
  }

  // The generated top-level class itself, where the trace is small and the batch loop accepted it.
  let whole: SideReport | undefined;
  if ((options.whole ?? bytes.length <= WHOLE_LIMIT) && batched.rejected === undefined) {
    let list: FlatEvent[] = [];
    let rejected: KaitaiParseError | undefined;
    try {
      list = kaitaiWhole(o.parsers, o.plan, bytes);
    } catch (err) {
      rejected = new KaitaiParseError(
        `GoTrace: ${err instanceof Error ? err.message : String(err)}`,
        "go_trace",
        0,
        0,
        err,
      );
    }
    const cmpW = compareEvents(list, codecEvents(bytes).events);
    whole = { compared: cmpW.compared, mismatch: cmpW.mismatch, rejected };
    if (rejected !== undefined) problems.push(rejected.message);
    else if (cmpW.mismatch !== undefined) {
      problems.push(`GoTrace (whole) vs codec, ${describeMismatch(cmpW.mismatch, "kaitai", "codec")}`);
    }
  }

  return {
    kaitaiHeader: kb.header,
    codecHeader,
    codecEnd: codecF.end,
    batched,
    flat,
    whole,
    allocFreeBatches,
    allocFreeMismatches,
    batchedRejectionExplained,
    flatRejectionExplained,
    ok: problems.length === 0,
    problems,
  };
}

/** Ends the stream quietly at a KaitaiParseError and keeps the error. */
function catching(events: Iterator<FlatEvent, void>): {
  events: Iterable<FlatEvent>;
  error: KaitaiParseError | undefined;
} {
  const out: { events: Iterable<FlatEvent>; error: KaitaiParseError | undefined } = {
    events: undefined as never,
    error: undefined,
  };
  out.events = {
    *[Symbol.iterator]() {
      for (;;) {
        let r: IteratorResult<FlatEvent, void>;
        try {
          r = events.next();
        } catch (err) {
          if (!(err instanceof KaitaiParseError)) throw err;
          out.error = err;
          return;
        }
        if (r.done === true) return;
        yield r.value;
      }
    },
  };
  return out;
}

/**
 * A batched rejection is acceptable only when the codec, at the very event
 * where Kaitai's batch failed, reads a batch header whose declared size is
 * more than the bytes left in the file.
 */
function explainRejection(side: SideReport, fileSize: number): string | undefined {
  const err = side.rejected;
  if (err === undefined) return undefined;
  // Kaitai must have stopped for want of bytes (KaitaiStream's EOF error), not for anything else.
  const cause = err.cause instanceof Error ? err.cause.message : "";
  if (!/^requested \d+ bytes, but only \d+ bytes available$/.test(cause)) return undefined;
  // The events before the failing batch must agree.
  if (
    side.mismatch === undefined ||
    side.mismatch.what !== "first list ends early" ||
    side.mismatch.index !== err.events
  ) {
    return undefined;
  }
  // The codec's event where Kaitai's batch failed.
  const ev = side.mismatch.b;
  if (ev === undefined || ev.offset !== err.offset || ev.length === undefined) return undefined;
  const name = EVENT_SPECS[ev.type]?.name;
  if (name !== "EventBatch") return undefined;
  const size = ev.args[3] as bigint;
  const left = BigInt(fileSize - (ev.offset + ev.length));
  if (size <= left) return undefined;
  return `EventBatch at byte ${ev.offset} declares ${size} data bytes, ${left} are left in the file`;
}

/** Kaitai's decoded AllocFree payload against the codec's decodeAllocFreeBatch of the same bytes. */
export function compareAllocFree(k: KaitaiAllocFree, data: Uint8Array): string | undefined {
  let c: ReturnType<typeof decodeAllocFreeBatch>;
  try {
    c = decodeAllocFreeBatch(data);
  } catch (err) {
    return k.kind === "unknown"
      ? undefined
      : `codec rejects a payload Kaitai reads as ${k.kind}: ${(err as Error).message}`;
  }
  if (k.kind !== c.kind) return `kind ${k.kind} vs ${c.kind}`;
  if (k.kind === "info" && c.kind === "info") {
    for (const f of ["minPageHeapAddr", "pageSize", "minHeapAlign", "fixedStack"] as const) {
      if (k[f] !== BigInt(c[f])) return `info.${f}: ${k[f]} vs ${c[f]}`;
    }
    return undefined;
  }
  if (k.kind === "types" && c.kind === "types") {
    if (k.entries.length !== c.entries.length) return `${k.entries.length} vs ${c.entries.length} type entries`;
    for (let i = 0; i < k.entries.length; i++) {
      const a = k.entries[i];
      const b = c.entries[i];
      if (a === undefined || b === undefined) return `type entry ${i} missing`;
      for (const f of ["id", "address", "size", "ptrBytes"] as const) {
        if (a[f] !== BigInt(b[f])) return `type entry ${i}.${f}: ${a[f]} vs ${b[f]}`;
      }
      if (a.name !== b.name) return `type entry ${i}.name: ${JSON.stringify(a.name)} vs ${JSON.stringify(b.name)}`;
    }
    return undefined;
  }
  return `unexpected kinds ${k.kind} / ${c.kind}`;
}
