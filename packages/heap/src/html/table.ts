// A generic HTML table: columns as (heading, cell renderer) pairs, numbers
// right-aligned, long tables cut to their first rows with the full table one
// click away (a <details>, so it works without JavaScript).

import { esc } from "./format.js";

export interface Col<T> {
  head: string;
  /** Cell markup; the renderer escapes what it takes from the report. */
  cell: (row: T, index: number) => string;
  num?: boolean;
  /** Explains the column on hover. */
  hint?: string;
}

export interface TableOpts {
  /** Said instead of an empty table. */
  empty: string;
  /** Rows shown before "show all" (default 15). */
  limit?: number;
  /** Most rows ever rendered, to keep the file small for traces with thousands of types (default 500). */
  cap?: number;
  id?: string;
  /** Size the table to its content instead of the full width (for two- or three-column tables). */
  narrow?: boolean;
}

export function table<T>(rows: readonly T[], cols: Col<T>[], opts: TableOpts): string {
  if (rows.length === 0) return `<p class="empty-note">${esc(opts.empty)}</p>`;
  const limit = opts.limit ?? 15;
  const cap = opts.cap ?? 500;
  const head = `<thead><tr>${cols
    .map((c) => `<th${c.num ? ` class="num"` : ""}${c.hint ? ` title="${esc(c.hint)}"` : ""}>${esc(c.head)}</th>`)
    .join("")}</tr></thead>`;
  const body = (rs: readonly T[]) =>
    `<tbody>${rs
      .map((r, i) => `<tr>${cols.map((c) => `<td${c.num ? ` class="num"` : ""}>${c.cell(r, i)}</td>`).join("")}</tr>`)
      .join("")}</tbody>`;
  const idAttr = opts.id ? ` id="${esc(opts.id)}"` : "";
  const cls = opts.narrow ? ` class="narrow"` : "";
  const first = `<div class="table-wrap"><table${idAttr}${cls}>${head}${body(rows.slice(0, limit))}</table></div>`;
  if (rows.length <= limit) return first;
  const shown = rows.slice(0, cap);
  const more = rows.length > cap ? ` (first ${cap})` : "";
  return (
    first +
    `<details class="more"><summary>Show all ${rows.length.toLocaleString("en-US")} rows${more}</summary>` +
    `<div class="table-wrap"><table${cls}>${head}${body(shown)}</table></div></details>`
  );
}

/** A number cell with a proportional bar behind it, for "share of the total" columns. */
export function barCell(text: string, fraction: number, color?: string): string {
  const w = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0)) * 100;
  const style = `width:${w.toFixed(1)}%${color ? `;background:${color}` : ""}`;
  return `<span class="cell-bar"><span class="val">${esc(text)}</span><span class="track"><span class="fill" style="${style}"></span></span></span>`;
}

/** A type name or other key from the trace, escaped and in monospace. */
export function code(s: string): string {
  return `<code>${esc(s)}</code>`;
}
