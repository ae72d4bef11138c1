// Where gotrace deliberately answers differently from Go 1.27.3, each as
// documented in the package README named. A corpus mutant on which validate
// (or encode) disagrees with Go is left out of the agreement assertion only
// when one of these explains it; any other disagreement is a failure.

/**
 * @typedef {{ name: string, documented: string,
 *   applies: (entry: import("./corpus.mjs").CorpusEntry, gotraceAccepts: boolean, gotraceStderr: string) => boolean }} Difference
 */

/** @type {Difference[]} */
export const DIFFERENCES = [
  {
    name: "v1 stack frame naming a missing string",
    documented:
      'packages/reader/src/v1/README.md: "a stack frame whose function or file string is missing reads as "" (Go panics when it prints it)"',
    // Go's reader accepts the trace; `go tool trace -d=parsed` then panics printing the frame.
    applies: (entry, gotraceAccepts) =>
      entry.kind === "binary" &&
      entry.format.startsWith("v1") &&
      gotraceAccepts &&
      entry.go?.error === undefined &&
      entry.go?.panic === undefined &&
      /^expected id \d+ in string table$/.test(entry.go?.printPanic ?? ""),
  },
  {
    name: "v1 events naming a stack the stack table lacks",
    documented:
      'packages/reader/src/v1/README.md: "A trace whose stack table is whole but an event\'s stack id was damaged reads the same way and fails the same way, where Go accepts it"',
    // Go drops an event's own missing stack without a word; gotrace reports the stacks as lost.
    applies: (entry, gotraceAccepts, gotraceStderr) =>
      entry.kind === "binary" &&
      entry.format.startsWith("v1") &&
      !gotraceAccepts &&
      entry.go?.accepts === true &&
      /the trace ends before its stack table is complete, or is damaged: \d+ stacks? referenced by events/.test(
        gotraceStderr,
      ),
  },
];

/** The documented difference that explains a disagreement, or null. */
export function explain(entry, gotraceAccepts, gotraceStderr = "") {
  return DIFFERENCES.find((d) => d.applies(entry, gotraceAccepts, gotraceStderr)) ?? null;
}
