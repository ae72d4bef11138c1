// gotrace encode: Go's raw text format back to a binary trace.
import { existsSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { TextToBinary, TraceError } from "@gotrace/codec";
import { CliError, UsageError } from "../cli-error.js";
import { describeFsError, openInput } from "../io/input.js";
import { type Output, OutputClosed } from "../io/output.js";
import { tempPathBeside, trackTempFile } from "../io/temp-file.js";
import { describeTraceError } from "./decode-input.js";
import type { Command } from "./command.js";

export const encodeCommand: Command = {
  name: "encode",
  summary: "convert Go's raw text format to a binary trace",
  usage: "gotrace encode TEXTFILE -o OUT [--force]",
  help: `Reads a trace in the raw text format of Go's internal/trace/raw package (as
\`gotrace text\` writes it, and as Go's .test files hold it) and writes the binary
trace to OUT, with minimal varints as Go's raw writer does. TEXTFILE may be - for
standard input; OUT may be - for standard output.

OUT is never overwritten unless --force is given, and it is written whole or not
at all (a temporary file is renamed into place).

  -o OUT    where to write the binary trace
  --force   replace OUT if it exists`,
  flags: ["--force"],
  options: ["-o"],
  async run(args, out: Output) {
    const target = args.options.get("-o");
    if (target === undefined) throw new UsageError("encode needs -o OUT (use -o - for standard output)");
    if (target !== "-" && args.file !== "-" && resolve(target) === resolve(args.file)) {
      throw new CliError(`${target}: refusing to write the output over the input`);
    }
    if (target !== "-" && existsSync(target) && !args.flags.has("--force")) {
      throw new CliError(`${target}: already exists; pass --force to replace it`);
    }
    const input = await openInput(args.file);
    const toStdout = target === "-";
    const temp = tempPathBeside(target, "gotrace-encode");
    // Tracked before it exists: an interrupt between open and rename must not leave it behind.
    const untrack = toStdout ? () => undefined : trackTempFile(temp);
    const file = toStdout
      ? undefined
      : await open(temp, "wx").catch((err: unknown) => {
          untrack();
          throw new CliError(describeFsError(target, err));
        });
    const emit = async (bytes: Uint8Array) => {
      if (bytes.length === 0) return;
      if (file) await file.write(bytes);
      else await out.write(bytes);
    };
    // Text is decoded as UTF-8 chunk by chunk and converted as it arrives, so memory follows the chunk size.
    const utf8 = new TextDecoder("utf-8");
    const convert = new TextToBinary();
    try {
      for await (const chunk of input.chunks) await emit(convert.push(utf8.decode(chunk, { stream: true })));
      await emit(convert.push(utf8.decode()));
      await emit(convert.finish());
      if (file) {
        await file.close();
        await rename(temp, target);
      }
    } catch (err) {
      if (file) {
        await file.close().catch(() => undefined);
        await rm(temp, { force: true });
      }
      if (TraceError.isInstance(err)) throw new CliError(`${input.name}: ${describeTraceError(err)}`);
      if (err instanceof CliError || err instanceof OutputClosed) throw err;
      throw new CliError(describeFsError(target, err));
    } finally {
      untrack();
    }
  },
};
