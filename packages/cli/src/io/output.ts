// Buffered writing to a Node stream with backpressure: commands append text
// (or, for lines that are not UTF-8, bytes), and the buffer goes out in large
// writes.
import type { Writable } from "node:stream";

const FLUSH_AT = 1 << 16;

export class Output {
  private parts: (string | Uint8Array)[] = [];
  private size = 0;
  /** Whether parts holds bytes: then it goes out as one Buffer, else as one string. */
  private hasBytes = false;

  constructor(private readonly stream: Writable) {}

  /** Appends text or raw bytes; returns a promise only when the stream wants the caller to wait. */
  write(chunk: string | Uint8Array): Promise<void> | undefined {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (typeof chunk !== "string") this.hasBytes = true;
    if (this.size >= FLUSH_AT) return this.flush();
    return undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.size === 0) return undefined;
    const data = this.hasBytes
      ? Buffer.concat(this.parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)))
      : (this.parts as string[]).join("");
    this.parts = [];
    this.size = 0;
    this.hasBytes = false;
    if (this.stream.write(data)) return undefined;
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
