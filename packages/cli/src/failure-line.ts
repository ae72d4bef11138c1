// What the user reads when a command fails: always exactly one line (the
// README promises it, and scripts and the mutation fuzzer rely on it), plus
// the stack trace of a bug of ours only when GOTRACE_DEBUG asks for it.
import { TraceError } from "@gotrace/codec";
import { CliError, UsageError } from "./cli-error.js";
import { describeTraceError } from "./commands/decode-input.js";
import { cliVersion } from "./version.js";

/** Where bugs in gotrace are reported. */
export const ISSUES_URL = "https://github.com/gotrace/gotrace/issues";

/** What a failure prints and the exit status it ends with. */
export interface Failure {
  /** One line, without its newline; more lines (a stack trace) only for a bug in debug mode. */
  readonly text: string;
  readonly status: number;
}

/** How the failing command was invoked, for the prefix and for bug reports. */
export interface Invocation {
  /** The command's name, or undefined before one was chosen. */
  readonly command: string | undefined;
  /** The arguments after `gotrace`. */
  readonly argv: readonly string[];
  /** The command's usage line, added to usage mistakes. */
  readonly usage?: string | undefined;
  /** GOTRACE_DEBUG is set: a bug's stack trace follows its line. */
  readonly debug: boolean;
}

/** The line (and status) for anything a command threw. */
export function describeFailure(err: unknown, how: Invocation): Failure {
  const prefix = how.command === undefined ? "gotrace" : `gotrace ${how.command}`;
  if (err instanceof CliError) {
    const usage = err instanceof UsageError && how.usage !== undefined ? `; usage: ${how.usage}` : "";
    return { text: `${prefix}: ${oneLine(err.message)}${usage}`, status: err.exitCode };
  }
  // A trace the codec or reader refused, which no command wrapped: still the input's fault.
  if (TraceError.isInstance(err)) return { text: `${prefix}: ${oneLine(describeTraceError(err))}`, status: 1 };
  return { text: describeBug(err, how), status: 1 };
}

/**
 * A bug of ours: one line that says so and what to send, then, with
 * GOTRACE_DEBUG, the stack traces of the error and its causes.
 */
export function describeBug(err: unknown, how: Invocation): string {
  const prefix = how.command === undefined ? "gotrace" : `gotrace ${how.command}`;
  const message = err instanceof Error ? `${err.name === "Error" ? "" : `${err.name}: `}${err.message}` : String(err);
  const line =
    `${prefix}: internal error (a bug in gotrace ${cliVersion()}): ${firstLine(message)}; ` +
    `please report it at ${ISSUES_URL} with this line, the command line (${shellLine(how.argv)}) ` +
    "and the trace if you can share it" +
    (how.debug ? "" : "; GOTRACE_DEBUG=1 shows the stack trace");
  if (!how.debug) return line;
  const stacks: string[] = [];
  // The causes too: a worker thread's own error arrives as the cause of the one thrown here.
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 8; depth++) {
    stacks.push(`${depth === 0 ? "" : "caused by: "}${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    e = e instanceof Error ? e.cause : undefined;
  }
  return `${line}\n${stacks.join("\n")}`;
}

/** A message on one line: line breaks (and the indentation after them) become a space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function firstLine(text: string): string {
  const nl = text.search(/[\r\n]/);
  return (nl < 0 ? text : text.slice(0, nl)).trim();
}

/** The command line as one could paste it into a POSIX shell. */
function shellLine(argv: readonly string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  // Control characters (a newline in a file name) would break the one line: shown as "?".
  return ["gotrace", ...argv.map(quote)].join(" ").replace(/\p{Cc}/gu, "?");
}
