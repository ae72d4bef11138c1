// Waiting, once a command is done, until V8's background threads have gone
// quiet, before the gotrace binary lets the process exit (bin/gotrace.js). Node 20 can deadlock at exit
// (nodejs/node#54918): when the event loop empties, the main thread waits for
// the platform's worker tasks to finish and no longer runs foreground tasks,
// while an optimizing compile job that needs a garbage collection waits for
// the main thread to run one. `gotrace validate` hung that way in 6 of 72
// runs on a loaded 2-core machine (three at once), and in none of 144 with
// this wait. A compile job still running when the command's work ends is
// what hangs, so the process stays in its event loop, where the main thread
// does what the jobs ask of it, until its CPU time (all threads) stops
// growing, for at most LIMIT_MS.

/** How long each look at the CPU time lasts. */
const STEP_MS = 4;
/** CPU time over one step below which the background threads count as idle: a quarter of a core. */
const QUIET_MICROSECONDS = (STEP_MS * 1000) / 4;
/** The longest the wait lasts, however busy the threads stay. */
const LIMIT_MS = 250;

/** Resolves once the process has used little CPU over a step of STEP_MS, or after LIMIT_MS. */
export async function backgroundWorkSettled(): Promise<void> {
  const deadline = performance.now() + LIMIT_MS;
  for (;;) {
    const before = process.cpuUsage();
    await new Promise<void>((resolve) => setTimeout(resolve, STEP_MS));
    const used = process.cpuUsage(before);
    if (used.user + used.system < QUIET_MICROSECONDS || performance.now() >= deadline) return;
  }
}
