// The per-resource state the ordering keeps (Go's gState, pState, mState,
// rangeState, seqCounter), with Go's error texts for range bookkeeping.
import { SPEC_NAME, SPEC_RANGE_TYPE } from "../specs.js";
import { type U64, formatUint64, isSuccessor } from "../u64.js";

/** A special time range bound to a goroutine or proc: its begin type and optional kind string. */
export interface RangeType {
  readonly typ: number;
  readonly desc: U64;
}

/** Go's makeRangeType: ranges are named by their begin event. */
export function makeRangeType(typ: number, desc: U64): RangeType {
  return { typ: SPEC_RANGE_TYPE[typ]!, desc };
}

function rangeString(r: RangeType): string {
  return `{${r.typ} ${formatUint64(r.desc)}}`;
}

/** In-flight ranges of a resource (Go's rangeState). Methods return Go's error text or null. */
export class RangeState {
  inFlight: RangeType[] = [];

  hasRange(r: RangeType): boolean {
    return this.inFlight.some((x) => x.typ === r.typ && x.desc === r.desc);
  }

  beginRange(r: RangeType): string | null {
    if (this.hasRange(r)) return `discovered event already in-flight for when starting event ${SPEC_NAME[r.typ]}`;
    this.inFlight.push(r);
    return null;
  }

  activeRange(r: RangeType, initialGen: boolean): string | null {
    if (initialGen) {
      if (this.hasRange(r)) return `found named active range already in first gen: ${rangeString(r)}`;
      this.inFlight.push(r);
    } else if (!this.hasRange(r)) {
      return `resource is missing active range: ${SPEC_NAME[r.typ]} [${this.inFlight.map(rangeString).join(" ")}]`;
    }
    return null;
  }

  /** Ends the first in-flight range begun by typ's start event; returns its desc, or an error text. */
  endRange(typ: number): { desc: U64 } | string {
    const st = SPEC_RANGE_TYPE[typ]!;
    const idx = this.inFlight.findIndex((r) => r.typ === st);
    if (idx < 0) return `tried to end event ${SPEC_NAME[st]}, but not in-flight`;
    const desc = this.inFlight[idx]!.desc;
    // Swap-remove, as Go does (the order of the rest is visible in error texts).
    const last = this.inFlight.length - 1;
    this.inFlight[idx] = this.inFlight[last]!;
    this.inFlight.length = last;
    return { desc };
  }
}

/** A generation-local sequence number (Go's seqCounter). */
export interface Seq {
  gen: U64;
  n: U64;
}

/** Go's seqCounter.succeeds: same generation, next number. */
export function seqSucceeds(gen: U64, n: U64, prev: Seq): boolean {
  return gen === prev.gen && isSuccessor(n, prev.n);
}

/** Go's seqCounter.String(). */
export function seqString(gen: U64, n: U64): string {
  return `${formatUint64(n)} (gen=${formatUint64(gen)})`;
}

/** A user region on a goroutine: task and name (bytes, as a string key). */
export interface UserRegion {
  readonly task: U64;
  readonly name: string;
}

export class GState extends RangeState {
  regions: UserRegion[] = [];
  constructor(
    readonly id: U64,
    public status: number,
    public seq: Seq,
  ) {
    super();
  }
}

export class PState extends RangeState {
  constructor(
    readonly id: U64,
    public status: number,
    public seq: Seq,
  ) {
    super();
  }
}

export interface MState {
  g: U64;
  p: U64;
}
