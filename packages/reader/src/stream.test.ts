// Streaming: the same events (and the same error) whatever the chunk sizes,
// from pushed chunks, web ReadableStreams and async iterables.
import { readFileSync } from "node:fs";
import { fixture, goGoldens, readBytes, samplePath } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { formatEvent } from "./event/format.js";
import { TraceReader, readTrace } from "./reader.js";
import { runParsed } from "./testing/run.js";

/** Pushes `bytes` in chunks of `size`, draining after each push. */
function chunked(bytes: Uint8Array, size: number): { out: string; error: string | null } {
  const r = new TraceReader();
  let out = "";
  try {
    for (let i = 0; i < bytes.length; i += size) {
      r.push(bytes.subarray(i, i + size));
      for (let ev = r.next(); ev !== null; ev = r.next()) out += formatEvent(ev) + "\n";
    }
    r.finish();
    for (let ev = r.next(); ev !== null; ev = r.next()) out += formatEvent(ev) + "\n";
    expect(r.done).toBe(true);
  } catch (e) {
    return { out, error: (e as { goMessage: string }).goMessage };
  }
  return { out, error: null };
}

function whole(bytes: Uint8Array): { out: string; error: string | null } {
  const r = runParsed(bytes);
  return { out: r.out, error: r.error?.goMessage ?? null };
}

describe("chunk sizes", () => {
  const traces = [
    ...["gc-go1.27-allocfree", "syscall-go1.22", "cpuprofile-go1.25", "coro-go1.23"].map((n) => ({
      name: n,
      bytes: readBytes(fixture(n).tracePath),
    })),
    // Truncations and errors must not depend on where chunks end either.
    ...goGoldens("edge")
      .filter((g) => ["noeog", "noeog2", "dupstr", "badstk", "ev52", "freq3", "empty23"].includes(g.name))
      .map((g) => ({ name: `edge/${g.name}`, bytes: new Uint8Array(readFileSync(g.tracePath)) })),
  ];
  for (const t of traces) {
    it(t.name, () => {
      const want = whole(t.bytes);
      for (const size of [1, 3, 17, 1000, 65536]) {
        expect(chunked(t.bytes, size), `chunk size ${size}`).toEqual(want);
      }
    });
  }

  it("a cut trace reports Go's truncation errors", () => {
    // The format brief's §9 cuts, on the conformance sample. Its batches: the
    // sync batch at 16 (data 44..67), an experimental batch at 67 (data 96,
    // 13 bytes), an event batch at 109 (data 129, 65468 bytes).
    const bytes = readBytes(samplePath());
    const cuts: [number, string][] = [
      [17, "error reading batch gen: EOF"],
      [20, "error reading batch M ID: unexpected EOF"],
      [30, "error reading batch timestamp: unexpected EOF"],
      [100, "failed to read full batch: read 4 but wanted 13"],
      [1000, "failed to read full batch: read 871 but wanted 65468"],
    ];
    for (const [n, message] of cuts) {
      const cut = bytes.subarray(0, n);
      expect(whole(cut)).toEqual({ out: "M=-1 P=-1 G=-1 Sync Time=1 N=1\n", error: message });
      for (const size of [1, 5]) expect(chunked(cut, size)).toEqual(whole(cut));
    }
  });
});

describe("readTrace", () => {
  const bytes = readBytes(fixture("block-go1.27").tracePath);
  const want = whole(bytes).out;
  const collect = async (source: Parameters<typeof readTrace>[0]) => {
    let out = "";
    for await (const ev of readTrace(source)) out += formatEvent(ev) + "\n";
    return out;
  };

  it("reads bytes", async () => {
    expect(await collect(bytes)).toBe(want);
  });

  it("reads a web ReadableStream", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 999) c.enqueue(bytes.slice(i, i + 999));
        c.close();
      },
    });
    expect(await collect(stream)).toBe(want);
  });

  it("reads an async iterable", async () => {
    async function* gen() {
      for (let i = 0; i < bytes.length; i += 4096) yield bytes.slice(i, i + 4096);
    }
    expect(await collect(gen())).toBe(want);
  });

  it("throws the reader's TraceError", async () => {
    await expect(collect(bytes.subarray(0, 100))).rejects.toMatchObject({
      code: "E_TRUNCATED",
      goMessage: expect.stringMatching(/^failed to read full batch/),
    });
  });
});
