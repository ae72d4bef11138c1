// GC cycles as the heap sees them: when marking began and ended, the model's
// live bytes at both ends, what the runtime said it marked, and what the
// sweep that followed freed. A cycle's sweep runs from its mark end until the
// next cycle's sweep-termination pause finishes whatever is left.

export interface GcCycleState {
  seq: number;
  beginNs: number;
  endNs: number | null;
  liveBytesAtBegin: number;
  liveBytesAtEnd: number | null;
  heapAllocAtEnd: number | null;
  sweptObjects: number;
  sweptBytes: number;
  /** Time of the last object its sweep freed, or null before any. */
  lastSweptNs: number | null;
  /** True once the next cycle's sweep termination (or the end of the trace) closed the sweep. */
  sweepClosed: boolean;
}

export class GcCycles {
  readonly cycles: GcCycleState[] = [];
  /** Mark phases that ended inside the trace. */
  completed = 0;
  private sweeping: GcCycleState | null = null;
  /** Frees seen while no cycle's sweep was open (before the first GC of a window). */
  sweptOutside = 0;

  begin(seq: number, time: number, liveBytes: number): void {
    this.cycles.push({
      seq,
      beginNs: time,
      endNs: null,
      liveBytesAtBegin: liveBytes,
      liveBytesAtEnd: null,
      heapAllocAtEnd: null,
      sweptObjects: 0,
      sweptBytes: 0,
      lastSweptNs: null,
      sweepClosed: false,
    });
  }

  end(time: number, liveBytes: number, heapAlloc: number | null): void {
    const c = this.cycles[this.cycles.length - 1];
    this.completed++;
    if (c === undefined || c.endNs !== null) return;
    c.endNs = time;
    c.liveBytesAtEnd = liveBytes;
    c.heapAllocAtEnd = heapAlloc;
    this.stampSweep();
    if (this.sweeping !== null) this.sweeping.sweepClosed = true;
    this.sweeping = c;
  }

  closeSweep(): void {
    this.stampSweep();
    if (this.sweeping !== null) this.sweeping.sweepClosed = true;
    this.sweeping = null;
  }

  /** The trace ended: a sweep still open ends with the last free seen. */
  finish(): void {
    this.stampSweep();
  }

  /** An object the open sweep freed. (Its time is not passed: a float argument would be boxed per call; see lastFreeNs.) */
  swept(bytes: number): void {
    const c = this.sweeping;
    if (c === null) {
      this.sweptOutside++;
      return;
    }
    c.sweptObjects++;
    c.sweptBytes += bytes;
  }

  /** Time of the latest freed object, kept by the analyzer; read when a sweep closes. */
  lastFreeNs = Number.NaN;

  private stampSweep(): void {
    const c = this.sweeping;
    if (c !== null && c.sweptObjects > 0) c.lastSweptNs = this.lastFreeNs;
  }
}
