// The loop shared by the commands that read ordered events: feed chunks to a
// TraceReader and hand each event to the command. On an error, say in one
// line where the trace broke and how much of it was lost, as `go tool trace`
// does when it proceeds with a partial trace; and when the trace was cut
// inside a generation, say so rather than leave Go's puzzling consequence of
// it alone.
import { OLD_FORMATS, TraceError } from "@gotrace/codec";
import type { Event, TraceReader } from "@gotrace/reader";
import { loadReader, loadReaderInternal } from "./load.js";
import { CliError } from "../cli-error.js";
import type { Input } from "../io/input.js";
import { chunksReusingBuffers } from "../io/reused-buffers.js";
import { describeTraceError } from "./decode-input.js";

export interface ReadSummary {
  readonly events: number;
  readonly bytesRead: number;
  /** Where Go's reader stopped without an error (see stoppedWarning), or null. */
  readonly stoppedAt: number | null;
}

export async function readEvents(
  input: Input,
  onEvent: (ev: Event) => Promise<void> | undefined | void,
): Promise<ReadSummary> {
  const reader = new (await loadReader()).TraceReader();
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
    throw new CliError(`${input.name}: ${describeBreak(reader, bytesRead, err)}`);
  }
  return { events, bytesRead, stoppedAt: reader.stoppedAt };
}

/**
 * readEvents for commands that need only the outcome: the same checks and errors, no Event
 * objects. A file is read into reused buffers: no Event keeps a view of them, so those the reader
 * is done with (bytesHeldFrom) are filled again.
 */
export async function skipEvents(input: Input): Promise<ReadSummary & { readonly syncs: number }> {
  const reader = new (await loadReader()).TraceReader();
  let chunks = input.chunks;
  if (input.path !== null) {
    const { bytesHeldFrom } = await loadReaderInternal();
    chunks = chunksReusingBuffers(input.path, () => bytesHeldFrom(reader));
  }
  let bytesRead = 0;
  try {
    for await (const chunk of chunks) {
      bytesRead += chunk.length;
      reader.push(chunk);
      reader.skip();
    }
    reader.finish();
    reader.skip();
  } catch (err) {
    if (!TraceError.isInstance(err)) throw err;
    throw new CliError(`${input.name}: ${describeBreak(reader, bytesRead, err)}`);
  }
  return { events: reader.eventCount, bytesRead, syncs: reader.syncCount, stoppedAt: reader.stoppedAt };
}

/**
 * The warning for a trace Go's reader stops reading without an error: a
 * structural batch (sync, strings, stacks, CPU samples) that ends inside one
 * of its events. Go takes that for the end of the trace; so do we, and say so.
 */
export function stoppedWarning(summary: ReadSummary): string | null {
  const at = summary.stoppedAt;
  if (at === null) return null;
  return `the batch at byte ${at} ends inside one of its events; Go's reader takes that for the end of the trace without a word, so its generation and the ${summary.bytesRead - at} bytes from there are left out`;
}

/** Every trace starts with a 16-byte header, "go 1.NN trace" padded with zero bytes. */
const HEADER_BYTES = 16;

/** What broke and where, then what was lost: one line. */
function describeBreak(reader: TraceReader, bytesRead: number, err: TraceError): string {
  return `${describeCut(reader, bytesRead, err) ?? describeTraceError(err)}${lostData(reader, bytesRead, err)}`;
}

/**
 * A go 1.22–1.25 trace has no end-of-generation marker, so when it is cut
 * between two batches Go's reader takes the rest of the generation as all
 * there is and fails on what is missing ("found invalid stack ID …"). The
 * reader knows the generation was cut (its string table, written last, never
 * came): say that first, and keep Go's text after it.
 */
function describeCut(reader: TraceReader, bytesRead: number, err: TraceError): string | null {
  const gen = reader.cutGeneration;
  if (gen === null) return null;
  const go = err.goMessage.split("\n")[0]!.replace(/:$/, "");
  return `the trace ends inside generation ${gen}: it stops at byte ${bytesRead}, before that generation's string table (always its last part) is complete, so Go's reader fails with: ${go}`;
}

/** What the break costs: from where the trace is lost, and how much. */
function lostData(reader: TraceReader, bytesRead: number, err: TraceError): string {
  if (err.code === "E_HEADER" || err.code === "E_VERSION" || bytesRead === 0) return "";
  const version = reader.traceVersion;
  if (OLD_FORMATS.some((f) => f.header === version)) {
    // Go reads these old traces whole before it gives out a single event, and they have no generations.
    return `; Go reads a go 1.${version} trace whole before it gives out any event, so none of it is usable`;
  }
  const valid = Math.min(reader.validBytes, bytesRead);
  if (valid <= HEADER_BYTES) {
    return `; the first generation breaks, so no part of the trace is complete (all ${bytesRead} bytes lost)`;
  }
  const lost = bytesRead - valid;
  const pct = ((lost / bytesRead) * 100).toFixed(2);
  return `; events before byte ${valid} are complete, lost ${pct}% of the trace (${lost} of ${bytesRead} bytes) from the generation that breaks`;
}
