// Text trace → binary, as Go's TextReader feeding its raw.Writer does: the
// canonical header, then each event as its type byte, minimal uvarints and
// the data trailer. Nothing is checked or computed: an EventBatch `size` is
// written as the text gives it, right or wrong, just as Go does.
import { RawEncoder } from "../wire/raw-encoder.js";
import { TextStreamReader, type TextReaderOptions } from "./text-reader.js";

/**
 * Text → binary in chunks: push() text, get the bytes of the events it
 * completes (the header first); finish() returns the rest. Throws E_TEXT
 * with Go's message on bad text.
 */
export class TextToBinary {
  private readonly reader: TextStreamReader;
  private encoder: RawEncoder | undefined;

  constructor(options: TextReaderOptions = {}) {
    this.reader = new TextStreamReader(options);
  }

  /** The trace version, once the header line has been read. */
  get version(): number | undefined {
    return this.reader.version;
  }

  /** Adds text; returns the bytes of the events it completes (the header first). */
  push(chunk: string): Uint8Array {
    this.reader.push(chunk);
    return this.drain();
  }

  /** Says no more text will come; returns the remaining bytes. */
  finish(): Uint8Array {
    this.reader.finish();
    return this.drain();
  }

  private drain(): Uint8Array {
    const r = this.reader;
    if (this.encoder === undefined) {
      const version = r.readHeader();
      if (version === undefined) return new Uint8Array(0);
      this.encoder = new RawEncoder(version);
    }
    for (let ev = r.next(); ev !== null; ev = r.next()) this.encoder.write(ev);
    return this.encoder.take();
  }
}

/** A whole text trace as binary, byte for byte what Go writes. Throws E_TEXT like Go. */
export function textToBinary(text: string, options: TextReaderOptions = {}): Uint8Array {
  const t = new TextToBinary(options);
  const head = t.push(text);
  const tail = t.finish();
  if (tail.length === 0) return head;
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}
