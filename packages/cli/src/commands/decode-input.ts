// The loop shared by the commands that read a binary trace: feed chunks to
// a RawDecoder, hand each event to the command, and turn decoder errors into
// one-line messages. A trace cut inside an event that Go's raw reader takes
// for a clean end of file ends the loop normally, with a warning.
import { RawDecoder, type RawEvent, TraceError } from "@gotrace/codec";
import { CliError } from "../cli-error.js";
import type { Input } from "../io/input.js";

export interface DecodeResult {
  readonly decoder: RawDecoder;
  /** Bytes read from the input, header included. */
  readonly bytesRead: number;
  /** A warning for the user, when the trace ended oddly but Go would say nothing. */
  readonly warning: string | undefined;
}

export interface DecodeOptions {
  readonly strictGo127?: boolean;
  /** Called once the header is known, before the first event. */
  readonly onHeader?: (decoder: RawDecoder) => void;
}

export async function decodeInput(
  input: Input,
  onEvent: (ev: RawEvent) => Promise<void> | undefined | void,
  options: DecodeOptions = {},
): Promise<DecodeResult> {
  const decoder = new RawDecoder({ strictGo127: options.strictGo127 === true });
  let bytesRead = 0;
  let headerSeen = false;
  const drain = async () => {
    for (let ev = decoder.next(); ev !== null; ev = decoder.next()) {
      if (!headerSeen) {
        headerSeen = true;
        options.onHeader?.(decoder);
      }
      const wait = onEvent(ev);
      if (wait) await wait;
    }
    if (!headerSeen && decoder.header) {
      headerSeen = true;
      options.onHeader?.(decoder);
    }
  };
  try {
    for await (const chunk of input.chunks) {
      bytesRead += chunk.length;
      decoder.push(chunk);
      await drain();
    }
    decoder.finish();
    await drain();
  } catch (err) {
    if (TraceError.isInstance(err)) {
      if (err.code === "E_TRUNCATED" && err.goTreatsAsEnd) {
        return {
          decoder,
          bytesRead,
          warning: `${input.name}: ${err.message}; go tool trace stops here without a word`,
        };
      }
      throw new CliError(`${input.name}: ${describeTraceError(err)}`);
    }
    throw err;
  }
  return { decoder, bytesRead, warning: undefined };
}

/** Our message, with Go's text when it says something ours does not. */
export function describeTraceError(err: TraceError): string {
  if (err.code === "E_HEADER") return `not a Go execution trace (${err.goMessage})`;
  return err.message.includes(err.goMessage) ? err.message : `${err.message} (go: ${err.goMessage})`;
}
