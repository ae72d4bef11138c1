// Go's raw text writer (internal/trace/raw.TextWriter) over a binary trace:
// "Trace Go1.N" and then one line group per event, exactly as Go's
// bytes → text conversion prints them. A streaming form keeps memory
// proportional to the chunk size, not the trace size.
import { TraceError } from "../errors/trace-error.js";
import type { RawEvent, RawEventRecord } from "../wire/raw-event.js";
import { RawDecoder, type RawDecoderOptions } from "../wire/raw-decoder.js";
import { formatRawEvent, formatTextEvent, textHeaderLine } from "./format-event.js";
import { formatRawRecord } from "./format-record.js";

/** How binaryToText and BinaryToText read the binary trace. */
export interface BinaryToTextOptions extends RawDecoderOptions {
  /**
   * Throw E_TRUNCATED when the bytes stop at the start of a varint or inside
   * a data trailer. Go's raw reader takes such a cut as the end of the file
   * and its conversion succeeds with the events before it, which is the
   * default here too.
   */
  readonly strictEnd?: boolean;
  /**
   * Print gotrace's lossless text (formatTextEvent) instead of Go's exact
   * text: nameless events as `Unnamed type=N`, empty data as `data=""`, so
   * that textToBinary gives back every event. Go's text reader does not know
   * `Unnamed`; everything else reads in Go as well.
   */
  readonly lossless?: boolean;
}

/**
 * Binary trace → text, in chunks: push() bytes, get the text of the events
 * they complete; finish() returns the rest. Bad bytes throw TraceError (Go's
 * message in goMessage) once the text of every event before them has been
 * returned: a call that has such text returns it, and the next call throws.
 */
export class BinaryToText {
  private readonly decoder: RawDecoder;
  private readonly strictEnd: boolean;
  private readonly format: (ev: RawEvent) => string;
  private headerDone = false;
  /** An error met after some text of the same call: thrown by the next call, so that text is not lost. */
  private pendingError: unknown = undefined;

  constructor(options: BinaryToTextOptions = {}) {
    this.decoder = new RawDecoder(options.strictGo127 === undefined ? {} : { strictGo127: options.strictGo127 });
    this.strictEnd = options.strictEnd === true;
    this.format = options.lossless === true ? formatTextEvent : formatRawEvent;
  }

  /** The trace version, once the header has been read. */
  get version(): number | undefined {
    return this.decoder.header?.version;
  }

  /** Adds bytes (the decoder keeps a reference: do not reuse the chunk) and returns the text they complete. */
  push(chunk: Uint8Array): string {
    this.throwPending();
    this.decoder.push(chunk);
    return this.drain();
  }

  /** Says no more bytes will come and returns the remaining text. */
  finish(): string {
    this.throwPending();
    this.decoder.finish();
    return this.drain();
  }

  private throwPending(): void {
    if (this.pendingError === undefined) return;
    const err = this.pendingError;
    this.pendingError = undefined;
    throw err;
  }

  private drain(): string {
    const d = this.decoder;
    let out = "";
    try {
      for (let ev = d.next(); ; ev = d.next()) {
        if (!this.headerDone && d.header !== undefined) {
          out += `${textHeaderLine(d.header.version)}\n`;
          this.headerDone = true;
        }
        if (ev === null) break;
        out += `${this.format(ev)}\n`;
      }
    } catch (err) {
      // Go's raw reader ends quietly where the bytes stop between values.
      if (!this.strictEnd && TraceError.isInstance(err) && err.code === "E_TRUNCATED" && err.goTreatsAsEnd) {
        return out;
      }
      // Hand out the text of the events before the error first, as Go prints them.
      if (out === "") throw err;
      this.pendingError = err;
    }
    return out;
  }
}

/** A whole binary trace as Go's raw text format. Throws TraceError like Go's conversion fails. */
export function binaryToText(bytes: Uint8Array, options: BinaryToTextOptions = {}): string {
  const w = new BinaryToText(options);
  return w.push(bytes) + w.finish();
}

/** Detached events as a text trace of `version`: Go's TextWriter over events read from text. */
export function recordsToText(version: number, events: Iterable<RawEventRecord>): string {
  let out = `${textHeaderLine(version)}\n`;
  for (const ev of events) out += `${formatRawRecord(ev, version)}\n`;
  return out;
}
