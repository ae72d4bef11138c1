// Type names for heap objects. HeapObject events carry a per-generation type
// id; the generation's type table (written at its end, handed to us with the
// generation's Sync event) names it. Everything downstream keys types by a
// dense index into one name list, so per-type counters are plain arrays.
import type { AllocFreeTypeEntry } from "@gotrace/codec";

/** Objects the runtime allocated without a type (string and byte data, and the like). */
export const UNTYPED = "<untyped>";

export class TypeRegistry {
  /** Type names by dense key. */
  readonly names: string[] = [];
  /** Size of one value of the type, by key (0 when unknown). */
  readonly sizes: number[] = [];
  private readonly keyByName = new Map<string, number>();
  /** This generation's type id → key + 1 (0: not seen); ids are small and dense. */
  private current: number[] = [];
  private generation = 0;
  private tableSeen = false;
  /** Ids that had no table entry, counted for the report's limits. */
  unresolvedIds = 0;

  constructor() {
    this.keyOf(UNTYPED, 0);
  }

  keyOf(name: string, size: number): number {
    let key = this.keyByName.get(name);
    if (key === undefined) {
      key = this.names.length;
      this.names.push(name);
      this.sizes.push(size);
      this.keyByName.set(name, key);
    }
    return key;
  }

  /** Starts a generation with its type table entries (possibly none). */
  startGeneration(generation: number, entries: readonly AllocFreeTypeEntry[], hasTable: boolean): void {
    this.generation = generation;
    this.current = [];
    this.tableSeen = hasTable;
    for (const e of entries) this.setCurrent(e.id, this.keyOf(e.name, e.size));
  }

  /** The key of a HeapObject event's type id in the current generation. */
  resolve(id: number): number {
    if (id === 0) return 0;
    const known = this.current[id];
    if (known !== undefined && known !== 0) return known - 1;
    // No table (flight-recorder windows drop them) or no entry: keep the id
    // usable as a key, scoped to its generation since ids are reassigned.
    this.unresolvedIds++;
    const name = `<type #${id} in generation ${this.generation}>`;
    const k = this.keyOf(name, 0);
    this.setCurrent(id, k);
    return k;
  }

  private setCurrent(id: number, key: number): void {
    // Ids index an array while they are small; a runtime that handed out huge
    // ids would only cost a sparse array.
    while (this.current.length < id && this.current.length < 1 << 16) this.current.push(0);
    this.current[id] = key + 1;
  }

  get hasTableThisGeneration(): boolean {
    return this.tableSeen;
  }

  get count(): number {
    return this.names.length;
  }
}
