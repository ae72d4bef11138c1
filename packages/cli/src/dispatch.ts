// From the arguments to a command's run, and from every outcome to an exit
// status and at most one line on stderr. It takes its commands and streams
// as parameters, so the whole path (a command that fails, a bug, a closed
// pipe) can be tested in-process as well as through the binary.
import type { Writable } from "node:stream";
import { UsageError } from "./cli-error.js";
import type { Command, CommandArgs } from "./commands/command.js";
import { describeFailure, oneLine } from "./failure-line.js";
import { Output } from "./io/output.js";
import { cliVersion } from "./version.js";

/** What the dispatcher runs with: the process's in production, stand-ins in tests. */
export interface CliEnvironment {
  readonly commands: readonly Command[];
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** GOTRACE_DEBUG is set: a bug's stack trace follows its line. */
  readonly debug: boolean;
}

/** Runs one gotrace invocation; resolves to its exit status (never rejects). */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const out = new Output(env.stdout);
  const [name, ...rest] = argv;
  const fail = (err: unknown, command?: string, usage?: string): number => {
    const f = describeFailure(err, { command, argv, usage, debug: env.debug });
    env.stderr.write(`${f.text}\n`);
    return f.status;
  };
  // Help and the version, like any output, may meet a closed pipe: finish() sees to it.
  const reply = (text: string, status: number): Promise<number> => {
    out.write(text);
    return finish(out, env, undefined, status);
  };
  if (name === undefined) return reply(overview(env.commands), 2);
  if (name === "--help" || name === "-h") return reply(overview(env.commands), 0);
  if (name === "--version" || name === "-V") return reply(`gotrace ${cliVersion()}\n`, 0);
  if (name === "help") {
    if (rest.length === 0) return reply(overview(env.commands), 0);
    if (rest.length > 1) return fail(new UsageError("takes one command name"), "help", "gotrace help [COMMAND]");
    const topic = env.commands.find((c) => c.name === rest[0]);
    if (topic === undefined) return fail(new UsageError(unknownCommand(rest[0] as string, env.commands)), "help");
    return reply(commandHelp(topic), 0);
  }
  const cmd = env.commands.find((c) => c.name === name);
  if (cmd === undefined) return fail(new UsageError(unknownCommand(name, env.commands)));

  const warn = (message: string) => env.stderr.write(`gotrace ${cmd.name}: warning: ${oneLine(message)}\n`);
  try {
    const args = parseArgs(cmd, rest);
    if (args === "help") out.write(commandHelp(cmd));
    else await cmd.run(args, out, warn);
  } catch (err) {
    await out.end();
    // The reader of our output went away (or it failed): that, not err, is what ended the command.
    if (out.error !== null) return outputFailed(out.error, env, cmd);
    return fail(err, cmd.name, cmd.usage);
  }
  return finish(out, env, cmd, 0);
}

/** Ends the output and returns `status`, unless writing it failed. */
async function finish(out: Output, env: CliEnvironment, cmd: Command | undefined, status: number): Promise<number> {
  await out.end();
  return out.error === null ? status : outputFailed(out.error, env, cmd);
}

/**
 * Standard output failed. A closed pipe (`gotrace events x | head`) is the
 * reader's choice, not an error: Go's tools die of SIGPIPE there without a
 * word. Node cannot die of that signal (it ignores it), and a status of 141
 * would break `set -o pipefail` scripts for no fault of theirs, so the
 * command ends quietly with status 0. Anything else (a full disk) is one line.
 */
function outputFailed(err: Error, env: CliEnvironment, cmd: Command | undefined): number {
  if ((err as NodeJS.ErrnoException).code === "EPIPE") return 0;
  const prefix = cmd === undefined ? "gotrace" : `gotrace ${cmd.name}`;
  env.stderr.write(`${prefix}: cannot write standard output: ${oneLine(err.message)}\n`);
  return 1;
}

function unknownCommand(name: string, commands: readonly Command[]): string {
  const what = name.startsWith("-") ? `unknown flag ${name}` : `unknown command ${JSON.stringify(name)}`;
  return `${what}; the commands are ${commands.map((c) => c.name).join(", ")} (gotrace help CMD for one)`;
}

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `gotrace reads, writes and analyses Go execution traces.

Usage:
  gotrace <command> [flags] FILE

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`gotrace help <command>\` (or \`gotrace <command> --help\`) for a command's flags,
\`gotrace --version\` (-V) for the version.
`;
}

function commandHelp(cmd: Command): string {
  return `Usage: ${cmd.usage}\n\n${cmd.help}\n`;
}

function parseArgs(cmd: Command, argv: readonly string[]): CommandArgs | "help" {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--help" || a === "-h") return "help";
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (cmd.options?.includes(a)) {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      options.set(a, v);
    } else if (cmd.flags.includes(a)) {
      flags.add(a);
    } else if (a.startsWith("-") && a !== "-") {
      throw new UsageError(`unknown flag ${a} for ${cmd.name}`);
    } else {
      positional.push(a);
    }
  }
  const operands = cmd.operands ?? [];
  if (positional.length !== operands.length + 1) {
    const want = [...operands, "FILE"].map((w) => `a ${w}`).join(" and ");
    if (operands.length > 0) throw new UsageError(`${cmd.name} takes ${want}`);
    throw new UsageError(positional.length === 0 ? `${cmd.name} needs a FILE` : `${cmd.name} takes one FILE`);
  }
  return {
    file: positional[operands.length] as string,
    operands: positional.slice(0, operands.length),
    flags,
    options,
  };
}
