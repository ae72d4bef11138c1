// The summarizer's goroutines, one column per field: a goroutine is a slot
// number, its numbers live in Float64Arrays and its strings in plain arrays.
// A busy server's trace has a million goroutines, each alive across many
// events; as objects (a goroutine, its totals, a map of block reasons, boxed
// times) each one was copied twice by V8's young-generation collector before
// it settled, which cost more than reading the trace. Columns are a few large
// objects that the collector does not copy.
//
// What few goroutines have (a second block reason, time in ranges, regions)
// lives in maps by slot.
import { ById } from "./by-id.js";
import { setKey } from "./record.js";
import type { EventRef, ExecStats, RegionSummary } from "./types.js";

/**
 * A class for stats objects: the fields of ExecStats, in its order (JSON, spreading and
 * structured cloning give the plain object). Each call makes a class of its own, which V8 gives a
 * hidden class of its own. V8 keeps a number field unboxed only while every value it has held, in
 * any object of that hidden class, was a small integer (31 bits: about a second of nanoseconds);
 * after one larger value, every object of the class keeps that field as a boxed number, one more
 * object of 16 bytes for the collector to copy. A trace can hold millions of goroutines and
 * regions, nearly all shorter than a second, beside a few that run for the whole trace.
 */
function statsClass() {
  return class implements ExecStats {
    execTime: number;
    schedWaitTime: number;
    blockTimeByReason: Record<string, number>;
    syscallTime: number;
    syscallBlockTime: number;
    totalTime: number;
    rangeTime: Record<string, number>;
    unknownTime: number;
    constructor(
      exec: number,
      schedWait: number,
      block: Record<string, number>,
      syscall: number,
      syscallBlock: number,
      total: number,
      range: Record<string, number>,
      unknown: number,
    ) {
      this.execTime = exec;
      this.schedWaitTime = schedWait;
      this.blockTimeByReason = block;
      this.syscallTime = syscall;
      this.syscallBlockTime = syscallBlock;
      this.totalTime = total;
      this.rangeTime = range;
      this.unknownTime = unknown;
    }
  };
}

/** Stats whose durations are all small integers; and the others. */
const SmallExecStats = statsClass();
const WideExecStats = statsClass();

/** Whether V8 keeps `v` as a small integer (not -0, which it boxes). */
function isSmall(v: number): boolean {
  return v >= -0x40000000 && v < 0x40000000 && Object.is(v, v | 0);
}

/** Stats of these values, in the class their sizes call for. */
function execStats(
  exec: number,
  schedWait: number,
  block: Record<string, number>,
  syscall: number,
  syscallBlock: number,
  total: number,
  range: Record<string, number>,
  unknown: number,
): ExecStats {
  const small =
    isSmall(exec) &&
    isSmall(schedWait) &&
    isSmall(syscall) &&
    isSmall(syscallBlock) &&
    isSmall(total) &&
    isSmall(unknown);
  const StatsClass = small ? SmallExecStats : WideExecStats;
  return new StatsClass(exec, schedWait, block, syscall, syscallBlock, total, range, unknown);
}

/**
 * The record of a stats object that has no keys: one shared, frozen object. Most goroutines of a
 * server never enter a range, and many never block: a trace can hold a million of them.
 */
const NO_KEYS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/**
 * Records whose values are all zero, shared and frozen: the last one of each goroutine, for as
 * long as its keys stay the same. As in Go, a region's stats name every reason its goroutine
 * ever blocked for, and most regions of a busy program block for none of them while open: two
 * such records per region were a third of what a trace's 850,000 regions kept for the collector
 * to copy.
 */
class ZeroRecords {
  /** By goroutine slot: its last all-zero record, and that record's keys. */
  private readonly records: (Record<string, number> | undefined)[] = [];
  private readonly keys: (string[] | undefined)[] = [];

