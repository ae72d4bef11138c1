// The table printed by `go tool trace -d=footprint` (cmd/trace's debugEventsFootprint).
import { formatFixed2 } from "./float.js";
import { goSortFunc } from "./pdqsort.js";
import { FOOTPRINT_TABWRITER_OPTIONS, TabWriter } from "./tabwriter.js";

interface Row {
  readonly type: number;
  readonly count: number;
  readonly bytes: number;
}

/** Number of rows: one per possible event-type byte. */
const ROWS = 256;

/**
 * Renders exactly the stdout of Go 1.27's `go tool trace -d=footprint`.
 *
 * - `names[t]` is the name of event type `t` in the trace's version (Go's
 *   `version.Specs()[t].Name`, which is `""` for unused slots). Types at or beyond
 *   `names.length` print as `<unknown (t)>`, as Go does for types past its table.
 * - `counts[t]` / `bytes[t]` are the number of events of type `t` and the sum of their
 *   encoded sizes (minimal varints), for t in 0..255.
 * - `fileSize` is the size of the trace file, header included (Go's byte counter sees the
 *   whole file).
 *
 * Rows are sorted by bytes, descending, with Go's unstable sort, so ties come out in Go's
 * order. Percentages use %.2f; with no events, the count column shows `NaN%`.
 */
export function renderFootprint(
  names: readonly string[],
  counts: ArrayLike<number>,
  bytes: ArrayLike<number>,
  fileSize: number,
): string {
  const rows: Row[] = [];
  let totalEvents = 0;
  for (let t = 0; t < ROWS; t++) {
    const count = counts[t] ?? 0;
    rows.push({ type: t, count, bytes: bytes[t] ?? 0 });
    totalEvents += count;
  }
  // Go compares with cmp.Compare(b.bytes, a.bytes): descending by bytes only, so rows start
  // in type order and the sort alone decides where ties land.
  goSortFunc(rows, (a, b) => (b.bytes < a.bytes ? -1 : b.bytes > a.bytes ? 1 : 0));

  let out = "";
  const w = new TabWriter((text) => {
    out += text;
  }, FOOTPRINT_TABWRITER_OPTIONS);
  w.write("Event\tBytes\t%\tCount\t%\n");
  w.write("-\t-\t-\t-\t-\n");
  for (const row of rows) {
    const name = row.type < names.length ? names[row.type]! : `<unknown (${row.type})>`;
    // Same float64 operations, in the same order, as Go's expression.
    const bytesPct = (row.bytes / fileSize) * 100;
    const countPct = (row.count / totalEvents) * 100;
    w.write(`${name}\t${row.bytes}\t${formatFixed2(bytesPct)}%\t${row.count}\t${formatFixed2(countPct)}%\n`);
  }
  w.flush();
  return out;
}
