// Buffered writing to a Node stream with backpressure: commands append text
// (or, for lines that are not UTF-8, bytes), and the buffer goes out in large
// writes. When the stream fails (the reader of a pipe went away, a full
// disk), the failure is kept here and the next write throws OutputClosed, so
// the command stops where Go's tools would and the dispatcher decides what
// to say; nothing is left waiting for a 'drain' that will never come.
import type { Writable } from "node:stream";

const FLUSH_AT = 1 << 16;

/** Thrown by Output.write once its stream has failed; `cause` is the stream's error. */
export class OutputClosed extends Error {
  constructor(cause: Error) {
    super(`cannot write: ${cause.message}`, { cause });
    this.name = "OutputClosed";
  }
}

export class Output {
  private readonly stream: Writable;
  private parts: (string | Uint8Array)[] = [];
  private size = 0;
  /** Whether parts holds bytes: then it goes out as one Buffer, else as one string. */
  private hasBytes = false;
  private failure: Error | null = null;

  constructor(stream: Writable) {
    this.stream = stream;
    // Registered first, so every other listener below sees `failure` already set.
    stream.on("error", (err) => {
      this.failure ??= err;
    });
  }

  /** Whether the stream is a terminal (where binary output would only garble the screen). */
  get isTerminal(): boolean {
    return (this.stream as { isTTY?: boolean }).isTTY === true;
  }

  /** The error that ended the stream (EPIPE when the reading end of a pipe closed), or null. */
  get error(): Error | null {
    return this.failure;
  }

  /** Appends text or raw bytes; returns a promise only when the stream wants the caller to wait. */
  write(chunk: string | Uint8Array): Promise<void> | undefined {
    if (this.failure !== null) throw new OutputClosed(this.failure);
    this.parts.push(chunk);
    this.size += chunk.length;
    if (typeof chunk !== "string") this.hasBytes = true;
    if (this.size >= FLUSH_AT) return this.flush();
    return undefined;
  }

  flush(): Promise<void> | undefined {
    if (this.failure !== null) throw new OutputClosed(this.failure);
    if (this.size === 0) return undefined;
    if (this.stream.write(this.take())) return undefined;
    return this.drained();
  }

  /**
   * Writes what is buffered and waits until the stream has taken all of it.
   * Never throws: a failure of the stream is left in `error`.
   */
  async end(): Promise<void> {
    if (this.failure !== null) return;
    // Write callbacks run in order, so the last one means every earlier write is done too.
    const last = this.size > 0 ? this.take() : Buffer.alloc(0);
    await new Promise<void>((resolve) => {
      this.stream.write(last, (err) => {
        if (err) this.failure ??= err;
        resolve();
      });
    });
  }

  private take(): string | Buffer {
    const data = this.hasBytes
      ? Buffer.concat(this.parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)))
      : (this.parts as string[]).join("");
    this.parts = [];
    this.size = 0;
    this.hasBytes = false;
    return data;
  }

  /** Resolves on 'drain'; rejects with OutputClosed when the stream fails or closes first. */
  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = () => {
        this.stream.off("drain", settle);
        this.stream.off("error", settle);
        this.stream.off("close", settle);
        if (this.failure === null && this.stream.destroyed) this.failure = new Error("the stream was closed");
        if (this.failure !== null) reject(new OutputClosed(this.failure));
        else resolve();
      };
      this.stream.on("drain", settle);
      this.stream.on("error", settle);
      this.stream.on("close", settle);
    });
  }
}
