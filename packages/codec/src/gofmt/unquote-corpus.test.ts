// The failure patterns of Go's trace test corpus are Go string literals; the
// conformance package hands them out quoted, and goUnquote (the one port of
// strconv.Unquote) turns each into the regexp that matches Go's real error.
import { readFileSync } from "node:fs";
import { goGoldens, goTests } from "@gotrace/conformance";
import { expect, it } from "vitest";
import { goUnquote } from "./unquote.js";

const utf8 = new TextDecoder();

it("unquotes every failure pattern of Go's .test corpus into a regexp that matches Go 1.27's error", () => {
  const tests = new Map(goTests().map((t) => [t.name, t]));
  let checked = 0;
  for (const g of goGoldens("tests")) {
    const t = tests.get(g.name);
    if (!t || t.expect.ok) continue;
    const pattern = utf8.decode(goUnquote(t.expect.quotedPattern));
    expect(pattern.startsWith('"'), g.name).toBe(false);
    const err = readFileSync(g.parsed.stderr ?? "", "utf8");
    expect(new RegExp(pattern).test(err), g.name).toBe(true);
    expect(g.parsed.exit).toBe(1);
    checked++;
  }
  expect(checked).toBe(2);
});
