// gotrace: the command line. Dispatches to one command per file; only this
// package touches the file system and the process.
import { CliError, UsageError } from "./cli-error.js";
import type { Command, CommandArgs } from "./commands/command.js";
import { encodeCommand } from "./commands/encode.js";
import { eventsCommand } from "./commands/events.js";
import { footprintCommand } from "./commands/footprint.js";
import { heapCommand } from "./commands/heap.js";
import { textCommand } from "./commands/text.js";
import { validateCommand } from "./commands/validate.js";
import { wireCommand } from "./commands/wire.js";
import { Output } from "./io/output.js";

export const COMMANDS: readonly Command[] = [
  eventsCommand,
  validateCommand,
  wireCommand,
  footprintCommand,
  textCommand,
  encodeCommand,
  heapCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `gotrace reads, writes and analyses Go execution traces.

Usage:
  gotrace <command> [flags] FILE

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

Run \`gotrace <command> --help\` for a command's flags.
`;
}

function parseArgs(cmd: Command, argv: string[]): CommandArgs | "help" {
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
  if (positional.length !== 1) {
    throw new UsageError(positional.length === 0 ? `${cmd.name} needs a FILE` : `${cmd.name} takes one FILE`);
  }
  return { file: positional[0] as string, flags, options };
}

/** Runs the CLI with these arguments; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const out = new Output(process.stdout);
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`gotrace: unknown command ${JSON.stringify(name)}\n\n${overview()}`);
    return 2;
  }
  try {
    const args = parseArgs(cmd, rest);
    if (args === "help") {
      process.stdout.write(`Usage: ${cmd.usage}\n\n${cmd.help}\n`);
      return 0;
    }
    await cmd.run(args, out, (message) => process.stderr.write(`gotrace ${cmd.name}: warning: ${message}\n`));
    await out.end();
    return 0;
  } catch (err) {
    await out.end();
    if (err instanceof CliError) {
      process.stderr.write(`gotrace ${cmd.name}: ${err.message}\n`);
      if (err instanceof UsageError) process.stderr.write(`usage: ${cmd.usage}\n`);
      return err.exitCode;
    }
    // A bug of ours: still one line for the user, with a way to get details.
    const detail = process.env.GOTRACE_DEBUG ? `\n${(err as Error).stack ?? String(err)}` : "";
    process.stderr.write(`gotrace ${cmd.name}: internal error: ${(err as Error).message ?? String(err)}${detail}\n`);
    return 1;
  }
}
