// Buffered writing to a Node stream with backpressure: commands append
// strings, and the buffer goes out in large writes.
import type { Writable } from "node:stream";

const FLUSH_AT = 1 << 16;

export class Output {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly stream: Writable) {}

  /** Appends text; returns a promise only when the stream wants the caller to wait. */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) return this.flush();
    return undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.size === 0) return undefined;
    const text = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (this.stream.write(text)) return undefined;
    return new Promise((resolve) => this.stream.once("drain", resolve));
  }

  /** Flushes and waits until the stream has taken everything. */
  async end(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve) => {
      if (this.stream.writableNeedDrain) this.stream.once("drain", () => resolve());
      else resolve();
    });
  }
}
