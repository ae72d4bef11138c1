// gotrace stops as Go's tools do when its reader goes away or the user
// presses Ctrl-C: no stack trace, no error line, and no half-written or
// stray output file. Everything here waits for what the process did (its
// first output, its temporary file), never for time to pass.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture } from "@gotrace/conformance";
import { describe, expect, it } from "vitest";
import { ended, firstOutput, gotrace, startGotrace } from "./testing/run-cli.js";

const work = mkdtempSync(join(tmpdir(), "gotrace-pipe-"));
// Its events, wire and text output run to megabytes: far more than a pipe holds.
const big = fixture("heapgrow-go1.25-allocfree").tracePath;

describe("a pipe that closes early (gotrace CMD big.trace | head -1)", () => {
  const textFile = join(work, "big.txt");
  writeFileSync(textFile, gotrace(["text", big]).stdout);
  const cases: [string, string[]][] = [
    ["events", ["events", big]],
    ["wire", ["wire", big]],
    ["text", ["text", big]],
    ["footprint", ["footprint", big]],
    ["heap", ["heap", big]],
    ["encode -o -", ["encode", textFile, "-o", "-"]],
  ];
  for (const [name, args] of cases) {
    it(`${name} ends quietly with status 0`, async () => {
      const child = startGotrace(args);
      const end = ended(child);
      await firstOutput(child);
      child.stdout.destroy();
      const r = await end;
      expect(r.stderr).toBe("");
      expect(r.signal).toBeNull();
      expect(r.status).toBe(0);
    });
  }
});

/** Resolves once `dir` holds a file whose name ends with `suffix`. */
async function appears(dir: string, suffix: string): Promise<string> {
  for (;;) {
    const found = readdirSync(dir).find((f) => f.endsWith(suffix));
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Ctrl-C (SIGINT)", () => {
  it("events: ends at once, by the signal, without a word", async () => {
    // The whole trace through stdin, which stays open: gotrace prints its events (a go 1.27
    // generation says where it ends) and is surely still running when the signal comes.
    const child = startGotrace(["events", "-"]);
    const end = ended(child);
    child.stdin.write(readFileSync(fixture("heapgrow-go1.27-allocfree").tracePath));
    await firstOutput(child);
    child.kill("SIGINT");
    const r = await end;
    expect(r.signal).toBe("SIGINT");
    expect(r.stderr).toBe("");
  });

  it("encode -o OUT --force: the user's file stays as it was and no temporary file is left", async () => {
    const dir = mkdtempSync(join(work, "encode-"));
    const target = join(dir, "out.trace");
    writeFileSync(target, "precious");
    const text = gotrace(["text", big]).stdout;
    const child = startGotrace(["encode", "-", "-o", target, "--force"]);
    const end = ended(child);
    child.stdin.write(text.subarray(0, text.length >> 1));
    // The temporary file exists while encode waits for the rest of its input.
    await appears(dir, ".gotrace-encode.tmp");
    child.kill("SIGINT");
    const r = await end;
    expect(r.signal).toBe("SIGINT");
    expect(r.stderr).toBe("");
    expect(readFileSync(target, "utf8")).toBe("precious");
    expect(readdirSync(dir)).toEqual(["out.trace"]);
  });
});
