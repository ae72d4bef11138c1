// The temporary file an output is written to before its rename: hidden, in the
// target's directory (the rename must not cross file systems), with a random
// part that differs from call to call (it is opened with "wx", so a repeat
// would fail the write rather than clobber another run's file).
import { basename, dirname, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { tempPathBeside } from "./temp-file.js";

describe("tempPathBeside", () => {
  it("names a hidden file with 12 random hex digits beside the target", () => {
    const target = "some/dir/out.trace";
    const path = tempPathBeside(target, "gotrace-encode");
    expect(dirname(path)).toBe(dirname(resolve(target)));
    expect(basename(path)).toMatch(/^\.[0-9a-f]{12}\.gotrace-encode\.tmp$/);
  });

  it("gives a different name on every call", () => {
    const names = new Set<string>();
    for (let i = 0; i < 1000; i++) names.add(tempPathBeside("out.html", "gotrace"));
    expect(names.size).toBe(1000);
  });
});
