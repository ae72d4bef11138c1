// gotrace text: a binary trace as Go's raw text format.
import { formatRawEvent, textHeaderLine } from "@gotrace/codec";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command } from "./command.js";
import { decodeInput } from "./decode-input.js";

export const textCommand: Command = {
  name: "text",
  summary: "convert a binary trace to Go's raw text format",
  usage: "gotrace text FILE",
  help: `Prints the trace in the raw text format of Go's internal/trace/raw package (the
format of Go's .test files): a "Trace Go1.N" line, then one event per line.
\`gotrace encode\` turns the text back into the same trace. FILE may be - for
standard input.`,
  flags: [],
  async run(args, out: Output, warn) {
    const input = await openInput(args.file);
    const result = await decodeInput(input, (ev) => out.write(`${formatRawEvent(ev)}\n`), {
      onHeader: (d) => {
        out.write(`${textHeaderLine(d.header?.version ?? 0)}\n`);
      },
    });
    if (result.warning) warn(result.warning);
  },
};
