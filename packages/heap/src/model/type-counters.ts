// Live objects and bytes per type, with the values at the peak kept without
// copying: a new peak only bumps an epoch, and a type saves its value the
// first time it changes after that (its value then is its value at the peak).
export class TypeCounters {
  readonly liveObjects: number[] = [];
  readonly liveBytes: number[] = [];
  private readonly peakObjects: number[] = [];
  private readonly peakBytes: number[] = [];
  private readonly savedEpoch: number[] = [];
  private epoch = 0;

  /** Types with counters. */
  get size(): number {
    return this.liveObjects.length;
  }

  ensure(key: number): void {
    while (this.liveObjects.length <= key) {
      this.liveObjects.push(0);
      this.liveBytes.push(0);
      this.peakObjects.push(0);
      this.peakBytes.push(0);
      this.savedEpoch.push(-1);
    }
  }

  /** Adds to a type's live counters (negative to remove). */
  change(key: number, objects: number, bytes: number): void {
    if (this.savedEpoch[key] !== this.epoch) {
      this.peakObjects[key] = this.liveObjects[key] as number;
      this.peakBytes[key] = this.liveBytes[key] as number;
      this.savedEpoch[key] = this.epoch;
    }
    this.liveObjects[key] = (this.liveObjects[key] as number) + objects;
    this.liveBytes[key] = (this.liveBytes[key] as number) + bytes;
  }

  /** The current values become the peak's. */
  markPeak(): void {
    this.epoch++;
  }

  /** Live objects and bytes per type at the last markPeak. */
  atPeak(): { objects: number[]; bytes: number[] } {
    const objects: number[] = [];
    const bytes: number[] = [];
    for (let k = 0; k < this.liveObjects.length; k++) {
      const saved = this.savedEpoch[k] === this.epoch;
      objects.push(saved ? (this.peakObjects[k] as number) : (this.liveObjects[k] as number));
      bytes.push(saved ? (this.peakBytes[k] as number) : (this.liveBytes[k] as number));
    }
    return { objects, bytes };
  }
}
