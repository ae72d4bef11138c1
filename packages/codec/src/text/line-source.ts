// The lines of a text trace, fed in chunks, as Go's reader sees them through
// bufio.Scanner: split at "\n", one trailing "\r" dropped, and lines with no
// token (blank or `#` comments) skipped. Reading can be rolled back to a mark,
// so an event whose lines have not all arrived is simply read again later.
import { TraceError } from "../errors/trace-error.js";
import { tokenStart } from "./go-scan.js";

/** nextLine(): the input has ended. */
export const END: unique symbol = Symbol("end");
/** nextLine(): the next line has not fully arrived yet. */
export const MORE: unique symbol = Symbol("more");

/** bufio.MaxScanTokenSize: Go's Scanner refuses a line of this many bytes or more. */
export const GO_MAX_LINE_BYTES = 64 * 1024;
/** The text of Go's bufio.ErrTooLong. */
export const GO_TOKEN_TOO_LONG = "bufio.Scanner: token too long";

/** A reading position to go back to (see LineSource.reset). */
export interface LineMark {
  readonly pos: number;
  readonly line: number;
}

/** The token-bearing lines of text that arrives in chunks. */
export class LineSource {
  private readonly goLineLimit: boolean;
  private buf = "";
  private pos = 0;
  private final = false;
  /** Number of the last line returned (1-based; 0 before the first). */
  line = 0;

  /** `goLineLimit`: fail like Go's Scanner on lines of 64 KiB or more. */
  constructor(goLineLimit: boolean) {
    this.goLineLimit = goLineLimit;
  }

  /** Adds text. */
  push(chunk: string): void {
    if (this.final) throw new Error("TextReader.push after finish");
    // Drop consumed text once it dominates, so the buffer follows the unread part.
    if (this.pos > 0 && this.pos >= this.buf.length - this.pos) {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    this.buf += chunk;
  }

  /** Says no more text will come: a last line without "\n" then counts. */
  finish(): void {
    this.final = true;
  }

  /** The current position, for reset(). */
  mark(): LineMark {
    return { pos: this.pos, line: this.line };
  }

  /** Goes back to a mark (the text since is read again). */
  reset(m: LineMark): void {
    this.pos = m.pos;
    this.line = m.line;
  }

  /** The next line holding a token, END, or MORE (nothing is consumed then). */
  nextLine(): string | typeof END | typeof MORE {
    for (;;) {
      const buf = this.buf;
      if (this.pos >= buf.length) return this.final ? END : MORE;
      let nl = buf.indexOf("\n", this.pos);
      if (nl < 0) {
        if (!this.final) return MORE;
        nl = buf.length;
      }
      let end = nl;
      if (this.goLineLimit) this.checkLength(buf, this.pos, end);
      if (end > this.pos && buf.charCodeAt(end - 1) === 0x0d) end--;
      const start = this.pos;
      this.pos = nl + 1;
      this.line++;
      const text = buf.slice(start, end);
      if (tokenStart(text, 0) < 0) continue; // blank or comment
      return text;
    }
  }

  /** Fails like Go's Scanner for a line of 64 KiB or more (counted in UTF-8 bytes, "\r" included). */
  private checkLength(buf: string, start: number, end: number): void {
    // Three bytes per code unit at most: short lines need no counting.
    if ((end - start) * 3 < GO_MAX_LINE_BYTES) return;
    let bytes = 0;
    for (let i = start; i < end; i++) {
      const c = buf.charCodeAt(i);
      if (c < 0x80) bytes += 1;
      else if (c < 0x800) bytes += 2;
      else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end && (buf.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        bytes += 4;
        i++;
      } else bytes += 3;
    }
    if (bytes >= GO_MAX_LINE_BYTES) {
      throw new TraceError("E_TEXT", `line is ${bytes} bytes long; Go's scanner stops at ${GO_MAX_LINE_BYTES - 1}`, {
        line: this.line + 1,
        goMessage: GO_TOKEN_TOO_LONG,
      });
    }
  }
}
