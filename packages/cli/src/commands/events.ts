// gotrace events: Go's ordered, validated events, as `go tool trace -d=parsed` prints them.
import { UsageError } from "../cli-error.js";
import { openInput } from "../io/input.js";
import type { Output } from "../io/output.js";
import type { Command } from "./command.js";
import { loadReader } from "./load.js";
import { readEvents, stoppedWarning } from "./read-events.js";

/** The zone Go would use: $TZ, else the system's. */
function localTimeZone(): string {
  const tz = process.env.TZ;
  if (tz === "" || tz === "UTC" || tz === "UTC0") return "UTC";
  return tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? "UTC";
}

function checkTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
  } catch {
    throw new UsageError(`unknown time zone ${JSON.stringify(tz)} (want an IANA name such as UTC or Europe/Paris)`);
  }
  return tz;
}

export const eventsCommand: Command = {
  name: "events",
  summary: "print the ordered, validated events, exactly as `go tool trace -d=parsed`",
  usage: "gotrace events [--tz ZONE] FILE",
  help: `Reads the trace as Go's own reader does (ordering every event, checking every
state change) and prints each event, byte for byte what Go 1.27's
\`go tool trace -d=parsed FILE\` prints. FILE may be - for standard input.

The Wall= time of Sync events is in the local time zone, as in Go: $TZ, or the
system's zone.

  --tz ZONE   print Wall= times in this IANA time zone instead (e.g. UTC)

Trace strings that are not UTF-8 come out as Go prints them: raw bytes in stack
frames, \\xNN escapes in quoted fields.

A trace that breaks part way prints every event before the break, then one error
that says where it broke and how much of the trace was lost; exit status 1. A
go 1.22-1.25 trace cut between two batches is said to end inside its generation.`,
  flags: [],
  options: ["--tz"],
  async run(args, out: Output, warn) {
    const timeZone = checkTimeZone(args.options.get("--tz") ?? localTimeZone());
    const { formatEventExact } = await loadReader();
    const input = await openInput(args.file);
    try {
      const summary = await readEvents(input, (ev) => {
        // Text nearly always; bytes when a stack frame name is not UTF-8, which Go prints raw.
        const line = formatEventExact(ev, { timeZone });
        if (typeof line === "string") return out.write(`${line}\n`);
        const withNewline = new Uint8Array(line.length + 1);
        withNewline.set(line);
        withNewline[line.length] = 0x0a;
        return out.write(withNewline);
      });
      const stopped = stoppedWarning(summary);
      if (stopped !== null) warn(`${input.name}: ${stopped}`);
    } finally {
      await out.flush();
    }
  },
};
