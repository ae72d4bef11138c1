// Go's raw text reader (internal/trace/raw.TextReader): a "Trace Go1.N"
// header line, then one event per line, stack frames and string data on the
// lines after their event. It accepts exactly what Go accepts and fails with
// Go's error text (TraceError.goMessage); the one deliberate difference is
// that lines may be any length unless `goLineLimit` asks for Go's 64 KiB cap.
import { TraceError } from "../errors/trace-error.js";
import { EVENT_SPECS, FORMATS, OLD_FORMATS, STACK_FRAME_FIELDS } from "../gen/events.gen.js";
import { ERR_SYNTAX_MESSAGE, goUnquote } from "../gofmt/unquote.js";
import type { RawEventRecord } from "../wire/raw-event.js";
import { type RawTable, rawTable, switchesToWriterTable } from "../wire/raw-tables.js";
import { textEventNames } from "./event-names.js";
import { UNNAMED_EVENT } from "./format-event.js";
import { onlySpaceFrom, quoteGoString, tokenEnd, tokenStart, trimGoSpace } from "./go-scan.js";
import { parseRecordValue, parseUint10, recordValueDecimal } from "./go-uint.js";
import { END, LineSource, MORE } from "./line-source.js";

/** How strictly the text readers follow Go's scanner. */
export interface TextReaderOptions {
  /**
   * Refuse lines of 64 KiB or more with Go's "bufio.Scanner: token too long",
   * as Go's reader does. Off by default: a long `data=` line (a large
   * ExperimentalBatch, quoted) is valid text that Go merely cannot scan.
   */
  readonly goLineLimit?: boolean;
  /**
   * Refuse the event names that only the table of the Go release writing the
   * format has (the AllocFree events of go 1.23 and go 1.25 traces), as Go
   * 1.27's reader does ("unidentified event"). By default they are read, as
   * the binary decoder reads their events, so that binaryToText's output of
   * any trace reads back.
   */
  readonly strictGo127?: boolean;
}

/** The argument names of a stack frame line, in the order Go requires. */
const FRAME_FIELDS: readonly string[] = STACK_FRAME_FIELDS;
const TWO63 = 1n << 63n;

/**
 * Go's text reader fed in chunks: push() text as it arrives, finish() at the
 * end, and take events from next(). An event is returned only once all its
 * lines are in, so chunks may split lines and events anywhere.
 */
export class TextStreamReader {
  private readonly lines: LineSource;
  private readonly writerTable: boolean;
  private v: number | undefined;
  private names: ReadonlyMap<string, number> = new Map();
  /** The writing release's names, used as the binary decoder uses its table (switchesToWriterTable). */
  private writerNames: ReadonlyMap<string, number> = new Map();
  /** Whether an event has put this trace on the writer's table, as it puts the decoder. */
  private onWriterTable = false;
  private done = false;
  private eventLine = 0;

  constructor(options: TextReaderOptions = {}) {
    this.lines = new LineSource(options.goLineLimit === true);
    this.writerTable = options.strictGo127 !== true;
  }

  /** Adds text. */
  push(chunk: string): void {
    this.lines.push(chunk);
  }

  /** Says no more text will come. */
  finish(): void {
    this.lines.finish();
  }

  /** The N of "Trace Go1.N", once the header line has been read. */
  get version(): number | undefined {
    return this.v;
  }

  /** True once every event has been read. */
  get ended(): boolean {
    return this.done;
  }

  /** The 1-based line of the last event next() returned. */
  get line(): number {
    return this.eventLine;
  }

