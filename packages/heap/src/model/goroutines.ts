// Goroutines as allocation owners: each gets a dense index, a group name (the
// root frame of the first stack seen for it, which is its start function, as
// Go's goroutine summary names goroutines) and its open user regions, so an
// allocation can be charged to the innermost region and its task.

export const NO_GROUP = "<unknown start function>";
/** Allocations the runtime made with no goroutine running (on a system stack between goroutines). */
export const NO_GOROUTINE = "<no goroutine>";

export interface RegionFrame {
  regionKey: number;
  taskKey: number;
}

export class GoroutineRec {
  name: string | null = null;
  readonly regions: RegionFrame[] = [];
  /** Allocations by type key. */
  readonly typeObjects: number[] = [];
  readonly typeBytes: number[] = [];
  constructor(
    readonly index: number,
    readonly id: number,
  ) {}

  /** Objects and bytes it allocated, all types together. */
  get allocObjects(): number {
    return this.typeObjects.reduce((n, v) => n + v, 0);
  }

  get allocBytes(): number {
    return this.typeBytes.reduce((n, v) => n + v, 0);
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

  /** Keys of the innermost open region and its task (0: none), kept current by enter/leave. */
  regionKey = 0;
  taskKey = 0;

  enterRegion(regionKey: number, taskKey: number): void {
    this.regions.push({ regionKey, taskKey });
    this.regionKey = regionKey;
    this.taskKey = taskKey;
  }

  leaveRegion(): void {
    this.regions.pop();
    const r = this.regions[this.regions.length - 1];
    this.regionKey = r === undefined ? 0 : r.regionKey;
    this.taskKey = r === undefined ? 0 : r.taskKey;
  }
}

const SMALL_IDS = 1 << 20;

export class Goroutines {
  readonly byIndex: GoroutineRec[] = [];
  private readonly byId = new Map<number, GoroutineRec>();
  private readonly bySmallId: (GoroutineRec | undefined)[] = [];
  private lastId = Number.NaN;
  private last: GoroutineRec | undefined;

  get(id: number): GoroutineRec {
    if (id === this.lastId && this.last !== undefined) return this.last;
    // Goroutine ids are small counters: most are found by index, not hashing.
    let rec = id >= 0 && id < SMALL_IDS ? this.bySmallId[id] : this.byId.get(id);
    if (rec === undefined) {
      rec = new GoroutineRec(this.byIndex.length, id);
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
