// What every subcommand provides to the dispatcher.
import type { Output } from "../io/output.js";

export interface CommandArgs {
  /** The positional FILE argument. */
  readonly file: string;
  /** The positional arguments before FILE that the command names in `operands` (e.g. pprof's TYPE). */
  readonly operands?: readonly string[];
  /** Boolean flags given. */
  readonly flags: ReadonlySet<string>;
  /** Flags with a value (e.g. -o OUT). */
  readonly options: ReadonlyMap<string, string>;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly help: string;
  /** Boolean flags the command takes. */
  readonly flags: readonly string[];
  /** Flags that take a value. */
  readonly options?: readonly string[];
  /** Names of positional arguments that come before FILE (e.g. ["TYPE"]); none by default. */
  readonly operands?: readonly string[];
  run(args: CommandArgs, out: Output, warn: (message: string) => void): Promise<void>;
}
