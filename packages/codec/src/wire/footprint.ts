// Bytes and counts per event type, as `go tool trace -d=footprint` tallies
// them: every raw event counts its minimal encoded size against its type,
// and percentages are of the file size.
import { renderFootprint } from "../gofmt/footprint-render.js";
import type { RawDecoder } from "./raw-decoder.js";
import type { RawEvent } from "./raw-event.js";
import type { RawTable } from "./raw-tables.js";

/**
 * Bytes and counts per event type, as `go tool trace -d=footprint` tallies
 * them: add() each event (or countFootprint() a decoder's input), then
 * render() Go's table.
 */
export class FootprintCounter {
  readonly counts = new Float64Array(256);
  readonly bytes = new Float64Array(256);
  events = 0;

  /** Counts one event and its minimal encoded size against its type. */
  add(ev: RawEvent): void {
    this.counts[ev.type]!++;
    this.bytes[ev.type]! += ev.encodedSize();
    this.events++;
  }

  /**
   * Go's table, given the decoder's table and the file size. Types beyond
   * the table Go used are named `<unknown (N)>`.
   */
  render(table: RawTable, fileSize: number): string {
    const names: string[] = new Array(256);
    for (let t = 0; t < 256; t++) names[t] = t < table.length ? (table.names[t] as string) : `<unknown (${t})>`;
    return renderFootprint(names, this.counts, this.bytes, fileSize);
  }
}

/** Counts every event the decoder's buffered input holds (RawDecoder.tally); call again after push(). */
export function countFootprint(decoder: RawDecoder, counter: FootprintCounter): FootprintCounter {
  counter.events += decoder.tally(counter.counts, counter.bytes);
  return counter;
}
