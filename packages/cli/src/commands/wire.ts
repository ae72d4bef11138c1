// gotrace wire: the raw event dump of `go tool trace -d=wire`.
import { formatRawEvent } from "@gotrace/codec";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command } from "./command.js";
import { decodeInput, printEvents } from "./decode-input.js";

export const wireCommand: Command = {
  name: "wire",
  summary: "print every raw event, exactly as `go tool trace -d=wire` does",
  usage: "gotrace wire [--strict-go1.27] FILE",
  help: `Prints the trace's events in Go's raw text form, one per line, byte for byte
what Go 1.27's \`go tool trace -d=wire FILE\` prints. FILE may be - for standard input.

Traces written by Go 1.23 to 1.25 with GODEBUG=traceallocfree=1 carry events that
Go 1.25 and newer refuse ("invalid event type: 128"); gotrace prints them as the
Go release that wrote the trace does.

  --strict-go1.27   refuse those events as Go 1.27 does`,
  flags: ["--strict-go1.27"],
  async run(args, out: Output, warn) {
    const input = await openInput(args.file);
    const result = await decodeInput(
      input,
      printEvents((line) => out.write(line), formatRawEvent),
      {
        strictGo127: args.flags.has("--strict-go1.27"),
      },
    );
    if (result.warning) warn(result.warning);
  },
};
