// Go's text/tabwriter: aligns tab-separated cells into columns. Implemented: left or right
// alignment, padding with any character (with '\t' meaning tab stops), minimum width,
// DiscardEmptyColumns, TabIndent, Debug and '\f' section breaks. Not implemented: the
// 0xFF escape (a JS string holds no raw byte 0xFF) and FilterHTML / StripEscape.

/** Options of Go's `tabwriter.NewWriter(out, minwidth, tabwidth, padding, padchar, flags)`. */
export interface TabWriterOptions {
  /** Minimal width of a column cell, padding included. */
  readonly minwidth: number;
  /** Width of a tab character; used when padding with tabs. */
  readonly tabwidth: number;
  /** Added to the widest cell of a column to get the column's width. */
  readonly padding: number;
  /** One ASCII character used for padding; "\t" pads with tabs and forces left alignment. */
  readonly padchar: string;
  /** Go's AlignRight flag. */
  readonly alignRight?: boolean;
  /** Go's DiscardEmptyColumns flag: columns whose cells are all empty and '\v'-terminated vanish. */
  readonly discardEmptyColumns?: boolean;
  /** Go's TabIndent flag: leading empty cells are padded with tabs whatever padchar is. */
  readonly tabIndent?: boolean;
  /** Go's Debug flag: '|' between columns, and "---" after each '\f'. */
  readonly debug?: boolean;
}

/** The parameters `go tool trace -d=footprint` passes: NewWriter(os.Stdout, 3, 8, 2, ' ', 0). */
export const FOOTPRINT_TABWRITER_OPTIONS: TabWriterOptions = {
  minwidth: 3,
  tabwidth: 8,
  padding: 2,
  padchar: " ",
};

interface Cell {
  /** The cell's text, without its terminator. */
  readonly text: string;
  /** Width in runes (Go counts UTF-8 characters, i.e. code points). */
  readonly width: number;
  /** Whether a '\t' (as opposed to '\v' or end of line) ended the cell. */
  readonly htab: boolean;
}

/** Counts code points; a lone surrogate counts as one, like the U+FFFD it encodes to. */
function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * A Go `tabwriter.Writer` producing strings. Text passed to {@link write} is split into
 * cells at '\t' and '\v' and into lines at '\n' and '\f'; a cell belongs to a column only
 * if it is terminated by a tab, so the last cell of a line is never padded. Consecutive
 * lines with a cell in the same column form a block that shares one width:
 * max(minwidth, widest cell + padding). Output goes to `sink` as soon as it is final
 * (after a line with no tab, after '\f', and on {@link flush}).
 */
export class TabWriter {
  private readonly sink: (text: string) => void;
  private readonly opts: TabWriterOptions;
  private readonly padIsTab: boolean;
  private readonly alignRight: boolean;
  private lines: Cell[][] = [[]];
  private pending = ""; // text of the cell being built
  private widths: number[] = []; // widths of the enclosing columns while formatting

  /** `sink` receives the formatted text, in pieces, as it becomes final. */
  constructor(sink: (text: string) => void, opts: TabWriterOptions) {
    if (opts.minwidth < 0 || opts.tabwidth < 0 || opts.padding < 0) {
      throw new RangeError("negative minwidth, tabwidth, or padding");
    }
    if (opts.padchar.length !== 1 || opts.padchar.charCodeAt(0) > 0x7f) {
      throw new RangeError("padchar must be one ASCII character");
    }
    this.sink = sink;
    this.opts = opts;
    this.padIsTab = opts.padchar === "\t";
    // Tab padding can only left-align.
    this.alignRight = !this.padIsTab && opts.alignRight === true;
  }

  /** Buffers `text`, emitting whatever lines it completes that can no longer change. */
  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      // '\t', '\v', '\n', '\f' end the current cell.
      if (ch !== 0x09 && ch !== 0x0b && ch !== 0x0a && ch !== 0x0c) continue;
      this.pending += text.slice(start, i);
      start = i + 1;
      const ncells = this.terminateCell(ch === 0x09);
      if (ch === 0x0a || ch === 0x0c) {
        this.lines.push([]);
        // A line without tabs does not take part in any column, so nothing after it
        // can change what came before: the buffer can be emitted.
        if (ch === 0x0c || ncells === 1) {
          this.flushLines();
          if (ch === 0x0c && this.opts.debug === true) this.sink("---\n");
        }
      }
    }
    this.pending += text.slice(start);
  }

  /** Emits everything buffered; an unterminated last line is emitted without a newline. */
  flush(): void {
    if (this.pending.length > 0) this.terminateCell(false);
    this.flushLines();
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1]!;
    line.push({ text: this.pending, width: runeCount(this.pending), htab });
    this.pending = "";
    return line.length;
  }

  private flushLines(): void {
    this.format(0, this.lines.length);
    this.lines = [[]];
  }

  /**
   * Emits lines [line0, line1). Column `this.widths.length` is the next one to size: each
   * run of lines that have a cell in it becomes a block whose width is fixed here, and
   * the block is then formatted recursively for the columns to its right.
   */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let row = line0; row < line1; row++) {
      // The last cell of a line is not in any column.
      if (column >= this.lines[row]!.length - 1) continue;
      this.writeLines(line0, row);
      line0 = row;
      let width = this.opts.minwidth;
      let discardable = true; // every cell empty and soft ('\v'-terminated)
      for (; row < line1; row++) {
        const line = this.lines[row]!;
        if (column >= line.length - 1) break;
        const c = line[column]!;
        width = Math.max(width, c.width + this.opts.padding);
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.opts.discardEmptyColumns === true) width = 0;
      this.widths.push(width);
      this.format(line0, row);
      this.widths.pop();
      line0 = row;
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    const widths = this.widths;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      let useTabs = this.opts.tabIndent === true; // while the cells seen so far are empty
      let out = "";
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        if (j > 0 && this.opts.debug === true) out += "|";
        const padded = j < widths.length;
        if (c.text.length === 0) {
          if (padded) out += this.padding(c.width, widths[j]!, useTabs);
          continue;
        }
        useTabs = false;
        if (this.alignRight) {
          if (padded) out += this.padding(c.width, widths[j]!, false);
          out += c.text;
        } else {
          out += c.text;
          if (padded) out += this.padding(c.width, widths[j]!, false);
        }
      }
      // Every buffered line but the last ended with a newline.
      if (i + 1 < this.lines.length) out += "\n";
      this.sink(out);
    }
  }

  /** Padding that takes a cell of `textw` runes to `cellw` columns. */
  private padding(textw: number, cellw: number, useTabs: boolean): string {
    if (this.padIsTab || useTabs) {
      const tw = this.opts.tabwidth;
      if (tw === 0) return ""; // tabs have no width here: padding is impossible
      // Round the cell up to a tab stop and cover the gap with tabs.
      const stop = Math.ceil(cellw / tw) * tw;
      return "\t".repeat(Math.ceil((stop - textw) / tw));
    }
    return this.opts.padchar.repeat(cellw - textw);
  }
}

/**
 * Lays out `rows` (cells per line; no cell may contain '\t', '\v', '\n' or '\f') as Go's
 * tabwriter does when each row is written as its cells joined by '\t' plus '\n', then
 * flushed. The last cell of each row is not padded.
 */
export function formatTable(rows: readonly (readonly string[])[], opts: TabWriterOptions): string {
  let out = "";
  const w = new TabWriter((text) => {
    out += text;
  }, opts);
  for (const row of rows) w.write(`${row.join("\t")}\n`);
  w.flush();
  return out;
}
