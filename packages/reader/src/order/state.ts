// The per-resource state the ordering keeps (Go's gState, pState, mState,
// rangeState, seqCounter), with Go's error texts for range bookkeeping.
import { SPEC_NAME, SPEC_RANGE_TYPE } from "../specs.js";
import { type U64, formatUint64, isSuccessor } from "../u64.js";

/** A special time range bound to a goroutine or proc: its begin type and optional kind string. */
export interface RangeType {
  readonly typ: number;
  readonly desc: U64;
}

/** The range types without a kind string, one per begin type, shared (they are never changed). */
const PLAIN_RANGE_TYPES: (RangeType | undefined)[] = [];

/** Go's makeRangeType: ranges are named by their begin event. */
export function makeRangeType(typ: number, desc: U64): RangeType {
  const begin = SPEC_RANGE_TYPE[typ]!;
  if (desc !== 0) return { typ: begin, desc };
  let r = PLAIN_RANGE_TYPES[begin];
  if (r === undefined) r = PLAIN_RANGE_TYPES[begin] = { typ: begin, desc: 0 };
  return r;
}

function rangeString(r: RangeType): string {
  return `{${r.typ} ${formatUint64(r.desc)}}`;
}

/**
 * The empty list every resource starts with, shared: most goroutines never
 * have a range or region in flight, and a busy trace has hundreds of
 * thousands of them. Frozen, so a push onto it fails loudly; the first
 * push replaces it with a list of the resource's own.
 */
const NONE_IN_FLIGHT: RangeType[] = Object.freeze([]) as unknown as RangeType[];

/**
 * In-flight ranges of a resource (Go's rangeState). Methods return Go's error text or null.
 * Busy traces begin and end a range (a mark assist, a sweep) for a tenth of their events, so
 * nothing here allocates once a resource has its own list: loops instead of closures, and
 * endRange leaves the ended range's kind in `RangeState.endedDesc` instead of returning an object.
 */
export class RangeState {
  /** The kind (desc) of the range the last successful endRange ended, on any resource. */
  static endedDesc: U64 = 0;

  inFlight: RangeType[] = NONE_IN_FLIGHT;

  private push(r: RangeType): void {
    if (this.inFlight === NONE_IN_FLIGHT) this.inFlight = [r];
    else this.inFlight.push(r);
  }

  hasRange(r: RangeType): boolean {
    const inFlight = this.inFlight;
    for (let i = 0; i < inFlight.length; i++) {
      const x = inFlight[i]!;
      if (x.typ === r.typ && x.desc === r.desc) return true;
    }
    return false;
  }

  beginRange(r: RangeType): string | null {
    if (this.hasRange(r)) return `discovered event already in-flight for when starting event ${SPEC_NAME[r.typ]}`;
    this.push(r);
    return null;
  }

  activeRange(r: RangeType, initialGen: boolean): string | null {
    if (initialGen) {
      if (this.hasRange(r)) return `found named active range already in first gen: ${rangeString(r)}`;
      this.push(r);
    } else if (!this.hasRange(r)) {
      return `resource is missing active range: ${SPEC_NAME[r.typ]} [${this.inFlight.map(rangeString).join(" ")}]`;
    }
    return null;
  }

  /**
   * Ends the first in-flight range begun by typ's start event: null, with its desc in
   * RangeState.endedDesc, or Go's error text (and nothing changed).
   */
  endRange(typ: number): string | null {
    const st = SPEC_RANGE_TYPE[typ]!;
    const inFlight = this.inFlight;
    let idx = 0;
    while (idx < inFlight.length && inFlight[idx]!.typ !== st) idx++;
    if (idx === inFlight.length) return `tried to end event ${SPEC_NAME[st]}, but not in-flight`;
    RangeState.endedDesc = inFlight[idx]!.desc;
    // Swap-remove, as Go does (the order of the rest is visible in error texts).
    inFlight[idx] = inFlight[inFlight.length - 1]!;
    inFlight.pop();
    return null;
  }
}

/**
 * Go's seqCounter.succeeds: same generation, next number. The counter is
 * kept as two fields of its owner (seqGen, seqN), not an object, so that
 * updating it on every GoStart or GoUnblock allocates nothing.
 */
