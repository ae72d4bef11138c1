// The loop shared by the commands that read a binary trace: feed chunks to
// a RawDecoder, let the command consume what each chunk completes, and turn
// decoder errors into one-line messages. A trace cut inside an event that
// Go's raw reader takes for a clean end of file ends normally, with a warning.
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

/** Takes every event the decoder can give now (next() or tally()) and returns. */
export type Consume = (decoder: RawDecoder) => Promise<void> | void;

export async function decodeInput(
  input: Input,
  consume: Consume,
  options: {
    readonly strictGo127?: boolean;
    /** The decoder to feed (one resumed in the middle of a trace) instead of a new one. */
    readonly decoder?: RawDecoder | undefined;
  } = {},
): Promise<DecodeResult> {
  const decoder = options.decoder ?? new RawDecoder({ strictGo127: options.strictGo127 === true });
  let bytesRead = 0;
  try {
    for await (const chunk of input.chunks) {
      bytesRead += chunk.length;
      decoder.push(chunk);
      await consume(decoder);
    }
    decoder.finish();
    await consume(decoder);
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

/**
 * Our message, with the first line of Go's text when ours does not already
 * carry it (Go's "failed to advance" error goes on with a dump of its
 * internal state, which tells a person nothing they can act on).
 */
export function describeTraceError(err: TraceError): string {
  if (err.code === "E_HEADER") return `not a Go execution trace (${err.goMessage})`;
  const ours = firstLine(err.message);
  const go = firstLine(err.goMessage).replace(/:$/, "");
  return ours.includes(go) ? ours : `${ours} (go: ${go})`;
}

function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return nl < 0 ? s : s.slice(0, nl);
}

/** A Consume that prints each event as one line of Go's raw text form. */
export function printEvents(
  write: (line: string) => Promise<void> | undefined,
  format: (ev: RawEvent) => string,
): Consume {
  return async (decoder) => {
    for (let ev = decoder.next(); ev !== null; ev = decoder.next()) {
      const wait = write(`${format(ev)}\n`);
      if (wait) await wait;
    }
  };
}