  /**
   * Reads the header line if it has not been read: returns the version, or
   * undefined while the line has not fully arrived. Throws E_TEXT with Go's
   * message for a bad header.
   */
  readHeader(): number | undefined {
    if (this.v !== undefined) return this.v;
    const line = this.lines.nextLine();
    if (line === MORE) return undefined;
    if (line === END) {
      throw new TraceError("E_TEXT", 'the text ends before its "Trace Go1.N" header line', {
        line: this.lines.line + 1,
        goMessage: "EOF",
      });
    }
    const fail = (goMessage: string, detail = goMessage): never => {
      throw new TraceError("E_TEXT", detail, { line: this.lines.line, goMessage });
    };
    // Go reads the header as tokens: "Trace", then "Go1.N", then only space.
    const s1 = tokenStart(line, 0);
    const e1 = tokenEnd(line, s1);
    if (line.slice(s1, e1) !== "Trace") fail("failed to parse header");
    const s2 = tokenStart(line, e1);
    const e2 = s2 < 0 ? line.length : tokenEnd(line, s2);
    const gover = s2 < 0 ? "" : line.slice(s2, e2);
    if (!gover.startsWith("Go1.")) fail("failed to parse header Go version");
    const digits = gover.slice(4);
    const raw = parseUint10(digits);
    if (typeof raw !== "bigint") {
      fail(`failed to parse header Go version: strconv.ParseUint: parsing ${quoteGoString(digits)}: ${raw}`);
      return undefined;
    }
    // Go keeps the version in a uint32, so larger numbers wrap around.
    const v = Number(raw & 0xffff_ffffn);
    if (!FORMATS.some((f) => f.header === v) && !OLD_FORMATS.some((f) => f.header === v)) {
      fail(`unknown or unsupported Go version 1.${v}`);
    }
    // Only space may follow; unlike between lines, a `#` comment here is an error.
    if (!onlySpaceFrom(line, e2)) {
      fail(`encountered unexpected non-space at the end of the header: ${quoteGoString(line.slice(e2))}`);
    }
    this.v = v;
    this.names = textEventNames(v);
    if (this.writerTable) this.writerNames = textEventNames(v, true);
    return v;
  }

  /**
   * The next event, or null when more text is needed (before finish()) or
   * the trace has ended (`ended`). Throws E_TEXT with Go's message (goMessage)
   * and the line on bad text.
   */
  next(): RawEventRecord | null {
    if (this.done) return null;
    if (this.v === undefined && this.readHeader() === undefined) return null;
    const mark = this.lines.mark();
    const ev = this.readEvent();
    if (ev === MORE) {
      // Part of the event is still to come: read it again from its first line later.
      this.lines.reset(mark);
      return null;
    }
    if (ev === END) {
      this.done = true;
      return null;
    }
    return ev;
  }

  private fail(goMessage: string, line: number, detail = goMessage): never {
    throw new TraceError("E_TEXT", detail, { line, goMessage });
  }

  private readEvent(): RawEventRecord | typeof END | typeof MORE {
    const line = this.lines.nextLine();
    if (line === END || line === MORE) return line;
    const at = this.lines.line;
    // nextLine only returns lines that have a token.
    const s = tokenStart(line, 0);
    const e = tokenEnd(line, s);
    const name = line.slice(s, e);
    let type = this.names.get(name);
    if (type === undefined) {
      const writer = this.writerNames.get(name);
      if (writer !== undefined && (this.onWriterTable || switchesToWriterTable(writer))) {
        type = writer;
        this.onWriterTable = true;
      }
    }
    const spec = type === undefined ? undefined : EVENT_SPECS[type];
    if (type === undefined && name === UNNAMED_EVENT && this.writerTable) return this.readUnnamed(line, e, at);
    if (type === undefined || spec === undefined) {
      const why =
        this.names.size === 0
          ? `go 1.${this.v} predates the v2 event format, so its text traces have no events`
          : `no such event in go 1.${this.v}`;
      return this.fail(`unidentified event: ${name}`, at, `unidentified event: ${name} (${why})`);
    }
    const args: (number | bigint)[] = [];
    const argError = readArgs(line, e, spec.args, args);
    if (argError !== undefined) this.fail(`reading args for ${name}: ${argError}`, at);
    if (spec.isStack) {
      const frames = frameCount(args[1] as number | bigint);
      for (let i = 0; i < frames; i++) {
        const frame = this.lines.nextLine();
        if (frame === MORE) return MORE;
        if (frame === END) this.fail(`unexpected EOF while reading stack: args=${formatArgs(args)}`, at);
        const frameError = readArgs(frame, 0, FRAME_FIELDS, args);
        if (frameError !== undefined) this.fail(frameError, this.lines.line);
      }
    }
    if (spec.hasData) {
      const dataLine = this.lines.nextLine();
      if (dataLine === MORE) return MORE;
      if (dataLine === END) this.fail(`unexpected EOF while reading data for ${name}: args=${formatArgs(args)}`, at);
      const data = this.readData(dataLine);
      this.eventLine = at;
      return { type, args, data };
    }
    this.eventLine = at;
    return { type, args };
  }

