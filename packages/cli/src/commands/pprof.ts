// gotrace pprof TYPE FILE: a blocking profile of the trace as gzipped
// profile.proto, the profile `go tool trace -pprof=TYPE` writes, optionally
// restricted to regions, tasks or a goroutine group.
import type { ProfileFilter, ProfileType } from "@gotrace/analysis";
import { UsageError } from "../cli-error.js";
import type { Output } from "../io/output.js";
import { checkOutputTarget, writeOutputFile } from "../io/write-output-file.js";
import { readInputWith } from "./analyze-input.js";
import type { Command } from "./command.js";

// Kept here, not read from @gotrace/analysis, so a wrong TYPE is refused before the library loads.
const TYPES: readonly ProfileType[] = ["net", "sync", "syscall", "sched"];

export const pprofCommand: Command = {
  name: "pprof",
  summary: "a blocking profile (net, sync, syscall, sched) as go tool trace -pprof=TYPE writes it",
  usage: "gotrace pprof TYPE [-o OUT [--force]] [--region NAME] [--task NAME] [--goroutine-group FUNC] FILE",
  help: `Writes a pprof profile (gzipped profile.proto, for go tool pprof) of where goroutines
waited, with the samples of go tool trace -pprof=TYPE: for each stack where a wait
began, how many waits (contentions) and their total time (delay, in nanoseconds).
TYPE is one of
  net      blocked on network I/O
  sync     blocked on channels, select, sync.Mutex and the other sync primitives
  syscall  in system calls
  sched    runnable, waiting for a P (scheduler latency)
A wait counts where it overlaps the goroutine's life (from its first run to its end),
as in go tool trace. FILE may be - for standard input.

  -o OUT                  write the profile to OUT (whole or not at all) instead of
                          standard output; - is standard output
  --force                 replace OUT if it exists
  --region NAME           only time inside user regions named NAME (trace.WithRegion),
                          as go tool trace's region profiles count it
  --task NAME             only time inside regions of tasks named NAME (trace.NewTask)
  --goroutine-group FUNC  only goroutines whose start function is FUNC (as gotrace
                          goroutines lists them)
Given together, the restrictions all hold.

The profile is binary: gotrace refuses to write it to a terminal; use -o OUT or a pipe
(gotrace pprof sync x.trace | go tool pprof -top /dev/stdin). Progress goes to stderr
when it is a terminal. A broken trace is profiled up to its last Sync before the break,
as go tool trace does, with a warning.`,
  flags: ["--force"],
  options: ["-o", "--region", "--task", "--goroutine-group"],
  operands: ["TYPE"],
  async run(args, out: Output, warn) {
    const typeText = args.operands?.[0] ?? "";
    const type = TYPES.find((t) => t === typeText);
    if (type === undefined) throw new UsageError(`TYPE is one of ${TYPES.join(", ")}, not ${typeText}`);
    const target = args.options.get("-o");
    const toStdout = target === undefined || target === "-";
    if (toStdout && out.isTerminal) {
      throw new UsageError("the profile is binary: give -o OUT or pipe standard output, not a terminal");
    }
    if (!toStdout) checkOutputTarget(target, args.file, args.flags.has("--force"));
    const filter: ProfileFilter = {
      region: args.options.get("--region"),
      task: args.options.get("--task"),
      goroutineGroup: args.options.get("--goroutine-group"),
    };
    const { result, lib } = await readInputWith(
      "pprof",
      args,
      warn,
      (lib, chunks, onProgress, readingWorker) =>
        lib.blockingProfile(chunks, type, { ...filter, onProgress, keepPartial: true, readingWorker }),
      () => "the waits that ended by its last Sync",
    );
    const bytes = await lib.gzipBlockingProfile(result.samples);
    if (toStdout) {
      await out.write(bytes);
      return;
    }
    await writeOutputFile(target, bytes);
  },
};
