// The last line of defence of the gotrace process: an exception thrown in a
// callback (a stream's, a timer's) or a promise nobody awaited never reaches
// the dispatcher's catch. Those end the process here the same way, with the
// same one line, instead of Node's stack trace.
import { describeFailure, type Invocation } from "./failure-line.js";
import { removeTempFiles } from "./io/temp-file.js";

/** Makes stray exceptions and rejections end the process with one line and status 1. */
export function guardProcess(how: Invocation): void {
  // Nobody may be left to read stderr either; that must not become a crash of its own.
  process.stderr.on("error", () => undefined);
  const die = (err: unknown) => {
    removeTempFiles();
    const failure = describeFailure(err, how);
    process.stderr.write(`${failure.text}\n`);
    process.exit(failure.status);
  };
  process.on("uncaughtException", die);
  process.on("unhandledRejection", die);
}