  /** `record` (of the goroutine in slot `s`), or the shared copy of it when its values are all zero. */
  shared(s: number, record: Record<string, number>): Record<string, number> {
    if (record === NO_KEYS) return record;
    // for-in first: most records with time in them go back at once, with no key list made.
    for (const k in record) if (!Object.is(record[k], 0)) return record;
    const keys = Object.keys(record);
    const known = this.keys[s];
    if (known !== undefined && known.length === keys.length) {
      let same = true;
      for (let i = 0; i < keys.length && same; i++) same = keys[i] === known[i];
      if (same) return this.records[s] as Record<string, number>;
    }
    this.records[s] = Object.freeze(record);
    this.keys[s] = keys;
    return record;
  }
}

/** Totals of a goroutine (or a region) at one moment: what region stats are differences of. */
export class Stats {
  exec = 0;
  schedWait = 0;
  block: Map<string, number> | null = null;
  syscall = 0;
  syscallBlock = 0;
  total = 0;
  range: Map<string, number> | null = null;

  addBlock(reason: string, dt: number): void {
    this.block ??= new Map();
    addTo(this.block, reason, dt);
  }

  addRange(name: string, dt: number): void {
    this.range ??= new Map();
    addTo(this.range, name, dt);
  }

  /** this − v, over this one's keys only (as Go's sub: a key only v has is dropped). */
  minus(v: Stats): Stats {
    const r = new Stats();
    r.exec = this.exec - v.exec;
    r.schedWait = this.schedWait - v.schedWait;
    if (this.block !== null) {
      r.block = new Map();
      for (const [k, dt] of this.block) r.block.set(k, dt - (v.block?.get(k) ?? 0));
    }
    r.syscall = this.syscall - v.syscall;
    r.syscallBlock = this.syscallBlock - v.syscallBlock;
    r.total = this.total - v.total;
    if (this.range !== null) {
      r.range = new Map();
      for (const [k, dt] of this.range) r.range.set(k, dt - (v.range?.get(k) ?? 0));
    }
    return r;
  }

  /** The output form of a region's stats, with Go's UnknownTime. */
  out(): ExecStats {
    let sum = this.exec + this.schedWait + this.syscall + this.syscallBlock;
    if (this.block !== null) for (const dt of this.block.values()) sum += dt;
    return execStats(
      this.exec,
      this.schedWait,
      this.block === null || this.block.size === 0 ? NO_KEYS : Object.fromEntries(this.block),
      this.syscall,
      this.syscallBlock,
      this.total,
      this.range === null || this.range.size === 0 ? NO_KEYS : Object.fromEntries(this.range),
      sum < this.total ? this.total - sum : 0,
    );
  }
}

function addTo(m: Map<string, number>, key: string, dt: number): void {
  m.set(key, (m.get(key) ?? 0) + dt);
}

/**
 * When each range a goroutine is in now began, by range name, in the order they began (Go's
 * lastRangeTime). A goroutine is in one or two ranges at a time, begun and ended for a tenth of
 * a GC-heavy trace's events: two short arrays, where a Map's delete and re-add churned its
 * table (three times the cost, and garbage).
 */
export class RangeClock {
  readonly names: string[] = [];
  readonly times: number[] = [];

  /** When range `name` began, or undefined when the goroutine is not in it. */
  get(name: string): number | undefined {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : this.times[i];
  }

  /** Range `name` began (again) at `time`; a new one goes last. */
  set(name: string, time: number): void {
    const i = this.names.indexOf(name);
    if (i >= 0) {
      this.times[i] = time;
      return;
    }
    this.names.push(name);
    this.times.push(time);
  }

  /** Range `name` ended; the others keep their order. */
  delete(name: string): void {
    const names = this.names;
    const times = this.times;
    const i = names.indexOf(name);
    if (i < 0) return;
    for (let j = i + 1; j < names.length; j++) {
      names[j - 1] = names[j] as string;
      times[j - 1] = times[j] as number;
    }
    names.pop();
    times.pop();
  }
}

/** A region open on a goroutine: its summary (the output object), and the goroutine's totals at its begin. */
export interface OpenRegion {
  readonly summary: RegionSummary;
  readonly begin: Stats;
}

