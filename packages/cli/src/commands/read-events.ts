// The loop shared by the commands that read ordered events: feed chunks to a
// TraceReader and hand each event to the command. On an error, say where the
// trace broke and how much of it was lost, as `go tool trace` does when it
// proceeds with a partial trace.
import { TraceError } from "@gotrace/codec";
import { type Event, TraceReader } from "@gotrace/reader";
import { CliError } from "../cli-error.js";
import type { Input } from "../io/input.js";
import { describeTraceError } from "./decode-input.js";

export interface ReadSummary {
  readonly events: number;
  readonly bytesRead: number;
}

export async function readEvents(
  input: Input,
  onEvent: (ev: Event) => Promise<void> | undefined | void,
): Promise<ReadSummary> {
  const reader = new TraceReader();
  let events = 0;
  let bytesRead = 0;
  const drain = async () => {
    for (let ev = reader.next(); ev !== null; ev = reader.next()) {
      events++;
      const wait = onEvent(ev);
      if (wait) await wait;
    }
  };
  try {
    for await (const chunk of input.chunks) {
      bytesRead += chunk.length;
      reader.push(chunk);
      await drain();
    }
    reader.finish();
    await drain();
  } catch (err) {
    if (!TraceError.isInstance(err)) throw err;
    throw new CliError(`${input.name}: ${describeTraceError(err)}${lostData(reader, bytesRead, err)}`);
  }
  return { events, bytesRead };
}

/** readEvents for commands that need only the outcome: the same checks and errors, no Event objects. */
export async function skipEvents(input: Input): Promise<ReadSummary & { readonly syncs: number }> {
  const reader = new TraceReader();
  let bytesRead = 0;
  try {
    for await (const chunk of input.chunks) {
      bytesRead += chunk.length;
      reader.push(chunk);
      reader.skip();
    }
    reader.finish();
    reader.skip();
  } catch (err) {
    if (!TraceError.isInstance(err)) throw err;
    throw new CliError(`${input.name}: ${describeTraceError(err)}${lostData(reader, bytesRead, err)}`);
  }
  return { events: reader.eventCount, bytesRead, syncs: reader.syncCount };
}

/** A second line: where the broken generation starts and how much of the trace is lost from there on. */
function lostData(reader: TraceReader, bytesRead: number, err: TraceError): string {
  if (err.code === "E_HEADER" || err.code === "E_VERSION" || bytesRead === 0) return "";
  const valid = Math.min(reader.validBytes, bytesRead);
  const lost = bytesRead - valid;
  const pct = ((lost / bytesRead) * 100).toFixed(2);
  return `\n  events before byte ${valid} are complete; lost ${pct}% of the trace (${lost} of ${bytesRead} bytes) from the generation that breaks`;
}
