// gotrace encode: Go's raw text format back to a binary trace.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { RawEncoder, TraceError, parseTextTrace } from "@gotrace/codec";
import { CliError, UsageError } from "../cli-error.js";
import { describeFsError, openInput, readAllText } from "../io/input.js";
import type { Output } from "../io/output.js";
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
    const text = await readAllText(input);
    let bytes: Uint8Array;
    try {
      const trace = parseTextTrace(text);
      const encoder = new RawEncoder(trace.version);
      for (const ev of trace.events) encoder.write(ev);
      bytes = encoder.take();
    } catch (err) {
      if (TraceError.isInstance(err)) throw new CliError(`${input.name}: ${err.message}`);
      throw err;
    }
    if (target === "-") {
      await out.end();
      await new Promise<void>((done, fail) => process.stdout.write(bytes, (e) => (e ? fail(e) : done())));
      return;
    }
    const temp = join(dirname(resolve(target)), `.${randomBytes(6).toString("hex")}.gotrace-encode.tmp`);
    try {
      await writeFile(temp, bytes, { flag: "wx" });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw new CliError(describeFsError(target, err));
    }
  },
};