/** Slots are never negative: this says "no goroutine". */
export const NO_SLOT = -1;

const NUMBER_COLUMNS = [
  "id",
  "pc",
  "creationTime",
  "startTime",
  "endTime",
  "exec",
  "schedWait",
  "syscall",
  "syscallBlock",
  "total",
  "lastStart",
  "lastRunnable",
  "lastBlock",
  "lastSyscall",
  "lastSyscallBlock",
  "block0",
] as const;

type NumberColumn = (typeof NUMBER_COLUMNS)[number];

/**
 * Every goroutine of the trace by slot, and the current slot of each goroutine id (a goroutine id
 * that comes back after its exit gets a new slot, and Go's summary keeps only the new one).
 */
export class GoroutineTable {
  private readonly slots = new ById<number>();
  private readonly zeroBlocks = new ZeroRecords();
  private readonly zeroRanges = new ZeroRecords();
  private size = 0;
  private capacity = 1024;
  // Times and durations in ns. A last* time of 0 means "not now", as in Go.
  id = new Float64Array(this.capacity);
  pc = new Float64Array(this.capacity);
  creationTime = new Float64Array(this.capacity);
  startTime = new Float64Array(this.capacity);
  endTime = new Float64Array(this.capacity);
  exec = new Float64Array(this.capacity);
  schedWait = new Float64Array(this.capacity);
  syscall = new Float64Array(this.capacity);
  syscallBlock = new Float64Array(this.capacity);
  total = new Float64Array(this.capacity);
  lastStart = new Float64Array(this.capacity);
  lastRunnable = new Float64Array(this.capacity);
  lastBlock = new Float64Array(this.capacity);
  lastSyscall = new Float64Array(this.capacity);
  lastSyscallBlock = new Float64Array(this.capacity);
  /** Time blocked for the first reason met (block0Reason); other reasons are in moreBlock. */
  block0 = new Float64Array(this.capacity);
  /** 1 once the goroutine has a first block reason. */
  hasBlock0 = new Uint8Array(this.capacity);
  /** 0 once the summary is final (Go drops the goroutine's private state then). */
  open = new Uint8Array(this.capacity);
  readonly name: string[] = [];
  readonly lastBlockReason: string[] = [];
  readonly block0Reason: string[] = [];
  /** Block reasons after the first, in the order met. */
  readonly moreBlock = new Map<number, Map<string, number>>();
  /** Time in each range, by range name. */
  readonly range = new Map<number, Map<string, number>>();
  /**
   * The goroutine's settled block and range times as maps, as settled() last made them: region
   * begins snapshot them, and a goroutine begins many regions between two changes to them (a
   * block or a range ending), so the snapshots share one copy until the next change drops it.
   */
  private readonly settledMaps = new Map<number, Stats>();
  /** When each range the goroutine is in now began. */
  readonly lastRange = new Map<number, RangeClock>();
  /** Regions open now, innermost last. */
  readonly active = new Map<number, OpenRegion[]>();
  /** Ended regions. */
  readonly regions = new Map<number, RegionSummary[]>();

  /** The current slot of goroutine `id`, or NO_SLOT. */
  slotOf(id: number): number {
    return this.slots.get(id) ?? NO_SLOT;
  }

  /** A new goroutine `id`, first seen at `creationTime`; it takes over the id from any earlier one. */
  create(id: number, creationTime: number): number {
    if (this.size === this.capacity) this.grow();
    const s = this.size++;
    this.id[s] = id;
    this.creationTime[s] = creationTime;
    this.open[s] = 1;
    this.name.push("");
    this.lastBlockReason.push("");
    this.block0Reason.push("");
    this.slots.set(id, s);
    return s;
  }

  /** The current slot of every goroutine id, by ascending id. */
  current(): number[] {
    return this.slots.values();
  }

