// What each GC cycle found live, per type: the objects of the type that were
// live when the cycle's mark phase ended and that its sweep did not free.
// The trace shows no mark bits, so this is worked out from counts: once the
// sweep is done, the type's live objects are the survivors plus whatever was
// allocated since the mark ended (the sweep frees only objects the mark found
// dead, never newer ones). Counts are taken at the two moments, so nothing is
// done per allocation or free.

/** Survivors of one GC cycle, per type key. */
export interface CycleSurvivorCounts {
  /** The runtime's GC sequence number. */
  seq: number;
  /** When the counts were taken: the sweep's end (the next cycle's sweep termination), or the end of the trace. */
  timeNs: number;
  objects: number[];
  bytes: number[];
}

/** Per-type allocation totals so far (objects and bytes by type key). */
export interface TypeTotals {
  objects: readonly number[];
  bytes: readonly number[];
}

/** The survivors of each GC cycle, per type, as the trace goes: a cycle's mark end opens it, its sweep's end closes it. */
export class CycleSurvivors {
  /** Cycles whose survivors are known, oldest first. */
  readonly cycles: CycleSurvivorCounts[] = [];
  private open: { seq: number; allocated: TypeTotals } | null = null;

  /** A mark phase ended: its sweep begins; `allocated` is the allocation totals now. */
  markEnded(seq: number, allocated: TypeTotals): void {
    this.open = { seq, allocated };
  }

  /** Whether a cycle's sweep is waiting for close(). */
  get isOpen(): boolean {
    return this.open !== null;
  }

  /** The open cycle's sweep is done: `live` is live per type now, `allocated` the allocation totals now. */
  close(timeNs: number, live: TypeTotals, allocated: TypeTotals): void {
    const o = this.open;
    if (o === null) return;
    this.open = null;
    const objects: number[] = [];
    const bytes: number[] = [];
    for (let k = 0; k < live.objects.length; k++) {
      const since = (allocated.objects[k] ?? 0) - (o.allocated.objects[k] ?? 0);
      const sinceBytes = (allocated.bytes[k] ?? 0) - (o.allocated.bytes[k] ?? 0);
      // Never below zero: a free the trace shows outside any sweep would otherwise count against the survivors.
      objects.push(Math.max(0, (live.objects[k] as number) - since));
      bytes.push(Math.max(0, (live.bytes[k] as number) - sinceBytes));
    }
    this.cycles.push({ seq: o.seq, timeNs, objects, bytes });
  }
}
