// The package's public surface, pinned: `main`, which the `gotrace` binary
// runs. The commands and everything else are the binary's own, not an API.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import * as root from "./index.js";

test("the root exports main alone", () => {
  expect(Object.keys(root).sort()).toEqual(["main"]);
});

test("package.json publishes the root, nothing else", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(Object.keys(pkg.exports).sort()).toEqual([".", "./package.json"]);
});
