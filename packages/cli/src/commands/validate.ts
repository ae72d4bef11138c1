// gotrace validate: is the trace one Go's reader accepts?
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command } from "./command.js";
import { skipEvents, stoppedWarning } from "./read-events.js";

export const validateCommand: Command = {
  name: "validate",
  summary: "check a trace as Go's reader does; exit 0 when it is valid",
  usage: "gotrace validate FILE",
  help: `Reads the whole trace as Go's own reader does: batches, generations, string and
stack tables, and every event's ordering and state change. Prints a one-line
summary and exits 0 when the trace is valid; otherwise prints the error with
where it is (generation, batch, event, byte offset) and how much of the trace is
lost, and exits 1. FILE may be - for standard input.`,
  flags: [],
  async run(args, out: Output, warn) {
    const input = await openInput(args.file);
    // Only the outcome matters: the reader checks every event without building Event objects.
    const summary = await skipEvents(input);
    const stopped = stoppedWarning(summary);
    if (stopped !== null) warn(`${input.name}: ${stopped}`);
    // Go's reader emits a Sync at the start of every generation and one at the end.
    const generations = Math.max(0, summary.syncs - 1);
    out.write(
      `${input.name}: valid: ${summary.events} events in ${generations} generation${generations === 1 ? "" : "s"}\n`,
    );
  },
};
