// chunksReusingBuffers (what `gotrace validate` reads a file with) refills the
// buffers of chunks the reader has let go of (bytesHeldFrom). Reading every
// fixture, and cut and damaged copies of them, that way in small chunks must
// end exactly as reading the file whole does, and must reuse buffers where a
// trace has generations to let go of: a reused buffer overwritten while the
// reader still read it would change the outcome. Chunks of 1021 bytes give
// small fixtures many chunks and generations many buffers to hand back.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixtures, readBytes } from "@gotrace/conformance";
import { TraceReader } from "@gotrace/reader";
import { bytesHeldFrom } from "@gotrace/reader/internal";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../cli-error.js";
import { chunksReusingBuffers } from "./reused-buffers.js";

const dir = mkdtempSync(join(tmpdir(), "gotrace-reuse-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  events: number;
  syncs: number;
  error: string | null;
}

function outcome(r: TraceReader, error: unknown): Outcome {
  return { events: r.eventCount, syncs: r.syncCount, error: error === null ? null : String(error) };
}

/** The trace in memory, pushed whole. */
function whole(bytes: Uint8Array): Outcome {
  const r = new TraceReader();
  let error: unknown = null;
  try {
    r.push(bytes);
    r.finish();
    r.skip();
  } catch (e) {
    error = e;
  }
  return outcome(r, error);
}

/** The trace written to a file and read back through chunksReusingBuffers. */
async function reused(bytes: Uint8Array, name: string, chunkBytes: number): Promise<Outcome & { reused: number }> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const r = new TraceReader();
  const stats = { allocated: 0, reused: 0 };
  let error: unknown = null;
  try {
    for await (const chunk of chunksReusingBuffers(path, () => bytesHeldFrom(r), { chunkBytes, stats })) {
      r.push(chunk);
      r.skip();
    }
    r.finish();
    r.skip();
  } catch (e) {
    error = e;
  }
  return { ...outcome(r, error), reused: stats.reused };
}

describe("reading into reused buffers ends as reading whole does", () => {
  let reusedReads = 0;
  for (const f of fixtures()) {
    it(f.name, async () => {
      const bytes = readBytes(f.tracePath);
      const cuts = [bytes, bytes.subarray(0, Math.floor(bytes.length * 0.7))];
      const damaged = bytes.slice();
      const at = Math.floor(bytes.length * 0.8);
      damaged.fill(0xff, at, at + 2);
      cuts.push(damaged);
      for (const [i, b] of cuts.entries()) {
        const { reused: n, ...got } = await reused(b, `${f.name}-${i}.trace`, 1021);
        expect(got, ["whole", "cut", "damaged"][i]).toEqual(whole(b));
        reusedReads += n;
      }
    });
  }

  it("reused buffers on the multi-generation fixtures (the checks above are not vacuous)", () => {
    // flightrecorder-* and generations-* reuse 125 in all (whole), single-generation traces none.
    expect(reusedReads).toBeGreaterThan(100);
  });

  it("names a missing file in one line", async () => {
    const read = async () => {
      for await (const _ of chunksReusingBuffers(join(dir, "missing.trace"), () => 0)) {
        // nothing
      }
    };
    await expect(read()).rejects.toThrow(CliError);
    await expect(read()).rejects.toThrow(/missing\.trace: no such file/);
  });
});
