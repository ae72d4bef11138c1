// gotrace: the command line. Dispatches to one command per file; only this
// package touches the file system and the process.
import { COMMANDS } from "./commands/all.js";
import { runCli } from "./dispatch.js";
import { guardProcess } from "./process-guard.js";

/**
 * Runs gotrace as this process with these arguments (those after `gotrace`)
 * and resolves to the exit status. Every failure is one line on stderr; a
 * bug of ours also gets its stack trace when GOTRACE_DEBUG is set. It takes
 * over the process's uncaught-exception handling, so it is meant for the
 * `gotrace` binary, not for use inside another program.
 */
export async function main(argv: string[]): Promise<number> {
  const debug = isDebug(process.env.GOTRACE_DEBUG);
  const command = COMMANDS.find((c) => c.name === argv[0])?.name;
  guardProcess({ command, argv, debug });
  return runCli(argv, { commands: COMMANDS, stdout: process.stdout, stderr: process.stderr, debug });
}

/** GOTRACE_DEBUG=1 (any value but empty, 0 or false) asks for stack traces. */
function isDebug(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}
