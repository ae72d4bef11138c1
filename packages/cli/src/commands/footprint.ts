// gotrace footprint: bytes and counts per event type, as `go tool trace -d=footprint`.
import { stat } from "node:fs/promises";
import { FootprintCounter, countFootprint } from "@gotrace/codec";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command } from "./command.js";
import { decodeInput } from "./decode-input.js";
import { footprintInTwoThreads, type SplitOptions } from "./footprint-parallel.js";

/**
 * Files from this size on are tallied on two threads. Below it, starting the worker (about
 * 30 ms of a core) costs more than the second thread saves.
 */
const TWO_THREADS_FROM = 16 << 20;
/** Bytes read per run on two threads: few messages per file, few buffers in memory. */
const RUN_BYTES = 1 << 20;
/**
 * Tests only: runs of this many bytes, on two threads whatever the file's size, so that small
 * fixtures are cut into many runs.
 */
const TEST_RUN_BYTES = "GOTRACE_TEST_FOOTPRINT_RUN_BYTES";

export const footprintCommand: Command = {
  name: "footprint",
  summary: "bytes and counts per event type, exactly as `go tool trace -d=footprint`",
  usage: "gotrace footprint [--strict-go1.27] FILE",
  help: `Prints a table of the bytes and events each event type takes in the trace, sorted
by bytes, byte for byte what Go 1.27's \`go tool trace -d=footprint FILE\` prints
(ties in Go's order). FILE may be - for standard input.

  --strict-go1.27   refuse the AllocFree events of go 1.23 and go 1.25 traces as Go 1.27 does`,
  flags: ["--strict-go1.27"],
  async run(args, out: Output, warn) {
    const strictGo127 = args.flags.has("--strict-go1.27");
    const split = await splitFor(args.file, strictGo127);
    if (split !== undefined) {
      const result = await footprintInTwoThreads(args.file, args.file, split);
      if (result.warning) warn(result.warning);
      out.write(result.counter.render(result.table, result.bytesRead));
      return;
    }
    const input = await openInput(args.file);
    const counter = new FootprintCounter();
    const result = await decodeInput(input, (decoder) => void countFootprint(decoder, counter), { strictGo127 });
    if (result.warning) warn(result.warning);
    out.write(counter.render(result.decoder.table, result.bytesRead));
  },
};

/** How to cut a big regular file into runs for two threads; undefined for the serial path (stdin, small files, errors). */
async function splitFor(path: string, strictGo127: boolean): Promise<SplitOptions | undefined> {
  if (path === "-") return undefined;
  const test = Number(process.env[TEST_RUN_BYTES] ?? Number.NaN);
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    if (Number.isInteger(test) && test > 0) return { runBytes: test, strictGo127 };
    return info.size >= TWO_THREADS_FROM ? { runBytes: RUN_BYTES, strictGo127 } : undefined;
  } catch {
    return undefined; // openInput says what is wrong
  }
}
