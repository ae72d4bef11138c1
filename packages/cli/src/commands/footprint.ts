// gotrace footprint: bytes and counts per event type, as `go tool trace -d=footprint`.
import { FootprintCounter, countFootprint } from "@gotrace/codec";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command } from "./command.js";
import { decodeInput } from "./decode-input.js";

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
    const input = await openInput(args.file);
    const counter = new FootprintCounter();
    const result = await decodeInput(input, (decoder) => void countFootprint(decoder, counter), {
      strictGo127: args.flags.has("--strict-go1.27"),
    });
    if (result.warning) warn(result.warning);
    out.write(counter.render(result.decoder.table, result.bytesRead));
  },
};