export function seqSucceeds(gen: U64, n: U64, prevGen: U64, prevN: U64): boolean {
  return gen === prevGen && isSuccessor(n, prevN);
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

const NO_REGIONS: UserRegion[] = Object.freeze([]) as unknown as UserRegion[];

export class GState extends RangeState {
  /** The goroutine's ID (set again when GoroutineStates reuses the object). */
  id: U64;
  status: number;
  /** The regions in flight, innermost last (a shared frozen empty list until the first). */
  regions: UserRegion[] = NO_REGIONS;
  /** Sequence number: its generation (always set from a number) and value. */
  seqGen: U64;
  seqN: U64 = 0;
  constructor(id: U64, status: number, gen: U64) {
    super();
    this.id = id;
    this.status = status;
    this.seqGen = gen;
  }
}

export class PState extends RangeState {
  readonly id: U64;
  status: number;
  /** Sequence number: its generation and value. */
  seqGen: U64;
  seqN: U64 = 0;
  constructor(id: U64, status: number, gen: U64) {
    super();
    this.id = id;
    this.status = status;
    this.seqGen = gen;
  }
}

/** Largest ID kept in StateTable's dense array; bigger (or negative) ones are only in the Map. */
export const DENSE_LIMIT = 1 << 20;

/**
 * Per-ID states (Go's map[GoID]*gState and the like). IDs are small
 * integers in practice: those below DENSE_LIMIT are kept in an array
 * indexed by ID, the rest (huge, negative or bigint IDs) in a Map.
 * Iteration (the dump in "broken trace" errors, whose order Go leaves to
 * its map) gives the dense IDs in increasing order, then the others in the
 * order they were added.
 */
export class StateTable<T extends object> {
  private readonly map = new Map<U64, T>();
  /** States by ID below DENSE_LIMIT (null: none); read-only outside. */
  readonly dense: (T | null)[] = [];

  get(id: U64): T | undefined {
    if (typeof id === "number" && id >= 0 && id < DENSE_LIMIT) {
      return id < this.dense.length ? (this.dense[id] ?? undefined) : undefined;
    }
    return this.map.get(id);
  }

  has(id: U64): boolean {
    return this.get(id) !== undefined;
  }

  set(id: U64, v: T): void {
    if (typeof id === "number" && id >= 0 && id < DENSE_LIMIT) {
      const dense = this.dense;
      while (dense.length <= id) dense.push(null);
      dense[id] = v;
    } else {
      this.map.set(id, v);
    }
  }

  delete(id: U64): void {
    if (typeof id === "number" && id >= 0 && id < DENSE_LIMIT) {
      if (id < this.dense.length) this.dense[id] = null;
    } else {
      this.map.delete(id);
    }
  }

  *entries(): IterableIterator<[U64, T]> {
    const dense = this.dense;
    for (let id = 0; id < dense.length; id++) {
      const v = dense[id];
      if (v != null) yield [id, v];
    }
    yield* this.map.entries();
  }

  [Symbol.iterator](): IterableIterator<[U64, T]> {
    return this.entries();
  }
}

/** Largest number of destroyed goroutines' states kept for reuse. */
const FREE_LIMIT = 4096;

/**
 * The goroutine states. Busy servers create and destroy hundreds of
 * thousands of goroutines; the state of a destroyed one is kept and reused
 * for the next one created, instead of an allocation each (and the garbage
 * collector's work for it). Nothing outside this table keeps a state past
 * its goroutine's end.
 */
export class GoroutineStates extends StateTable<GState> {
  private readonly free: GState[] = [];

  /** Adds the state of a new goroutine `id`, in `status`, its sequence starting in generation `gen`. */
  create(id: U64, status: number, gen: U64): GState {
    const s = this.free.pop();
    let g: GState;
    if (s === undefined) {
      g = new GState(id, status, gen);
    } else {
      g = s;
      g.id = id;
      g.status = status;
      g.seqGen = gen;
      g.seqN = 0;
      g.regions = NO_REGIONS;
      g.inFlight = NONE_IN_FLIGHT;
    }
    this.set(id, g);
    return g;
  }

  /** Removes goroutine `id`'s state (it ended); the object may be reused by create(). */
  remove(id: U64): void {
    const s = this.get(id);
    if (s === undefined) return;
    this.delete(id);
    if (this.free.length < FREE_LIMIT) this.free.push(s);
  }
}

export interface MState {
  g: U64;
  p: U64;
}
