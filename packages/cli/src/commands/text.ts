// gotrace text: a binary trace as Go's raw text format.
import { formatTextEvent, textHeaderLine } from "@gotrace/codec";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command } from "./command.js";
import { decodeInput, printEvents } from "./decode-input.js";

export const textCommand: Command = {
  name: "text",
  summary: "convert a binary trace to Go's raw text format",
  usage: "gotrace text FILE",
  help: `Prints the trace in the raw text format of Go's internal/trace/raw package (the
format of Go's .test files): a "Trace Go1.N" line, then one event per line.
\`gotrace encode\` turns the text back into the same trace, event for event. Two
kinds of event that Go's text loses are kept: an event of a nameless type
(Go prints an empty line) is "Unnamed type=N", and empty data is data="".
FILE may be - for standard input.`,
  flags: [],
  async run(args, out: Output, warn) {
    const input = await openInput(args.file);
    let headerWritten = false;
    const events = printEvents((line) => out.write(line), formatTextEvent);
    const result = await decodeInput(input, async (decoder) => {
      const first = decoder.next();
      if (!headerWritten && decoder.header) {
        headerWritten = true;
        out.write(`${textHeaderLine(decoder.header.version)}\n`);
      }
      if (first !== null) {
        const wait = out.write(`${formatTextEvent(first)}\n`);
        if (wait) await wait;
        await events(decoder);
      }
    });
    if (result.warning) warn(result.warning);
  },
};
