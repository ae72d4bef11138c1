#!/usr/bin/env node
// The gotrace command. Loading its code is the one step main() cannot guard,
// so an incomplete installation gets one line too, not Node's stack trace.
let main;
try {
  ({ main } = await import("../dist/index.js"));
} catch (err) {
  const what = (err instanceof Error ? err.message : String(err)).split("\n")[0];
  process.stderr.write(`gotrace: cannot load its own code, the installation is incomplete: ${what}\n`);
  if (process.env.GOTRACE_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
}
process.exitCode = await main(process.argv.slice(2));
// Node 20 can hang at exit while V8 still compiles in the background: wait for it to finish
// (src/settle.ts). Here, not in main(), which a test harness may call many times in one process.
try {
  const { backgroundWorkSettled } = await import("../dist/settle.js");
  await backgroundWorkSettled();
} catch {
  // Only a safeguard: without it the process exits as before.
}
