// A tiny writer of v1 traces for tests: events are given as type and
// argument values and encoded the way the Go 1.11–1.21 runtime does.

/** Appends a uvarint. */
function uvarint(out: number[], v: number | bigint): void {
  let x = BigInt.asUintN(64, BigInt(v));
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}

/** Builds a v1 trace byte by byte. */
export class V1TraceWriter {
  private readonly out: number[] = [];

  constructor(version = 21) {
    for (const c of `go 1.${version} trace\0\0\0`) this.out.push(c.charCodeAt(0));
  }

  /** A batch header for P `pid` (-1 for none) at `ticks`. */
  batch(pid: number, ticks: number | bigint): this {
    this.out.push(1 | (1 << 6));
    uvarint(this.out, pid);
    uvarint(this.out, ticks);
    return this;
  }

  /** An event with its arguments (timestamp delta first where the type has one); 4 or more are length-prefixed. */
  event(type: number, ...args: (number | bigint)[]): this {
    if (args.length <= 3) {
      this.out.push(type | (Math.max(args.length - 1, 0) << 6));
      for (const a of args) uvarint(this.out, a);
    } else {
      const body: number[] = [];
      for (const a of args) uvarint(body, a);
      this.out.push(type | (3 << 6));
      uvarint(this.out, body.length);
      this.out.push(...body);
    }
    return this;
  }

  /** A UserLog: [dt, task, key, stack] and the inline message. */
  userLog(dt: number, task: number, key: number, stack: number, message: string): this {
    this.event(48, dt, task, key, stack);
    const bytes = new TextEncoder().encode(message);
    uvarint(this.out, bytes.length);
    this.out.push(...bytes);
    return this;
  }

  /** A string dictionary entry. */
  string(id: number, s: string): this {
    const bytes = new TextEncoder().encode(s);
    this.out.push(37);
    uvarint(this.out, id);
    uvarint(this.out, bytes.length);
    this.out.push(...bytes);
    return this;
  }

  /** Raw bytes. */
  raw(...bytes: number[]): this {
    this.out.push(...bytes);
    return this;
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.out);
  }
}
