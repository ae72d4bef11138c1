// Writing a file the user named with -o/--pprof/--html: never over the input,
// never over an existing file without --force, and whole or not at all (a
// temporary file beside the target is renamed into place).
import { existsSync } from "node:fs";
import { open, rename, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError } from "../cli-error.js";
import { describeFsError } from "./input.js";
import { tempPathBeside, trackTempFile } from "./temp-file.js";

/** Checks up front, before any work, that `target` may be written. */
export function checkOutputTarget(target: string, input: string, force: boolean): void {
  if (input !== "-" && resolve(target) === resolve(input)) {
    throw new CliError(`${target}: refusing to write the output over the input`);
  }
  if (existsSync(target) && !force) throw new CliError(`${target}: already exists; pass --force to replace it`);
}

export async function writeOutputFile(target: string, data: Uint8Array | string): Promise<void> {
  const temp = tempPathBeside(target, "gotrace");
  const untrack = trackTempFile(temp);
  try {
    await writeFile(temp, data, { flag: "wx" });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw new CliError(describeFsError(target, err));
  } finally {
    untrack();
  }
}

/** As writeOutputFile, for output made in chunks: each is written as it comes, the file renamed into place at the end. */
export async function writeOutputStream(target: string, chunks: AsyncIterable<Uint8Array>): Promise<void> {
  const temp = tempPathBeside(target, "gotrace");
  const untrack = trackTempFile(temp);
  try {
    const file = await open(temp, "wx").catch((err: unknown) => {
      throw new CliError(describeFsError(target, err));
    });
    try {
      for await (const chunk of chunks) {
        await file.write(chunk).catch((err: unknown) => {
          throw new CliError(describeFsError(target, err));
        });
      }
    } finally {
      await file.close();
    }
    await rename(temp, target).catch((err: unknown) => {
      throw new CliError(describeFsError(target, err));
    });
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  } finally {
    untrack();
  }
}