  private grow(): void {
    this.capacity *= 2;
    for (const column of NUMBER_COLUMNS) this.resize(column);
    const hasBlock0 = new Uint8Array(this.capacity);
    hasBlock0.set(this.hasBlock0);
    this.hasBlock0 = hasBlock0;
    const open = new Uint8Array(this.capacity);
    open.set(this.open);
    this.open = open;
  }

  private resize(column: NumberColumn): void {
    const bigger = new Float64Array(this.capacity);
    bigger.set(this[column]);
    this[column] = bigger;
  }

  addBlock(s: number, reason: string, dt: number): void {
    if (this.settledMaps.size !== 0) this.settledMaps.delete(s);
    if (this.hasBlock0[s] === 0) {
      this.hasBlock0[s] = 1;
      this.block0Reason[s] = reason;
      this.block0[s] = dt;
    } else if (this.block0Reason[s] === reason) {
      this.block0[s] = (this.block0[s] as number) + dt;
    } else {
      let m = this.moreBlock.get(s);
      if (m === undefined) {
        m = new Map();
        this.moreBlock.set(s, m);
      }
      addTo(m, reason, dt);
    }
  }

  addRange(s: number, name: string, dt: number): void {
    if (this.settledMaps.size !== 0) this.settledMaps.delete(s);
    let m = this.range.get(s);
    if (m === undefined) {
      m = new Map();
      this.range.set(s, m);
    }
    addTo(m, name, dt);
  }

  /** The goroutine's totals so far, as a Stats object (what has not ended yet is not in them). */
  settled(s: number): Stats {
    const r = new Stats();
    r.exec = this.exec[s] as number;
    r.schedWait = this.schedWait[s] as number;
    r.syscall = this.syscall[s] as number;
    r.syscallBlock = this.syscallBlock[s] as number;
    r.total = this.total[s] as number;
    let maps = this.settledMaps.get(s);
    if (maps === undefined) {
      maps = new Stats();
      if (this.hasBlock0[s] === 1) {
        maps.block = new Map();
        maps.block.set(this.block0Reason[s] as string, this.block0[s] as number);
        const more = this.moreBlock.get(s);
        if (more !== undefined) for (const [k, dt] of more) maps.block.set(k, dt);
      }
      const range = this.range.get(s);
      if (range !== undefined) maps.range = new Map(range);
      this.settledMaps.set(s, maps);
    }
    // Shared with the other snapshots since the last change: never changed (see snapshot).
    r.block = maps.block;
    r.range = maps.range;
    return r;
  }

  /** The totals as they would be at `now`, with what is still going on counted up to then. */
  snapshot(s: number, now: number): Stats {
    const r = this.settled(s);
    if (this.open[s] === 0) return r;
    if (this.total[s] === 0) r.total = now - (this.creationTime[s] as number);
    const lastStart = this.lastStart[s] as number;
    if (lastStart !== 0) r.exec += now - lastStart;
    const lastRunnable = this.lastRunnable[s] as number;
    if (lastRunnable !== 0) r.schedWait += now - lastRunnable;
    const lastBlock = this.lastBlock[s] as number;
    if (lastBlock !== 0) {
      // The maps settled() gives are shared: a copy to add to.
      if (r.block !== null) r.block = new Map(r.block);
      r.addBlock(this.lastBlockReason[s] as string, now - lastBlock);
    }
    const lastSyscall = this.lastSyscall[s] as number;
    if (lastSyscall !== 0) r.syscall += now - lastSyscall;
    // Go counts a syscall still blocked at this point as scheduler wait, not syscall block time.
    const lastSyscallBlock = this.lastSyscallBlock[s] as number;
    if (lastSyscallBlock !== 0) r.schedWait += now - lastSyscallBlock;
    const lastRange = this.lastRange.get(s);
    if (lastRange !== undefined && lastRange.names.length > 0) {
      if (r.range !== null) r.range = new Map(r.range);
      for (let i = 0; i < lastRange.names.length; i++) {
        r.addRange(lastRange.names[i] as string, now - (lastRange.times[i] as number));
      }
    }
    return r;
  }

