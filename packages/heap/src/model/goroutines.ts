// Goroutines as allocation owners: each gets a dense index, a group name (the
// root frame of the first stack seen for it, which is its start function, as
// Go's goroutine summary names goroutines) and its open user regions. An
// allocation is charged to its allocation context: the goroutine with its
// innermost open region and that region's task, interned to one small index,
// so a live object keeps one number for all three and an allocation costs
// one charge; the per-goroutine, per-region and per-task totals are added up
// from the contexts when asked.

export const NO_GROUP = "<unknown start function>";
/** Allocations the runtime made with no goroutine running (on a system stack between goroutines). */
export const NO_GOROUTINE = "<no goroutine>";

/** Where allocations are charged: a goroutine inside a region (0: none) of a task (0: none). */
export class AllocContext {
  readonly index: number;
  /** Dense goroutine index, -1 for objects from before the trace. */
  readonly goroutine: number;
  readonly regionKey: number;
  readonly taskKey: number;
  /** Allocations by type key. */
  readonly typeObjects: number[] = [];
  readonly typeBytes: number[] = [];
  constructor(index: number, goroutine: number, regionKey: number, taskKey: number) {
    this.index = index;
    this.goroutine = goroutine;
    this.regionKey = regionKey;
    this.taskKey = taskKey;
  }

  charge(typeKey: number, bytes: number): void {
    const objects = this.typeObjects;
    while (objects.length <= typeKey) {
      objects.push(0);
      this.typeBytes.push(0);
    }
    objects[typeKey] = (objects[typeKey] as number) + 1;
    this.typeBytes[typeKey] = (this.typeBytes[typeKey] as number) + bytes;
  }

  get allocObjects(): number {
    return sumOf(this.typeObjects);
  }

  get allocBytes(): number {
    return sumOf(this.typeBytes);
  }
}

/** Context 0: objects that were live before the trace began, which no goroutine allocated in it. */
export const BEFORE_TRACE_CONTEXT = 0;

export class AllocContexts {
  readonly byIndex: AllocContext[] = [new AllocContext(BEFORE_TRACE_CONTEXT, -1, 0, 0)];
  private readonly byKey = new Map<string, AllocContext>();

  of(goroutine: number, regionKey: number, taskKey: number): AllocContext {
    const key = `${goroutine} ${regionKey} ${taskKey}`;
    let c = this.byKey.get(key);
    if (c === undefined) {
      c = new AllocContext(this.byIndex.length, goroutine, regionKey, taskKey);
      this.byIndex.push(c);
      this.byKey.set(key, c);
    }
    return c;
  }
}

/** A goroutine's own contexts are searched before the shared table while it has at most this many. */
const MAX_OWN_SCAN = 8;

export class GoroutineRec {
  readonly index: number;
  readonly id: number;
  private readonly all: AllocContexts;
  name: string | null = null;
  /** Its open regions, innermost last: region and task keys (two arrays, so entering one makes no object). */
  private readonly regionKeys: number[] = [];
  private readonly taskKeys: number[] = [];
  /** Where its allocations go now: outside any region, or in the innermost open one. */
  context: AllocContext;
  /** Every context it allocated in, the first outside any region. */
  private readonly contexts: AllocContext[];
  constructor(index: number, id: number, all: AllocContexts) {
    this.index = index;
    this.id = id;
    this.all = all;
    this.context = all.of(index, 0, 0);
    this.contexts = [this.context];
  }

  /** Objects and bytes it allocated, all its contexts together. */
  get allocObjects(): number {
    return this.contexts.reduce((n, c) => n + c.allocObjects, 0);
  }

  get allocBytes(): number {
    return this.contexts.reduce((n, c) => n + c.allocBytes, 0);
  }

  enterRegion(regionKey: number, taskKey: number): void {
    this.regionKeys.push(regionKey);
    this.taskKeys.push(taskKey);
    this.switchTo(regionKey, taskKey);
  }

  leaveRegion(): void {
    this.regionKeys.pop();
    this.taskKeys.pop();
    const n = this.regionKeys.length;
    this.switchTo(n === 0 ? 0 : (this.regionKeys[n - 1] as number), n === 0 ? 0 : (this.taskKeys[n - 1] as number));
  }

  private switchTo(regionKey: number, taskKey: number): void {
    // A goroutine mostly enters and leaves the same few regions (a request
    // handler's, say): its own short list finds the context without the
    // shared table's string key.
    const own = this.contexts;
    if (own.length <= MAX_OWN_SCAN) {
      for (const c of own) {
        if (c.regionKey === regionKey && c.taskKey === taskKey) {
          this.context = c;
          return;
        }
      }
    }
    const c = this.all.of(this.index, regionKey, taskKey);
    if (!own.includes(c)) own.push(c);
    this.context = c;
  }
}

function sumOf(values: readonly number[]): number {
  let n = 0;
  for (const v of values) n += v;
  return n;
}

const SMALL_IDS = 1 << 20;

export class Goroutines {
  readonly byIndex: GoroutineRec[] = [];
  readonly contexts = new AllocContexts();
  private readonly byId = new Map<number, GoroutineRec>();
  private readonly bySmallId: (GoroutineRec | undefined)[] = [];
  private lastId = Number.NaN;
  private last: GoroutineRec | undefined;

  get(id: number): GoroutineRec {
    if (id === this.lastId && this.last !== undefined) return this.last;
    // Goroutine ids are small counters: most are found by index, not hashing.
    let rec = id >= 0 && id < SMALL_IDS ? this.bySmallId[id] : this.byId.get(id);
    if (rec === undefined) {
      rec = new GoroutineRec(this.byIndex.length, id, this.contexts);
      this.byIndex.push(rec);
      this.byId.set(id, rec);
      if (id >= 0 && id < SMALL_IDS) {
        while (this.bySmallId.length < id) this.bySmallId.push(undefined);
        this.bySmallId[id] = rec;
      }
    }
    this.lastId = id;
    this.last = rec;
    return rec;
  }

  groupOf(index: number): string {
    const rec = this.byIndex[index];
    if (rec === undefined || rec.id < 0) return NO_GOROUTINE;
    return rec.name ?? NO_GROUP;
  }
}

/** Names of user tasks and regions, interned to small keys (0 = none). */
export class NameKeys {
  readonly names: string[];
  private readonly keys = new Map<string, number>();
  constructor(none: string) {
    this.names = [none];
  }
  keyOf(name: string): number {
    let k = this.keys.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(name);
      this.keys.set(name, k);
    }
    return k;
  }
}