  /**
   * gotrace's `Unnamed type=N` (formatTextEvent): an event of a slot the
   * version's table reserves without a name, which has no arguments.
   */
  private readUnnamed(line: string, from: number, at: number): RawEventRecord {
    const args: (number | bigint)[] = [];
    const argError = readArgs(line, from, ["type"], args);
    if (argError !== undefined) this.fail(`reading args for ${UNNAMED_EVENT}: ${argError}`, at);
    const type = Number(args[0]);
    const format = FORMATS.find((f) => f.header === this.v);
    const nameless = (t: RawTable) => t.argCount[type] === 0 && t.names[type] === "";
    const known = nameless(rawTable(format, false)) || (this.onWriterTable && nameless(rawTable(format, true)));
    if (!(type < 256 && format && known)) {
      this.fail(
        `unidentified event: ${UNNAMED_EVENT} type=${recordValueDecimal(args[0]!)}`,
        at,
        `${UNNAMED_EVENT} type=${recordValueDecimal(args[0]!)}: not a nameless event type of go 1.${this.v}`,
      );
    }
    this.eventLine = at;
    return { type, args: [] };
  }

  /** A `data=<Go string literal>` line. */
  private readData(line: string): Uint8Array {
    const eq = line.indexOf("=");
    if (eq < 0 || trimGoSpace(line.slice(0, eq)) !== "data") {
      this.fail(`malformed data: ${quoteGoString(line)}`, this.lines.line);
    }
    try {
      return goUnquote(trimGoSpace(line.slice(eq + 1)));
    } catch (err) {
      if (!(err instanceof Error) || err.message !== ERR_SYNTAX_MESSAGE) throw err;
      return this.fail(`failed to parse data: ${quoteGoString(line)}: ${err.message}`, this.lines.line);
    }
  }
}

/**
 * Reads `name=value` tokens from line[from:] for the given names, in order,
 * into `out`, then requires only space to follow. Returns Go's error text, or
 * undefined when the line is good. Like Go, a value is parsed before its name
 * is compared, so a bad value is reported even under the wrong name.
 */
function readArgs(line: string, from: number, names: readonly string[], out: (number | bigint)[]): string | undefined {
  let pos = from;
  for (const name of names) {
    const s = tokenStart(line, pos);
    if (s < 0) return "no argument";
    const e = tokenEnd(line, s);
    const eq = line.indexOf("=", s);
    if (eq < 0 || eq >= e) return `malformed argument: ${quoteGoString(line.slice(s, e))}`;
    const value = parseRecordValue(line, eq + 1, e);
    if (value === undefined) {
      return `failed to parse argument value ${quoteGoString(line.slice(eq + 1, e))} for arg ${quoteGoString(line.slice(s, eq))}`;
    }
    if (eq - s !== name.length || !line.startsWith(name, s)) {
      return `expected argument ${quoteGoString(name)}, but got ${quoteGoString(line.slice(s, eq))}`;
    }
    out.push(value);
    pos = e;
  }
  if (!onlySpaceFrom(line, pos)) {
    return `encountered unexpected non-space at the end of an event: ${quoteGoString(line.slice(pos))}`;
  }
  return undefined;
}

/** Go turns the frame count into a signed int: counts with bit 63 set mean no frames. */
function frameCount(n: number | bigint): number {
  if (typeof n === "number") return n < 0 ? 0 : n;
  return n >= TWO63 ? 0 : Number(n);
}

/** Go's %v of a []uint64. */
function formatArgs(args: readonly (number | bigint)[]): string {
  return `[${args.map(recordValueDecimal).join(" ")}]`;
}

/**
 * Go's text reader over a whole text trace: the constructor reads the header
 * (throwing on a bad one, like raw.NewTextReader), next() returns events
 * until null.
 */
export class TextReader {
  /** The N of "Trace Go1.N". */
  readonly version: number;
  private readonly stream: TextStreamReader;

  constructor(text: string, options: TextReaderOptions = {}) {
    this.stream = new TextStreamReader(options);
    this.stream.push(text);
    this.stream.finish();
    this.version = this.stream.readHeader() as number;
  }

  /** The next event, or null at the end. Throws E_TEXT on bad text. */
  next(): RawEventRecord | null {
    return this.stream.next();
  }

  /** The 1-based line of the last event next() returned. */
  get line(): number {
    return this.stream.line;
  }
}

/** Reads a whole text trace: its version and every event. Throws E_TEXT like Go. */
export function parseTextTrace(
  text: string,
  options: TextReaderOptions = {},
): { version: number; events: RawEventRecord[] } {
  const reader = new TextReader(text, options);
  const events: RawEventRecord[] = [];
  for (let ev = reader.next(); ev !== null; ev = reader.next()) events.push(ev);
  return { version: reader.version, events };
}