  /**
   * Closes the totals at `now` (as snapshot(now) gives them) and clears what is going on;
   * `trigger` is the exit (or block forever), null at the end of the trace. A goroutine's open
   * regions end with it, except a system goroutine's (see abandonRegions).
   */
  finalize(s: number, now: number, trigger: EventRef | null, isSystem: boolean): void {
    if (trigger !== null) this.endTime[s] = trigger.time;
    if (this.open[s] === 1) {
      if (this.total[s] === 0) this.total[s] = now - (this.creationTime[s] as number);
      const lastStart = this.lastStart[s] as number;
      if (lastStart !== 0) this.exec[s] = (this.exec[s] as number) + (now - lastStart);
      const lastRunnable = this.lastRunnable[s] as number;
      if (lastRunnable !== 0) this.schedWait[s] = (this.schedWait[s] as number) + (now - lastRunnable);
      const lastBlock = this.lastBlock[s] as number;
      if (lastBlock !== 0) this.addBlock(s, this.lastBlockReason[s] as string, now - lastBlock);
      const lastSyscall = this.lastSyscall[s] as number;
      if (lastSyscall !== 0) this.syscall[s] = (this.syscall[s] as number) + (now - lastSyscall);
      const lastSyscallBlock = this.lastSyscallBlock[s] as number;
      if (lastSyscallBlock !== 0) this.schedWait[s] = (this.schedWait[s] as number) + (now - lastSyscallBlock);
      const lastRange = this.lastRange.get(s);
      if (lastRange !== undefined) {
        for (let i = 0; i < lastRange.names.length; i++) {
          this.addRange(s, lastRange.names[i] as string, now - (lastRange.times[i] as number));
        }
      }
    }
    const active = this.active.get(s);
    if (active !== undefined && active.length > 0) {
      // A system goroutine drops the regions it inherited from its creator (a GC worker started inside a region, say).
      if (isSystem) {
        this.abandonRegions(s);
      } else {
        const final = this.settled(s);
        for (const r of active) {
          r.summary.end = trigger;
          r.summary.stats = final.minus(r.begin).out();
          this.endRegion(s, r.summary);
        }
        this.active.delete(s);
      }
    }
    this.lastStart[s] = 0;
    this.lastRunnable[s] = 0;
    this.lastBlock[s] = 0;
    this.lastBlockReason[s] = "";
    this.lastSyscall[s] = 0;
    this.lastSyscallBlock[s] = 0;
    this.lastRange.delete(s);
  }

  /**
   * Leaves the open regions unended: their task still lists them, with the goroutine's totals at
   * their begin, as Go's summary leaves a region nobody ends (a system goroutine's, or one whose
   * goroutine id is taken over by a new goroutine).
   */
  abandonRegions(s: number): void {
    const active = this.active.get(s);
    if (active === undefined) return;
    for (const r of active) r.summary.stats = r.begin.out();
    this.active.delete(s);
  }

  openRegion(s: number, r: OpenRegion): void {
    const active = this.active.get(s);
    if (active === undefined) this.active.set(s, [r]);
    else active.push(r);
  }

  /**
   * The innermost open region, taken off the goroutine's stack of open regions. The emptied stack
   * stays for the goroutine's next region: a goroutine opens and closes regions one after another
   * by the hundred thousand, and a list and a map entry each time were garbage and churn.
   */
  popRegion(s: number): OpenRegion | undefined {
    const active = this.active.get(s);
    return active === undefined ? undefined : active.pop();
  }

  /** The innermost open region, left open. */
  topRegion(s: number): OpenRegion | undefined {
    const active = this.active.get(s);
    return active === undefined ? undefined : active[active.length - 1];
  }

  endRegion(s: number, r: RegionSummary): void {
    const regions = this.regions.get(s);
    if (regions === undefined) this.regions.set(s, [r]);
    else regions.push(r);
  }

  /**
   * A region's stats when it ends at `now`: the goroutine's totals then (as snapshot(now) gives
   * them) minus `begin` (its totals at the region's begin; null for a region that began before
   * the trace), over the keys of the former, in output form. Straight from the columns, with no
   * Stats in between: a trace can end a million regions.
   */
  regionStats(s: number, now: number, begin: Stats | null): ExecStats {
    const open = this.open[s] === 1;
    const lastStart = open ? (this.lastStart[s] as number) : 0;
    const lastRunnable = open ? (this.lastRunnable[s] as number) : 0;
    const lastBlock = open ? (this.lastBlock[s] as number) : 0;
    const lastSyscall = open ? (this.lastSyscall[s] as number) : 0;
    const lastSyscallBlock = open ? (this.lastSyscallBlock[s] as number) : 0;
    let exec = this.exec[s] as number;
    if (lastStart !== 0) exec += now - lastStart;
    let schedWait = this.schedWait[s] as number;
    if (lastRunnable !== 0) schedWait += now - lastRunnable;
    if (lastSyscallBlock !== 0) schedWait += now - lastSyscallBlock;
    let syscall = this.syscall[s] as number;
    if (lastSyscall !== 0) syscall += now - lastSyscall;
    let syscallBlock = this.syscallBlock[s] as number;
    let total = this.total[s] as number;
    if (open && total === 0) total = now - (this.creationTime[s] as number);
    if (begin !== null) {
      exec -= begin.exec;
      schedWait -= begin.schedWait;
      syscall -= begin.syscall;
      syscallBlock -= begin.syscallBlock;
      total -= begin.total;
    }
    let sum = exec + schedWait + syscall + syscallBlock;
    // Block time by reason: the settled reasons in the order met, then a pending block's reason
    // if it is new; each minus its value at the begin.
    let blockTimeByReason = NO_KEYS;
    const pendingReason = lastBlock !== 0 ? (this.lastBlockReason[s] as string) : null;
    let pendingDone = pendingReason === null;
    const putBlock = (reason: string, settled: number) => {
      let v = settled;
      if (!pendingDone && reason === pendingReason) {
        v += now - lastBlock;
        pendingDone = true;
      }
      v -= begin?.block?.get(reason) ?? 0;
      if (blockTimeByReason === NO_KEYS) blockTimeByReason = {};
      setKey(blockTimeByReason, reason, v);
      sum += v;
    };
    if (this.hasBlock0[s] === 1) {
      putBlock(this.block0Reason[s] as string, this.block0[s] as number);
      const more = this.moreBlock.get(s);
      if (more !== undefined) for (const [k, v] of more) putBlock(k, v);
    }
    if (!pendingDone) putBlock(pendingReason as string, 0);
    // Range time likewise: the settled ranges, then the ranges still open.
    const range = this.range.get(s);
    const lastRange = open ? this.lastRange.get(s) : undefined;
    let rangeTime = NO_KEYS;
    if (range !== undefined) {
      for (const [k, v] of range) {
        const since = lastRange?.get(k);
        if (rangeTime === NO_KEYS) rangeTime = {};
        setKey(rangeTime, k, (since === undefined ? v : v + (now - since)) - (begin?.range?.get(k) ?? 0));
      }
    }
    if (lastRange !== undefined) {
      for (let i = 0; i < lastRange.names.length; i++) {
        const k = lastRange.names[i] as string;
        if (range?.has(k)) continue;
        if (rangeTime === NO_KEYS) rangeTime = {};
        setKey(rangeTime, k, now - (lastRange.times[i] as number) - (begin?.range?.get(k) ?? 0));
      }
    }
    const unknown = sum < total ? total - sum : 0;
    blockTimeByReason = this.zeroBlocks.shared(s, blockTimeByReason);
    rangeTime = this.zeroRanges.shared(s, rangeTime);
    return execStats(exec, schedWait, blockTimeByReason, syscall, syscallBlock, total, rangeTime, unknown);
  }

  /**
   * The final totals in output form (after finish closed the goroutine, nothing is pending):
   * the same computation as a region's stats, with nothing to subtract.
   */
  statsOut(s: number): ExecStats {
    return this.regionStats(s, 0, null);
  }
}
